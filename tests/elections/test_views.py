"""The coordinator's election pages and the projector, through the Django test client."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from tests.conftest import english_client
from tests.elections.factories import meeting, vote

from planwerk.elections import services
from planwerk.elections.models import (
    BallotCount,
    Candidacy,
    CheckIn,
    Election,
    MigrantOrganisation,
    PaperTallyEntry,
    Round,
    VotingCard,
)

pytestmark = pytest.mark.django_db

CODE = re.compile(r'class="pw-card__code">([A-Z0-9]{5}-[A-Z0-9]{5})<')


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    cache.clear()


@pytest.fixture
def client() -> Client:
    """A browser that asks for English: the tests read the msgids."""
    return english_client()


def text(response: Any) -> str:
    return response.content.decode()


def local(when: dt.datetime) -> str:
    return timezone.localtime(when).strftime("%Y-%m-%dT%H:%M")


def create_election(client: Any) -> Election:
    now = timezone.now()
    response = client.post(
        "/wahl/",
        {
            "title": "Wahl der MSO-Vertreter*innen",
            "meeting_at": local(now + dt.timedelta(days=14)),
            "place": "Neues Rathaus, Hodlersaal",
            "nomination_deadline": local(now + dt.timedelta(days=7)),
            "reply_to": "integration@example.org",
            "seats": "2",
            "runoff_size": "4",
            "tie_rule": "lot",
        },
    )
    election = Election.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/wahl/{election.pk}/"
    return election


def register_through_pages(client: Any, count: int) -> list[MigrantOrganisation]:
    for i in range(count):
        response = client.post(
            "/wahl/register/",
            {
                "name": f"Verein {i + 1:02d}",
                "contact_name": f"Kontakt {i + 1}",
                "contact_email": f"v{i + 1}@example.org",
                "active": "on",
            },
        )
        assert response.status_code == 302
    organisations = list(MigrantOrganisation.objects.order_by("name"))
    for org in organisations:
        assert client.post(f"/wahl/register/{org.pk}/bestaetigen/").status_code == 302
    return list(MigrantOrganisation.objects.order_by("name"))


def nominate_through_page(client: Any, election: Election, org: MigrantOrganisation, n: int):
    return client.post(
        f"/wahl/{election.pk}/nominieren/",
        {
            "organisation": org.pk,
            "given_name": f"Kandidatin{n}",
            "family_name": "Muster",
            "self_description": "Engagiert in der Integrationsarbeit.",
            "consent_to_publication": "on",
        },
    )


def cast(client: Any, election: Election, code: str, choice: str, round_number: int) -> Any:
    return client.post(
        f"/wahl/{election.pk}/abstimmen/",
        {"code": code, "choice": choice, "round": round_number},
    )


def confirmed(data: dict[str, Any] | None = None) -> dict[str, Any]:
    """The second POST of a step that asks for a confirmation."""
    return {**(data or {}), "confirmed": "yes"}


def cards_after(client: Any, response: Any) -> str:
    """The card sheet that a check-in or replacement redirects to."""
    assert response.status_code == 302, response.status_code
    sheet = client.get(response["Location"])
    assert "no-store" in sheet["Cache-Control"]
    return text(sheet)


def counts(election: Election, number: int) -> dict[str, int]:
    rnd = election.rounds.get(number=number)
    return {c.choice: c.count for c in BallotCount.objects.filter(round=rnd)}


def test_the_coordinator_runs_an_election_from_the_register_to_the_filled_seats(
    client, coordinator, make_user
):
    client.force_login(coordinator)
    election = create_election(client)
    assert election.seats == 2 and election.runoff_size == 4
    assert election.body.slug == "lenkungsgruppe" and election.seat.slug == "mso"

    orgs = register_through_pages(client, 6)
    register_page = text(client.get("/wahl/register/"))
    assert "Verein 06" in register_page and "koordination" in register_page
    assert all(o.eligible for o in orgs)

    assert client.post(f"/wahl/{election.pk}/nominierung/").status_code == 302
    for n, org in enumerate(orgs, start=1):
        assert nominate_through_page(client, election, org, n).status_code == 302
    assert Candidacy.objects.filter(election=election).count() == 6

    # A second nomination of the same organisation: the service's message, no change.
    again = nominate_through_page(client, election, orgs[0], 7)
    assert again.status_code == 200
    assert "has already nominated a candidate" in text(again)
    assert 'aria-describedby="id_organisation-error"' in text(again)
    assert Candidacy.objects.filter(election=election).count() == 6

    public = text(client.get(f"/wahl/{election.pk}/kandidaturen/"))
    assert "Kandidatin6 Muster" in public and "Verein 06" in public

    assert client.post(f"/wahl/{election.pk}/sitzung/", confirmed()).status_code == 302
    sheet = cards_after(
        client,
        client.post(f"/wahl/{election.pk}/einchecken/", {"selected": [str(o.pk) for o in orgs]}),
    )
    codes = CODE.findall(sheet)
    assert len(codes) == 6
    assert sheet.count('<svg role="img"') == 6
    assert CheckIn.objects.filter(election=election).count() == 6

    opened = client.post(f"/wahl/{election.pk}/wahlgang/", confirmed({"mode": "electronic"}))
    assert opened.status_code == 302
    dashboard = text(client.get(f"/wahl/{election.pk}/"))
    assert "0 of 6 organisations present have voted" in dashboard

    voter = client_class_for(client)
    # c1 twice, c2 to c5 once: c2 to c5 tie for the last three places of the runoff.
    for code, choice in zip(codes, ["c1", "c1", "c2", "c3", "c4", "c5"], strict=True):
        answer = cast(voter, election, code, choice, 1)
        assert "Your ballot has been counted" in text(answer)
        # The answer does not repeat the choice (a token may contain "c3" by chance).
        assert not re.search(rf"\b{choice}\b", text(answer))
    before = counts(election, 1)
    refused = cast(voter, election, codes[0], "c6", 1)
    assert "already voted in this round" in text(refused)
    assert counts(election, 1) == before

    live = text(client.get(f"/wahl/{election.pk}/stand/"))
    assert "6 of 6 organisations present have voted" in live

    assert (
        client.post(f"/wahl/{election.pk}/wahlgang/1/schliessen/", confirmed()).status_code == 302
    )
    projector = text(voter.get(f"/wahl/{election.pk}/projektor/"))
    assert "The lot seed is thrown now" in projector
    assert "pw-bars" not in projector and "Turnout" not in projector

    # The seed in two steps: it is shown once more, then fixed with its own button.
    assert client.post(f"/wahl/{election.pk}/los/", {"seed": "4-1-6-2-5-3"}).status_code == 200
    assert "pw-bars" not in text(voter.get(f"/wahl/{election.pk}/projektor/stand/"))
    fix = {"seed": "4-1-6-2-5-3", "confirm": "yes"}
    assert client.post(f"/wahl/{election.pk}/los/bestaetigen/", fix).status_code == 302
    projector = text(voter.get(f"/wahl/{election.pk}/projektor/stand/"))
    assert '<svg class="pw-bars"' in projector and "<rect" in projector
    assert "Turnout" in projector and "100.0 %" in projector
    assert "4-1-6-2-5-3" in projector and "Into the runoff" in projector
    state = services.election_state(election)
    finalists = state.result.rounds[0].advanced
    assert finalists[0] == "c1" and len(finalists) == 4

    opened = client.post(f"/wahl/{election.pk}/wahlgang/", confirmed({"mode": "electronic"}))
    assert opened.status_code == 302
    ballot = text(voter.get(f"/wahl/{election.pk}/abstimmen/?code={codes[0]}"))
    assert f'value="{codes[0]}"' in ballot
    runoff = [finalists[0]] * 3 + [finalists[1]] * 2 + ["abstain"]
    for code, choice in zip(codes, runoff, strict=True):
        assert "counted" in text(cast(voter, election, code, choice, 2))
    assert (
        client.post(f"/wahl/{election.pk}/wahlgang/2/schliessen/", confirmed()).status_code == 302
    )
    projector = text(voter.get(f"/wahl/{election.pk}/projektor/"))
    elected = [state.candidate(pid).name for pid in finalists[:2]]
    assert "Elected" in projector and all(name in projector for name in elected)

    filled = client.post(f"/wahl/{election.pk}/sitze/", confirmed({"start": timezone.localdate()}))
    assert filled.status_code == 302
    election.refresh_from_db()
    assert election.phase == Election.Phase.FINISHED
    steering = text(client.get("/gremien/lenkungsgruppe/"))
    assert all(name in steering for name in elected)


def client_class_for(client: Any) -> Any:
    """Another browser: anonymous, with its own cookies."""
    return english_client()


def test_checking_in_one_organisation_shows_its_printable_card_once(client, hannover, coordinator):
    m = meeting(hannover, coordinator, organisations=5, candidates=3)
    org = MigrantOrganisation.objects.create(process=hannover, name="Spätankommende e.V.")
    services.confirm_eligibility(coordinator, org)
    client.force_login(coordinator)
    response = client.post(
        f"/wahl/{m.election.pk}/einchecken/", {"single": org.pk, f"delegate_{org.pk}": "A. B."}
    )
    page = cards_after(client, response)
    (code,) = CODE.findall(page)
    assert "Spätankommende e.V." in page and "Print the cards now" in page
    assert f"/wahl/{m.election.pk}/abstimmen/" in page
    assert "<title>QR code" in page
    assert CheckIn.objects.get(organisation=org).delegate_name == "A. B."
    # The code is nowhere to be seen again.
    assert code not in text(client.get(f"/wahl/{m.election.pk}/"))
    again = client.post(f"/wahl/{m.election.pk}/einchecken/", {"single": org.pk})
    assert "cannot be checked in" in text(again)
    assert VotingCard.objects.filter(organisation=org).count() == 1


def test_checking_in_nobody_says_what_to_do(client, hannover, coordinator):
    m = meeting(hannover, coordinator, organisations=5, candidates=3)
    org = MigrantOrganisation.objects.create(process=hannover, name="Noch da e.V.")
    services.confirm_eligibility(coordinator, org)
    client.force_login(coordinator)
    response = client.post(f"/wahl/{m.election.pk}/einchecken/", {})
    assert "Choose at least one organisation" in text(response)


def test_a_replaced_card_prints_a_new_code_and_the_old_one_stops_working(
    client, hannover, coordinator
):
    m = meeting(hannover, coordinator, organisations=5, candidates=3)
    org = m.organisations[0]
    client.force_login(coordinator)
    confirm = client.get(f"/wahl/{m.election.pk}/karte/{org.pk}/")
    assert "Replace the voting card of Verein 01" in text(confirm)
    response = cards_after(
        client, client.post(f"/wahl/{m.election.pk}/karte/{org.pk}/", confirmed())
    )
    (new_code,) = CODE.findall(response)
    assert "previous card of this organisation no longer works" in response
    services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    old = cast(client_class_for(client), m.election, m.codes[org.pk], "c1", 1)
    assert "no longer valid" in text(old)
    new = cast(client_class_for(client), m.election, new_code, "c1", 1)
    assert "counted" in text(new)


def test_a_withdrawal_between_rounds_lets_the_next_placed_move_up(client, hannover, coordinator):
    m = meeting(hannover, coordinator, organisations=10, candidates=6)
    services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    vote(m, ["c1", "c1", "c1", "c2", "c2", "c3", "c3", "c4", "c4", "c5"])
    services.close_round(coordinator, m.election.rounds.get())
    services.enter_seed(coordinator, m.election, "1-2-3-4-5-6")
    client.force_login(coordinator)
    c2 = Candidacy.objects.get(election=m.election, public_id="c2")
    response = client.post(f"/wahl/{m.election.pk}/rueckzug/{c2.pk}/", confirmed(), follow=True)
    assert "has withdrawn" in text(response)
    assert set(services.election_state(m.election).next_field) == {"c1", "c3", "c4", "c5"}
    again = client.post(f"/wahl/{m.election.pk}/rueckzug/{c2.pk}/", confirmed(), follow=True)
    assert "already withdrawn" in text(again)


def test_a_service_refusal_shows_as_a_message_and_changes_nothing(client, hannover, coordinator):
    m = meeting(hannover, coordinator, organisations=5, candidates=3)
    client.force_login(coordinator)
    response = client.post(f"/wahl/{m.election.pk}/los/", {"seed": "1-2-3"})
    assert "after round 1 has closed" in text(response)
    services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    again = client.post(f"/wahl/{m.election.pk}/wahlgang/", confirmed({"mode": "electronic"}))
    assert "Round 1 is still open" in text(again)
    assert m.election.rounds.count() == 1
    early = client.post(f"/wahl/{m.election.pk}/sitze/", confirmed({"start": "2019-11-20"}))
    assert "no final result yet" in text(early)
    m.election.refresh_from_db()
    assert m.election.seats_filled_at is None


def test_a_round_without_a_valid_vote_elects_nobody(client, hannover, coordinator):
    m = meeting(hannover, coordinator, organisations=4, candidates=3)
    services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    vote(m, [None, None])
    services.close_round(coordinator, m.election.rounds.get())
    services.enter_seed(coordinator, m.election, "6-6-6-6-6-6")
    page = text(client.get(f"/wahl/{m.election.pk}/projektor/"))
    assert "There was no valid vote: nobody is elected." in page
    assert "2 seats stay open" in page
    assert "50.0 %" in page  # 2 ballots of 4 organisations present


# -- paper rounds -----------------------------------------------------------------------
@pytest.fixture
def paper_round(hannover: Any, coordinator: Any) -> Any:
    m = meeting(hannover, coordinator, organisations=6, candidates=3)
    services.open_round(coordinator, m.election, Round.Mode.PAPER)
    return m


def tally(client: Any, election: Election, c1: int, c2: int, c3: int, abst: int, inv: int):
    return client.post(
        f"/wahl/{election.pk}/wahlgang/1/zaehlung/",
        {
            "votes_c1": c1,
            "votes_c2": c2,
            "votes_c3": c3,
            "abstentions": abst,
            "invalid": inv,
        },
        follow=True,
    )


def test_two_matching_paper_entries_by_two_people_are_accepted(
    client, paper_round, coordinator, make_user
):
    election = paper_round.election
    client.force_login(coordinator)
    page = text(client.get(f"/wahl/{election.pk}/"))
    assert "Votes for Kandidatin1 Muster (Verein 01)" in page
    first = tally(client, election, 3, 2, 0, 1, 0)
    assert "Waiting for a second, matching entry by another person" in text(first)
    second = client_class_for(client)
    second.force_login(make_user("zaehlung", "coordinator"))
    accepted = tally(second, election, 3, 2, 0, 1, 0)
    assert "the tally is accepted" in text(accepted)
    assert PaperTallyEntry.objects.filter(accepted=True).count() == 1
    closed = client.post(f"/wahl/{election.pk}/wahlgang/1/schliessen/", confirmed(), follow=True)
    assert "Round 1 is closed" in text(closed)


def test_mismatching_paper_entries_are_not_accepted_and_name_the_difference(
    client, paper_round, coordinator, make_user
):
    election = paper_round.election
    client.force_login(coordinator)
    tally(client, election, 3, 2, 0, 1, 0)
    second = client_class_for(client)
    second.force_login(make_user("zaehlung", "coordinator"))
    page = text(tally(second, election, 2, 3, 0, 1, 0))
    assert "The entries of koordination and zaehlung differ in:" in page
    assert "votes for Kandidatin1 Muster" in page and "votes for Kandidatin2 Muster" in page
    assert "votes for Kandidatin3 Muster" not in page
    assert not PaperTallyEntry.objects.filter(accepted=True).exists()
    refused = client.post(f"/wahl/{election.pk}/wahlgang/1/schliessen/", confirmed(), follow=True)
    assert "Enter the paper tally twice" in text(refused)
    assert election.rounds.get().status == Round.Status.OPEN


def test_a_paper_tally_that_does_not_add_up_to_the_ballots_handed_out_is_refused(
    client, paper_round, coordinator
):
    election = paper_round.election
    client.force_login(coordinator)
    response = tally(client, election, 3, 2, 0, 0, 0)
    assert "add up to 5 ballots, but 6 were handed out" in text(response)
    assert not PaperTallyEntry.objects.exists()


def test_the_voting_page_sends_paper_voters_to_their_ballot_paper(client, paper_round):
    page = text(client.get(f"/wahl/{paper_round.election.pk}/abstimmen/"))
    assert "Round 1 is held on paper" in page
    assert "Kandidatin1" not in page


# -- the projector ------------------------------------------------------------------------
def test_the_projector_counts_organisations_that_voted_without_showing_for_whom(
    client, hannover, coordinator
):
    m = meeting(hannover, coordinator, organisations=5, candidates=3)
    services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    vote(m, ["c1", "c1"])
    page = text(client.get(f"/wahl/{m.election.pk}/projektor/"))
    assert "2 of 5 organisations present have voted" in page
    assert f'hx-get="/wahl/{m.election.pk}/projektor/stand/"' in page
    assert 'hx-trigger="every 3s"' in page
    assert "Kandidatin1 Muster" in page
    assert "pw-bars" not in page and "Turnout" not in page
    assert "style=" not in page and "<script>" not in page


def test_a_replaced_card_that_voted_counts_once_on_the_projector(client, hannover, coordinator):
    m = meeting(hannover, coordinator, organisations=5, candidates=3)
    services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    vote(m, ["c1"])
    services.replace_card(coordinator, m.election, m.organisations[0])
    page = text(client.get(f"/wahl/{m.election.pk}/projektor/stand/"))
    assert "1 of 5 organisations present has voted" in page


def test_the_projector_partial_needs_few_queries_however_many_voted(
    client, hannover, coordinator, django_assert_max_num_queries
):
    m = meeting(hannover, coordinator, organisations=12, candidates=6)
    services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    vote(m, ["c1", "c2", "c3", "c4", "c5", "c6", "c1", "c2", "c3", None])
    with django_assert_max_num_queries(9):
        assert client.get(f"/wahl/{m.election.pk}/projektor/stand/").status_code == 200
    services.close_round(coordinator, m.election.rounds.get())
    services.enter_seed(coordinator, m.election, "4-1-6-2-5-3")
    with django_assert_max_num_queries(9):
        page = client.get(f"/wahl/{m.election.pk}/projektor/stand/")
    assert "Into the runoff" in text(page)


# -- forms that say what is wrong ---------------------------------------------------------
def test_an_election_with_a_runoff_smaller_than_the_seats_is_refused(client, coordinator):
    client.force_login(coordinator)
    now = timezone.now()
    response = client.post(
        "/wahl/",
        {
            "title": "Wahl",
            "meeting_at": local(now + dt.timedelta(days=14)),
            "place": "Rathaus",
            "nomination_deadline": local(now + dt.timedelta(days=21)),
            "seats": "3",
            "runoff_size": "2",
            "tie_rule": "lot",
        },
    )
    page = text(response)
    assert "at least as many candidates as there are seats (3)" in page
    assert "The nomination deadline must be before the meeting." in page
    assert not Election.objects.exists()


def test_an_organisation_is_registered_once(client, hannover, coordinator):
    client.force_login(coordinator)
    client.post("/wahl/register/", {"name": "Verein 01", "active": "on"})
    again = client.post("/wahl/register/", {"name": "verein 01", "active": "on"})
    assert "An organisation of this name is already registered." in text(again)
    assert MigrantOrganisation.objects.count() == 1


def test_editing_an_organisation_can_take_it_out_of_the_register(client, hannover, coordinator):
    client.force_login(coordinator)
    client.post("/wahl/register/", {"name": "Verein 01", "active": "on"})
    org = MigrantOrganisation.objects.get()
    response = client.post(f"/wahl/register/{org.pk}/", {"name": "Verein 01 e.V."})
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.name == "Verein 01 e.V." and not org.active
