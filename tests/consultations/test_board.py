"""The consultations' columns on the board: what they say for a draft, and that
they read all drafts with the same number of queries however much data there is."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone

from planwerk.bodies.models import Body
from planwerk.consultations import services
from planwerk.consultations.board import next_deadline, statements
from planwerk.consultations.models import Consultation, Statement
from planwerk.papers import extensions
from planwerk.papers import services as papers
from planwerk.papers.models import Draft, Version


def _queries(drafts: list[Draft]) -> tuple[int, int]:
    counts = []
    for cells in (statements, next_deadline):
        with CaptureQueriesContext(connection) as captured:
            cells(drafts)
        counts.append(len(captured.captured_queries))
    return counts[0], counts[1]


def _drafts(hannover: Any, coordinator: Any, count: int, versions: int) -> list[Draft]:
    """`count` drafts, each with `versions` versions (all but the last returned) and
    statements with supplements on every other consultation of each version."""
    stage = hannover.stages.first()
    drafts = []
    bodies = Body.objects.filter(process=hannover, kind=Body.Kind.EXPERT_GROUP).order_by("order")
    for body in bodies[:count]:
        draft = papers.open_draft(coordinator, body, stage)
        papers.add_section(coordinator, draft, "Ziele", "Text")
        for _number in range(versions):
            version = papers.submit(coordinator, draft)
            consultations = version.consultations.exclude(kind=Consultation.Kind.REVIEW)
            for i, consultation in enumerate(consultations.order_by("body__order")):
                if i % 2 == 0:
                    for n in range(3):
                        Statement.objects.create(consultation=consultation, text="S", number=n)
            if _number < versions - 1:
                Version.objects.filter(pk=version.pk).update(status=Version.Status.RETURNED)
        drafts.append(draft)
    return drafts


def test_the_columns_are_registered() -> None:
    names = [c.name for c in extensions.board_columns()]
    assert "consultations.statements" in names and "consultations.next_deadline" in names


def test_the_query_count_does_not_grow_with_drafts_versions_or_statements(
    hannover: Any, coordinator: Any
) -> None:
    one = _drafts(hannover, coordinator, 1, 1)
    small = _queries(one)
    assert small == (1, 1)
    many = one + _drafts(hannover, coordinator, 6, 3)[1:]
    assert len(many) == 6
    assert Statement.objects.count() > 100
    assert _queries(many) == small
    assert set(statements(many)) == {d.pk for d in many}


def test_what_the_columns_say(world: Any) -> None:
    draft = world.version.draft
    consulted = world.version.consultations.exclude(kind=Consultation.Kind.REVIEW)
    total = consulted.count()
    first, second, third = list(consulted.order_by("body__order"))[:3]
    services.give_statement(world.coordinator, first, "Ja")
    services.give_statement(world.coordinator, first, "Nachtrag")
    services.give_statement(world.coordinator, second, "Auch")
    cell = statements([draft])[draft.pk]
    assert cell.text == f"2 of {total} answered, {total - 2} outstanding"
    assert not cell.attention
    version_url = reverse("papers:version", args=[draft.body.slug, draft.stage.slug, 1])
    assert cell.url == f"{version_url}#beteiligung"
    deadline = next_deadline([draft])[draft.pk]
    soonest = min(c.deadline for c in consulted if c.deadline and c.pk not in (first.pk, second.pk))
    assert deadline.text == formats.date_format(soonest, "SHORT_DATE_FORMAT")
    assert not deadline.attention and deadline.url == cell.url

    # a deadline passes without a statement
    past = timezone.localdate() - dt.timedelta(days=2)
    Consultation.objects.filter(pk=third.pk).update(deadline=past)
    # a passed deadline of an answered consultation does not count
    Consultation.objects.filter(pk=first.pk).update(deadline=past - dt.timedelta(days=5))
    cell = statements([draft])[draft.pk]
    assert cell.text == f"2 of {total} answered, {total - 2} outstanding, 1 late"
    assert cell.attention
    deadline = next_deadline([draft])[draft.pk]
    assert deadline.text == formats.date_format(past, "SHORT_DATE_FORMAT") and deadline.attention

    # everything answered: no deadline left
    for consultation in consulted:
        if not consultation.statements.exists():
            Statement.objects.create(consultation=consultation, text="x")
    cell = statements([draft])[draft.pk]
    assert cell.text == f"{total} of {total} answered" and not cell.attention
    assert draft.pk not in next_deadline([draft])


def test_a_decided_version_is_not_late_and_has_no_next_deadline(world: Any) -> None:
    draft = world.version.draft
    Consultation.objects.filter(version=world.version).update(
        deadline=timezone.localdate() - dt.timedelta(days=1)
    )
    assert statements([draft])[draft.pk].attention
    Version.objects.filter(pk=world.version.pk).update(status=Version.Status.RETURNED)
    cell = statements([draft])[draft.pk]
    assert "late" not in cell.text and not cell.attention
    assert next_deadline([draft]) == {}


def test_a_draft_without_a_version_has_no_cell(world: Any) -> None:
    other = Body.objects.filter(process=world.process, kind=Body.Kind.EXPERT_GROUP).last()
    draft = papers.open_draft(world.coordinator, other, world.version.draft.stage)
    assert statements([draft]) == {} and next_deadline([draft]) == {}


def test_the_board_page_shows_the_columns(world: Any) -> None:
    from tests.conftest import english_client

    client = english_client()
    client.force_login(world.coordinator)
    page = client.get(f"/etappen/{world.version.draft.stage.slug}/").content.decode()
    assert "Statements" in page and "Next deadline" in page
    assert "0 of " in page and "#beteiligung" in page
