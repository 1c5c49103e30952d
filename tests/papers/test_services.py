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


def _catalogue(group: Any) -> tuple[Any, Any, Any, Any]:
    draft = services.open_draft(group.member, group.body, group.stage)
    goal = services.add_section(group.member, draft, "Teilhabe", "", part="ziel")
    middle = services.add_section(
        group.member, draft, "Sprache", "", part="mittlerziel", parent=goal
    )
    measure = services.add_section(
        group.member,
        draft,
        "Sprachkurse",
        "Kurse für Eltern.",
        part="massnahme",
        parent=middle,
        fields={"zielgruppen": "Eltern\nJugendliche", "indikator": "", "zeitrahmen": "2021"},
    )
    return draft, goal, middle, measure


def test_a_catalogue_is_written_as_a_tree_of_the_definitions_parts(catalogue: Any) -> None:
    draft, _goal, middle, measure = _catalogue(catalogue)
    services.add_section(catalogue.member, draft, "Zweiter Teil", "", part="ziel")

    assert measure.fields == {"zielgruppen": "Eltern\nJugendliche", "zeitrahmen": "2021"}
    assert [(s.label, s.title) for s in draft.paper()] == [
        ("Goal 1", "Teilhabe"),
        ("Intermediate goal 1.1", "Sprache"),
        ("Measure 1.1.1", "Sprachkurse"),
        ("Goal 2", "Zweiter Teil"),
    ]
    version = services.submit(catalogue.member, draft)
    frozen = version.sections[2]
    assert (frozen["part"], frozen["parent"], frozen["number"]) == (
        "massnahme",
        str(middle.uuid),
        "1.1.1",
    )
    assert frozen["part_name"] == {"de": "Maßnahme", "en": "Measure"}
    assert [(f["slug"], f["text"]) for f in frozen["fields"]] == [
        ("zielgruppen", "Eltern\nJugendliche"),
        ("zeitrahmen", "2021"),
    ]
    assert frozen["paragraph_ids"] == measure.paragraph_ids and len(measure.paragraph_ids) == 1


@pytest.mark.parametrize(
    ("part", "below", "message"),
    [
        (
            "massnahme",
            None,
            "Measure cannot stand at the top level of this paper. Allowed there: Goal.",
        ),
        ("ziel", "middle", "Goal cannot stand below “Sprache”. Allowed there: Measure."),
        (
            "",
            "goal",
            "A free section cannot stand below “Teilhabe”. Allowed there: Intermediate goal.",
        ),
        ("massnahme", "measure", "Nothing can be added below “Sprachkurse”."),
        ("gibtsnicht", None, "This stage's paper has no part “gibtsnicht”."),
    ],
)
def test_a_part_where_the_definition_does_not_allow_it_is_refused(
    catalogue: Any, part: str, below: str | None, message: str
) -> None:
    draft, goal, middle, measure = _catalogue(catalogue)
    parent = {"goal": goal, "middle": middle, "measure": measure, None: None}[below]
    with pytest.raises(ValidationError) as refused:
        services.add_section(catalogue.member, draft, "Falsch", "", part=part, parent=parent)
    assert refused.value.message_dict == {"part": [message]}
    assert draft.sections.count() == 3


def test_a_field_the_part_does_not_have_is_refused(catalogue: Any) -> None:
    _draft, goal, _middle, measure = _catalogue(catalogue)
    with pytest.raises(ValidationError):
        services.edit_section(
            catalogue.member, goal, "Teilhabe", "", goal.revision, fields={"indikator": "x"}
        )
    saved = services.edit_section(
        catalogue.member,
        measure,
        "Sprachkurse",
        measure.text,
        measure.revision,
        fields={"zielgruppen": "Eltern", "indikator": "100 Kurse"},
    )
    assert saved.fields == {"zielgruppen": "Eltern", "indikator": "100 Kurse"}
    assert saved.revision == 2


def test_saving_keeps_the_ids_of_the_paragraphs_that_stayed(group: Any) -> None:
    draft = services.open_draft(group.member, group.body, group.stage)
    section = services.add_section(group.member, draft, "Ziele", "Eins\n\nZwei\n\nDrei")
    first, second, third = section.paragraph_ids
    saved = services.edit_section(
        group.member, section, "Ziele", "Eins\n\nNeu dazu\n\nZwei\n\nDrei!", section.revision
    )
    assert saved.paragraph_ids[0] == first
    assert saved.paragraph_ids[2:] == [second, third]
    assert saved.paragraph_ids[1] not in (first, second, third)


def test_a_free_stage_refuses_parts_and_a_structured_one_allows_a_free_top_section(
    group: Any, catalogue: Any
) -> None:
    group.stage.structure = []
    group.stage.save(update_fields=["structure"])
    draft = services.open_draft(group.member, group.body, group.stage)
    with pytest.raises(ValidationError):
        services.add_section(group.member, draft, "Ziel", "", part="ziel")
    other = services.open_draft(catalogue.member, catalogue.body, catalogue.stage)
    assert services.add_section(catalogue.member, other, "Vorbemerkung", "x").part == ""
