"""An election is for any seat that a process definition marks `elected: true`,
in any body: nothing in the election's code names a body or seat of Hannover's file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from tests.conftest import REPO, english_client
from tests.elections.factories import register

from planwerk.bodies.models import Membership, SeatCategory
from planwerk.elections import services
from planwerk.elections.models import Election, Round
from planwerk.processes.loader import load_process_file

pytestmark = pytest.mark.django_db

MUSTERSTADT = Path(__file__).parent / "data" / "musterstadt.yaml"
HANNOVER_SLUGS = ("lenkungsgruppe", '"mso"', "'mso'", "/mso/")


def text(response: Any) -> str:
    return " ".join(response.content.decode().split())


def local(when: dt.datetime) -> str:
    return timezone.localtime(when).strftime("%Y-%m-%dT%H:%M")


def form_data(**extra: Any) -> dict[str, Any]:
    now = timezone.now()
    return {
        "title": "Wahl der Vereinsvertretung",
        "meeting_at": local(now + dt.timedelta(days=14)),
        "place": "Rathaus Musterstadt",
        "nomination_deadline": local(now + dt.timedelta(days=7)),
        "reply_to": "integration@musterstadt.example",
        "seats": "3",
        "runoff_size": "4",
        "tie_rule": "lot",
        **extra,
    }


@pytest.fixture
def musterstadt(db: Any) -> Any:
    return load_process_file(MUSTERSTADT).process


@pytest.fixture
def client(musterstadt: Any, make_user: Any) -> Any:
    client = english_client()
    client.force_login(make_user("koordination", "coordinator"))
    return client


def test_another_citys_elected_seats_are_offered_as_a_choice(client, musterstadt):
    page = text(client.get("/wahl/"))
    assert "Diversity board: Elected representatives of the associations" in page
    assert "Youth forum: Elected youth representatives" in page
    assert "Diversity board: Administration" not in page  # not filled by election


def test_an_election_fills_the_chosen_seat_of_another_citys_body_end_to_end(client, musterstadt):
    seat = SeatCategory.objects.get(body__process=musterstadt, slug="jugendvertretung")
    response = client.post("/wahl/", form_data(seat=seat.pk, seats="2"))
    assert response.status_code == 302
    election = Election.objects.get()
    assert (election.body.slug, election.seat.slug) == ("jugendforum", "jugendvertretung")

    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="koordination")
    orgs = register(musterstadt, user, 4)
    services.open_nominations(user, election)
    for i, org in enumerate(orgs[:3]):
        services.nominate(
            user,
            election,
            org,
            given_name=f"Person{i + 1}",
            family_name="Jung",
            self_description="x",
            consent_to_publication=True,
        )
    services.start_meeting(user, election)
    codes = [services.check_in(user, election, org).code for org in orgs]
    services.open_round(user, election, Round.Mode.ELECTRONIC)
    for code, choice in zip(codes, ["c1", "c1", "c2", "c3"], strict=True):
        services.cast_ballot(election, code, choice)
    services.close_round(user, election.rounds.get())
    services.enter_seed(user, election, "6-5-4-3-2-1")
    elected = services.fill_seats(user, election, timezone.localdate())
    members = Membership.objects.filter(seat=seat)
    assert sorted(m.person.given_name for m in members) == sorted(c.given_name for c in elected)
    page = text(client.get(f"/wahl/{election.pk}/"))
    assert "Youth forum: Elected youth representatives" in page


def test_one_elected_seat_is_named_instead_of_offered(client, hannover, settings):
    settings.PLANWERK_DEFAULT_PROCESS = hannover.slug  # shown instead of Musterstadt
    page = text(client.get("/wahl/"))
    assert "The election fills these seats: Steering group, Elected representatives" in page
    assert '<select name="seat"' not in page


def test_a_seat_not_filled_by_election_is_refused(client, musterstadt):
    seat = SeatCategory.objects.get(body__process=musterstadt, slug="verwaltung")
    response = client.post("/wahl/", form_data(seat=seat.pk))
    assert response.status_code == 200
    assert "Select a valid choice" in text(response)
    assert not Election.objects.exists()


def test_the_service_refuses_a_seat_that_is_not_elected(musterstadt, make_user):
    user = make_user("koordination", "coordinator")
    seat = SeatCategory.objects.get(body__process=musterstadt, slug="verwaltung")
    election = Election(
        process=musterstadt,
        seat=seat,
        title="x",
        meeting_at=timezone.now() + dt.timedelta(days=2),
        nomination_deadline=timezone.now() + dt.timedelta(days=1),
        place="x",
    )
    with pytest.raises(services.ValidationError):
        services.create_election(user, election)


def test_a_process_without_elected_seats_says_so(tmp_path, make_user, db):
    source = MUSTERSTADT.read_text(encoding="utf-8").replace("elected: true", "elected: false")
    path = tmp_path / "ohne-wahl.yaml"
    path.write_text(source, encoding="utf-8")
    load_process_file(path)
    client = english_client()
    client.force_login(make_user("koordination", "coordinator"))
    page = text(client.get("/wahl/"))
    assert "The loaded process has no seats filled by election." in page
    assert "Create the election" not in page
    assert client.post("/wahl/", form_data()).status_code == 200
    assert not Election.objects.exists()


def test_the_election_code_names_no_body_or_seat_of_the_hannover_file():
    app = REPO / "src" / "planwerk" / "elections"
    offenders = [
        f"{path.relative_to(REPO)}: {slug}"
        for path in app.rglob("*")
        if path.suffix in (".py", ".html") and "migrations" not in path.parts
        for slug in HANNOVER_SLUGS
        if slug in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
