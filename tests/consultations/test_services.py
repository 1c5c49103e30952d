"""Starting consultations, statements, gender relevance, deadlines: and each refusal
leaves nothing changed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from planwerk.audit.models import AuditEntry
from planwerk.consultations import services
from planwerk.consultations.models import Consultation, GenderRelevance, Statement
from planwerk.papers.models import Recommendation, Version

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "anlage.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _unchanged(world: Any) -> tuple[int, int, int, int]:
    return (
        Statement.objects.count(),
        AuditEntry.objects.count(),
        Recommendation.objects.count(),
        GenderRelevance.objects.count(),
    )


def test_submitting_starts_the_consultations_with_deadlines(world: Any) -> None:
    found = list(Consultation.objects.filter(version=world.version))
    kinds = sorted(c.kind for c in found)
    assert kinds.count("assessment") == 11
    assert kinds.count("review") == kinds.count("bundle") == kinds.count("statement") == 1
    submitted = timezone.localdate(world.version.submitted_at)
    assessment = world.consultation("assessment")
    assert assessment.deadline == submitted + dt.timedelta(days=28)
    assert assessment.bundle == world.consultation("bundle")
    assert assessment.addressed_to == world.consultation("bundle").body
    assert world.consultation("review").deadline is None
    assert AuditEntry.objects.filter(action="consultations.started").count() == 1


def test_a_member_gives_a_statement_with_a_pdf_and_new_wording(world: Any, member_of: Any) -> None:
    consultation = world.consultation("statement")
    user = member_of(consultation.body, "rundertisch")
    section = world.version.sections[0]["id"]
    statement = services.give_statement(
        user,
        consultation,
        "Wir stimmen zu.",
        attachments=[pdf()],
        recommendation=services.Proposal(section, "Neue Zeile"),
    )
    assert statement.on_behalf is False and statement.given_by == user
    assert statement.attachments.get().file.read() == PDF
    recommendation = Recommendation.objects.get(version=world.version)
    assert recommendation.section_id == section and recommendation.proposed_text == "Neue Zeile"
    assert consultation.state() == "answered"
    assert AuditEntry.objects.filter(action="consultations.statement.given").exists()


def test_the_coordination_enters_a_statement_on_the_bodys_behalf(world: Any) -> None:
    statement = services.give_statement(
        world.coordinator, world.consultation("statement"), "Per Post eingegangen."
    )
    assert statement.on_behalf is True


def test_a_bundle_cites_the_assessments_it_bundles(world: Any, member_of: Any) -> None:
    assessment = world.consultation("assessment")
    council = member_of(assessment.body, "beirat")
    given = services.give_statement(council, assessment, "Einschätzung")
    bundle = world.consultation("bundle")
    conference = member_of(bundle.body, "delegiert")
    statement = services.give_statement(conference, bundle, "Bündel", cites=[given])
    assert list(statement.cites.all()) == [given]


def test_a_bundle_cannot_cite_other_statements(world: Any, member_of: Any) -> None:
    other = services.give_statement(world.coordinator, world.consultation("statement"), "x")
    bundle = world.consultation("bundle")
    before = _unchanged(world)
    with pytest.raises(ValidationError, match="assessments it bundles"):
        services.give_statement(world.coordinator, bundle, "Bündel", cites=[other])
    assert _unchanged(world) == before


@pytest.mark.parametrize(
    "upload, message",
    [
        (lambda: pdf("bild.png"), "only PDF"),
        (lambda: pdf("falsch.pdf", b"GIF89a"), "not a PDF"),
        (lambda: pdf("gross.pdf", PDF + b"0" * (10 * 1024 * 1024)), "larger than 10 MB"),
    ],
)
def test_only_pdfs_up_to_10_mb_are_attached(world: Any, upload: Any, message: str) -> None:
    before = _unchanged(world)
    with pytest.raises(ValidationError, match=message):
        services.give_statement(
            world.coordinator, world.consultation("statement"), "Text", attachments=[upload()]
        )
    assert _unchanged(world) == before


def test_refusals_leave_nothing_changed(world: Any, member_of: Any) -> None:
    consultation = world.consultation("statement")
    before = _unchanged(world)
    # not a member of the consulted body
    with pytest.raises(PermissionDenied):
        services.give_statement(world.writer, consultation, "Text")
    with pytest.raises(PermissionDenied):
        services.give_statement(world.stranger, consultation, "Text")
    council = member_of(world.consultation("assessment").body, "beirat")
    with pytest.raises(PermissionDenied):
        services.give_statement(council, consultation, "Text")
    # an empty text
    with pytest.raises(ValidationError, match="write the statement"):
        services.give_statement(world.coordinator, consultation, "  ")
    # a review gives no statement
    with pytest.raises(ValidationError, match="review gives no statement"):
        services.give_statement(world.coordinator, world.consultation("review"), "Text")
    # wording for a section that is not in the version
    with pytest.raises(ValidationError):
        services.give_statement(
            world.coordinator,
            consultation,
            "Text",
            recommendation=services.Proposal("keiner", "Neu"),
        )
    assert _unchanged(world) == before


def test_a_second_statement_is_a_numbered_supplement(world: Any, member_of: Any) -> None:
    consultation = world.consultation("statement")
    first = services.give_statement(world.coordinator, consultation, "Erste")
    user = member_of(consultation.body, "rt")
    second = services.give_statement(user, consultation, "Zweite")
    third = services.give_statement(world.coordinator, consultation, "Dritte")
    assert (first.number, second.number, third.number) == (0, 1, 2)
    assert first.label == "Statement" and second.label == "Supplement 1"
    assert second.on_behalf is False and third.on_behalf is True
    consultation = Consultation.objects.get(pk=consultation.pk)
    assert consultation.statement() == first
    assert consultation.supplements() == [second, third]
    assert consultation.state() == "answered"
    numbers = AuditEntry.objects.filter(action="consultations.statement.given").values_list(
        "payload__number", flat=True
    )
    assert sorted(numbers) == [0, 1, 2]


def test_the_database_keeps_statement_numbers_unique(world: Any) -> None:
    from django.db import IntegrityError, transaction

    consultation = world.consultation("statement")
    services.give_statement(world.coordinator, consultation, "Erste")
    with pytest.raises(IntegrityError), transaction.atomic():
        Statement.objects.create(consultation=consultation, text="Doppelt", number=0)


def test_a_supplement_with_new_wording_names_itself_as_source(world: Any) -> None:
    consultation = world.consultation("statement")
    services.give_statement(world.coordinator, consultation, "Erste")
    section = world.version.sections[0]["id"]
    services.give_statement(
        world.coordinator,
        consultation,
        "Nachtrag",
        recommendation=services.Proposal(section, "Neue Zeile"),
    )
    recommendation = Recommendation.objects.get(version=world.version)
    assert recommendation.source.startswith("Supplement 1 to the statement of")
    assert recommendation.source_url.endswith("#ergaenzung-1")


def test_a_bundle_cites_supplements_of_the_assessments_it_bundles(world: Any) -> None:
    assessment = world.consultation("assessment")
    services.give_statement(world.coordinator, assessment, "Einschätzung")
    supplement = services.give_statement(world.coordinator, assessment, "Nachtrag")
    bundle = world.consultation("bundle")
    statement = services.give_statement(world.coordinator, bundle, "Bündel", cites=[supplement])
    assert list(statement.cites.all()) == [supplement]
    more = services.give_statement(world.coordinator, bundle, "Bündel, ergänzt", cites=[supplement])
    assert more.number == 1 and list(more.cites.all()) == [supplement]


def test_no_statement_or_supplement_after_the_consultation_closed(world: Any) -> None:
    consultation = world.consultation("statement")
    services.give_statement(world.coordinator, consultation, "Erste")
    Version.objects.filter(pk=world.version.pk).update(status=Version.Status.RETURNED)
    before = _unchanged(world)
    with pytest.raises(ValidationError, match="consultation is closed"):
        services.give_statement(world.coordinator, consultation, "Zu spät")
    assert _unchanged(world) == before


def test_a_decided_version_takes_no_statement(world: Any) -> None:
    Version.objects.filter(pk=world.version.pk).update(status=Version.Status.ACCEPTED)
    before = _unchanged(world)
    with pytest.raises(ValidationError, match="consultation is closed"):
        services.give_statement(world.coordinator, world.consultation("statement"), "Text")
    assert world.consultation("statement").state() == "closed"
    assert _unchanged(world) == before


def test_gender_relevance_marked_by_a_member_confirmed_by_the_coordination(
    world: Any, member_of: Any
) -> None:
    council = member_of(world.consultation("assessment").body, "beirat")
    services.mark_gender_relevant(council, world.version)
    count = Consultation.objects.filter(version=world.version).count()
    created = services.confirm_gender_relevance(world.coordinator, world.version)
    assert len(created) == 1 and created[0].kind == "consultation"
    assert created[0].deadline == timezone.localdate() + dt.timedelta(days=21)
    assert created[0].body.kind == "officer"
    assert Consultation.objects.filter(version=world.version).count() == count + 1
    assert {"consultations.gender.marked", "consultations.gender.confirmed"} <= set(
        AuditEntry.objects.values_list("action", flat=True)
    )


def test_gender_relevance_refusals(world: Any) -> None:
    before = _unchanged(world)
    with pytest.raises(PermissionDenied):
        services.mark_gender_relevant(world.stranger, world.version)
    with pytest.raises(ValidationError, match="Nobody has marked"):
        services.confirm_gender_relevance(world.coordinator, world.version)
    assert _unchanged(world) == before
    services.mark_gender_relevant(world.writer, world.version)
    before = _unchanged(world)
    with pytest.raises(ValidationError, match="already been marked"):
        services.mark_gender_relevant(world.writer, world.version)
    with pytest.raises(PermissionDenied):
        services.confirm_gender_relevance(world.writer, world.version)
    assert _unchanged(world) == before
    services.confirm_gender_relevance(world.coordinator, world.version)
    before = _unchanged(world)
    with pytest.raises(ValidationError, match="already been confirmed"):
        services.confirm_gender_relevance(world.coordinator, world.version)
    assert _unchanged(world) == before


def test_the_coordination_extends_a_deadline(world: Any) -> None:
    consultation = world.consultation("assessment")
    new = consultation.deadline + dt.timedelta(days=7)
    services.extend_deadline(world.coordinator, consultation, new, "Sitzung fällt aus")
    consultation.refresh_from_db()
    assert consultation.deadline == new and consultation.extended_reason == "Sitzung fällt aus"
    assert consultation.state() == "extended"
    entry = AuditEntry.objects.get(action="consultations.deadline.extended")
    assert entry.payload["to"] == new.isoformat()


def test_extension_refusals(world: Any, member_of: Any) -> None:
    consultation = world.consultation("assessment")
    deadline = consultation.deadline
    before = _unchanged(world)
    with pytest.raises(PermissionDenied):
        services.extend_deadline(world.writer, consultation, deadline + dt.timedelta(1), "x")
    with pytest.raises(ValidationError, match="later than the current one"):
        services.extend_deadline(world.coordinator, consultation, deadline, "Grund")
    with pytest.raises(ValidationError, match="reason"):
        services.extend_deadline(world.coordinator, consultation, deadline + dt.timedelta(1), " ")
    with pytest.raises(ValidationError, match="no deadline to extend"):
        services.extend_deadline(world.coordinator, world.consultation("review"), deadline, "Grund")
    consultation.refresh_from_db()
    assert consultation.deadline == deadline and consultation.extended_reason == ""
    assert _unchanged(world) == before


def test_a_statement_proposes_wording_for_one_paragraph_taken_into_the_draft(
    world: Any,
) -> None:
    from planwerk.papers import recommendations
    from planwerk.papers.models import Section

    consultation = world.consultation("statement")
    section = world.version.paper()[0]
    first, second = section.paragraph_ids
    services.give_statement(
        world.coordinator,
        consultation,
        "Der zweite Absatz soll deutlicher werden.",
        recommendation=services.Proposal(section.id, "Zweite, deutlicher", second),
    )
    recommendation = Recommendation.objects.get(version=world.version)
    assert (recommendation.section_id, recommendation.paragraph_id) == (section.id, second)
    assert recommendations.shown(recommendation)["label"] == "paragraph 2 of “Leitlinien”"
    taken = recommendations.take(world.writer, recommendation)
    assert taken.text == "Erste Zeile\n\nZweite, deutlicher"
    assert Section.objects.get(pk=taken.pk).paragraph_ids == [first, second]


def test_wording_for_a_paragraph_the_section_does_not_have_is_refused(world: Any) -> None:
    consultation = world.consultation("statement")
    before = _unchanged(world)
    section = world.version.paper()[1]
    with pytest.raises(ValidationError) as refused:
        services.give_statement(
            world.coordinator,
            consultation,
            "Text",
            recommendation=services.Proposal(
                section.id, "Neu", world.version.paper()[0].paragraph_ids[0]
            ),
        )
    assert "“Begriffe” has no such paragraph" in " ".join(refused.value.messages)
    assert _unchanged(world) == before
