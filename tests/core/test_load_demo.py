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
