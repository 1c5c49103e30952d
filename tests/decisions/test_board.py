"""The decisions' column on the board: open requirements of a returned version, and
the same number of queries however many drafts, versions and requirements."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from planwerk.bodies.models import Body
from planwerk.decisions.board import open_requirements
from planwerk.decisions.models import Decision, Requirement, RequirementAnswer
from planwerk.papers import extensions
from planwerk.papers import services as papers
from planwerk.papers.models import Draft, Version


def _decide(world: Any, version: Version, outcome: str, requirements: int = 0) -> Decision:
    """A decision recorded straight in the database (the vote is tested elsewhere)."""
    Version.objects.filter(pk=version.pk).update(status=outcome)
    decision = Decision.objects.create(
        body=world.steering, meeting=world.meeting, version=version, outcome=outcome
    )
    section = version.sections[0]["id"]
    for number in range(1, requirements + 1):
        Requirement.objects.create(
            decision=decision, number=number, text=f"Vorgabe {number}", section_ids=[section]
        )
    return decision


def _answer(decision: Decision, count: int) -> None:
    for requirement in decision.requirements.order_by("number")[:count]:
        RequirementAnswer.objects.create(
            requirement=requirement, draft=decision.version.draft, answer="followed"
        )


def _returned_twice(world: Any, draft: Draft) -> Draft:
    """Return the draft twice with five requirements, the first time all answered,
    the second time two (its first version may have been submitted already)."""
    for round_ in range(2):
        version = draft.versions.filter(status=Version.Status.SUBMITTED).first()
        version = version or papers.submit(world.coordinator, draft)
        decision = _decide(world, version, Decision.Outcome.RETURNED, 5)
        _answer(decision, 5 if round_ == 0 else 2)
    return draft


def _drafts(world: Any, start: int, stop: int) -> list[Draft]:
    """Drafts of the other expert groups (`start`:`stop`), each returned twice."""
    drafts = []
    bodies = (
        Body.objects.filter(process=world.group.process, kind=Body.Kind.EXPERT_GROUP)
        .exclude(pk=world.group.pk)
        .order_by("order")
    )
    for body in bodies[start:stop]:
        draft = papers.open_draft(world.coordinator, body, world.draft.stage)
        papers.add_section(world.coordinator, draft, "Ziele", "Text")
        drafts.append(_returned_twice(world, draft))
    return drafts


def _queries(django_assert_num_queries: Any, drafts: list[Draft], count: int) -> Any:
    with django_assert_num_queries(count):
        return open_requirements(drafts)


def test_the_column_is_registered() -> None:
    assert "decisions.requirements" in [c.name for c in extensions.board_columns()]


def test_one_query_for_one_draft_and_for_many(world: Any, django_assert_num_queries: Any) -> None:
    one = _drafts(world, 0, 1)
    assert len(_queries(django_assert_num_queries, one, 1)) == 1
    many = [_returned_twice(world, world.draft), *one, *_drafts(world, 1, 5)]
    assert len(many) == 6 and Requirement.objects.count() == 6 * 2 * 5
    cells = _queries(django_assert_num_queries, many, 1)
    assert {cell.text for cell in cells.values()} == {"3 of 5 open"}


def test_what_the_column_says(world: Any) -> None:
    draft = world.draft
    assert open_requirements([draft]) == {}  # under review, never decided
    decision = _decide(world, world.version, Decision.Outcome.RETURNED, 3)
    cell = open_requirements([draft])[draft.pk]
    assert cell.text == "3 of 3 open" and cell.attention
    assert cell.url == reverse("papers:draft", args=[draft.body.slug, draft.stage.slug]) + (
        "#vorgaben"
    )
    _answer(decision, 1)
    assert open_requirements([draft])[draft.pk].text == "2 of 3 open"
    RequirementAnswer.objects.all().delete()
    _answer(decision, 3)
    cell = open_requirements([draft])[draft.pk]
    assert cell.text == "all answered" and not cell.attention
    # the next version, under review: its answers are bound, still all answered
    second = papers.submit(world.coordinator, draft)
    assert open_requirements([draft])[draft.pk].text == "all answered"
    # accepted: nothing to show
    _decide(world, second, Decision.Outcome.ACCEPTED)
    assert open_requirements([draft]) == {}


def test_the_board_page_shows_the_column(world: Any, client: Any) -> None:
    _decide(world, world.version, Decision.Outcome.RETURNED, 2)
    client.force_login(world.coordinator)
    page = client.get(f"/etappen/{world.draft.stage.slug}/").content.decode()
    assert "Open requirements" in page and "2 of 2 open" in page and "#vorgaben" in page


def test_the_board_speaks_german_by_default(world: Any) -> None:
    from django.test import Client

    _decide(world, world.version, Decision.Outcome.RETURNED, 2)
    client = Client()
    client.force_login(world.coordinator)
    page = client.get(f"/etappen/{world.draft.stage.slug}/").content.decode()
    assert "Offene Vorgaben" in page and "2 von 2 offen" in page
    assert "Stellungnahmen" in page and "Nächste Frist" in page and "beantwortet" in page
