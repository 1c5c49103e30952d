"""A whole election leaves a complete, unbroken trail in the audit log."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from tests.elections.factories import new_election, register

from planwerk.audit.models import AuditEntry
from planwerk.audit.services import verify
from planwerk.elections import services, tasks
from planwerk.elections.models import Candidacy, Round

pytestmark = pytest.mark.django_db

SEED = "4-1-6-2-5-3"


def test_a_full_election_writes_every_step_into_an_intact_audit_log(
    hannover, coordinator, make_user
):
    second = make_user("zweite", "coordinator")
    start = AuditEntry.objects.count()

    # The register.
    orgs = register(hannover, coordinator, 12)
    orgs[11].contact_email = ""
    services.update_organisation(coordinator, orgs[11])

    # Invitations and nominations.
    election = new_election(hannover, coordinator)
    tasks.send_invitations.enqueue(election.pk, "https://planwerk.example/", "koordination")
    services.open_nominations(coordinator, election)
    for i, org in enumerate(orgs[:6]):
        services.nominate(
            coordinator,
            election,
            org,
            given_name=f"Person{i + 1}",
            family_name="Muster",
            self_description="Engagiert.",
            consent_to_publication=True,
        )

    # The meeting: check-in, a lost card.
    services.start_meeting(coordinator, election)
    codes = {org.pk: services.check_in(coordinator, election, org).code for org in orgs}

    # Round 1, electronic; one card is replaced after its organisation voted.
    services.open_round(coordinator, election, Round.Mode.ELECTRONIC)
    choices = ["c1", "c1", "c1", "c2", "c2", "c3", "c3", "c4", "c5", "c6", None, None]
    for org, choice in zip(orgs, choices, strict=True):
        services.cast_ballot(election, codes[org.pk], choice)
    services.replace_card(coordinator, election, orgs[0])
    services.close_round(coordinator, election.rounds.get(number=1))

    # The seed and the lot for the fourth place.
    services.enter_seed(coordinator, election, SEED)
    state = services.election_state(election)
    assert state.result is not None

    # A finalist withdraws; round 2 on paper, entered twice.
    services.withdraw(coordinator, Candidacy.objects.get(election=election, public_id="c3"))
    finalists = services.election_state(election).next_field
    rnd = services.open_round(coordinator, election, Round.Mode.PAPER)
    tally = {finalists[0]: 6, finalists[1]: 4, finalists[2]: 1, finalists[3]: 0}
    services.enter_paper_tally(coordinator, rnd, tally, 1, 0)
    services.enter_paper_tally(second, rnd, tally, 1, 0)
    services.close_round(coordinator, rnd)

    # The seats.
    elected = services.fill_seats(coordinator, election, dt.date(2019, 11, 20))
    assert [c.public_id for c in elected] == [finalists[0], finalists[1]]

    actions = Counter(
        AuditEntry.objects.filter(sequence__gt=start).values_list("action", flat=True)
    )
    assert actions["elections.register.added"] == 12
    assert actions["elections.register.eligibility_confirmed"] == 12
    assert actions["elections.register.changed"] == 1
    assert actions["elections.election.created"] == 1
    assert actions["elections.invitations.sent"] == 1
    assert actions["elections.nominations.opened"] == 1
    assert actions["elections.candidacy.nominated"] == 6
    assert actions["elections.meeting.started"] == 1
    assert actions["elections.meeting.checked_in"] == 12
    assert actions["elections.meeting.card_replaced"] == 1
    assert actions["elections.round.opened"] == 2
    assert actions["elections.round.closed"] == 2
    assert actions["elections.paper.entered"] == 2
    assert actions["elections.lot.seed_entered"] == 1
    assert actions["elections.lot.drawn"] == 1
    assert actions["elections.candidacy.withdrawn"] == 1
    assert actions["elections.seats.filled"] == 1
    # Filling the seats appoints the elected through the bodies' service, logged there.
    assert sum(n for action, n in actions.items() if action.startswith("bodies.")) >= 2

    closed = AuditEntry.objects.filter(action="elections.round.closed").order_by("sequence")
    first, second_round = (entry.payload for entry in closed)
    assert first["votes"] == {"c1": 3, "c2": 2, "c3": 2, "c4": 1, "c5": 1, "c6": 1}
    assert (first["abstentions"], first["invalid"]) == (2, 0)
    # Twelve organisations voted, though one of them now holds a second card.
    assert first["cards_used"] == 12
    assert second_round["votes"] == tally and second_round["mode"] == "paper"
    assert AuditEntry.objects.get(action="elections.lot.seed_entered").payload == {"seed": SEED}
    assert AuditEntry.objects.get(action="elections.seats.filled").payload == {
        "elected": [finalists[0], finalists[1]],
        "start": "2019-11-20",
    }

    result = verify()
    assert result.ok, result.reason
    assert result.checked == AuditEntry.objects.count()
