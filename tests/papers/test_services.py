"""Writing a draft: permission, conflicts, submitting a frozen numbered version."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from planwerk.audit.models import AuditEntry
from planwerk.papers import services
from planwerk.papers.domain.paper import number_lines
from planwerk.papers.models import Version


def test_a_member_opens_writes_and_submits(group: Any) -> None:
    draft = services.open_draft(group.member, group.body, group.stage)
    assert services.open_draft(group.other_member, group.body, group.stage) == draft
    section = services.add_section(group.member, draft, "Leitlinien", "Erste Zeile\n\nZweite")
    services.add_section(group.member, draft, "Begriffe", "Teilhabe")
    version = services.submit(group.member, draft)
    assert version.number == 1
    assert version.status == Version.Status.SUBMITTED
    section.refresh_from_db()
    assert version.sections[0] == {
        "id": str(section.uuid),
        "title": "Leitlinien",
        "text": "Erste Zeile\n\nZweite",
        "part": "",
        "part_name": {},
        "parent": None,
        "number": "1",
        "fields": [],
        "paragraph_ids": section.paragraph_ids,
    }
    assert len(section.paragraph_ids) == 2
    lines = number_lines(version.paper())
    assert [(line.number, line.text) for line in lines] == [
        (1, "Leitlinien"), (2, "Erste Zeile"), (3, "Zweite"), (4, "Begriffe"), (5, "Teilhabe"),
    ]  # fmt: skip
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"papers.draft.created", "papers.section.added", "papers.version.submitted"} <= actions


def test_a_submitted_version_stays_as_it_was(group: Any) -> None:
    draft = services.open_draft(group.member, group.body, group.stage)
    section = services.add_section(group.member, draft, "Ziele", "alt")
    first = services.submit(group.member, draft)
    services.edit_section(group.member, section, "Ziele", "neu", section.revision)
    second = services.submit(group.member, draft)
    first.refresh_from_db()
    assert (first.number, second.number) == (1, 2)
    assert first.sections[0]["text"] == "alt" and second.sections[0]["text"] == "neu"
    assert number_lines(first.paper()) == number_lines(Version.objects.get(pk=first.pk).paper())
    first.sections = []
    with pytest.raises(ValidationError):
        first.save()


def test_an_empty_draft_cannot_be_submitted(group: Any) -> None:
    draft = services.open_draft(group.member, group.body, group.stage)
    with pytest.raises(ValidationError):
        services.submit(group.member, draft)
    assert not Version.objects.exists()


def test_the_second_save_of_a_section_is_a_conflict(group: Any) -> None:
    draft = services.open_draft(group.member, group.body, group.stage)
    section = services.add_section(group.member, draft, "Ziele", "Anfang")
    opened = section.revision
    services.edit_section(group.member, section, "Ziele", "Text von A", opened)
    with pytest.raises(services.EditConflict) as caught:
        services.edit_section(group.other_member, section, "Ziele", "Text von B", opened)
    assert caught.value.current.text == "Text von A"
    assert caught.value.text == "Text von B"
    section.refresh_from_db()
    assert section.text == "Text von A" and section.revision == opened + 1


def test_a_stranger_may_neither_open_nor_write(group: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.open_draft(group.stranger, group.body, group.stage)
    draft = services.open_draft(group.member, group.body, group.stage)
    section = services.add_section(group.member, draft, "Ziele", "x")
    with pytest.raises(PermissionDenied):
        services.add_section(group.stranger, draft, "Fremd", "x")
    with pytest.raises(PermissionDenied):
        services.edit_section(group.stranger, section, "Fremd", "x", section.revision)
    with pytest.raises(PermissionDenied):
        services.submit(group.stranger, draft)


def test_the_coordination_may_write_and_a_title_is_required(group: Any, coordinator: Any) -> None:
    draft = services.open_draft(coordinator, group.body, group.stage)
    with pytest.raises(ValidationError):
        services.add_section(coordinator, draft, "  ", "x")
    assert services.add_section(coordinator, draft, "Ziele", "x").order == 1


def test_the_lead_dezernat_reads_but_does_not_write(group: Any, make_user: Any) -> None:
    lead = group.body.leads.select_related("unit").first()
    assert lead is not None
    dezernat = make_user("leitend", "dezernat", lead.unit.slug)
    with pytest.raises(PermissionDenied):
        services.open_draft(dezernat, group.body, group.stage)  # may not start it
    draft = services.open_draft(group.member, group.body, group.stage)
    assert services.open_draft(dezernat, group.body, group.stage) == draft
    with pytest.raises(PermissionDenied):
        services.add_section(dezernat, draft, "Ziele", "x")
