"""Reading a process definition: the Hannover file, and clear errors for bad files."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import HANNOVER

from planwerk.processes.definition import (
    DefinitionError,
    ProcessDefinition,
    load_definition_file,
    parse_definition,
)

# A small definition that is valid; every bad case below changes one thing in it.
MINIMAL = """\
format: planwerk-process/1
process:
  slug: testprozess
  name: {de: Testprozess, en: Test process}
units:
  - {slug: dez-a, kind: dezernat, name: Dezernat A}
  - {slug: amt-b, kind: department, parent: dez-a, name: Amt B}
bodies:
  - slug: rat
    kind: council
    name: Rat
  - slug: gruppe
    kind: expert_group
    name: Gruppe
    parent: rat
    leads: [dez-a]
    seats:
      - slug: intern
        name: Intern
        min: 1
        max: 2
        kinds: [internal]
        units: [amt-b]
      - slug: vorsitz
        name: Vorsitz
        min: 1
        max: 1
        kinds: [internal]
      - slug: vertretung
        name: Vertretung aus dem Rat
        min: 0
        max: 1
        kinds: [external]
        delegated_by: rat
    joint_votes:
      - name: Gemeinsame Stimme
        seats: [vorsitz, vertretung]
flows:
  - {from: gruppe, to: rat, kind: draft, label: Vorlage}
stages:
  - slug: etappe-1
    name: Etappe 1
    starts: 2020-01-01
    ends: 2020-03-31
