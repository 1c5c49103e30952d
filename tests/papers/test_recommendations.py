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
