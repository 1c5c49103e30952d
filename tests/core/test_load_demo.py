"""`planwerk load-demo`: fictional people and accounts for whatever process is loaded."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import translation
from tests.conftest import HANNOVER

from planwerk.bodies.models import Body, Membership, Nomination, SeatCategory
from planwerk.core.permissions import dezernat_unit_ids, may, roles_of
from planwerk.elections.models import MigrantOrganisation
from planwerk.processes.loader import load_process_file

SRC = Path(__file__).resolve().parents[2] / "src" / "planwerk"

ANOTHER_CITY = """\
format: planwerk-process/1
process:
  slug: beispielstadt
  name: Integrationsplan Beispielstadt
  coordinating_unit: buero
units:
  - {slug: dez-ii, kind: dezernat, name: Dezernat II}
  - {slug: buero, kind: office, parent: dez-ii, name: Integrationsbüro}
bodies:
  - slug: forum
    kind: steering_group
    name: Forum
    seats:
      - {slug: leitung, name: Leitung, min: 1, max: 1, kinds: [internal], units: [dez-ii]}
      - {slug: gewaehlt, name: Gewählte, min: 3, max: 3, kinds: [external], elected: true}
      - {slug: vereine, name: Vereine, min: 2, max: 5, kinds: [external]}
  - slug: arbeitskreis
    kind: expert_group
    name: Arbeitskreis Sprache
    parent: forum
    leads: [dez-ii]
    seats:
      - {slug: fachleute, name: Fachleute, min: 3, max: 3, kinds: [external]}
