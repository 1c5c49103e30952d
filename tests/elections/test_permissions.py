"""Who may open which election page: only the coordination runs the election; the
candidate list, the voting page and the projector are public."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from tests.elections.factories import Meeting, meeting

from planwerk.audit.models import AuditEntry
from planwerk.elections import services
from planwerk.elections.models import Round

pytestmark = pytest.mark.django_db

# Every coordinator page and action; {e} election, {o} organisation, {c} candidacy.
COORDINATOR_URLS = [
    "/wahl/",
    "/wahl/register/",
    "/wahl/register/{o}/",
    "/wahl/register/{o}/bestaetigen/",
    "/wahl/{e}/",
    "/wahl/{e}/stand/",
    "/wahl/{e}/nominierung/",
    "/wahl/{e}/nominieren/",
    "/wahl/{e}/rueckzug/{c}/",
    "/wahl/{e}/kandidatur/{c}/",
    "/wahl/{e}/sitzung/",
    "/wahl/{e}/absagen/",
    "/wahl/{e}/einchecken/",
    "/wahl/{e}/karten/",
    "/wahl/{e}/karten/ersetzen/",
    "/wahl/{e}/karten/alle-neu/",
    "/wahl/{e}/karte/{o}/",
    "/wahl/{e}/wahlgang/",
    "/wahl/{e}/wahlgang/1/schliessen/",
    "/wahl/{e}/wahlgang/1/zaehlung/",
    "/wahl/{e}/los/",
    "/wahl/{e}/los/bestaetigen/",
    "/wahl/{e}/sitze/",
]
PUBLIC_URLS = [
    "/wahl/{e}/kandidaturen/",
    "/wahl/{e}/abstimmen/",
    "/wahl/{e}/projektor/",
    "/wahl/{e}/projektor/stand/",
    "/wahl/{e}/ergebnis/",
]
ROLES = ["anonymous", "plain", "dezernat", "coordinator"]
METHODS = ["get", "post"]


@pytest.fixture
def m(hannover: Any, coordinator: Any) -> Meeting:
    m = meeting(hannover, coordinator, organisations=5, candidates=3)
    services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    return m


def client_as(role: str, make_user: Any, coordinator: Any, dezernat3: Any) -> Client:
    client = Client(headers={"accept-language": "en"})
    users = {
        "plain": lambda: make_user("buerger"),
        "dezernat": lambda: dezernat3,
        "coordinator": lambda: coordinator,
    }
    if role in users:
        client.force_login(users[role]())
    return client


def resolve(path: str, m: Meeting) -> str:
    return path.format(e=m.election.pk, o=m.organisations[0].pk, c=m.candidates[0].pk)


def answer_is_right(role: str, response: Any) -> bool:
    if role == "anonymous":
        return response.status_code == 302 and response["Location"].startswith("/anmelden/?next=")
    if role in ("plain", "dezernat"):
        return response.status_code == 403
    return response.status_code in (200, 405) or (
        response.status_code == 302 and not response["Location"].startswith("/anmelden/")
    )


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("role", ROLES)
def test_only_the_coordination_may_open_coordinator_pages_and_actions(
    role, method, m, make_user, coordinator, dezernat3
):
    """Anonymous visitors are sent to the login, other users get 403 and change nothing."""
    client = client_as(role, make_user, coordinator, dezernat3)
    entries = AuditEntry.objects.count()
    wrong = []
    for path in COORDINATOR_URLS:
        response = getattr(client, method)(resolve(path, m))
        if not answer_is_right(role, response):
            wrong.append(f"{method.upper()} {path}: {response.status_code}")
    assert not wrong, f"{role}: " + ", ".join(wrong)
    if role != "coordinator":
        assert AuditEntry.objects.count() == entries


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", PUBLIC_URLS)
def test_the_candidate_list_voting_page_and_projector_are_public(
    path, role, m, make_user, coordinator, dezernat3
):
    client = client_as(role, make_user, coordinator, dezernat3)
    assert client.get(resolve(path, m)).status_code == 200


def test_the_election_link_in_the_navigation_is_for_the_coordination_only(
    client, hannover, coordinator, make_user
):
    assert 'href="/wahl/"' not in client.get("/").content.decode()
    client.force_login(make_user("buerger"))
    assert 'href="/wahl/"' not in client.get("/").content.decode()
    client.force_login(coordinator)
    assert 'href="/wahl/"' in client.get("/").content.decode()


def test_the_admin_shows_ballot_counters_and_code_uses_not_at_all(client, m, make_user):
    admin = make_user("chef", is_staff=True, is_superuser=True)
    client.force_login(admin)
    index = client.get("/admin/").content.decode()
    assert "/admin/elections/migrantorganisation/" in index
    assert "/admin/elections/ballotcount/" not in index
    assert "/admin/elections/codeuse/" not in index
    assert client.get("/admin/elections/election/add/").status_code == 403
    for path in [
        "/admin/elections/migrantorganisation/",
        "/admin/elections/migrantorganisation/add/",
        f"/admin/elections/migrantorganisation/{m.organisations[0].pk}/change/",
        "/admin/elections/election/",
        f"/admin/elections/election/{m.election.pk}/change/",
        "/admin/elections/candidacy/",
    ]:
        assert client.get(path).status_code == 200, path


def test_the_register_kept_in_the_admin_is_audited(client, hannover, make_user):
    admin = make_user("chef", is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.post(
        "/admin/elections/migrantorganisation/add/",
        {"process": hannover.pk, "name": "Neuer Verein", "language": "de", "active": "on"},
    )
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="elections.register.added").count() == 1


def test_after_logging_in_from_a_button_the_coordinator_lands_on_the_dashboard(client, m):
    """A POST-only address cannot be shown after the login: the dashboard is."""
    response = client.post(f"/wahl/{m.election.pk}/sitzung/")
    assert response.status_code == 302
    assert response["Location"] == f"/anmelden/?next=/wahl/{m.election.pk}/"
