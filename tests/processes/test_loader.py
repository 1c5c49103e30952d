"""Loading a process definition into the database: complete, idempotent, careful."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.db import models
from tests.conftest import HANNOVER
from tests.factories import MembershipFactory

from planwerk.bodies.models import (
    Body,
    BodyGroup,
    BodyLead,
    Flow,
    JointVote,
    JointVoteSeat,
    Membership,
    Person,
    SeatCategory,
    SeatPosition,
    Subtopic,
)
from planwerk.processes.definition import DefinitionError
from planwerk.processes.loader import load_process_file
from planwerk.processes.models import Milestone, Process, Stage, Unit

TEXT = HANNOVER.read_text(encoding="utf-8")

DUMPED: list[type[models.Model]] = [
    Process,
    Unit,
    Stage,
    Milestone,
    Body,
    BodyLead,
    BodyGroup,
    Subtopic,
    SeatCategory,
    SeatCategory.units.through,
    SeatPosition,
    JointVote,
    JointVoteSeat,
    Flow,
    Person,
    Membership,
]


def dump() -> dict[str, list[dict[str, Any]]]:
    """Every row the loader could touch, to compare before and after."""
    return {m._meta.label: list(m._default_manager.order_by("pk").values()) for m in DUMPED}


def variant(tmp_path: Path, old: str, new: str, name: str = "hannover.yaml") -> Path:
    """A copy of the Hannover file with one change."""
    assert old in TEXT, old
    path = tmp_path / name
    path.write_text(TEXT.replace(old, new, 1), encoding="utf-8")
    return path


def seat(body: str, slug: str) -> SeatCategory:
    return SeatCategory.objects.get(body__slug=body, slug=slug)


def seat_member(body: str, slug: str, name: str, **extra: Any) -> Membership:
    return MembershipFactory(seat=seat(body, slug), person__given_name=name, **extra)


def _mso_seat() -> str:
    found = re.search(r"      - slug: mso\n(        .*\n)+", TEXT)
    assert found is not None
    return found.group(0)


MSO_SEAT = _mso_seat()


# -- the Hannover file ------------------------------------------------------------
@pytest.mark.django_db
def test_hannover_file_loads_every_body_group_and_stage() -> None:
    report = load_process_file(HANNOVER)

    assert report.process is not None and report.process.slug == "lip-hannover-2019"
    assert report.changed and not report.warnings
    bodies = Body.objects.filter(process=report.process)
    assert bodies.count() == 24
    assert bodies.filter(kind="expert_group").count() == 6
    assert bodies.filter(kind="integration_council").count() == 11
    assert set(BodyGroup.objects.values_list("slug", flat=True)) == {
        "expert_groups",
        "integrationsbeiraete",
    }
    assert list(Stage.objects.values_list("slug", "starts", "ends")) == [
        ("etappe-1", dt.date(2020, 1, 1), dt.date(2020, 3, 31)),
        ("etappe-2", dt.date(2020, 4, 1), dt.date(2020, 12, 31)),
    ]
    first, second = Stage.objects.all()
    assert [p["slug"] for p in first.structure] == [
        "leitlinie",
        "grundsatz",
        "begriff",
        "uebergeordnetes-ziel",
    ]
    measure = second.structure[0]["children"][0]["children"][0]
    assert measure["name"] == {"de": "Maßnahme", "en": "Measure"}
    assert {
        "slug": "zielgruppen",
        "name": {"de": "Zielgruppen", "en": "Target groups"},
        "kind": "lines",
    } in measure["fields"]
    assert Flow.objects.count() == 12
    assert report.process.coordinating_unit is not None
    assert report.process.coordinating_unit.slug == "oe-50-6"


@pytest.mark.django_db
def test_steering_group_is_stored_with_its_named_seats_and_joint_vote() -> None:
    load_process_file(HANNOVER)

    categories = {c.slug: c for c in SeatCategory.objects.filter(body__slug="lenkungsgruppe")}
    assert sum(c.max_seats for c in categories.values() if not c.chair) == 23
    assert categories["vorsitz"].chair
    assert list(categories["vorsitz"].units.values_list("slug", flat=True)) == ["dez-iii"]
    assert categories["fachbereichsleitungen"].positions.count() == 12
    assert categories["dachorganisationen"].positions.count() == 8
    assert categories["delegiertenkonferenz"].delegated_by is not None
    assert categories["delegiertenkonferenz"].delegated_by.slug == "delegiertenkonferenz"
    joint = JointVote.objects.get(body__slug="lenkungsgruppe")
    assert {
        (s.category.slug, s.position.unit.slug if s.position else None, s.deputy)
        for s in joint.seats.all()
    } == {("vorsitz", None, False), ("fachbereichsleitungen", "fb-soziales", True)}


@pytest.mark.django_db
def test_culture_group_is_led_by_dezernat_iii_with_dezernat_vi() -> None:
    load_process_file(HANNOVER)

    leads = BodyLead.objects.filter(body__slug="stadtleben-und-kultur")
    assert {(lead.unit.slug, lead.role) for lead in leads} == {
        ("dez-iii", BodyLead.Role.LEAD),
        ("dez-vi", BodyLead.Role.CO_LEAD),
    }
    assert list(
        Subtopic.objects.filter(body__slug="stadtleben-und-kultur").values_list(
            "name__de", flat=True
        )
    ) == ["Stadtteilentwicklung", "Kultur", "Religionen", "Sport", "Wohnen"]


# -- idempotent --------------------------------------------------------------------
@pytest.mark.django_db
def test_loading_the_same_file_twice_changes_nothing() -> None:
    load_process_file(HANNOVER)
    before = dump()

    report = load_process_file(HANNOVER)

    assert not report.changed
    assert (report.created, report.updated, report.removed) == (0, 0, 0)
    assert report.unchanged > 0
    assert dump() == before


@pytest.mark.django_db
def test_loading_into_an_empty_database_counts_rows_as_created_not_as_changed() -> None:
    report = load_process_file(HANNOVER)

    # Parents, the coordinating unit and the units of a seat are set on rows this
    # same load created: they were counted once, as created.
    assert (report.updated, report.removed, report.unchanged) == (0, 0, 0)
    counted = [Process, Unit, Stage, Milestone, Body, BodyLead, BodyGroup, Subtopic]
    counted += [SeatCategory, SeatPosition, JointVote, Flow]
    assert report.created == sum(model._default_manager.count() for model in counted)


@pytest.mark.django_db
def test_a_changed_parent_of_an_existing_body_counts_as_one_change(tmp_path: Path) -> None:
    load_process_file(HANNOVER)

    report = load_process_file(
        variant(
            tmp_path,
            "parent: delegiertenkonferenz, group: integrationsbeiraete}\n  - {slug: ib-nord",
            "parent: lenkungsgruppe, group: integrationsbeiraete}\n  - {slug: ib-nord",
        )
    )

    assert (report.created, report.updated, report.removed) == (0, 1, 0)


@pytest.mark.django_db
def test_the_deputies_per_member_setting_is_loaded(tmp_path: Path) -> None:
    assert load_process_file(HANNOVER).process.deputies_per_member == 1

    report = load_process_file(
        variant(tmp_path, "deputies_per_member: 1", "deputies_per_member: 2")
    )

    assert report.updated == 1
    assert Process.objects.get().deputies_per_member == 2


@pytest.mark.django_db
def test_a_changed_name_is_updated_and_reported(tmp_path: Path) -> None:
    load_process_file(HANNOVER)

    report = load_process_file(
        variant(tmp_path, 'name: {de: "Lenkungsgruppe"', 'name: {de: "Steuerungsgruppe"')
    )

    assert report.changed and report.updated >= 1
    assert Body.objects.get(slug="lenkungsgruppe").name.exact("de") == "Steuerungsgruppe"
    assert not load_process_file(tmp_path / "hannover.yaml").changed


# -- changes that meet existing members --------------------------------------------
@pytest.mark.django_db
def test_fewer_seats_keep_the_members_and_report_what_no_longer_fits(tmp_path: Path) -> None:
    load_process_file(HANNOVER)
    first = seat_member("lenkungsgruppe", "mso", "Aylin")
    second = seat_member("lenkungsgruppe", "mso", "Kwame")

    report = load_process_file(
        variant(tmp_path, "        min: 2\n        max: 2\n", "        min: 1\n        max: 1\n")
    )

    assert report.changed
    assert (seat("lenkungsgruppe", "mso").min_seats, seat("lenkungsgruppe", "mso").max_seats) == (
        1,
        1,
    )
    assert set(Membership.objects.filter(seat__slug="mso").values_list("pk", flat=True)) == {
        first.pk,
        second.pk,
    }
    (warning,) = report.warnings
    assert "2 people hold it" in warning and "at most 1" in warning
    assert warning.startswith("Steering group: Elected representatives of migrant organisations")


@pytest.mark.django_db
def test_a_deputy_or_a_past_member_does_not_count_as_holding_a_seat(tmp_path: Path) -> None:
    load_process_file(HANNOVER)
    member = seat_member("lenkungsgruppe", "mso", "Aylin")
    seat_member("lenkungsgruppe", "mso", "Kwame", role="deputy", deputy_of=member)
    seat_member("lenkungsgruppe", "mso", "Tuan", end=dt.date(2020, 6, 30))

    report = load_process_file(
        variant(tmp_path, "        min: 2\n        max: 2\n", "        min: 1\n        max: 1\n")
    )

    assert report.warnings == []


@pytest.mark.django_db
def test_a_member_leaving_later_still_holds_the_seat(tmp_path: Path) -> None:
    load_process_file(HANNOVER)
    seat_member("lenkungsgruppe", "mso", "Aylin")
    seat_member("lenkungsgruppe", "mso", "Kwame", end=dt.date.today() + dt.timedelta(days=30))

    report = load_process_file(
        variant(tmp_path, "        min: 2\n        max: 2\n", "        min: 1\n        max: 1\n")
    )

    assert len(report.warnings) == 1


@pytest.mark.django_db
def test_a_removed_seat_category_still_held_is_kept_as_retired(tmp_path: Path) -> None:
    load_process_file(HANNOVER)
    member = seat_member("lenkungsgruppe", "mso", "Aylin")

    report = load_process_file(variant(tmp_path, MSO_SEAT, ""))

    category = seat("lenkungsgruppe", "mso")
    assert category.retired
    assert Membership.objects.filter(pk=member.pk, seat=category).exists()
    assert any("kept as retired" in w for w in report.warnings)


@pytest.mark.django_db
def test_a_retired_seat_category_comes_back_when_the_file_names_it_again(
    tmp_path: Path,
) -> None:
    load_process_file(HANNOVER)
    seat_member("lenkungsgruppe", "mso", "Aylin")
    load_process_file(variant(tmp_path, MSO_SEAT, ""))

    report = load_process_file(HANNOVER)

    assert report.changed
    assert not seat("lenkungsgruppe", "mso").retired


@pytest.mark.django_db
def test_a_removed_seat_category_nobody_holds_is_deleted(tmp_path: Path) -> None:
    load_process_file(HANNOVER)

    report = load_process_file(variant(tmp_path, MSO_SEAT, ""))

    assert report.removed >= 1
    assert not SeatCategory.objects.filter(body__slug="lenkungsgruppe", slug="mso").exists()


@pytest.mark.django_db
def test_a_body_left_out_of_the_file_is_kept_with_a_warning(tmp_path: Path) -> None:
    load_process_file(HANNOVER)
    block = re.search(r"  - slug: verwaltungsausschuss\n(    .*\n)+\n", TEXT)
    assert block is not None

    report = load_process_file(variant(tmp_path, block.group(0), ""))

    assert Body.objects.filter(slug="verwaltungsausschuss").exists()
    assert "Body Administrative Committee is no longer in the definition; it is kept." in (
        report.warnings
    )


@pytest.mark.django_db
def test_a_removed_stage_and_milestone_are_kept_and_named(tmp_path: Path) -> None:
    load_process_file(HANNOVER)
    block = re.search(r"# Milestones outside the two stages\.\nmilestones:\n(  - .*\n)+", TEXT)
    assert block is not None

    report = load_process_file(variant(tmp_path, block.group(0), ""))

    assert Milestone.objects.filter(slug="wahlveranstaltung-mso").exists()
    assert any(
        w.startswith("Milestone ") and "no longer in the definition" in w for w in report.warnings
    )


@pytest.mark.django_db
def test_reloading_keeps_the_subtopics_the_steering_group_agreed(tmp_path: Path) -> None:
    from tests.factories import UserFactory

    from planwerk.bodies import services

    load_process_file(HANNOVER)
    user = UserFactory(username="koordination", role="coordinator")
    group = Body.objects.get(slug="wirtschaft")
    request = services.request_topic_change(
        user, group, ["Lokale Ökonomie", "Gründung", "Fachkräfte"], "Zuschnitt geschärft"
    )
    services.decide_topic_change(
        user, request, agreed=True, decision_date=dt.date(2020, 2, 3), reference="LG 2/2020"
    )

    report = load_process_file(HANNOVER)

    assert [t.name.exact("de") for t in group.subtopics.all()] == [
        "Lokale Ökonomie",
        "Gründung",
        "Fachkräfte",
    ]
    assert any("LG 2/2020" in w for w in report.warnings)


# -- bad files: nothing saved --------------------------------------------------------
BAD_CHANGES = [
    pytest.param(
        "parent: delegiertenkonferenz, group: integrationsbeiraete}\n  - {slug: ib-nord",
        "parent: nowhere, group: integrationsbeiraete}\n  - {slug: ib-nord",
        "unknown body 'nowhere'",
        id="unknown-parent",
    ),
    pytest.param(
        "delegated_by: delegiertenkonferenz",
        "delegated_by: senat",
        "unknown body 'senat'",
        id="unknown-delegating-body",
    ),
    pytest.param(
        "{from: runder-tisch, to: lenkungsgruppe,",
        "{from: runder-tisch, to: senat,",
        "unknown body 'senat'",
        id="unknown-body-in-flow",
    ),
    pytest.param(
        "        min: 2\n        max: 2\n",
        "        min: -2\n        max: 2\n",
        "must not be below zero",
        id="seat-count-below-zero",
    ),
    pytest.param("min: 2, max: 4", "min: 5, max: 4", "is larger than max", id="min-above-max"),
    pytest.param("units: [dez-iii]", "units: [dez-ix]", "unknown unit 'dez-ix'", id="unknown-unit"),
    pytest.param(
        "    lead_committee: true\n",
        "    lead_committee: true\n    colour: red\n",
        "unknown field",
        id="unknown-field",
    ),
    pytest.param(
        "  - slug: demokratie",
        "  - slug: soziales",
        "'soziales' is used twice",
        id="duplicate-slug",
    ),
    pytest.param(
        "    ends: 2020-12-31",
        "    ends: 2020-02-29",
        "ends before it starts",
        id="stage-ends-before-it-starts",
    ),
    pytest.param(
        "seats: [vorsitz, fachbereichsleitungen/fb-soziales]",
        "seats: [vorsitz, kasse]",
        "unknown seat 'kasse'",
        id="joint-vote-names-unknown-seat",
    ),
    pytest.param(
        "format: planwerk-process/1\n",
        "format: planwerk-process/1\nbodies: [\n",
        "not valid YAML",
        id="invalid-yaml",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("old", "new", "message"), BAD_CHANGES)
def test_a_bad_file_saves_nothing_and_says_what_is_wrong(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    bad = variant(tmp_path, old, new)

    with pytest.raises(DefinitionError) as caught:
        load_process_file(bad)

    assert all(rows == [] for rows in dump().values())
    assert any(message in str(p) for p in caught.value.problems), caught.value.problems
    assert all(str(p).startswith(f"{bad}:") for p in caught.value.problems)


@pytest.mark.django_db
def test_a_bad_file_leaves_the_loaded_process_and_its_members_as_they_were(
    tmp_path: Path,
) -> None:
    load_process_file(HANNOVER)
    seat_member("lenkungsgruppe", "mso", "Aylin")
    before = dump()
    # Valid but for one seat count: everything else would change the database.
    bad = tmp_path / "hannover.yaml"
    bad.write_text(
        TEXT.replace('name: {de: "Lenkungsgruppe"', 'name: {de: "Steuerungsgruppe"')
        .replace("min: 2, max: 4", "min: 1, max: 3")
        .replace("        min: 2\n        max: 2\n", "        min: -2\n        max: 2\n"),
        encoding="utf-8",
    )

    with pytest.raises(DefinitionError):
        load_process_file(bad)

    assert dump() == before


@pytest.mark.django_db
def test_a_text_in_a_configured_language_is_loaded_and_others_are_refused(
    tmp_path: Path,
) -> None:
    from django.test import override_settings

    turkish = variant(
        tmp_path,
        'name: {de: "Lenkungsgruppe", en: "Steering group"}',
        'name: {de: "Lenkungsgruppe", en: "Steering group", tr: "Yönlendirme grubu"}',
    )
    with (
        override_settings(LANGUAGES=[("de", "Deutsch"), ("en", "English")]),
        pytest.raises(DefinitionError, match=r"\.name\.tr"),
    ):
        load_process_file(turkish)

    with override_settings(LANGUAGES=[("de", "Deutsch"), ("en", "English"), ("tr", "Türkçe")]):
        load_process_file(turkish)
    steering = Body.objects.get(slug="lenkungsgruppe")
    assert steering.name == {
        "de": "Lenkungsgruppe",
        "en": "Steering group",
        "tr": "Yönlendirme grubu",
    }
    assert steering.name.get("tr") == "Yönlendirme grubu"


@pytest.mark.django_db
def test_a_reload_updates_flows_subtopics_and_joint_votes_in_place(tmp_path: Path) -> None:
    load_process_file(HANNOVER)
    flows = dict(Flow.objects.values_list("pk", "uuid"))
    subtopics = dict(Subtopic.objects.values_list("pk", "uuid"))
    joint = JointVote.objects.get(body__slug="lenkungsgruppe")

    changed = TEXT.replace(
        'label: {de: "Vorlage", en: "Draft"}', 'label: {de: "Vorlage", en: "Proposal"}', 1
    ).replace('"Frauen", "Ältere"', '"Ältere", "Frauen", "Neu"', 1)
    changed = changed.replace("kind: bundle, days: 42,", "kind: bundle, days: 35,", 1)
    changed = changed.replace(
        'en: "Joint vote of the chair and the department Soziales"',
        'en: "One vote: the chair and the department Soziales"',
        1,
    )
    path = tmp_path / "hannover.yaml"
    path.write_text(changed, encoding="utf-8")
    report = load_process_file(path)

    assert report.removed == 0
    assert dict(Flow.objects.values_list("pk", "uuid")) == flows
    assert Flow.objects.get(name__de="Vorlage").name.exact("en") == "Proposal"
    assert Flow.objects.get(kind="bundle").days == 35
    kept = Subtopic.objects.filter(pk__in=subtopics)
    assert dict(kept.values_list("pk", "uuid")) == subtopics
    group = Subtopic.objects.get(name__de="Neu").body
    assert [t.name.exact("de") for t in group.subtopics.all()][:3] == ["Ältere", "Frauen", "Neu"]
    again = JointVote.objects.get(body__slug="lenkungsgruppe")
    assert (again.pk, again.uuid) == (joint.pk, joint.uuid)
    assert again.name.exact("en") == "One vote: the chair and the department Soziales"
    assert again.seats.count() == joint.seats.count()

    # And back: the same rows again; only the added subtopic goes.
    report = load_process_file(HANNOVER)
    assert (report.created, report.removed) == (0, 1)
    assert dict(Flow.objects.values_list("pk", "uuid")) == flows
    assert dict(Subtopic.objects.values_list("pk", "uuid")) == subtopics


@pytest.mark.django_db
def test_a_load_that_changes_something_is_in_the_audit_log(tmp_path: Path) -> None:
    from planwerk.audit.models import AuditEntry

    report = load_process_file(HANNOVER)
    entry = AuditEntry.objects.get(action="process.loaded")
    assert (entry.actor, entry.object_id) == ("system", str(report.process.pk))
    assert entry.payload["created"] == report.created and entry.payload["file"] == str(HANNOVER)

    load_process_file(HANNOVER)
    assert AuditEntry.objects.filter(action="process.loaded").count() == 1

    changed = variant(tmp_path, 'name: {de: "Lenkungsgruppe"', 'name: {de: "Steuerungsgruppe"')
    load_process_file(changed, actor="koordination")
    last = AuditEntry.objects.filter(action="process.loaded").order_by("-sequence").first()
    assert last is not None and last.actor == "koordination" and last.payload["updated"] == 1


@pytest.mark.django_db
def test_two_processes_live_side_by_side(tmp_path: Path) -> None:
    from tests.processes.test_definition import MINIMAL

    hannover = load_process_file(HANNOVER).process
    other_file = tmp_path / "other.yaml"
    other_file.write_text(MINIMAL, encoding="utf-8")
    report = load_process_file(other_file)

    assert report.warnings == []
    assert report.process is not None and report.process.pk != hannover.pk
    assert Body.objects.filter(process=report.process).count() == 2
    assert not load_process_file(HANNOVER).changed
    assert not load_process_file(other_file).changed


def test_the_processes_app_does_not_import_the_bodies_app() -> None:
    """The bodies app stores its part of a definition itself (bodies.loading)."""
    source = Path(__file__).resolve().parents[2] / "src" / "planwerk" / "processes"
    importing = [
        str(path.relative_to(source))
        for path in source.rglob("*.py")
        if "migrations" not in path.parts and "planwerk.bodies" in path.read_text("utf-8")
    ]
    assert importing == []


@pytest.mark.django_db
def test_dates_the_coordination_moved_are_kept_when_the_file_is_loaded_again() -> None:
    from tests.factories import UserFactory

    from planwerk.processes import services

    report = load_process_file(HANNOVER)
    assert report.process is not None
    coordinator = UserFactory(username="plan", role="coordinator")
    stage = Stage.objects.get(slug="etappe-2")
    milestone = Milestone.objects.get(slug="ratsbeschluss")
    assert (milestone.after, milestone.after_days) == ("etappe-2", 90)
    services.move_dates(
        coordinator,
        report.process,
        [
            services.Move("stage", "etappe-2", "ends", stage.ends, dt.date(2021, 1, 31)),
            services.Move(
                "milestone", "ratsbeschluss", "date", milestone.date, dt.date(2021, 5, 1)
            ),
        ],
    )

    again = load_process_file(HANNOVER)

    stage.refresh_from_db()
    milestone.refresh_from_db()
    assert (stage.starts, stage.ends) == (dt.date(2020, 4, 1), dt.date(2021, 1, 31))
    assert milestone.date == dt.date(2021, 5, 1)
    assert not again.changed
    moved = [w for w in again.warnings if "the coordination moved its dates" in w]
    assert len(moved) == 2 and any(str(stage.name) in w for w in moved)