"""


def run_demo(language: str = "en") -> str:
    out = StringIO()
    with translation.override(language):
        call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_demo_reports_in_german_like_load_process() -> None:
    load_process_file(HANNOVER)

    out = run_demo("de")

    assert out.startswith("Demo-Daten in lip-hannover-2019 geladen: ")
    assert "Mitgliedschaften" in out and "Zugänge: koordination, koordination2" in out
    assert "Demo-Personen sind schon da" in run_demo("de")


@pytest.mark.django_db
def test_two_coordinators_and_the_leading_dezernate_get_accounts() -> None:
    load_process_file(HANNOVER)

    run_demo()

    users = {u.username: u for u in get_user_model().objects.all()}
    assert {"koordination", "koordination2", "dez3", "dez4", "dez5", "admin"} <= set(users)
    assert ("coordinator" in roles_of(users["koordination"])) and (
        "coordinator" in roles_of(users["koordination2"])
    )
    assert users["koordination2"].check_password("planwerk-demo")
    assert users["koordination2"].email == "koordination2@example.org"
    assert (
        "coordinator" not in roles_of(users["dez3"]) and len(dezernat_unit_ids(users["dez3"])) == 1
    )
    # The coordinator works on planwerk's own pages; the admin is the superuser's.
    assert not users["koordination"].is_staff
    assert users["admin"].is_superuser


@pytest.mark.django_db
def test_elected_seats_stay_open_and_one_seat_is_left_short() -> None:
    load_process_file(HANNOVER)

    run_demo()

    short = []
    for seat in SeatCategory.objects.prefetch_related("memberships"):
        held = seat.memberships.count()
        if seat.elected:
            assert held == 0, seat
        elif held < seat.min_seats:
            short.append((seat.body.slug, seat.slug, held, seat.min_seats))
    assert short == [("wirtschaft", "extern", 3, 4)]
    assert Nomination.objects.count() == 3
    assert Membership.objects.count() > 80


@pytest.mark.django_db
def test_a_member_of_the_first_expert_group_gets_the_demo_account_mitglied() -> None:
    load_process_file(HANNOVER)

    out = run_demo()

    member = get_user_model().objects.select_related("person").get(username="mitglied")
    assert member.check_password("planwerk-demo")
    assert "mitglied" in out.rsplit("Accounts:", 1)[1]
    first = Body.objects.filter(kind=Body.Kind.EXPERT_GROUP).order_by("order").first()
    assert member.person.memberships.filter(body=first).exists()
    assert member.person.email == "mitglied@example.org"
    assert roles_of(member) == {"public", "member"}
    assert may(member, "papers.view", first) and may(member, "meetings.view", first)
    assert "mitglied" in run_demo()  # loading again keeps the one account
    assert get_user_model().objects.filter(username="mitglied").count() == 1


@pytest.mark.django_db
def test_the_demo_fills_another_citys_process(tmp_path: Path) -> None:
    definition = tmp_path / "beispielstadt.yaml"
    definition.write_text(ANOTHER_CITY, encoding="utf-8")
    load_process_file(definition)

    run_demo()

    held = {
        seat.slug: seat.memberships.count()
        for seat in SeatCategory.objects.prefetch_related("memberships")
    }
    assert held["gewaehlt"] == 0
    assert held["leitung"] == 1 and 2 <= held["vereine"] <= 5
    assert held["fachleute"] == 2  # the last body is left one short
    assert get_user_model().objects.filter(username="dez2").exists()
    assert get_user_model().objects.get(username="mitglied").person.memberships.get().body.slug == (
        "arbeitskreis"
    )
    assert Nomination.objects.filter(body__slug="arbeitskreis").count() == 3


def hannover_slugs() -> set[str]:
    """Every body and seat slug of the Hannover file."""
    definition = yaml.safe_load(HANNOVER.read_text(encoding="utf-8"))
    slugs = {body["slug"] for body in definition["bodies"]}
    for body in definition["bodies"]:
        seats = body.get("seats")
        if isinstance(seats, list):
            slugs |= {seat["slug"] for seat in seats}
    for schema in definition["seat_schemas"].values():
        slugs |= {seat["slug"] for seat in schema}
    return slugs


# Code names a slug as a word of its own; prose (templates, catalogues) may use a
# German word that happens to be a slug ("intern"), so there only a quoted slug or
# one in a path counts.
CODE = {".py", ".js", ".css", ".json", ".yaml", ".yml", ".toml", ".cfg", ".ini"}
PROSE = {".html", ".txt", ".md", ".po", ".xml", ".svg"}


def test_no_body_or_seat_slug_of_the_hannover_file_appears_in_src() -> None:
    slugs = hannover_slugs()
    assert {"lenkungsgruppe", "soziales", "mso", "extern"} <= slugs  # the list is read
    code = re.compile(rf"(?<![\w-])({'|'.join(map(re.escape, slugs))})(?![\w-])")
    prose = re.compile(rf"[\"'/`]({'|'.join(map(re.escape, slugs))})[\"'/`]")
    found = []
    checked = 0
    for path in sorted(SRC.rglob("*")):
        if path == HANNOVER or path.suffix not in CODE | PROSE or not path.is_file():
            continue
        checked += 1
        text = path.read_text(encoding="utf-8")
        pattern = code if path.suffix in CODE else prose
        for match in pattern.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.append(f"{path.relative_to(SRC)}:{line}: {match.group(1)}")
    assert checked > 100
    assert found == []


def test_the_slug_check_finds_a_slug_where_code_names_it() -> None:
    """The positive control: the pattern above catches a slug in code and in a template."""
    slugs = hannover_slugs()
    code = re.compile(rf"(?<![\w-])({'|'.join(map(re.escape, slugs))})(?![\w-])")
    prose = re.compile(rf"[\"'/`]({'|'.join(map(re.escape, slugs))})[\"'/`]")
    assert code.search('body = Body.objects.get(slug="lenkungsgruppe")')
    assert code.search("# the seat mso of the steering group")
    assert not code.search("fb-soziales and mso-vertretung")
    assert prose.search("{% if body.slug == 'soziales' %}")
    assert not prose.search("Sitze werden intern besetzt")


MUSTERSTADT = Path(__file__).resolve().parents[1] / "elections" / "data" / "musterstadt.yaml"


@pytest.mark.django_db
def test_the_demo_fills_the_second_city_of_the_election_tests() -> None:
    load_process_file(MUSTERSTADT)

    out = run_demo()

    held = {
        seat.slug: seat.memberships.count()
        for seat in SeatCategory.objects.prefetch_related("memberships")
    }
    assert 1 <= held.pop("verwaltung") <= 2
    assert held == {"gewaehlte-vereine": 0, "jugendvertretung": 0}  # left to the election
    assert MigrantOrganisation.objects.filter(process__slug="musterstadt-2025").count() >= 3
    assert "musterstadt-2025" in out and "Accounts: koordination, koordination2, admin" in out


@pytest.mark.django_db
def test_with_two_processes_loaded_the_demo_fills_the_one_asked_for() -> None:
    load_process_file(HANNOVER)
    load_process_file(MUSTERSTADT)

    out = StringIO()
    with translation.override("en"):
        call_command("load_demo", "--process", "musterstadt-2025", stdout=out)

    assert not Membership.objects.filter(body__process__slug="lip-hannover-2019").exists()
    filled = Membership.objects.filter(body__process__slug="musterstadt-2025").count()
    assert filled >= 1
    assert f"{filled} membership" in out.getvalue()
    assert f"{filled} people" in out.getvalue() or f"{filled} person" in out.getvalue()


# -- the drafts cycle -------------------------------------------------------------------
THIRD_CITY = """\
format: planwerk-process/1
process:
  slug: beispielstadt-2030
  name: Integrationsplan Beispielstadt
  coordinating_unit: buero
