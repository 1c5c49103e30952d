"""The coordinator's day on the election pages: every document linked from the
dashboard, corrections before the meeting, confirmations before every step that
cannot be undone, check-in without losing codes on a reload, lost cards replaced
several at once, the whole sheet reprinted, and long lists a page at a time."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from tests.conftest import english_client
from tests.elections.factories import meeting, new_election, register, vote

from planwerk.audit.models import AuditEntry
from planwerk.elections import services
from planwerk.elections.models import (
    Candidacy,
    CheckIn,
    CodeUse,
    Election,
    MigrantOrganisation,
    Round,
    VotingCard,
)

pytestmark = pytest.mark.django_db

CODE = re.compile(r'class="pw-card__code">([A-Z0-9]{5}-[A-Z0-9]{5})<')


@pytest.fixture
def client(coordinator: Any) -> Any:
    client = english_client()
    client.force_login(coordinator)
    return client


def text(response: Any) -> str:
    return " ".join(response.content.decode().split())


def confirmed(data: dict[str, Any] | None = None) -> dict[str, Any]:
    return {**(data or {}), "confirmed": "yes"}


def nominations(hannover: Any, coordinator: Any, organisations: int = 4) -> Election:
    orgs = register(hannover, coordinator, organisations)
    election = new_election(hannover, coordinator)
    services.open_nominations(coordinator, election)
    for i, org in enumerate(orgs[:3]):
        services.nominate(
            coordinator,
            election,
            org,
            given_name=f"Kandidatin{i + 1}",
            family_name="Muster",
            self_description="Engagiert.",
            consent_to_publication=True,
        )
    return election


# -- point 4: the dashboard links every document -----------------------------------------
def test_the_dashboard_links_every_document_and_page_of_the_election(client, hannover, coordinator):
    m = meeting(hannover, coordinator, organisations=4, candidates=3)
    pk = m.election.pk
    page = text(client.get(f"/wahl/{pk}/"))
    for name in (
        "doc_invitations",
        "doc_letters",
        "doc_invitations_pdf",
        "doc_minutes",
        "doc_minutes_pdf",
        "candidates",
        "vote",
        "projector",
        "check_in",
        "replace_cards",
        "reprint_cards",
    ):
        assert f'href="{reverse(f"elections:{name}", args=[pk])}' in page, name
    # The record is published once the seed is entered; then the dashboard links it.
    assert reverse("elections:doc_record", args=[pk]) not in page
    services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    vote(m, ["c1", "c2"])
    services.close_round(coordinator, m.election.rounds.get())
    services.enter_seed(coordinator, m.election, "1-2-3-4-5-6")
    page = text(client.get(f"/wahl/{pk}/"))
    assert f'href="{reverse("elections:doc_record", args=[pk])}"' in page


def test_the_public_result_page_and_record_are_linked_once_the_seed_is_in(
    client, hannover, coordinator
):
    m = meeting(hannover, coordinator, organisations=4, candidates=3)
    services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    vote(m, ["c1", "c2"])
    services.close_round(coordinator, m.election.rounds.get())
    before = text(client.get(f"/wahl/{m.election.pk}/"))
    assert f'href="/wahl/{m.election.pk}/ergebnis/"' in before
    assert f'href="/wahl/dokumente/{m.election.pk}/wahlergebnis.json"' not in before
    services.enter_seed(coordinator, m.election, "1-2-3-4-5-6")
    page = text(client.get(f"/wahl/{m.election.pk}/"))
    assert f'href="/wahl/{m.election.pk}/ergebnis/"' in page
    assert f'href="/wahl/dokumente/{m.election.pk}/wahlergebnis.json"' in page


# -- point 6: corrections, renomination, confirmations -------------------------------------
def test_a_typo_in_a_candidacy_is_corrected_before_the_meeting_and_audited(
    client, hannover, coordinator
):
    election = nominations(hannover, coordinator)
    c1 = election.candidacies.get(public_id="c1")
    form = client.get(f"/wahl/{election.pk}/kandidatur/{c1.pk}/")
    assert 'value="Kandidatin1"' in text(form)
    response = client.post(
        f"/wahl/{election.pk}/kandidatur/{c1.pk}/",
        {"given_name": "Kandidatin Eins", "family_name": "Muster", "self_description": "Neu."},
    )
    assert response.status_code == 302
    c1.refresh_from_db()
    assert (c1.given_name, c1.self_description) == ("Kandidatin Eins", "Neu.")
    entry = AuditEntry.objects.get(action="elections.candidacy.corrected")
    assert entry.actor == "koordination"
    assert entry.payload["before"] == {
        "given_name": "Kandidatin1",
        "self_description": "Engagiert.",
    }
    assert entry.payload["after"] == {"given_name": "Kandidatin Eins", "self_description": "Neu."}
    assert "Kandidatin Eins Muster" in text(client.get(f"/wahl/{election.pk}/kandidaturen/"))


def test_a_candidacy_no_longer_changes_once_the_meeting_has_started(client, hannover, coordinator):
    election = nominations(hannover, coordinator)
    services.start_meeting(coordinator, election)
    c1 = election.candidacies.get(public_id="c1")
    response = client.post(
        f"/wahl/{election.pk}/kandidatur/{c1.pk}/",
        {"given_name": "Anders", "family_name": "Muster", "self_description": "Neu."},
    )
    assert "can be corrected until the election meeting starts" in text(response)
    c1.refresh_from_db()
    assert c1.given_name == "Kandidatin1"
    assert "Correct<span" not in text(client.get(f"/wahl/{election.pk}/"))


def test_an_organisation_whose_candidate_withdrew_before_round_1_nominates_again(
    client, hannover, coordinator
):
    election = nominations(hannover, coordinator)
    c1 = election.candidacies.select_related("organisation").get(public_id="c1")
    services.withdraw(coordinator, c1)
    again = services.nominate(
        coordinator,
        election,
        c1.organisation,
        given_name="Nachfolgerin",
        family_name="Muster",
        self_description="Übernimmt.",
        consent_to_publication=True,
    )
    assert again.public_id == "c4"
    # Still one standing candidate per organisation: a third is refused ...
    with translation.override("en"), pytest.raises(services.ValidationError, match="already"):
        services.nominate(
            coordinator,
            election,
            c1.organisation,
            given_name="Dritte",
            family_name="Muster",
            self_description="x",
            consent_to_publication=True,
        )
    # ... and so it is by the database.
    with pytest.raises(IntegrityError), transaction.atomic():
        Candidacy.objects.create(
            election=election,
            organisation=c1.organisation,
            public_id="c9",
            given_name="Vierte",
            family_name="Muster",
            self_description="x",
            consent_to_publication=True,
            submitted_by="x",
        )
    page = text(client.get(f"/wahl/{election.pk}/"))
    assert "withdrew before round 1" in page and "Nachfolgerin Muster" in page


def test_a_withdrawal_before_round_1_says_the_organisation_may_nominate_again(
    client, hannover, coordinator
):
    election = nominations(hannover, coordinator)
    c1 = election.candidacies.get(public_id="c1")
    page = text(client.get(f"/wahl/{election.pk}/rueckzug/{c1.pk}/"))
    assert "withdraws before round 1" in page
    deadline = timezone.localtime(election.nomination_deadline)
    assert f"Until the nomination deadline, {deadline:%m/%d/%Y}" in page
    assert "This cannot be undone." in page
    assert Candidacy.objects.get(pk=c1.pk).withdrawn_before_round is None


def test_the_withdrawal_before_the_runoff_names_who_moves_up(client, hannover, coordinator):
    m = meeting(hannover, coordinator, organisations=10, candidates=6)
    services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    vote(m, ["c1", "c1", "c1", "c2", "c2", "c3", "c3", "c4", "c4", "c5"])
    services.close_round(coordinator, m.election.rounds.get())
    services.enter_seed(coordinator, m.election, "1-2-3-4-5-6")
    c2 = m.election.candidacies.get(public_id="c2")
    page = text(client.post(f"/wahl/{m.election.pk}/rueckzug/{c2.pk}/"))
    assert "Kandidatin5 Muster, the next placed of round 1, moves up into round 2." in page
    assert m.election.candidacies.get(pk=c2.pk).withdrawn_before_round is None


@pytest.mark.parametrize(
    ("step", "path", "data", "says"),
    [
        ("start", "/wahl/{e}/sitzung/", {}, "Check-in begins"),
        ("open", "/wahl/{e}/wahlgang/", {"mode": "electronic"}, "Round 1 opens for voting"),
        ("open-paper", "/wahl/{e}/wahlgang/", {"mode": "paper"}, "4 ballot papers are handed"),
        ("close", "/wahl/{e}/wahlgang/1/schliessen/", {}, "No further vote is accepted"),
        ("withdraw", "/wahl/{e}/rueckzug/{c}/", {}, "no longer stands"),
        ("cancel", "/wahl/{e}/absagen/", {}, "voting cards handed out stop working"),
        ("replace", "/wahl/{e}/karte/{o}/", {}, "The old card stops working at once"),
        ("reprint", "/wahl/{e}/karten/alle-neu/", {}, "All 4 cards handed out so far stop"),
        ("fill", "/wahl/{e}/sitze/", {"start": "2026-01-01"}, "The elected become members"),
    ],
)
def test_every_irreversible_step_first_says_what_happens_and_changes_nothing(
    step, path, data, says, client, hannover, coordinator
):
    if step == "start":
        election = nominations(hannover, coordinator)
        m = None
    else:
        m = meeting(hannover, coordinator, organisations=4, candidates=3)
        election = m.election
        if step in ("close", "fill"):
            services.open_round(coordinator, election, Round.Mode.ELECTRONIC)
        if step == "fill":
            vote(m, ["c1", "c2", "c2"])
            services.close_round(coordinator, election.rounds.get())
            services.enter_seed(coordinator, election, "1-2-3-4-5-6")
    before = AuditEntry.objects.count()
    cards = sorted(VotingCard.objects.values_list("pk", "revoked_at"))
    url = path.format(
        e=election.pk,
        c=election.candidacies.first().pk,  # type: ignore[union-attr]
        o=m.organisations[0].pk if m else 0,
    )
    response = client.post(url, data)
    assert response.status_code == 200
    page = text(response)
    assert says in page
    assert 'name="confirmed" value="yes"' in page
    assert "no-store" in response["Cache-Control"]
    assert AuditEntry.objects.count() == before
    assert sorted(VotingCard.objects.values_list("pk", "revoked_at")) == cards
    # The confirmation's own form carries what the first request chose.
    for name, value in data.items():
        assert f'name="{name}" value="{value}"' in page


def test_right_after_a_round_opens_no_single_key_press_closes_it(client, hannover, coordinator):
    m = meeting(hannover, coordinator, organisations=4, candidates=3)
    response = client.post(f"/wahl/{m.election.pk}/wahlgang/", confirmed({"mode": "electronic"}))
    assert response["Location"].endswith("#round")
    page = client.get(response["Location"]).content.decode()
    section = page[page.index('id="round"') :]
    first_stop = re.search(r"<(a|button|input|select|textarea)\b[^>]*>", section)
    assert first_stop is not None
    assert "schliessen" not in first_stop.group(0) and "submit" not in first_stop.group(0)
    # "Close" is a link to the confirmation, not a button that closes.
    close = reverse("elections:close_round", args=[m.election.pk, 1])
    assert f'<a class="kern-btn kern-btn--secondary" href="{close}"' in page
    assert f'action="{close}"' not in page


# -- point 7: check-in without losing codes --------------------------------------------------
def test_reloading_after_a_check_in_sends_nothing_again_and_shows_no_code_again(
    client, hannover, coordinator
):
    m = meeting(hannover, coordinator, organisations=3, candidates=2)
    late = [
        services.confirm_eligibility(
            coordinator,
            services.register_organisation(
                coordinator, MigrantOrganisation(process=hannover, name=name)
            ),
        )
        for name in ("Syrisches Haus e.V.", "Später Verein")
    ]
    response = client.post(
        f"/wahl/{m.election.pk}/einchecken/", {"selected": [str(o.pk) for o in late]}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/wahl/{m.election.pk}/karten/"
    sheet = client.get(response["Location"])
    assert "no-store" in sheet["Cache-Control"]
    codes = CODE.findall(text(sheet))
    assert len(codes) == 2
    # A reload is a GET of the sheet: no second check-in, and the codes are gone.
    reload = text(client.get(response["Location"]))
    assert CODE.findall(reload) == []
    assert "each card's code is shown once" in reload
    assert "Replace the cards of the last sheet" in reload
    assert "Syrisches Haus e.V." in reload
    assert CheckIn.objects.filter(election=m.election).count() == 5
    assert VotingCard.objects.filter(election=m.election).count() == 5


def test_cards_of_a_sheet_that_was_not_printed_are_replaced_in_one_go(
    client, hannover, coordinator
):
    m = meeting(hannover, coordinator, organisations=4, candidates=2)
    services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    first, second = m.organisations[:2]
    vote(m, ["c1"])  # the first organisation has voted in round 1
    selected = {"selected": [str(first.pk), str(second.pk)]}
    confirm = text(client.post(f"/wahl/{m.election.pk}/karten/ersetzen/", selected))
    assert "Replace the voting cards of 2 organisations?" in confirm
    assert "Verein 01" in confirm and "Verein 02" in confirm
    response = client.post(f"/wahl/{m.election.pk}/karten/ersetzen/", confirmed(selected))
    new_codes = CODE.findall(text(client.get(response["Location"])))
    assert len(new_codes) == 2
    assert VotingCard.objects.filter(election=m.election, revoked_at__isnull=False).count() == 2
    with pytest.raises(services.BallotRefused):
        services.cast_ballot(m.election, m.codes[second.pk], "c1")
    # The new card of the organisation that voted cannot vote again in round 1.
    with pytest.raises(services.BallotRefused):
        services.cast_ballot(m.election, new_codes[0], "c2")
    services.cast_ballot(m.election, new_codes[1], "c2")
    assert AuditEntry.objects.filter(action="elections.meeting.card_replaced").count() == 2


def test_a_full_sheet_is_printed_again_with_new_codes_and_the_old_ones_void(
    client, hannover, coordinator
):
    m = meeting(hannover, coordinator, organisations=5, candidates=2)
    services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    vote(m, ["c1", "c2"])
    confirm = text(client.get(f"/wahl/{m.election.pk}/karten/alle-neu/"))
    assert "All 5 cards handed out so far stop working at once." in confirm
    response = client.post(f"/wahl/{m.election.pk}/karten/alle-neu/", confirmed())
    sheet = text(client.get(response["Location"]))
    codes = CODE.findall(sheet)
    assert len(codes) == 5
    assert "The previous cards of these organisations no longer work." in sheet
    for old in m.codes.values():
        with pytest.raises(services.BallotRefused, match="no longer valid"):
            services.cast_ballot(m.election, old, "c1")
    # Two organisations had voted: two of the new cards are used in round 1 already.
    used = CodeUse.objects.filter(card__revoked_at__isnull=True).count()
    assert used == 2
    assert AuditEntry.objects.get(action="elections.meeting.cards_reprinted").payload == {
        "cards": 5
    }


def bulk_register(process: Any, count: int, prefix: str = "Gruppe") -> None:
    """Many confirmed organisations at once (the pages read them; how they got into
    the register does not matter here)."""
    now = timezone.now()
    MigrantOrganisation.objects.bulk_create(
        MigrantOrganisation(
            process=process,
            name=f"{prefix} {i:04d}",
            eligibility_confirmed_at=now,
            eligibility_confirmed_by="koordination",
        )
        for i in range(1, count + 1)
    )


# -- long lists ----------------------------------------------------------------------------
def test_the_register_shows_a_page_at_a_time_and_finds_by_name(client, hannover, coordinator):
    register(hannover, coordinator, 60)
    first = text(client.get("/wahl/register/"))
    assert "60 organisations" in first
    assert "Verein 50" in first and "Verein 51" not in first
    assert "Page 1 of 2" in first
    second = text(client.get("/wahl/register/?page=2"))
    assert "Verein 51" in second and "Verein 50" not in second
    found = text(client.get("/wahl/register/?q=ein+07"))
    assert "1 organisation matches" in found and "Verein 07" in found


def test_the_register_and_check_in_pages_do_not_grow_with_the_register(
    client, hannover, coordinator, django_assert_max_num_queries
):
    m = meeting(hannover, coordinator, organisations=5, candidates=2)
    bulk_register(hannover, 2000)
    for url in ("/wahl/register/", f"/wahl/{m.election.pk}/einchecken/", f"/wahl/{m.election.pk}/"):
        with django_assert_max_num_queries(14):
            response = client.get(url)
        assert response.status_code == 200
        assert len(response.content) < 200_000, url


def test_the_check_in_page_finds_an_organisation_among_many(client, hannover, coordinator):
    m = meeting(hannover, coordinator, organisations=3, candidates=2)
    bulk_register(hannover, 80)
    page = text(client.get(f"/wahl/{m.election.pk}/einchecken/?q=Gruppe+0042"))
    assert "Not checked in yet: 1 organisation matches" in page
    assert page.count('name="single"') == 1


# -- words, dates, full stops -------------------------------------------------------------
def test_an_organisation_name_ending_in_a_full_stop_gets_no_second_one(
    client, hannover, coordinator
):
    election = new_election(hannover, coordinator)
    services.open_nominations(coordinator, election)
    org = services.confirm_eligibility(
        coordinator,
        services.register_organisation(
            coordinator, MigrantOrganisation(process=hannover, name="Syrisches Haus e.V.")
        ),
    )
    response = client.post(
        f"/wahl/{election.pk}/nominieren/",
        {
            "organisation": org.pk,
            "given_name": "Rana",
            "family_name": "Haddad",
            "self_description": "x",
            "consent_to_publication": "on",
        },
        follow=True,
    )
    page = text(response)
    assert "Syrisches Haus e.V.: Rana Haddad is recorded as candidate." in page
    assert "e.V.." not in page


def test_messages_write_dates_as_people_read_them(hannover, coordinator):
    election = new_election(
        hannover,
        coordinator,
        meeting_at=timezone.make_aware(dt.datetime(2026, 11, 30, 18, 0)),
        nomination_deadline=timezone.make_aware(dt.datetime(2026, 11, 2, 23, 59)),
    )
    services.open_nominations(coordinator, election)
    Election.objects.filter(pk=election.pk).update(
        nomination_deadline=timezone.now() - dt.timedelta(days=1)
    )
    deadline = timezone.localtime(timezone.now() - dt.timedelta(days=1))
    org = register(hannover, coordinator, 1)[0]
    with translation.override("de"), pytest.raises(services.ValidationError) as caught:
        services.nominate(
            coordinator,
            election,
            org,
            given_name="A",
            family_name="B",
            self_description="x",
            consent_to_publication=True,
        )
    message = caught.value.messages[0]
    assert f"{deadline:%d.%m.%Y %H:%M}" in message
    assert not re.search(r"\d{4}-\d{2}-\d{2}", message)


def test_the_seats_note_writes_the_meeting_date_the_german_way(hannover, coordinator):
    m = meeting(
        hannover,
        coordinator,
        organisations=4,
        candidates=2,
        meeting_at=timezone.make_aware(dt.datetime(2026, 11, 30, 18, 0)),
        nomination_deadline=timezone.now() + dt.timedelta(hours=1),
    )
    services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    vote(m, ["c1", "c2", "c1"])
    services.close_round(coordinator, m.election.rounds.get())
    services.enter_seed(coordinator, m.election, "1-2-3-4-5-6")
    with translation.override("de"):
        elected = services.fill_seats(coordinator, m.election, dt.date(2026, 12, 1))
    assert elected[0].membership is not None
    assert elected[0].membership.note == "Gewählt am 30.11.2026"


def test_long_names_wrap_on_the_register_and_candidate_pages(client, hannover, coordinator):
    long = "Interkulturelles" * 12
    org = services.confirm_eligibility(
        coordinator,
        services.register_organisation(
            coordinator, MigrantOrganisation(process=hannover, name=long)
        ),
    )
    election = new_election(hannover, coordinator)
    services.open_nominations(coordinator, election)
    services.nominate(
        coordinator,
        election,
        org,
        given_name=long[:100],
        family_name="X",
        self_description=long,
        consent_to_publication=True,
    )
    register_page = client.get("/wahl/register/").content.decode()
    assert 'class="kern-table pw-wrap-table"' in register_page
    candidates = client.get(f"/wahl/{election.pk}/kandidaturen/").content.decode()
    assert 'class="pw-stack pw-wrap"' in candidates
    css = (Path(services.__file__).parent / "static/elections/elections.css").read_text()
    assert (
        ".pw-wrap, .pw-wrap-table tbody th, .pw-wrap-table td { overflow-wrap: anywhere; }" in css
    )


def test_the_server_keeps_no_code_on_the_way_to_the_card_sheet(client, hannover, coordinator):
    from django.contrib.sessions.models import Session

    m = meeting(hannover, coordinator, organisations=3, candidates=2)
    late = services.confirm_eligibility(
        coordinator,
        services.register_organisation(
            coordinator, MigrantOrganisation(process=hannover, name="Neu")
        ),
    )
    response = client.post(f"/wahl/{m.election.pk}/einchecken/", {"single": late.pk})
    stored = " ".join(s.session_data for s in Session.objects.all())
    decoded = str([s.get_decoded() for s in Session.objects.all()])
    cookie = response.cookies["pw_cards_key"]
    assert cookie["path"] == f"/wahl/{m.election.pk}/karten/"
    assert cookie["httponly"] and cookie["samesite"] == "Strict"
    (code,) = CODE.findall(text(client.get(response["Location"])))
    for kept in (stored, decoded):
        assert code not in kept and code.replace("-", "") not in kept
    # The sheet drops the key: a second look shows no code.
    assert client.cookies["pw_cards_key"].value == ""
    assert CODE.findall(text(client.get(response["Location"]))) == []


def test_a_sheet_without_its_key_shows_no_code(client, hannover, coordinator):
    m = meeting(hannover, coordinator, organisations=3, candidates=2)
    org = m.organisations[0]
    response = client.post(f"/wahl/{m.election.pk}/karte/{org.pk}/", confirmed())
    client.cookies["pw_cards_key"] = "bm90IHRoZSByaWdodCBrZXkgYXQgYWxsLCBzb3JyeSEhIQ=="
    page = text(client.get(response["Location"]))
    assert CODE.findall(page) == []
    assert "Replace the cards of the last sheet" in page


def test_codes_derived_from_a_key_look_like_any_other_code():
    key = bytes(range(32))
    codes = services.codes_from_key(key, 7)
    first = codes(1)
    assert first == codes(1) and first != codes(2)
    assert first != services.codes_from_key(bytes(range(1, 33)), 7)(1)
    assert first != services.codes_from_key(key, 8)(1)
    drawn = "".join(codes(n) for n in range(2000))
    assert len(first) == services.CODE_LENGTH and set(drawn) == set(services.CODE_ALPHABET)
    with pytest.raises(ValueError):
        services.codes_from_key(b"short", 7)
