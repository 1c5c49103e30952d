"""The files behind File objects: shown at `accessUrl`, saved from `downloadUrl`
(OParl 1.1, 2.7), without a login."""

from __future__ import annotations

from django.test import Client
from django.utils.http import http_date
from tests.oparl.conftest import PDF, ROOT, World, get


def test_a_statements_attachment_is_shown_and_downloaded_as_uploaded(
    world: World, client: Client
) -> None:
    file = get(client, f"{ROOT}file/{world.attachment.uuid}/")
    assert file["mimeType"] == "application/pdf"
    shown = client.get(file["accessUrl"])
    assert shown.status_code == 200 and b"".join(shown.streaming_content) == PDF
    assert shown["Content-Type"] == "application/pdf"
    assert not shown["Content-Disposition"].startswith("attachment")
    saved = client.get(file["downloadUrl"])
    assert saved["Content-Disposition"] == ('attachment; filename="Stellungnahme Runder Tisch.pdf"')
    assert saved["Content-Length"] == str(len(PDF)) == str(file["size"])


def test_the_pdf_of_a_version_and_of_a_council_paper_are_made_when_fetched(
    world: World, client: Client
) -> None:
    for uuid in (world.version.uuid, world.paper.uuid):
        file = get(client, f"{ROOT}file/{uuid}/")
        saved = client.get(file["downloadUrl"])
        assert saved.status_code == 200 and saved.content.startswith(b"%PDF")
        assert saved["Content-Disposition"] == f'attachment; filename="{file["fileName"]}"'
        assert saved["Last-Modified"]
        # A HEAD (as a validator asks) is answered without making the PDF.
        head = client.head(file["accessUrl"])
        assert head.status_code == 200 and head["Content-Type"] == "application/pdf"
        assert head["Content-Disposition"].startswith("inline")


def test_a_file_not_changed_since_is_not_sent_again(world: World, client: Client) -> None:
    url = f"{ROOT}file/{world.version.uuid}/download/"
    since = http_date(world.version.modified.timestamp())
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=since).status_code == 304


def test_an_unknown_file_answers_404_with_the_error_object(world: World, client: Client) -> None:
    error = get(client, f"{ROOT}file/00000000-0000-4000-8000-000000000000/access/", status=404)
    assert error["type"] == "https://schema.oparl.org/1.1/Error"