"""


def line_of(text: str, snippet: str) -> int:
    """The 1-based line on which `snippet` first appears."""
    for number, line in enumerate(text.splitlines(), start=1):
        if snippet in line:
            return number
    raise AssertionError(f"{snippet!r} is not in the text")


def last_line_of(text: str, snippet: str) -> int:
    """The 1-based line on which `snippet` last appears."""
    lines = text.splitlines()
    return max(n for n, line in enumerate(lines, start=1) if snippet in line)


def problems_of(text: str, file: str = "test.yaml") -> list[str]:
    with pytest.raises(DefinitionError) as caught:
        parse_definition(text, file)
    return [str(p) for p in caught.value.problems]


def changed(old: str, new: str) -> str:
    assert old in MINIMAL, old
    return MINIMAL.replace(old, new, 1)


@pytest.fixture(scope="module")
def hannover() -> ProcessDefinition:
    return load_definition_file(HANNOVER)


# -- the Hannover process ---------------------------------------------------------
def test_the_small_example_definition_is_valid() -> None:
    definition = parse_definition(MINIMAL)

    assert definition.slug == "testprozess"
    assert definition.name.get("en") == "Test process"
    assert [b.slug for b in definition.bodies] == ["rat", "gruppe"]


def test_a_member_has_one_deputy_unless_the_definition_says_otherwise(
    hannover: ProcessDefinition,
) -> None:
    assert parse_definition(MINIMAL).deputies_per_member == 1
    assert hannover.deputies_per_member == 1
    two = changed(
        "  name: {de: Testprozess, en: Test process}\n",
        "  name: {de: Testprozess, en: Test process}\n  deputies_per_member: 2\n",
    )
    assert parse_definition(two).deputies_per_member == 2


def test_steering_group_has_23_seats_and_a_chair(hannover: ProcessDefinition) -> None:
    group = hannover.body("lenkungsgruppe")
    seats = {s.slug: s for s in group.seats}

    assert group.kind == "steering_group"
    assert seats["vorsitz"].chair and (seats["vorsitz"].min, seats["vorsitz"].max) == (1, 1)
    assert seats["vorsitz"].units == ("dez-iii",)
    assert sum(s.max for s in group.seats if not s.chair) == 23


def test_steering_group_names_twelve_departments_and_eight_umbrella_organisations(
    hannover: ProcessDefinition,
) -> None:
    seats = {s.slug: s for s in hannover.body("lenkungsgruppe").seats}

    departments = seats["fachbereichsleitungen"].positions
    organisations = seats["dachorganisationen"].positions
    assert len(departments) == 12 and seats["fachbereichsleitungen"].max == 12
    assert "fb-soziales" in departments and "buero-ob" in departments
    assert len(organisations) == 8
    assert set(organisations) >= {"dgb", "miso", "agw", "ihk", "hwk", "jobcenter"}
    assert seats["delegiertenkonferenz"].max == 1
    assert seats["delegiertenkonferenz"].delegated_by == "delegiertenkonferenz"
    assert seats["mso"].elected and (seats["mso"].min, seats["mso"].max) == (2, 2)


def test_the_chair_shares_one_vote_with_the_department_soziales(
    hannover: ProcessDefinition,
) -> None:
    (joint,) = hannover.body("lenkungsgruppe").joint_votes

    assert {str(ref) for ref in joint.seats} == {"vorsitz", "fachbereichsleitungen/fb-soziales"}
    assert str(joint.deputy) == "fachbereichsleitungen/fb-soziales"


def test_six_expert_groups_with_their_lead_dezernat(hannover: ProcessDefinition) -> None:
    groups = {b.slug: b for b in hannover.bodies if b.kind == "expert_group"}

    assert {slug: b.leads for slug, b in groups.items()} == {
        "soziales": ("dez-iii",),
        "demokratie": ("dez-iii",),
        "stadtleben-und-kultur": ("dez-iii",),
        "bildung": ("dez-iv",),
        "stadtverwaltung-und-diversitaet": ("dez-iv",),
        "wirtschaft": ("dez-v",),
    }
    assert groups["stadtleben-und-kultur"].co_leads == ("dez-vi",)
    assert all(b.parent == "lenkungsgruppe" for b in groups.values())
    assert [t.de for t in groups["soziales"].subtopics][:2] == ["Frauen", "Ältere"]
    assert all(b.subtopics for b in groups.values())


def test_expert_groups_follow_the_seat_schema_of_the_paper(hannover: ProcessDefinition) -> None:
    seats = {s.slug: s for s in hannover.body("bildung").seats}

    assert (seats["intern"].min, seats["intern"].max, seats["intern"].kinds) == (
        2,
        4,
        ("internal",),
    )
    assert (seats["extern"].min, seats["extern"].max) == (4, 4)
    for advisory in ("geschaeftsfuehrung", "fachberatung"):
        assert seats[advisory].units == ("oe-50-6",)
        assert (seats[advisory].max, seats[advisory].votes) == (1, False)
    assert seats["wissenschaft"].kinds == ("science",) and seats["wissenschaft"].max == 1


def test_city_administration_group_may_be_purely_internal(hannover: ProcessDefinition) -> None:
    seats = {s.slug: s for s in hannover.body("stadtverwaltung-und-diversitaet").seats}

    assert seats["extern"].min == 0
    assert "internal" in seats["extern"].kinds


def test_eleven_integration_councils_report_to_their_delegates_conference(
    hannover: ProcessDefinition,
) -> None:
    councils = [b for b in hannover.bodies if b.kind == "integration_council"]

    assert len(councils) == 11
    assert {b.parent for b in councils} == {"delegiertenkonferenz"}
    assert {b.group for b in councils} == {"integrationsbeiraete"}


def test_round_table_equality_officer_committees_and_council_are_there(
    hannover: ProcessDefinition,
) -> None:
    kinds = {b.slug: b.kind for b in hannover.bodies}

    assert kinds["delegiertenkonferenz"] == "delegates_conference"
    assert kinds["runder-tisch"] == "round_table"
    assert kinds["gleichstellungsbeauftragte"] == "officer"
    assert kinds["internationaler-ausschuss"] == "committee"
    assert kinds["verwaltungsausschuss"] == "committee"
    assert kinds["ratsversammlung"] == "council"
    assert hannover.body("internationaler-ausschuss").lead_committee


def test_two_stages_with_their_dates(hannover: ProcessDefinition) -> None:
    first, second = hannover.stages

    assert (first.starts, first.ends) == (dt.date(2020, 1, 1), dt.date(2020, 3, 31))
    assert (second.starts, second.ends) == (dt.date(2020, 4, 1), dt.date(2020, 12, 31))
    assert [m.slug for m in first.milestones] == ["auftakt", "podium-1"]


def test_flows_carry_deadlines_and_conditions(hannover: ProcessDefinition) -> None:
    assert {f.days for f in hannover.flows} >= {None, 21, 28, 42}
    assert {f.when for f in hannover.flows} == {"", "gender_relevant"}
    assert all(f.days is not None for f in hannover.flows if f.when)


def test_flows_name_bodies_or_groups_of_bodies(hannover: ProcessDefinition) -> None:
    known = {b.slug for b in hannover.bodies} | {g.slug for g in hannover.groups}

    assert hannover.flows
    assert all(f.source in known and f.target in known for f in hannover.flows)


# -- bad input: every problem names file, line and field ---------------------------
BAD = [
    pytest.param(
        "    parent: rat",
        "    parent: nirgendwo",
        "bodies[1].parent",
        "unknown body 'nirgendwo'",
        "parent: nirgendwo",
        id="unknown-parent-body",
    ),
    pytest.param(
        "delegated_by: rat",
        "delegated_by: niemand",
        "bodies[1].seats.vertretung.delegated_by",
        "unknown body 'niemand'",
        "delegated_by: niemand",
        id="unknown-delegating-body",
    ),
    pytest.param(
        "{from: gruppe, to: rat,",
        "{from: gruppe, to: senat,",
        "flows[0].to",
        "unknown body 'senat'",
        "to: senat",
        id="unknown-body-in-flow",
    ),
    pytest.param(
        "kind: draft, label: Vorlage}",
        "kind: draft, days: 0, label: Vorlage}",
        "flows[0].days",
        "must be at least 1 (is 0)",
        "days: 0",
        id="flow-deadline-zero-days",
    ),
    pytest.param(
        "kind: draft, label: Vorlage}",
        "kind: draft, when: immer, label: Vorlage}",
        "flows[0].when",
        "unknown value 'immer'",
        "when: immer",
        id="flow-unknown-condition",
    ),
    pytest.param(
        "        min: 1\n        max: 2",
        "        min: -1\n        max: 2",
        "bodies[1].seats[0].min",
        "must not be below zero (is -1)",
        "min: -1",
        id="seat-count-below-zero",
    ),
    pytest.param(
        "        min: 1\n        max: 2",
        "        min: 3\n        max: 2",
        "bodies[1].seats[0].min",
        "is larger than max (3 > 2)",
        "min: 3",
        id="min-above-max",
    ),
    pytest.param(
        "units: [amt-b]",
        "units: [amt-x]",
        "bodies[1].seats[0].units",
        "unknown unit 'amt-x'",
        "units: [amt-x]",
        id="unknown-unit-of-seat",
    ),
    pytest.param(
        "leads: [dez-a]",
        "leads: [dez-z]",
        "bodies[1].leads",
        "unknown unit 'dez-z'",
        "leads: [dez-z]",
        id="unknown-lead-unit",
    ),
    pytest.param(
        "    kind: council\n",
        "    kind: council\n    colour: red\n",
        "bodies[0].colour",
        "unknown field",
        "colour: red",
        id="unknown-field",
    ),
    pytest.param(
        "  - slug: gruppe",
        "  - slug: rat",
        "bodies[1].slug",
        "'rat' is used twice",
        "- slug: rat",
        id="duplicate-slug",
    ),
    pytest.param(
        "    ends: 2020-03-31",
        "    ends: 2019-12-31",
        "stages[0].ends",
        "ends before it starts (2019-12-31 < 2020-01-01)",
        "ends: 2019-12-31",
        id="stage-ends-before-it-starts",
    ),
    pytest.param(
        "seats: [vorsitz, vertretung]",
        "seats: [vorsitz, kasse]",
        "bodies[1].joint_votes[0].seats[1]",
        "unknown seat 'kasse'",
        "seats: [vorsitz, kasse]",
        id="joint-vote-names-unknown-seat",
    ),
    pytest.param(
        "  name: {de: Testprozess, en: Test process}\n",
        "  name: {de: Testprozess, en: Test process}\n  deputies_per_member: -1\n",
        "process.deputies_per_member",
        "must not be below zero (is -1)",
        "deputies_per_member: -1",
        id="deputies-below-zero",
    ),
    pytest.param(
        "  name: {de: Testprozess, en: Test process}\n",
        "  name: {de: Testprozess, en: Test process}\n  deputies_per_member: eine\n",
        "process.deputies_per_member",
        "must be a whole number",
        "deputies_per_member: eine",
        id="deputies-not-a-number",
    ),
]


@pytest.mark.parametrize(("old", "new", "path", "message", "marker"), BAD)
def test_bad_definition_is_refused_naming_file_line_and_field(
    old: str, new: str, path: str, message: str, marker: str
) -> None:
    text = changed(old, new)
    line = last_line_of(text, marker)

    problems = problems_of(text)

    assert any(p.startswith(f"test.yaml:{line}: {path}: ") and message in p for p in problems), (
        problems
    )


def test_invalid_yaml_is_refused_with_its_line() -> None:
    text = changed("    name: Rat\n", "    name: [Rat\n")

    (problem,) = problems_of(text)

    assert problem.startswith("test.yaml:")
    assert "not valid YAML" in problem
    line = int(problem.split(":")[1])
    assert line in {line_of(text, "name: [Rat"), line_of(text, "name: [Rat") + 1}


def test_a_key_written_twice_is_refused_with_the_line_of_the_second() -> None:
    text = changed("    name: Rat\n", "    name: Rat\n    name: Stadtrat\n")

    (problem,) = problems_of(text)

    assert problem.startswith(f"test.yaml:{line_of(text, 'name: Stadtrat')}: ")
    assert "'name' appears twice" in problem


def test_an_empty_file_is_refused() -> None:
    assert problems_of("") == ["test.yaml:1: (file): must be a mapping (key: value)"]


def test_the_wrong_format_is_named() -> None:
    text = changed("format: planwerk-process/1", "format: planwerk-process/9")

    assert "test.yaml:1: format: must be 'planwerk-process/1'" in problems_of(text)


def test_every_problem_is_reported_at_once_not_only_the_first() -> None:
    text = changed("leads: [dez-a]", "leads: [dez-z]").replace(
        "ends: 2020-03-31", "ends: 2019-01-01"
    )

    problems = problems_of(text)

    assert any("bodies[1].leads" in p for p in problems)
    assert any("stages[0].ends" in p for p in problems)


def test_a_seat_override_naming_an_unknown_unit_is_refused() -> None:
    text = MINIMAL.replace(
        "    joint_votes:",
        "    seat_overrides:\n      intern: {units: [amt-x]}\n    joint_votes:",
    ).replace("    seats:\n      - slug: intern", "    seats:\n      - slug: intern", 1)

    problems = problems_of(text)

    assert f"test.yaml:{line_of(text, 'units: [amt-x]')}: " in problems[0]
    assert "bodies[1].seat_overrides.intern.units: unknown unit 'amt-x'" in problems[0]


def test_a_name_longer_than_the_database_keeps_is_refused() -> None:
    long_name = "G" * 201
    text = changed("    name: Gruppe\n", f"    name: {long_name}\n")

    (problem,) = problems_of(text)

    assert problem.startswith(f"test.yaml:{line_of(text, long_name)}: bodies[1].name: ")
    assert "at most 200 characters" in problem


def test_a_milestone_slug_used_twice_is_refused() -> None:
    text = MINIMAL + (
        "milestones:\n"
        "  - {slug: treffen, date: 2020-02-01, name: Treffen}\n"
        "  - {slug: treffen, date: 2020-03-01, name: Noch ein Treffen}\n"
    )

    (problem,) = problems_of(text)

    assert problem.startswith(f"test.yaml:{line_of(text, 'Noch ein Treffen')}: milestones[1].slug")


def test_a_coordinating_unit_that_is_a_list_is_refused_not_a_crash() -> None:
    text = changed("  slug: testprozess\n", "  slug: testprozess\n  coordinating_unit: [dez-a]\n")

    (problem,) = problems_of(text)

    assert "process.coordinating_unit: unknown unit" in problem


def test_an_unreadable_file_names_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "fehlt.yaml"

    with pytest.raises(DefinitionError) as caught:
        load_definition_file(missing)

    assert str(caught.value.problems[0]).startswith(f"{missing}:0: ")


# -- robustness ------------------------------------------------------------------
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 30),
    st.text(max_size=5),
    st.sampled_from(["dez-a", "rat", "vorsitz", "2020-01-01", "expert_group"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=6,
)


def _paths(node: object, prefix: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


MINIMAL_TREE = yaml.safe_load(MINIMAL)
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
MINIMAL_PATHS = [p for p in _paths(MINIMAL_TREE) if p]


@settings(max_examples=150, deadline=None)
@given(place=st.sampled_from(MINIMAL_PATHS), value=VALUES)
def test_any_single_change_is_either_valid_or_reported_never_a_crash(
    place: tuple[object, ...], value: object
) -> None:
    tree = copy.deepcopy(MINIMAL_TREE)
    node = tree
    for key in place[:-1]:
        node = node[key]
    node[place[-1]] = value

    try:
        parse_definition(yaml.dump(tree, Dumper=DUMPER, allow_unicode=True), "fuzz.yaml")
    except DefinitionError as exc:
        assert exc.problems
        assert all(str(p).startswith("fuzz.yaml:") for p in exc.problems)


# -- languages ------------------------------------------------------------------------
def test_a_text_may_be_written_in_any_configured_language() -> None:
    text = changed(
        "name: {de: Testprozess, en: Test process}",
        "name: {de: Testprozess, en: Test process, tr: Test süreci, ar: عملية الاختبار}",
    )
    definition = parse_definition(text, "test.yaml", ("de", "en", "tr", "ar"))
    assert definition.name.as_dict() == {
        "de": "Testprozess",
        "en": "Test process",
        "ar": "عملية الاختبار",
        "tr": "Test süreci",
    }
    assert definition.name.get("tr") == "Test süreci"
    assert definition.name.get("ru") == "Testprozess"


def test_a_language_that_is_not_configured_is_reported_with_its_line() -> None:
    text = changed(
        "name: {de: Testprozess, en: Test process}", "name: {de: Testprozess, tr: Süreç}"
    )
    with pytest.raises(DefinitionError) as caught:
        parse_definition(text, "test.yaml", ("de", "en"))
    [problem] = caught.value.problems
    assert problem.path == "process.name.tr"
    assert problem.line == line_of(text, "tr: Süreç")
    assert "de, en" in problem.message


def test_german_is_required_in_a_text_mapping() -> None:
    text = changed("name: {de: Testprozess, en: Test process}", "name: {en: Test process}")
    assert problems_of(text) == ["test.yaml:4: process.name.de: is required"]


# -- decision rules -------------------------------------------------------------------
def test_decision_rules_are_read_and_unknown_values_are_reported(
    hannover: ProcessDefinition,
) -> None:
    assert dict(hannover.body("lenkungsgruppe").decision_rules) == {
        "quorum": "more_than_half_of_votes",
        "majority": "majority_of_votes_cast",
        "record_objections": True,
    }
    text = changed(
        "    name: Rat\n",
        "    name: Rat\n"
        "    decision_rules:\n"
        "      quorum: most_of_them\n"
        "      majority: consensus\n"
        "      record_objections: yes please\n",
    )
    problems = problems_of(text)
    assert problems == [
        f"test.yaml:{line_of(text, 'quorum:')}: bodies[0].decision_rules.quorum: unknown value "
        "'most_of_them'; allowed: none, more_than_half_of_votes, half_of_votes, "
        "two_thirds_of_votes",
        f"test.yaml:{line_of(text, 'record_objections:')}: "
        "bodies[0].decision_rules.record_objections: must be true or false",
    ]


def test_a_seat_and_an_override_of_it_are_checked_alike() -> None:
    seat = "      - slug: intern\n        name: Intern\n        min: 1\n        max: 2\n"
    assert seat in MINIMAL
    text = MINIMAL.replace(seat, seat.replace("min: 1", "min: 3"), 1)
    assert problems_of(text) == [
        f"test.yaml:{line_of(text, 'min: 3')}: bodies[1].seats[0].min: is larger than max (3 > 2)"
    ]
    text = MINIMAL.replace(
        "    joint_votes:",
        "    seat_overrides:\n      intern: {min: 3, kinds: [alien]}\n    joint_votes:",
    )
    line = line_of(text, "min: 3")
    assert problems_of(text) == [
        f"test.yaml:{line}: bodies[1].seat_overrides.intern.min: is larger than max (3 > 2)",
        f"test.yaml:{line}: bodies[1].seat_overrides.intern.kinds: unknown kind of person "
        "'alien'; allowed: internal, external, science",
    ]


# -- the structure of a stage's paper -----------------------------------------------
STRUCTURE = """\
    structure:
      - slug: ziel
        name: {de: Ziel, en: Goal}
        children:
          - slug: massnahme
            name: Maßnahme
            fields:
              - {slug: zielgruppen, name: Zielgruppen, kind: lines}
              - {slug: indikator, name: Indikator}