units:
  - {slug: dez-ii, kind: dezernat, name: Dezernat II}
  - {slug: buero, kind: office, parent: dez-ii, name: Integrationsbüro}
bodies:
  - slug: forum
    kind: steering_group
    name: Forum
    seats:
      - {slug: leitung, name: Leitung, min: 1, max: 1, kinds: [internal], units: [dez-ii]}
      - {slug: vereine, name: Vereine, min: 4, max: 4, kinds: [external]}
  - slug: ak-sprache
    kind: expert_group
    name: Arbeitskreis Sprache
    group: arbeitskreise
    parent: forum
    leads: [dez-ii]
    seats:
      - {slug: fachleute, name: Fachleute, min: 3, max: 3, kinds: [external]}
  - slug: ak-arbeit
    kind: expert_group
    name: Arbeitskreis Arbeit
    group: arbeitskreise
    parent: forum
    seats:
      - {slug: fachleute, name: Fachleute, min: 3, max: 3, kinds: [external]}
  - slug: ak-wohnen
    kind: expert_group
    name: Arbeitskreis Wohnen
    group: arbeitskreise
    parent: forum
    seats:
      - {slug: fachleute, name: Fachleute, min: 3, max: 3, kinds: [external]}
  - slug: beirat
    kind: round_table
    name: Beirat
body_groups:
  arbeitskreise: {name: Arbeitskreise, kind: expert_group}
flows:
  - {from: arbeitskreise, to: forum, kind: draft}
  - {from: forum, to: arbeitskreise, kind: requirements}
  - {from: arbeitskreise, to: beirat, kind: draft, days: 30}
stages:
  - slug: phase-1
    name: Phase 1
    starts: 2030-01-01
    ends: 2030-06-30
    structure:
      - {slug: handlungsfeld, name: Handlungsfeld}
      - slug: stichwort
        name: Stichwort
        fields:
          - {slug: erklaerung, name: Erklärung}
  - slug: phase-2
    name: Phase 2
    starts: 2030-07-01
    ends: 2030-12-31
    structure:
      - slug: vorhaben
        name: Vorhaben
        children:
          - slug: schritt
            name: Schritt
            fields:
              - {slug: kosten, name: Kosten}
              - {slug: wer, name: Wer ist zuständig, kind: lines}
