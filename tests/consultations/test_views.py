"""The pages: the panel on the version page, a consultation, the statement and
extension forms, downloads, the coordination's overview and what a member owes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from planwerk.consultations import services
from planwerk.consultations.models import Consultation, GenderRelevance, Statement

PDF = b"%PDF-1.4\n%%EOF\n"


def _client(user: Any) -> Client:
    from tests.conftest import english_client

    client = english_client()
    client.force_login(user)
    return client


def _version_url(world: Any) -> str:
    draft = world.version.draft
    return reverse("papers:version", args=[draft.body.slug, draft.stage.slug, 1])


def test_the_version_page_shows_the_consultations(world: Any) -> None:
    response = _client(world.writer).get(_version_url(world))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Consultations" in text and "What is next" in text
    assert escape(world.consultation("bundle").body.name) in text
    assert "Mark this version relevant to gender equality" in text


def test_a_consulted_member_reads_the_version_a_stranger_does_not(
    world: Any, member_of: Any
) -> None:
    council = member_of(world.consultation("assessment").body, "beirat")
    assert _client(council).get(_version_url(world)).status_code == 200
    assert _client(world.stranger).get(_version_url(world)).status_code == 403
    draft = world.version.draft
    # the live draft stays the group's own
    live = reverse("papers:draft", args=[draft.body.slug, draft.stage.slug])
    assert _client(council).get(live).status_code == 403


def test_a_member_gives_the_statement_through_the_form(world: Any, member_of: Any) -> None:
    consultation = world.consultation("statement")
    user = member_of(consultation.body, "rt")
    client = _client(user)
    url = reverse("consultations:state", args=[consultation.uuid])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "text": "Wir **begrüßen** den Entwurf.",
            "attachments": [SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")],
            "section": world.version.sections[1]["id"],
            "wording": "Teilhabe für alle",
        },
    )
    assert response.status_code == 302
    statement = Statement.objects.get(consultation=consultation)
    page = client.get(reverse("consultations:detail", args=[consultation.uuid]))
    assert "<strong>begrüßen</strong>" in page.content.decode()
    attachment = statement.attachments.get()
    download = client.get(reverse("consultations:attachment", args=[attachment.uuid]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == PDF
    assert (
        _client(world.stranger)
        .get(reverse("consultations:attachment", args=[attachment.uuid]))
        .status_code
        == 403
    )


def test_a_bad_attachment_is_refused_with_a_message(world: Any) -> None:
    consultation = world.consultation("statement")
    response = _client(world.coordinator).post(
        reverse("consultations:state", args=[consultation.uuid]),
        {"text": "Text", "attachments": [SimpleUploadedFile("a.pdf", b"nope")]},
    )
    assert response.status_code == 400
    assert "is not a PDF file" in response.content.decode()
    assert not Statement.objects.exists()


def test_an_on_behalf_statement_is_shown_as_such(world: Any) -> None:
    consultation = world.consultation("statement")
    client = _client(world.coordinator)
    form = client.get(reverse("consultations:state", args=[consultation.uuid]))
    assert "on the body's behalf" in form.content.decode()
    services.give_statement(world.coordinator, consultation, "Per Post")
    page = client.get(reverse("consultations:detail", args=[consultation.uuid]))
    assert "Entered by the coordination" in page.content.decode()


def test_only_members_of_the_consulted_body_open_the_statement_form(
    world: Any, member_of: Any
) -> None:
    consultation = world.consultation("statement")
    council = member_of(world.consultation("assessment").body, "beirat")
    url = reverse("consultations:state", args=[consultation.uuid])
    assert _client(council).get(url).status_code == 403
    assert _client(world.stranger).get(url).status_code == 403
    assert (
        _client(council).get(reverse("consultations:detail", args=[consultation.uuid])).status_code
        == 200
    )
    assert (
        _client(world.stranger)
        .get(reverse("consultations:detail", args=[consultation.uuid]))
        .status_code
        == 403
    )


def test_the_bundle_page_lists_the_assessments(world: Any) -> None:
    bundle = world.consultation("bundle")
    given = services.give_statement(world.coordinator, world.consultation("assessment"), "E")
    response = _client(world.coordinator).get(reverse("consultations:state", args=[bundle.uuid]))
    assert str(given.consultation.body.name) in response.content.decode()
    services.give_statement(world.coordinator, bundle, "Bündel", cites=[given])
    page = _client(world.coordinator).get(reverse("consultations:detail", args=[bundle.uuid]))
    text = page.content.decode()
    assert "Assessments it bundles" in text and "The assessments bundled here" in text


def test_the_coordination_extends_a_deadline_through_the_form(world: Any) -> None:
    consultation = world.consultation("assessment")
    client = _client(world.coordinator)
    url = reverse("consultations:extend", args=[consultation.uuid])
    page = client.get(url)
    assert page.status_code == 200 and "new reminder" in page.content.decode()
    bad = client.post(url, {"deadline": consultation.deadline.isoformat(), "reason": "x"})
    assert bad.status_code == 400
    new = consultation.deadline + dt.timedelta(days=5)
    assert client.post(url, {"deadline": new.isoformat(), "reason": "Ferien"}).status_code == 302
    consultation.refresh_from_db()
    assert consultation.deadline == new
    assert _client(world.writer).get(url).status_code == 403


def test_marking_and_confirming_gender_relevance(world: Any) -> None:
    url = reverse("consultations:mark_relevant", args=[world.version.uuid])
    assert _client(world.stranger).post(url).status_code == 403
    assert _client(world.writer).post(url).status_code == 302
    assert GenderRelevance.objects.filter(version=world.version).exists()
    confirm = reverse("consultations:confirm_relevance", args=[world.version.uuid])
    assert _client(world.writer).get(confirm).status_code == 403
    client = _client(world.coordinator)
    page = client.get(confirm)
    assert page.status_code == 200 and "21 days" in page.content.decode()
    assert client.post(confirm).status_code == 302
    assert Consultation.objects.filter(version=world.version, kind="consultation").count() == 1
    assert client.post(confirm).status_code == 409


def test_the_overview_and_what_a_member_owes(world: Any, member_of: Any) -> None:
    council = member_of(world.consultation("assessment").body, "beirat")
    overview = reverse("consultations:overview")
    page = _client(world.coordinator).get(overview)
    assert page.status_code == 200
    assert str(world.consultation("statement").body.name) in page.content.decode()
    assert _client(council).get(overview).status_code == 403
    mine = _client(council).get(reverse("consultations:mine"))
    assert mine.status_code == 200
    text = mine.content.decode()
    assert str(world.consultation("assessment").body.name) in text
    assert str(world.consultation("statement").body.name) not in text


def test_supplements_are_added_through_the_form_and_shown_in_order(
    world: Any, member_of: Any
) -> None:
    consultation = world.consultation("statement")
    user = member_of(consultation.body, "rt")
    client = _client(user)
    url = reverse("consultations:state", args=[consultation.uuid])
    detail = reverse("consultations:detail", args=[consultation.uuid])
    form = client.get(url).content.decode()
    assert "Give the statement" in form and "recorded as supplement" not in form
    assert client.post(url, {"text": "Die Stellungnahme"}).status_code == 302
    page = client.get(detail).content.decode()
    assert "Add a supplement to the statement" in page
    form = client.get(url).content.decode()
    assert "Add a supplement to the statement" in form and "recorded as supplement 1" in form
    assert client.post(url, {"text": "Der erste Nachtrag"}).status_code == 302
    services.give_statement(world.coordinator, consultation, "Der zweite Nachtrag")
    page = client.get(detail).content.decode()
    positions = [
        page.index(text)
        for text in (
            'id="stellungnahme"',
            "Die Stellungnahme",
            'id="ergaenzung-1"',
            "Supplement 1",
            "Der erste Nachtrag",
            'id="ergaenzung-2"',
            "Supplement 2",
            "Der zweite Nachtrag",
        )
    ]
    assert positions == sorted(positions)
    assert page.count("Given by") == 2 and "Entered by the coordination" in page
    overview = _client(world.coordinator).get(reverse("consultations:overview")).content.decode()
    assert "2 supplements" in overview


def test_a_decided_version_offers_no_supplement(world: Any) -> None:
    from planwerk.papers.models import Version

    consultation = world.consultation("statement")
    services.give_statement(world.coordinator, consultation, "Erste")
    Version.objects.filter(pk=world.version.pk).update(status=Version.Status.ACCEPTED)
    client = _client(world.coordinator)
    page = client.get(reverse("consultations:detail", args=[consultation.uuid])).content.decode()
    assert "Add a supplement" not in page
    response = client.post(
        reverse("consultations:state", args=[consultation.uuid]), {"text": "Zu spät"}
    )
    assert response.status_code == 400
    assert Statement.objects.filter(consultation=consultation).count() == 1


def test_supplements_are_named_in_german(world: Any) -> None:
    consultation = world.consultation("statement")
    services.give_statement(world.coordinator, consultation, "Erste")
    services.give_statement(world.coordinator, consultation, "Zweite")
    client = Client()
    client.force_login(world.coordinator)
    page = client.get(reverse("consultations:detail", args=[consultation.uuid])).content.decode()
    assert "Stellungnahme" in page and "Ergänzung 1" in page
    form = client.get(reverse("consultations:state", args=[consultation.uuid])).content.decode()
    assert "Ergänzung zur Stellungnahme hinzufügen" in form and "als Ergänzung 2" in form


def test_the_statement_form_offers_the_paragraphs_and_records_wording_for_one(
    world: Any,
) -> None:
    from planwerk.papers.models import Recommendation

    consultation = world.consultation("statement")
    client = _client(world.coordinator)
    url = reverse("consultations:state", args=[consultation.uuid])
    section = world.version.paper()[0]
    second = section.paragraph_ids[1]
    page = client.get(url).content.decode()
    assert f'<option value="{section.id}#{second}">§ Leitlinien, paragraph 2 (line 3)' in page
    assert f'<option value="{section.id}">Leitlinien</option>' in page
    response = client.post(
        url, {"text": "Wir schlagen vor.", "section": f"{section.id}#{second}", "wording": "Neu"}
    )
    assert response.status_code == 302
    recommendation = Recommendation.objects.get()
    assert (recommendation.section_id, recommendation.paragraph_id) == (section.id, second)
    bad = client.post(url, {"text": "Noch mal.", "section": f"{section.id}#nix", "wording": "X"})
    assert bad.status_code == 400
    assert Recommendation.objects.count() == 1