"""


def with_structure(structure: str = STRUCTURE) -> str:
    return MINIMAL + structure


def test_a_stage_names_the_parts_of_its_paper() -> None:
    definition = parse_definition(with_structure())

    (goal,) = definition.stages[0].structure
    assert (goal.slug, goal.name.de, goal.name.en) == ("ziel", "Ziel", "Goal")
    (measure,) = goal.children
    assert [(f.slug, f.kind) for f in measure.fields] == [
        ("zielgruppen", "lines"),
        ("indikator", "text"),
    ]
    assert goal.as_json()["children"][0]["fields"][0] == {
        "slug": "zielgruppen",
        "name": {"de": "Zielgruppen"},
        "kind": "lines",
    }


def test_a_stage_without_structure_has_free_sections(hannover: ProcessDefinition) -> None:
    assert parse_definition(MINIMAL).stages[0].structure == ()
    first, second = hannover.stages
    assert [p.slug for p in first.structure] == [
        "leitlinie",
        "grundsatz",
        "begriff",
        "uebergeordnetes-ziel",
    ]
    (goal,) = second.structure
    measure = goal.children[0].children[0]
    assert [f.slug for f in measure.fields] == [
        "umsetzungsschritte",
        "zielgruppen",
        "stadtbezirke",
        "verantwortlich",
        "zeitrahmen",
        "indikator",
    ]


def test_an_unknown_key_in_a_part_is_reported_with_its_line() -> None:
    text = with_structure(
        STRUCTURE.replace(
            "            name: Maßnahme\n", "            name: Maßnahme\n            farbe: rot\n"
        )
    )

    (problem,) = problems_of(text)

    assert problem.startswith(
        f"test.yaml:{line_of(text, 'farbe')}: stages[0].structure[0].children[0].farbe: "
        "unknown field"
    )


def test_a_part_slug_used_twice_in_the_tree_is_reported() -> None:
    text = with_structure(STRUCTURE.replace("slug: massnahme", "slug: ziel"))

    (problem,) = problems_of(text)

    assert problem == (
        f"test.yaml:{line_of(text, 'name: Maßnahme') - 1}: "
        "stages[0].structure[0].children[0].slug: "
        "'ziel' is used twice (first at stages[0].structure[0])"
    )


def test_a_field_slug_used_twice_and_an_unknown_kind_are_reported() -> None:
    text = with_structure(
        STRUCTURE.replace(
            "{slug: indikator, name: Indikator}", "{slug: zielgruppen, name: Z, kind: bild}"
        )
    )

    problems = problems_of(text)

    where = "stages[0].structure[0].children[0].fields[1]"
    line = last_line_of(text, "kind: bild")
    assert f"test.yaml:{line}: {where}.kind: unknown value 'bild'; allowed: text, lines" in problems
    assert f"test.yaml:{line}: {where}.slug: 'zielgruppen' is used twice" in problems


def test_a_structure_that_is_not_a_list_is_reported() -> None:
    text = with_structure("    structure: ziel\n")

    (problem,) = problems_of(text)

    assert (
        problem == f"test.yaml:{line_of(text, 'structure:')}: stages[0].structure: must be a list"
    )


STRUCTURE_TREE = yaml.safe_load(with_structure())
STRUCTURE_PATHS = [p for p in _paths(STRUCTURE_TREE) if p[:3] == ("stages", 0, "structure")]


@settings(max_examples=80, deadline=None)
@given(place=st.sampled_from(STRUCTURE_PATHS), value=VALUES)
def test_any_change_to_a_structure_is_either_valid_or_reported_never_a_crash(
    place: tuple[object, ...], value: object
) -> None:
    tree = copy.deepcopy(STRUCTURE_TREE)
    node = tree
    for key in place[:-1]:
        node = node[key]
    node[place[-1]] = value

    try:
        parse_definition(yaml.dump(tree, Dumper=DUMPER, allow_unicode=True), "fuzz.yaml")
    except DefinitionError as exc:
        assert all(str(p).startswith("fuzz.yaml:") for p in exc.problems)


# -- milestones that follow a stage or another milestone (`after`, `days`) ---------------
def test_a_milestone_after_a_stage_takes_its_date_from_the_stages_end() -> None:
    text = MINIMAL + (
        "milestones:\n"
        "  - {slug: rat, after: etappe-1, days: 30, name: Ratsbeschluss}\n"
        "  - {slug: nachlese, after: rat, days: 14, date: 2020-05-14, name: Nachlese}\n"
    )
    definition = parse_definition(text, "test.yaml")
    dates = {m.slug: (m.date, m.after, m.days) for m in definition.milestones}
    assert dates == {
        "rat": (dt.date(2020, 4, 30), "etappe-1", 30),
        "nachlese": (dt.date(2020, 5, 14), "rat", 14),
    }


def test_hannovers_council_decision_follows_the_second_stage(
    hannover: ProcessDefinition,
) -> None:
    second = hannover.stages[1]
    decision = next(m for m in second.milestones if m.slug == "ratsbeschluss")
    assert (decision.after, decision.days) == (second.slug, 90)
    assert decision.date == second.ends + dt.timedelta(days=90)


@pytest.mark.parametrize(
    ("milestones", "problem"),
    [
        (
            "  - {slug: rat, after: etappe-1, days: 30, date: 2020-05-01, name: Rat}\n",
            "milestones[0].date: is 2020-05-01, but 30 days after 'etappe-1' is 2020-04-30",
        ),
        ("  - {slug: rat, after: etappe-9, name: Rat}\n", "unknown stage or milestone 'etappe-9'"),
        (
            "  - {slug: a, after: b, name: A}\n  - {slug: b, after: a, name: B}\n",
            "follows itself (",
        ),
        ("  - {slug: rat, date: 2020-05-01, days: 3, name: Rat}\n", "days: needs `after`"),
        ("  - {slug: rat, name: Rat}\n", "milestones[0].date: is required"),
        (
            "  - {slug: rat, after: etappe-1, days: -3, name: Rat}\n",
            "days: must not be below zero",
        ),
    ],
)
def test_a_wrong_after_is_refused_with_its_line(milestones: str, problem: str) -> None:
    text = MINIMAL + "milestones:\n" + milestones
    found = problems_of(text)
    assert any(problem in p for p in found), found
    assert all(p.startswith("test.yaml:") and not p.startswith("test.yaml:0:") for p in found)


def test_a_slug_naming_a_stage_and_a_milestone_cannot_be_followed() -> None:
    text = MINIMAL + (
        "milestones:\n"
        "  - {slug: etappe-1, date: 2020-02-01, name: Gleich benannt}\n"
        "  - {slug: rat, after: etappe-1, name: Rat}\n"
    )
    (problem,) = problems_of(text)
    assert "names a stage and a milestone" in problem


def test_a_stage_ending_before_it_starts_is_one_problem_not_one_per_follower() -> None:
    text = changed("    ends: 2020-03-31\n", "    ends: 2019-12-31\n") + (
        "milestones:\n  - {slug: rat, after: etappe-1, days: 30, date: 2020-04-30, name: Rat}\n"
    )
    (problem,) = problems_of(text)
    assert "stages[0].ends: ends before it starts" in problem
