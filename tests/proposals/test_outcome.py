""" "What became of it": measures with the proposals, concerns and comments they answer."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from tests.conftest import english_client

from planwerk.events.models import Concern, Event
from planwerk.papers.domain.structure import leaf_parts
from planwerk.papers.models import Version
from planwerk.participation import services as participation
from planwerk.proposals import services

from .conftest import build_measure, login, make_resident


def url(world: Any) -> str:
    return f"/vorschlaege/was-daraus-wurde/{world.stage.slug}/"


def fill(world: Any, n: int, number: int) -> None:
    """n more measures, each taken up by a proposal and commented on, n more concerns,
    and version `number` of the draft published with them."""
    from django.test import RequestFactory

    event = Event.objects.create(
        process=world.process,
        title={"de": "Auftakt"},
        starts_at=timezone.now(),
        ends_at=timezone.now() + dt.timedelta(hours=2),
        place="Rathaus",
        published=True,
    )
    measures = []
    for i in range(n):
        measure = build_measure(world.draft, f"Measure {number}.{i}")
        measure.text = f"Text of measure {number}.{i}."
        measure.paragraph_ids = [f"m{number}-{i}"]
        measure.save()
        measures.append(measure)
    version = Version.objects.create(
        draft=world.draft,
        number=number,
        sections=world.draft.snapshot(),
        submitted_at=timezone.now(),
    )
    now = timezone.now()
    publication = participation.publish(
        world.coordinator, version, now - dt.timedelta(days=1), now + dt.timedelta(days=1)
    )
    for i, measure in enumerate(measures):
        author = make_resident(f"R{number}{i}", f"r{number}-{i}@example.org")
        request = RequestFactory().post("/", REMOTE_ADDR=f"10.0.{number}.{i}")
        request.user = author
        proposal = services.make(
            request, world.process, title=f"Proposal {number}.{i}", text="x", body=world.group
        )
        services.answer(world.member, proposal, status="taken_up", measure=str(measure.uuid))
        Concern.objects.create(
            event=event, body=world.group, text=f"Concern {number}.{i}",
            status="not_taken_up", answer=f"Reason {number}.{i}",
        )  # fmt: skip
        response = login(author).post(
            f"/mitreden/{publication.uuid}/absatz/m{number}-{i}/kommentieren/",
            {"text": f"Comment {number}.{i}"},
        )
        assert response.status_code == 302


def test_the_page_shows_each_measure_with_what_it_answers(world: Any) -> None:
    proposal = world.propose("Benches")
    services.answer(world.member, proposal, status="taken_up", measure=str(world.measure.uuid))
    rejected = world.propose("Fountains")
    services.answer(world.member, rejected, status="not_taken_up", reason="No water")
    event = Event.objects.create(
        process=world.process,
        title={"de": "Auftakt"},
        starts_at=timezone.now(),
        ends_at=timezone.now() + dt.timedelta(hours=2),
        place="Rathaus",
    )
    Concern.objects.create(event=event, body=world.group, text="More courses", status="examining")
    # A draft still being written is not public: its measures show once submitted.
    page = english_client().get(url(world)).content.decode()
    assert f'id="massnahme-{world.measure.uuid}"' not in page
    Version.objects.create(
        draft=world.draft, number=1, sections=world.draft.snapshot(), submitted_at=timezone.now()
    )
    page = english_client().get(url(world)).content.decode()
    assert f'id="massnahme-{world.measure.uuid}"' in page
    assert "Language courses in every district" in page
    assert "Benches" in page and "Fountains" in page and "No water" in page
    assert "More courses" in page and "being examined" in page and "Auftakt" in page
    # Only the sections of parts without children are measures.
    assert leaf_parts(world.stage.structure)
    assert f'id="massnahme-{world.measure.parent.uuid}"' not in page


def test_comments_on_a_measures_paragraphs_are_listed(world: Any) -> None:
    world.measure.text = "One paragraph."
    world.measure.paragraph_ids = ["m1"]
    world.measure.save()
    version = Version.objects.create(
        draft=world.draft, number=1, sections=world.draft.snapshot(), submitted_at=timezone.now()
    )
    now = timezone.now()
    publication = participation.publish(
        world.coordinator, version, now - dt.timedelta(days=1), now + dt.timedelta(days=1)
    )
    login(make_resident("Olek", "olek@example.org")).post(
        f"/mitreden/{publication.uuid}/absatz/m1/kommentieren/", {"text": "Good idea, more!"}
    )
    page = english_client().get(url(world)).content.decode()
    assert "Good idea, more!" in page
    assert f"/mitreden/{publication.uuid}/absatz/m1/" in page


def test_the_page_costs_the_same_queries_for_more_items(world: Any) -> None:
    fill(world, 2, 1)
    client = english_client()
    with CaptureQueriesContext(connection) as small:
        page = client.get(url(world)).content.decode()
    assert "Comment 1.1" in page and "Proposal 1.1" in page and "Reason 1.1" in page
    fill(world, 6, 2)
    with CaptureQueriesContext(connection) as large:
        page = client.get(url(world)).content.decode()
    assert "Comment 2.5" in page and "Proposal 2.5" in page and "Reason 2.5" in page
    assert len(large.captured_queries) == len(small.captured_queries)
    assert len(small.captured_queries) <= 12


def test_an_unknown_stage_is_404(world: Any) -> None:
    assert english_client().get("/vorschlaege/was-daraus-wurde/no-such-stage/").status_code == 404
    assert english_client().get("/vorschlaege/was-daraus-wurde/").status_code == 200


def test_a_concern_taken_up_in_a_measure_is_listed_with_it(world: Any) -> None:
    from planwerk.events import services as events

    Version.objects.create(
        draft=world.draft, number=1, sections=world.draft.snapshot(), submitted_at=timezone.now()
    )
    event = Event.objects.create(
        process=world.process,
        title={"de": "Auftakt"},
        starts_at=timezone.now(),
        ends_at=timezone.now() + dt.timedelta(hours=2),
        place="Rathaus",
    )
    concern = Concern.objects.create(event=event, body=world.group, text="Courses at night")
    # A measure of another group's draft, or none at all, is refused and changes nothing.
    with pytest.raises(ValidationError) as refused:
        events.answer_concern(world.member, concern, status="taken_up", measure=str(uuid.uuid4()))
    assert "measure" in refused.value.message_dict
    concern.refresh_from_db()
    assert concern.status == "open" and concern.section_uuid is None
    events.answer_concern(world.member, concern, status="taken_up", measure=str(world.measure.uuid))
    concern.refresh_from_db()
    assert concern.section_label.endswith("Language courses in every district")
    page = english_client().get(url(world)).content.decode()
    measure = page.split(f'id="massnahme-{world.measure.uuid}"')[1].split("</article>")[0]
    assert "Courses at night" in measure and f"#anliegen-{concern.uuid}" in measure
    assert f'id="anliegen-{concern.uuid}"' in page
    # "Not taken up" forgets the measure.
    events.answer_concern(world.member, concern, status="not_taken_up", answer="No room")
    concern.refresh_from_db()
    assert concern.section_uuid is None and concern.section_label == ""


def test_each_comment_says_what_became_of_its_paragraph(world: Any) -> None:
    world.measure.text = "Kept.\n\nTo change.\n\nTo go."
    world.measure.paragraph_ids = ["keep", "change", "go"]
    world.measure.save()
    first = Version.objects.create(
        draft=world.draft, number=1, sections=world.draft.snapshot(), submitted_at=timezone.now()
    )
    now = timezone.now()
    publication = participation.publish(
        world.coordinator, first, now - dt.timedelta(days=1), now + dt.timedelta(days=1)
    )
    author = login(make_resident("Olek", "olek@example.org"))
    for key in ("keep", "change", "go"):
        response = author.post(
            f"/mitreden/{publication.uuid}/absatz/{key}/kommentieren/", {"text": f"On {key}"}
        )
        assert response.status_code == 302

    def fate_of(page: str, text: str) -> str:
        return page.split(f">On {text}</a>")[-1].split("</tr>")[0]

    page = english_client().get(url(world)).content.decode()
    assert "not yet answered by a new one" in fate_of(page, "keep")
    world.measure.text = "Kept.\n\nChanged now."
    world.measure.paragraph_ids = ["keep", "change"]
    world.measure.save()
    Version.objects.create(
        draft=world.draft, number=2, sections=world.draft.snapshot(), submitted_at=timezone.now()
    )
    page = english_client().get(url(world)).content.decode()
    assert "Version 2 keeps the paragraph as it was." in fate_of(page, "keep")
    assert "Version 2 words the paragraph differently." in fate_of(page, "change")
    assert "Version 2 no longer has the paragraph." in fate_of(page, "go")
    assert "on version 1" in fate_of(page, "go")
