"""The pages of a draft: a member writes and submits, a visitor is refused."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import translation
from tests.conftest import english_client

from planwerk.papers import services
from planwerk.papers.models import Draft, Section, Version


def _login(user: Any) -> Client:
    client = english_client()
    client.force_login(user)
    return client


def _urls(group: Any) -> dict[str, str]:
    args = [group.body.slug, group.stage.slug]
    return {
        "body": reverse("papers:body", args=[group.body.slug]),
        "draft": reverse("papers:draft", args=args),
        "add": reverse("papers:section_add", args=args),
        "submit": reverse("papers:submit", args=args),
        "compare": reverse("papers:compare", args=args),
    }


def test_a_member_writes_and_submits(group: Any) -> None:
    urls = _urls(group)
    client = _login(group.member)
    assert (
        client.get(reverse("bodies:detail", args=[group.body.slug]))
        .content.decode()
        .count(urls["body"])
        == 1
    )
    assert client.get(urls["body"]).status_code == 200
    assert client.get(urls["draft"]).status_code == 200  # opening it starts it
    assert Draft.objects.filter(body=group.body, stage=group.stage).exists()
    page = client.post(
        urls["add"], {"title": "Leitlinien", "text": "**Teilhabe** für alle\n<script>x</script>"}
    )
    assert page.status_code == 302
    section = Section.objects.get()
    page = client.get(urls["draft"]).content.decode()
    assert "<strong>Teilhabe</strong>" in page and "<script>x" not in page
    edit = reverse("papers:section_edit", args=[group.body.slug, group.stage.slug, section.uuid])
    prefix = str(section.uuid)
    answer = client.post(
        edit,
        {
            f"{prefix}-title": "Leitlinien",
            f"{prefix}-text": "Teilhabe für alle",
            f"{prefix}-revision": 1,
        },
    )
    assert answer.status_code == 302
    confirm = client.get(urls["submit"]).content.decode()
    assert "can no longer be changed" in confirm
    answer = client.post(urls["submit"])
    version = Version.objects.get()
    assert answer["Location"] == reverse(
        "papers:version", args=[group.body.slug, group.stage.slug, 1]
    )
    page = client.get(answer["Location"]).content.decode()
    assert 'id="zeile-2"><span class="pw-lineno">2</span>' in page and "Teilhabe für alle" in page
    services.edit_section(
        group.member, Section.objects.get(), "Leitlinien", "Teilhabe für viele", 2
    )
    client.post(urls["submit"])
    assert version.draft.versions.count() == 2
    page = client.get(urls["compare"], {"old": 1, "new": 2}).content.decode()
    assert "<del>alle</del>" in page and "<ins>viele</ins>" in page
    # Only versions that exist are offered; another number is refused with a message.
    assert '<select name="old"' in page and '<option value="2" selected>' in page
    refused = client.get(urls["compare"], {"old": 1, "new": 9})
    assert refused.status_code == 400
    assert "<ins>" not in refused.content.decode()


def test_a_stale_save_shows_the_conflict(group: Any) -> None:
    draft = services.open_draft(group.member, group.body, group.stage)
    section = services.add_section(group.member, draft, "Ziele", "Anfang")
    services.edit_section(group.other_member, section, "Ziele", "Text von B", 1)
    edit = reverse("papers:section_edit", args=[group.body.slug, group.stage.slug, section.uuid])
    prefix = str(section.uuid)
    answer = _login(group.member).post(
        edit, {f"{prefix}-title": "Ziele", f"{prefix}-text": "Text von A", f"{prefix}-revision": 1}
    )
    assert answer.status_code == 409
    page = answer.content.decode()
    assert "Text von A" in page and "Text von B" in page
    section.refresh_from_db()
    assert section.text == "Text von B"


def test_submitting_an_empty_draft_is_refused(group: Any) -> None:
    services.open_draft(group.member, group.body, group.stage)
    answer = _login(group.member).post(_urls(group)["submit"])
    assert answer.status_code == 400
    assert "empty draft" in answer.content.decode()
    assert not Version.objects.exists()


def test_visitors_and_strangers_are_refused(group: Any) -> None:
    draft = services.open_draft(group.member, group.body, group.stage)
    services.add_section(group.member, draft, "Ziele", "x")
    urls = _urls(group)
    anonymous = english_client()
    assert anonymous.get(urls["draft"]).status_code == 302  # to the login page
    stranger = _login(group.stranger)
    for url in (urls["body"], urls["draft"], urls["compare"]):
        assert stranger.get(url).status_code == 403
    assert stranger.post(urls["add"], {"title": "x", "text": "y"}).status_code == 403
    assert stranger.post(urls["submit"]).status_code == 403
    assert Section.objects.count() == 1 and not Version.objects.exists()
    detail = stranger.get(reverse("bodies:detail", args=[group.body.slug])).content.decode()
    assert urls["body"] not in detail


def test_the_pages_speak_german(group: Any) -> None:
    draft = services.open_draft(group.member, group.body, group.stage)
    section = services.add_section(group.member, draft, "Ziele", "Anfang")
    services.submit(group.member, draft)
    client = Client()
    client.force_login(group.member)
    with translation.override("de"):
        page = client.get(_urls(group)["draft"]).content.decode()
        assert "Abschnitt hinzufügen" in page and "Entwurf einreichen" in page
        confirm = client.get(_urls(group)["submit"]).content.decode()
        assert "als Fassung 2 festgeschrieben" in confirm
        version = client.get(
            reverse("papers:version", args=[group.body.slug, group.stage.slug, 1])
        ).content.decode()
        assert "Zeilen 1–2" in version
        edit = reverse(
            "papers:section_edit", args=[group.body.slug, group.stage.slug, section.uuid]
        )
        services.edit_section(group.other_member, section, "Ziele", "B", 1)
        prefix = str(section.uuid)
        answer = client.post(
            edit, {f"{prefix}-title": "Ziele", f"{prefix}-text": "A", f"{prefix}-revision": 1}
        )
        assert "Nicht gespeichert" in answer.content.decode()


def test_markdown_is_sanitised_and_headings_sit_below_the_section() -> None:
    from planwerk.core.markdown import render

    html = render(
        below=3,
        text="# Oben\n\n<img src=x onerror=alert(1)> [x](javascript:alert(1)) [y](https://e.org)",
    )
    assert "<h4>Oben</h4>" in html
    assert "<img" not in html and 'href="javascript' not in html
    assert 'href="https://e.org"' in html
