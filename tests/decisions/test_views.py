"""The pages: deciding with a confirmation, the panels on versions, drafts, meetings
and the printable minutes, and who may see them."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from planwerk.decisions import services
from planwerk.decisions.models import Decision, RequirementAnswer
from planwerk.papers.models import Version


def decide_url(world: Any) -> str:
    v = world.version
    return reverse(
        "decisions:decide",
        args=[world.meeting.uuid, v.draft.body.slug, v.draft.stage.slug, v.number],
    )


def post_data(world: Any, step: str, outcome: str = "accepted", **extra: str) -> dict[str, str]:
    data = {
        "step": step,
        "outcome": outcome,
        "note": "",
        "vorgabe-TOTAL_FORMS": "1",
        "vorgabe-INITIAL_FORMS": "0",
        "vorgabe-0-text": "",
        **extra,
    }
    data.update({f"vote-{k}": c for k, c in world.all_yes().items()})
    return data


def test_the_decide_page_shows_one_ballot_per_vote_and_the_joint_vote_once(
    world: Any, client: Any
) -> None:
    world.attend()
    client.force_login(world.coordinator)
    response = client.get(decide_url(world))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('value="abstain"') == 23
    assert "casts the joint vote with" in page
    assert "23 of 23 votes are present" in page
    assert "?old=" not in page  # version 1 has no previous version
    # The consultations on the version, with their statements, are at hand.
    assert "Show the consultations and statements on this version" in page
    assert "/stellungnahmen/" in page


def test_deciding_asks_first_and_shows_the_count(world: Any, client: Any) -> None:
    world.attend()
    client.force_login(world.coordinator)
    response = client.post(decide_url(world), post_data(world, "check"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "cannot be changed afterwards" in page
    assert "23 of 23 votes present; yes 23, no 0, abstentions 0." in page
    assert not Decision.objects.exists()
    response = client.post(decide_url(world), post_data(world, "record"))
    assert response.status_code == 302
    world.version.refresh_from_db()
    assert world.version.status == Version.Status.ACCEPTED


def test_a_refused_decision_shows_why_and_changes_nothing(world: Any, client: Any) -> None:
    client.force_login(world.coordinator)
    response = client.post(decide_url(world), post_data(world, "record"))
    assert response.status_code == 400
    assert "Record the attendance of the meeting first." in response.content.decode()
    assert not Decision.objects.exists()


def test_returning_through_the_page_with_a_requirement(world: Any, client: Any) -> None:
    world.attend()
    client.force_login(world.coordinator)
    first = world.version.paper()[0].id
    data = post_data(
        world,
        "record",
        outcome="returned",
        **{"vorgabe-0-text": "Schärfen.", "vorgabe-0-sections": first},
    )
    assert client.post(decide_url(world), data).status_code == 302
    assert Decision.objects.get().requirements.get().section_ids == [first]


def test_only_the_coordination_opens_the_decide_page(world: Any, client: Any) -> None:
    world.attend()
    for user in (world.seated, world.writer, world.stranger):
        client.force_login(user)
        assert client.get(decide_url(world)).status_code == 403


def decided(world: Any, outcome: str = "accepted") -> Decision:
    world.attend()
    ballots = world.all_yes()
    objector = world.key("mso")
    ballots[objector] = "no"
    first = world.version.paper()[0].id
    requirements = [("Schärfen.", [first], None)] if outcome == "returned" else []
    return services.decide(
        world.coordinator, world.meeting, world.version, outcome, ballots, requirements
    )


def test_the_meeting_page_and_the_minutes_show_the_votes_and_objections(
    world: Any, client: Any
) -> None:
    decision = decided(world)
    objection = decision.votes.get(choice="no")
    client.force_login(world.seated)
    for name in ("meetings:detail", "meetings:minutes_print"):
        page = client.get(reverse(name, args=[world.meeting.uuid])).content.decode()
        assert "Decisions on versions" in page
        assert "yes 22, no 1, abstentions 0" in page
        assert "Objections by seat:" in page
        assert objection.seat_label in page


def test_the_meeting_page_offers_the_versions_under_review(world: Any, client: Any) -> None:
    world.attend()
    client.force_login(world.coordinator)
    page = client.get(reverse("meetings:detail", args=[world.meeting.uuid])).content.decode()
    assert decide_url(world) in page


def test_the_version_page_shows_the_decision(world: Any, client: Any) -> None:
    decided(world, "returned")
    client.force_login(world.writer)
    v = world.version
    url = reverse("papers:version", args=[v.draft.body.slug, v.draft.stage.slug, v.number])
    page = client.get(url).content.decode()
    assert "returned with requirements" in page
    assert "Schärfen." in page
    assert "Votes by seat" in page


def test_the_draft_page_lists_the_requirements_to_answer(world: Any, client: Any) -> None:
    decision = decided(world, "returned")
    requirement = decision.requirements.get()
    client.force_login(world.writer)
    url = reverse("papers:draft", args=[world.draft.body.slug, world.draft.stage.slug])
    page = client.get(url).content.decode()
    assert "Requirements to answer" in page
    assert "1 requirement has no answer yet." in page
    answer_url = reverse("decisions:answer", args=[requirement.uuid])
    assert answer_url in page
    response = client.post(answer_url, {"answer": "not_followed", "reason": ""})
    assert response.status_code == 302
    assert not RequirementAnswer.objects.exists()
    client.post(answer_url, {"answer": "followed"})
    assert RequirementAnswer.objects.get().answer == "followed"


def test_a_stranger_cannot_answer(world: Any, client: Any) -> None:
    requirement = decided(world, "returned").requirements.get()
    client.force_login(world.stranger)
    response = client.post(
        reverse("decisions:answer", args=[requirement.uuid]), {"answer": "followed"}
    )
    assert response.status_code == 403
    assert not RequirementAnswer.objects.exists()


def test_the_minutes_in_german(world: Any) -> None:
    from django.test import Client
    from django.utils import translation

    decided(world, "returned")
    client = Client()
    client.force_login(world.coordinator)
    with translation.override("de"):
        page = client.get(reverse("meetings:minutes_print", args=[world.meeting.uuid]))
        decide_page = client.get(reverse("meetings:detail", args=[world.meeting.uuid]))
    text = page.content.decode()
    assert "Entscheidungen über Fassungen" in text
    assert "Gegenstimmen nach Sitz:" in text
    assert "mit Vorgaben zurückgegeben" in text
    assert decide_page.status_code == 200


def test_the_requirement_form_offers_paragraphs_and_adds_their_section(
    world: Any, client: Any
) -> None:
    world.attend()
    client.force_login(world.coordinator)
    first, second = world.version.paper()
    target = f"{second.id}#{second.paragraph_ids[0]}"
    page = client.get(decide_url(world)).content.decode()
    assert f'<option value="{target}">§ Begriffe, paragraph 1 (line 4)</option>' in page
    data = post_data(
        world,
        "record",
        outcome="returned",
        **{
            "vorgabe-0-text": "Schärfen.",
            "vorgabe-0-sections": first.id,
            "vorgabe-0-wording_section": target,
            "vorgabe-0-wording": "Teilhabe meint Mitwirkung.",
        },
    )
    assert client.post(decide_url(world), data).status_code == 302
    requirement = Decision.objects.get().requirements.get()
    # The paragraph's section counts among the sections the requirement is about.
    assert requirement.section_ids == [first.id, second.id]
    assert requirement.recommendation.paragraph_id == second.paragraph_ids[0]
    draft = client.get(
        reverse("papers:draft", args=[world.draft.body.slug, world.draft.stage.slug])
    ).content.decode()
    assert "Paragraph 1 of “Begriffe”" in draft
    assert f"#absatz-{second.paragraph_ids[0]}" in draft