"""


def cycle_counts() -> dict[str, int]:
    from planwerk.audit.models import AuditEntry
    from planwerk.consultations.models import Consultation, Statement
    from planwerk.decisions.models import Decision, Requirement, RequirementAnswer
    from planwerk.meetings.models import AgendaItem, Attendance, Meeting
    from planwerk.papers.models import Draft, Recommendation, Section, Version
    from planwerk.participation.models import Comment, Publication
    from planwerk.proposals.models import Proposal

    models = [
        AuditEntry,
        Publication,
        Comment,
        Proposal,
        Consultation,
        Statement,
        Decision,
        Requirement,
        RequirementAnswer,
        AgendaItem,
        Attendance,
        Meeting,
        Draft,
        Recommendation,
        Section,
        Version,
        get_user_model(),
        Membership,
    ]
    return {m.__name__: m.objects.count() for m in models}


@pytest.mark.django_db
def test_the_demo_acts_out_the_drafts_cycle_of_the_first_stage() -> None:
    from planwerk.consultations.models import Consultation
    from planwerk.council.queries import retreats
    from planwerk.decisions.models import Decision, RequirementAnswer
    from planwerk.meetings.models import Meeting
    from planwerk.papers.models import Draft, Recommendation, Version

    load_process_file(HANNOVER)

    out = run_demo()

    assert "Drafts cycle: 7 drafts, 4 versions, 2 decisions" in out
    groups = list(Body.objects.filter(kind=Body.Kind.EXPERT_GROUP).order_by("order"))
    first_stage = groups[0].process.stages.order_by("order").first()
    states = []
    for body in groups:
        draft = Draft.objects.get(body=body, stage=first_stage)
        assert {s.part for s in draft.sections.all()} >= {p["slug"] for p in first_stage.structure}
        states.append([(v.number, v.status) for v in draft.versions.order_by("number")])
    assert states == [
        [(1, "returned"), (2, "submitted")],
        [(1, "accepted")],
        [(1, "submitted")],
        [],
        [],
        [],
    ]
    # A term carries its definition.
    term = Draft.objects.get(body=groups[0], stage=first_stage).sections.exclude(fields={})
    assert term.exists() and all(s.fields for s in term)

    # Version 1 of the first group was returned in a held meeting, by seat.
    returned = Decision.objects.get(version__draft__body=groups[0], version__number=1)
    assert returned.outcome == "returned" and returned.meeting.status == Meeting.Status.HELD
    assert returned.meeting.attendance.filter(status="present").count() >= 12
    assert returned.votes.count() == returned.result["yes"] + 3  # two no, one abstention
    requirements = list(returned.requirements.order_by("number"))
    assert len(requirements) == 2 and requirements[0].recommendation is not None
    assert requirements[0].recommendation.status == Recommendation.Status.TAKEN
    answers = {a.requirement.number: a for a in RequirementAnswer.objects.all()}
    assert answers[1].answer == "followed" and answers[2].answer == "not_followed"
    assert answers[2].reason and answers[1].version.number == 2

    # Version 2 is under review: some answers given, one consultation late.
    v2 = Version.objects.get(draft__body=groups[0], number=2)
    states = [c.state() for c in v2.consultations.all()]
    assert states.count("late") == 1 and states.count("answered") >= 3
    assert Consultation.objects.filter(version=v2, statements__on_behalf=True).exists()
    assert Recommendation.objects.filter(version=v2, status="open").count() == 1

    # Stage 2: one branch with every field filled.
    second = groups[0].process.stages.order_by("order")[1]
    branch = list(Draft.objects.get(stage=second).sections.order_by("order"))
    assert [s.parent_id for s in branch] == [None, branch[0].pk, branch[1].pk]
    measure = branch[-1]
    assert sorted(measure.fields) == sorted(
        f["slug"] for f in second.structure[0]["children"][0]["children"][0]["fields"]
    )

    # The next meeting is planned with its agenda; one retreat of two.
    planned = Meeting.objects.get(status=Meeting.Status.PLANNED, kind=Meeting.Kind.REGULAR)
    assert planned.agenda.count() >= 3
    assert planned.body == returned.meeting.body
    _lead, counted = retreats(groups[0].process)
    assert (counted.planned, counted.needed) == (1, 2)

    # The version under review is published for comment, with residents' comments,
    # a reply and proposals.
    from planwerk.participation.models import Comment, Publication
    from planwerk.proposals.models import Proposal

    publication = Publication.objects.get()
    assert publication.version.status == Version.Status.SUBMITTED
    assert Comment.objects.filter(publication=publication, parent__isnull=False).exists()
    assert Comment.objects.filter(publication=publication).count() >= 3
    assert Proposal.objects.count() == 2

    # The member account sits in the group with the returned version.
    member = get_user_model().objects.get(username="mitglied")
    assert member.person.memberships.filter(body=groups[0]).exists()
    assert may(member, "papers.edit", groups[0])


@pytest.mark.django_db
def test_loading_the_demo_twice_adds_nothing() -> None:
    load_process_file(HANNOVER)
    run_demo()
    before = cycle_counts()

    out = run_demo()

    assert "nothing changed" in out
    assert cycle_counts() == before


@pytest.mark.django_db
def test_a_demo_loaded_without_drafts_gets_the_cycle_on_the_next_run() -> None:
    from planwerk.papers.models import Draft

    load_process_file(HANNOVER)
    out = StringIO()
    with translation.override("en"):
        call_command("load_demo", "--without-drafts", stdout=out)
    assert not Draft.objects.exists() and "Drafts cycle" not in out.getvalue()

    out2 = run_demo()

    assert "Drafts cycle: 7 drafts" in out2 and Draft.objects.count() == 7


@pytest.mark.django_db
def test_the_drafts_cycle_follows_another_citys_definition(tmp_path: Path) -> None:
    from planwerk.consultations.models import Consultation
    from planwerk.decisions.models import Decision
    from planwerk.papers.models import Draft, Version

    definition = tmp_path / "beispielstadt.yaml"
    definition.write_text(THIRD_CITY, encoding="utf-8")
    load_process_file(definition)

    out = run_demo()

    assert "Left out" not in out, out
    statuses = {
        (v.draft.body.slug, v.number): v.status
        for v in Version.objects.select_related("draft__body")
    }
    assert statuses == {
        ("ak-sprache", 1): "returned",
        ("ak-sprache", 2): "submitted",
        ("ak-arbeit", 1): "accepted",
        ("ak-wohnen", 1): "submitted",
    }
    assert Decision.objects.filter(body__slug="forum").count() == 2
    handbook = Draft.objects.get(body__slug="ak-sprache", stage__slug="phase-1")
    assert {s.part for s in handbook.sections.all()} == {"handlungsfeld", "stichwort"}
    step = Draft.objects.get(stage__slug="phase-2").sections.get(part="schritt")
    assert set(step.fields) == {"kosten", "wer"} and all(step.fields.values())
    statement = Consultation.objects.get(
        version__draft__body__slug="ak-sprache", version__number=2, kind="statement"
    )
    assert statement.body.slug == "beirat" and statement.statements.get().on_behalf
    assert get_user_model().objects.get(username="mitglied").person.memberships.get().body.slug == (
        "ak-sprache"
    )
