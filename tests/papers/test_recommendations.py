"""Change recommendations: proposed wording taken into the draft or answered."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from planwerk.audit.models import AuditEntry
from planwerk.papers import recommendations, services
from planwerk.papers.models import Recommendation, Section


@pytest.fixture
def proposed(group: Any) -> Recommendation:
    draft = services.open_draft(group.member, group.body, group.stage)
    section = services.add_section(group.member, draft, "Leitlinien", "Alle Menschen wohnen hier.")
    version = services.submit(group.member, draft)
    return recommendations.propose(
        version, str(section.uuid), "Alle Menschen leben hier gleichberechtigt.", "Runder Tisch"
    )


def test_taking_a_recommendation_puts_its_wording_into_the_draft(
    group: Any, proposed: Recommendation
) -> None:
    section = recommendations.take(group.member, proposed)
    assert section.text == "Alle Menschen leben hier gleichberechtigt."
    assert section.revision == 2
    proposed.refresh_from_db()
    assert proposed.status == Recommendation.Status.TAKEN
    # The version it is about keeps its text.
    assert proposed.version.sections[0]["text"] == "Alle Menschen wohnen hier."
    with pytest.raises(ValidationError):
        recommendations.take(group.member, proposed)
    assert AuditEntry.objects.filter(action="papers.recommendation.taken").count() == 1


def test_declining_needs_a_reason_and_changes_nothing_without(
    group: Any, proposed: Recommendation
) -> None:
    with pytest.raises(ValidationError):
        recommendations.decline(group.member, proposed, "  ")
    proposed.refresh_from_db()
    assert proposed.status == Recommendation.Status.OPEN
    recommendations.decline(group.member, proposed, "Der Begriff ist im Glossar erklärt.")
    proposed.refresh_from_db()
    assert proposed.status == Recommendation.Status.DECLINED
    assert Section.objects.get().text == "Alle Menschen wohnen hier."


def test_only_writers_of_the_draft_answer(group: Any, proposed: Recommendation) -> None:
    with pytest.raises(PermissionDenied):
        recommendations.take(group.stranger, proposed)
    with pytest.raises(PermissionDenied):
        recommendations.decline(group.stranger, proposed, "nein")


def test_a_recommendation_for_a_section_not_in_the_version_is_refused(
    proposed: Recommendation,
) -> None:
    with pytest.raises(ValidationError):
        recommendations.propose(proposed.version, "no-such-section", "Text", "Runder Tisch")


def test_the_draft_page_shows_the_diff_and_the_actions(
    group: Any, proposed: Recommendation, client: Any
) -> None:
    client.force_login(group.member)
    page = client.get(f"/entwuerfe/{group.body.slug}/{group.stage.slug}/").content.decode()
    assert "Change recommendations" in page
    assert "<ins" in page and "<del" in page
    assert f"/entwuerfe/empfehlung/{proposed.uuid}/uebernehmen/" in page
    answer = client.post(f"/entwuerfe/empfehlung/{proposed.uuid}/ablehnen/", {"answer": ""})
    assert answer.status_code == 302
    proposed.refresh_from_db()
    assert proposed.status == Recommendation.Status.OPEN
    client.post(f"/entwuerfe/empfehlung/{proposed.uuid}/uebernehmen/")
    proposed.refresh_from_db()
    assert proposed.status == Recommendation.Status.TAKEN
    client.force_login(group.stranger)
    assert client.post(f"/entwuerfe/empfehlung/{proposed.uuid}/ablehnen/").status_code == 403


def test_taking_a_recommendation_keeps_the_ids_of_unchanged_paragraphs(group: Any) -> None:
    draft = services.open_draft(group.member, group.body, group.stage)
    text = "Alle Menschen wohnen hier.\n\nSie reden mit.\n\nDie Stadt hört zu."
    section = services.add_section(group.member, draft, "Leitlinien", text)
    before = list(section.paragraph_ids)
    assert len(before) == 3
    version = services.submit(group.member, draft)
    proposed = recommendations.propose(
        version,
        str(section.uuid),
        "Alle Menschen wohnen hier.\n\nSie entscheiden mit.\n\nNeu: ein Beirat.\n\n"
        "Die Stadt hört zu.",
        "Runder Tisch",
    )
    taken = recommendations.take(group.member, proposed)
    ids = Section.objects.get(pk=taken.pk).paragraph_ids
    assert len(ids) == 4 and len(set(ids)) == 4
    assert ids[0] == before[0] and ids[-1] == before[2]
    assert before[1] not in ids[2:3]  # the inserted paragraph has an id of its own
    assert ids == taken.paragraph_ids


# -- one paragraph ---------------------------------------------------------------------

FOUR = "Alle Menschen wohnen hier.\n\nSie reden mit.\nUnd sie entscheiden.\n\nDie Stadt hört zu."


@pytest.fixture
def for_paragraph(group: Any) -> Recommendation:
    """New wording for the second paragraph (lines 3–4) of a three-paragraph section."""
    draft = services.open_draft(group.member, group.body, group.stage)
    section = services.add_section(group.member, draft, "Leitlinien", FOUR)
    version = services.submit(group.member, draft)
    return recommendations.propose(
        version,
        str(section.uuid),
        "Sie reden überall mit.",
        "Runder Tisch",
        paragraph_id=section.paragraph_ids[1],
    )


def test_taking_a_paragraph_recommendation_replaces_only_that_paragraph(
    group: Any, for_paragraph: Recommendation
) -> None:
    before = Section.objects.get()
    ids = list(before.paragraph_ids)
    assert for_paragraph.paragraph_id == ids[1]

    section = recommendations.take(group.member, for_paragraph)

    assert section.text == (
        "Alle Menschen wohnen hier.\n\nSie reden überall mit.\n\nDie Stadt hört zu."
    )
    # Every paragraph keeps its id, the replaced one too (however different its text).
    assert section.paragraph_ids == ids
    assert Section.objects.get().paragraph_ids == ids
    assert section.revision == before.revision + 1
    for_paragraph.refresh_from_db()
    assert for_paragraph.status == Recommendation.Status.TAKEN
    assert for_paragraph.version.sections[0]["text"] == FOUR
    entry = AuditEntry.objects.get(action="papers.recommendation.taken")
    assert entry.payload["paragraph"] == ids[1]
    assert AuditEntry.objects.filter(action="papers.section.changed").count() == 1


def test_taking_keeps_the_paragraph_where_the_draft_moved_on(group: Any) -> None:
    draft = services.open_draft(group.member, group.body, group.stage)
    section = services.add_section(group.member, draft, "Leitlinien", FOUR)
    version = services.submit(group.member, draft)
    ids = list(section.paragraph_ids)
    proposed = recommendations.propose(
        version,
        str(section.uuid),
        "Ganz neu.\n\nUnd noch ein Absatz.",
        "Vorgabe 1",
        "",
        None,
        ids[2],
    )
    # The group wrote on: a paragraph before it, the first one changed.
    section = services.edit_section(
        group.member,
        section,
        section.title,
        "Einleitung.\n\nAlle Menschen wohnen hier gern.\n\nSie reden mit.\nUnd sie entscheiden."
        "\n\nDie Stadt hört zu.",
        section.revision,
    )
    current = list(section.paragraph_ids)
    taken = recommendations.take(group.member, proposed)
    assert taken.text == (
        "Einleitung.\n\nAlle Menschen wohnen hier gern.\n\nSie reden mit.\nUnd sie entscheiden."
        "\n\nGanz neu.\n\nUnd noch ein Absatz."
    )
    # The replaced paragraph keeps its id; the added one gets a new one.
    assert taken.paragraph_ids[:4] == current[:4] and current[3] == ids[2]
    assert taken.paragraph_ids[4] not in current


def test_declining_a_paragraph_recommendation_leaves_the_section(
    group: Any, for_paragraph: Recommendation
) -> None:
    recommendations.decline(group.member, for_paragraph, "Der Absatz bleibt.")
    section = Section.objects.get()
    assert section.text == FOUR and section.revision == 1
    for_paragraph.refresh_from_db()
    assert for_paragraph.status == Recommendation.Status.DECLINED


def test_a_paragraph_removed_from_the_draft_is_refused_and_can_be_answered(
    group: Any, for_paragraph: Recommendation
) -> None:
    section = Section.objects.get()
    services.edit_section(
        group.member,
        section,
        section.title,
        "Alle Menschen wohnen hier.\n\nDie Stadt hört zu.",
        section.revision,
    )
    with pytest.raises(ValidationError) as refused:
        recommendations.take(group.member, for_paragraph)
    message = " ".join(refused.value.messages)
    assert "no longer in the section “Leitlinien”" in message
    assert "answer why" in message
    for_paragraph.refresh_from_db()
    assert for_paragraph.status == Recommendation.Status.OPEN
    assert Section.objects.get().revision == 2
    recommendations.decline(group.member, for_paragraph, "Der Absatz ist gestrichen.")


def test_a_paragraph_not_in_the_section_of_the_version_is_refused(
    group: Any, for_paragraph: Recommendation
) -> None:
    version = for_paragraph.version
    with pytest.raises(ValidationError) as refused:
        recommendations.propose(
            version, for_paragraph.section_id, "Text", "Runder Tisch", paragraph_id="no-such"
        )
    assert "has no such paragraph in version 1" in " ".join(refused.value.messages)
    assert Recommendation.objects.count() == 1


def test_the_choices_name_sections_and_their_paragraphs_with_lines(
    group: Any, for_paragraph: Recommendation
) -> None:
    draft = for_paragraph.version.draft
    services.add_section(group.member, draft, "Begriffe", "Teilhabe")
    version = services.submit(group.member, draft)
    first, second = version.paper()
    assert recommendations.wording_choices(version) == [
        (first.id, "Leitlinien"),
        (f"{first.id}#{first.paragraph_ids[0]}", "§ Leitlinien, paragraph 1 (line 2)"),
        (f"{first.id}#{first.paragraph_ids[1]}", "§ Leitlinien, paragraph 2 (line 3)"),
        (f"{first.id}#{first.paragraph_ids[2]}", "§ Leitlinien, paragraph 3 (line 5)"),
        (second.id, "Begriffe"),
        (f"{second.id}#{second.paragraph_ids[0]}", "§ Begriffe, paragraph 1 (line 7)"),
    ]
    assert recommendations.split_target(f"{first.id}#{first.paragraph_ids[1]}") == (
        first.id,
        first.paragraph_ids[1],
    )
    assert recommendations.split_target(first.id) == (first.id, "")


def test_the_panel_names_the_paragraph_and_links_to_it(
    group: Any, for_paragraph: Recommendation, client: Any
) -> None:
    shown = recommendations.shown(for_paragraph)
    # The diff is against the paragraph only.
    assert "".join(p.text for p in shown["pieces"] if p.op != "insert") == (
        "Sie reden mit.\nUnd sie entscheiden."
    )
    client.force_login(group.member)
    url = f"/entwuerfe/{group.body.slug}/{group.stage.slug}/"
    anchor = f"/entwuerfe/{group.body.slug}/{group.stage.slug}/fassung/1/#absatz-"
    page = client.get(url).content.decode()
    assert "Paragraph 2 of “Leitlinien”" in page
    assert anchor + for_paragraph.paragraph_id in page
    assert "the other paragraphs stay as they are" in page
    recommendations.decline(group.member, for_paragraph, "Der Absatz bleibt.")
    page = client.get(url).content.decode()
    assert "1 answered recommendation" in page
    assert "Paragraph 2 of “Leitlinien”</a> (Runder Tisch): not taken – Der Absatz bleibt." in page
    version_page = client.get(anchor.split("#")[0]).content.decode()
    assert f'id="absatz-{for_paragraph.paragraph_id}"' in version_page
