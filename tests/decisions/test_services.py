"""Deciding on a version: every refusal changes nothing; a decision moves the
version on through its workflow; requirements are answered before the next version."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from planwerk.audit.models import AuditEntry
from planwerk.core.workflow import history
from planwerk.decisions import services
from planwerk.decisions.models import Decision, Requirement, RequirementAnswer, SeatVote
from planwerk.decisions.tally import tally
from planwerk.meetings.models import Attendance, Meeting
from planwerk.papers import services as papers
from planwerk.papers.models import Recommendation, Version


def sections(world: Any) -> list[str]:
    return [s.id for s in world.version.paper()]


def refused(world: Any, *args: Any, **kwargs: Any) -> str:
    with pytest.raises(ValidationError) as error:
        services.decide(world.coordinator, world.meeting, world.version, *args, **kwargs)
    assert not Decision.objects.exists()
    assert not SeatVote.objects.exists()
    world.version.refresh_from_db()
    assert world.version.status == Version.Status.SUBMITTED
    return " ".join(error.value.messages)


def test_accepting_moves_the_version_on_and_keeps_the_votes(world: Any) -> None:
    world.attend()
    ballots = world.all_yes()
    objector = world.key("mso")
    ballots[objector] = "no"
    decision = services.decide(world.coordinator, world.meeting, world.version, "accepted", ballots)
    world.version.refresh_from_db()
    assert world.version.status == Version.Status.ACCEPTED
    step = history(world.version).last()
    assert (step.source, step.target, step.decided_by) == ("submitted", "accepted", "koordination")
    assert decision.result["votes_total"] == 23
    assert decision.result["votes_present"] == 23
    assert (decision.result["yes"], decision.result["no"]) == (22, 1)
    assert decision.result["objections"] == [objector]
    assert decision.votes.count() == 23
    assert decision.votes.get(seat_key=objector).person_name == str(world.members[objector].person)
    entry = AuditEntry.objects.get(action="decisions.decided")
    assert entry.payload["yes"] == 22 and entry.payload["votes_total"] == 23


def test_returning_records_requirements_and_a_change_recommendation(world: Any) -> None:
    world.attend()
    first, second = sections(world)
    decision = services.decide(
        world.coordinator,
        world.meeting,
        world.version,
        "returned",
        world.all_yes(),
        [
            ("Die Leitlinien schärfen.", [first], (first, "Hannover ist eine Einwanderungsstadt.")),
            ("Begriffe erläutern.", [first, second], None),
        ],
    )
    world.version.refresh_from_db()
    assert world.version.status == Version.Status.RETURNED
    one, two = decision.requirements.all()
    assert (one.number, one.section_ids) == (1, [first])
    assert one.recommendation.proposed_text == "Hannover ist eine Einwanderungsstadt."
    assert one.recommendation.status == Recommendation.Status.OPEN
    assert two.recommendation is None and two.section_ids == [first, second]


def test_a_version_is_decided_once(world: Any) -> None:
    world.attend()
    services.decide(world.coordinator, world.meeting, world.version, "accepted", world.all_yes())
    world.version.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.decide(
            world.coordinator, world.meeting, world.version, "accepted", world.all_yes()
        )
    assert "not under review" in error.value.messages[0]
    assert Decision.objects.count() == 1


def test_only_the_coordination_records_a_decision(world: Any) -> None:
    world.attend()
    for user in (world.stranger, world.seated, world.writer):
        with pytest.raises(PermissionDenied):
            services.decide(user, world.meeting, world.version, "accepted", world.all_yes())
    assert not Decision.objects.exists()


def test_a_meeting_of_another_body_cannot_decide(world: Any) -> None:
    world.attend()
    world.meeting.body = world.group
    world.meeting.save()
    message = refused(world, "accepted", {})
    assert "not a meeting of the body that decides" in message


@pytest.mark.parametrize("status", ["planned", "invited", "minutes_approved", "cancelled"])
def test_a_meeting_that_is_not_held_cannot_decide(world: Any, status: str) -> None:
    world.attend()
    ballots = world.all_yes()
    Meeting.objects.filter(pk=world.meeting.pk).update(status=status)
    world.meeting.refresh_from_db()
    assert "held meeting" in refused(world, "accepted", ballots)


def test_without_attendance_nothing_is_decided(world: Any) -> None:
    assert "Record the attendance" in refused(world, "accepted", {})


def test_without_quorum_nothing_is_decided(world: Any) -> None:
    keys = list(world.members)
    world.attend(absent=tuple(keys[:13]))  # the joint vote's two seats and 11 more
    message = refused(world, "accepted", world.all_yes())
    assert "not quorate: 11 of 23 votes" in message


def test_the_second_seat_of_the_joint_vote_cannot_vote_while_the_chair_is_present(
    world: Any,
) -> None:
    world.attend()
    _chair, deputy = tally(world.meeting).body.joint_votes[0].seats
    ballots = {**world.all_yes(), deputy: "yes"}
    message = refused(world, "accepted", ballots)
    assert "shares one vote" in message
    assert Attendance.objects.filter(meeting=world.meeting).count() == 24


def test_a_ballot_from_an_absent_seat_is_refused(world: Any) -> None:
    absent = world.key("mso")
    world.attend(absent=(absent,))
    message = refused(world, "accepted", {**world.all_yes(), absent: "yes"})
    assert "was not present" in message


def test_a_seat_votes_once(world: Any) -> None:
    world.attend()
    key = world.key("mso")
    ballots = [*world.all_yes().items(), (key, "no")]
    assert "only once" in refused(world, "accepted", ballots)


def test_an_unknown_seat_cannot_vote(world: Any) -> None:
    world.attend()
    assert "not a seat of this body" in refused(world, "accepted", {"nobody": "yes"})


def test_a_motion_that_does_not_carry_records_nothing(world: Any) -> None:
    world.attend()
    ballots = {key: "no" for key in world.all_yes()}
    assert "has not carried" in refused(world, "accepted", ballots)


def test_a_return_needs_a_requirement(world: Any) -> None:
    world.attend()
    assert "at least one requirement" in refused(world, "returned", world.all_yes(), [])


def test_a_requirement_points_at_sections_of_the_version(world: Any) -> None:
    world.attend()
    message = refused(world, "returned", world.all_yes(), [("Text", ["not-a-section"], None)])
    assert "not part of version 1" in message
    assert "choose the sections" in refused(
        world, "returned", world.all_yes(), [("Text", [], None)]
    )
    assert not Recommendation.objects.exists()


def test_new_wording_only_for_a_section_the_requirement_names(world: Any) -> None:
    world.attend()
    first, second = sections(world)
    message = refused(
        world, "returned", world.all_yes(), [("Text", [first], (second, "Neuer Text"))]
    )
    assert "new wording" in message


def test_an_accepted_version_gets_no_requirements(world: Any) -> None:
    world.attend()
    first, _second = sections(world)
    assert "no requirements" in refused(world, "accepted", world.all_yes(), [("T", [first], None)])


def test_the_database_keeps_one_vote_per_seat(world: Any) -> None:
    world.attend()
    decision = services.decide(
        world.coordinator, world.meeting, world.version, "accepted", world.all_yes()
    )
    vote = decision.votes.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        SeatVote.objects.create(
            decision=decision, seat_key=vote.seat_key, seat_label="x", choice="no"
        )


# -- requirements and the next version --------------------------------------------------
@pytest.fixture
def returned(world: Any) -> Decision:
    world.attend()
    first, second = sections(world)
    return services.decide(
        world.coordinator,
        world.meeting,
        world.version,
        "returned",
        world.all_yes(),
        [("Schärfen.", [first], None), ("Erläutern.", [second], None)],
    )


def test_the_next_version_waits_for_every_answer(world: Any, returned: Decision) -> None:
    one, two = returned.requirements.all()
    with pytest.raises(ValidationError) as error:
        papers.submit(world.coordinator, world.draft)
    assert "requirement 1, 2 has no answer" in error.value.messages[0]
    services.answer_requirement(world.writer, one, "followed")
    with pytest.raises(ValidationError) as error:
        papers.submit(world.coordinator, world.draft)
    assert "requirement 2 has no answer" in error.value.messages[0]
    assert world.draft.versions.count() == 1
    services.answer_requirement(world.writer, two, "not_followed", "Der Begriff ist erläutert.")
    version = papers.submit(world.writer, world.draft)
    assert version.number == 2
    assert set(RequirementAnswer.objects.values_list("version", flat=True)) == {version.pk}


def test_not_followed_needs_a_reason(world: Any, returned: Decision) -> None:
    one = returned.requirements.first()
    with pytest.raises(ValidationError) as error:
        services.answer_requirement(world.writer, one, "not_followed", "  ")
    assert "why the requirement was not followed" in " ".join(error.value.messages)
    assert not RequirementAnswer.objects.exists()


def test_an_open_answer_can_change_until_the_next_version(world: Any, returned: Decision) -> None:
    one, two = returned.requirements.all()
    services.answer_requirement(world.writer, one, "not_followed", "Anders gelöst.")
    services.answer_requirement(world.writer, one, "followed")
    assert RequirementAnswer.objects.get(requirement=one).answer == "followed"
    services.answer_requirement(world.writer, two, "followed")
    papers.submit(world.writer, world.draft)
    with pytest.raises(ValidationError) as error:
        services.answer_requirement(world.writer, one, "not_followed", "Doch nicht.")
    assert "answered in version 2" in error.value.messages[0]


def test_only_those_who_write_the_draft_answer(world: Any, returned: Decision) -> None:
    for user in (world.stranger, world.seated):
        with pytest.raises(PermissionDenied):
            services.answer_requirement(user, returned.requirements.first(), "followed")


def test_after_an_acceptance_nothing_waits(world: Any) -> None:
    world.attend()
    services.decide(world.coordinator, world.meeting, world.version, "accepted", world.all_yes())
    assert services.submit_problems(world.draft, world.writer) == []
    assert Requirement.objects.count() == 0


def test_a_requirement_proposes_wording_for_one_paragraph(world: Any) -> None:
    from planwerk.papers import recommendations
    from planwerk.papers.models import Section

    world.attend()
    first = world.version.paper()[0]
    paragraph = first.paragraph_ids[0]
    decision = services.decide(
        world.coordinator,
        world.meeting,
        world.version,
        "returned",
        world.all_yes(),
        [("Den Absatz schärfen.", [first.id], (first.id, "Eine Stadt für alle.", paragraph))],
    )
    recommendation = decision.requirements.get().recommendation
    assert (recommendation.section_id, recommendation.paragraph_id) == (first.id, paragraph)
    assert recommendations.shown(recommendation)["label"] == "paragraph 1 of “Leitlinien”"
    taken = recommendations.take(world.writer, recommendation)
    assert taken.text == "Eine Stadt für alle."
    assert Section.objects.get(pk=taken.pk).paragraph_ids == [paragraph]


def test_wording_for_a_paragraph_not_in_the_version_is_refused(world: Any) -> None:
    world.attend()
    first, second = world.version.paper()
    message = refused(
        world,
        "returned",
        world.all_yes(),
        [("Text", [second.id], (second.id, "Neu", first.paragraph_ids[0]))],
    )
    assert "Requirement 1: The section “Begriffe” has no such paragraph" in message
    assert not Recommendation.objects.exists()
