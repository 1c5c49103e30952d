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


def _post_section(client: Client, url: str, prefix: str = "", **data: str) -> Any:
    key = (lambda name: f"{prefix}-{name}") if prefix else (lambda name: name)
    return client.post(url, {key(k): v for k, v in data.items()})


def test_a_member_writes_the_catalogue_as_a_tree(catalogue: Any) -> None:
    urls = _urls(catalogue)
    client = _login(catalogue.member)
    page = client.get(urls["draft"]).content.decode()
    assert '<select name="part"' in page and '<option value="ziel"' in page
    assert _post_section(client, urls["add"], part="ziel", title="Teilhabe").status_code == 302
    goal = Section.objects.get()
    below = reverse(
        "papers:section_add_below", args=[catalogue.body.slug, catalogue.stage.slug, goal.uuid]
    )
    answer = _post_section(client, below, f"below-{goal.uuid}", part="mittlerziel", title="Sprache")
    assert answer.status_code == 302
    middle = Section.objects.get(part="mittlerziel")
    below_middle = reverse(
        "papers:section_add_below", args=[catalogue.body.slug, catalogue.stage.slug, middle.uuid]
    )
    prefix = f"below-{middle.uuid}"
    page = client.get(urls["draft"]).content.decode()
    assert f'name="{prefix}-field_zeitrahmen"' in page  # one part allowed: its fields
    answer = _post_section(
        client,
        below_middle,
        prefix,
        part="massnahme",
        title="Sprachkurse",
        text="Kurse für Eltern.",
        field_zielgruppen="Eltern\nJugendliche",
        field_indikator="100 Kurse",
    )
    assert answer.status_code == 302
    measure = Section.objects.get(part="massnahme")
    assert measure.parent == middle and measure.fields["indikator"] == "100 Kurse"
    page = client.get(urls["draft"]).content.decode()
    for shown in ("Goal 1</span>", "Intermediate goal 1.1</span>", "Measure 1.1.1</span>"):
        assert shown in page
    assert '<dt class="kern-label">Target groups</dt>' in page and "<li>Jugendliche</li>" in page

    edit = reverse(
        "papers:section_edit", args=[catalogue.body.slug, catalogue.stage.slug, measure.uuid]
    )
    p = str(measure.uuid)
    answer = _post_section(
        client,
        edit,
        p,
        title="Sprachkurse",
        text="Kurse für Eltern.\n\nUnd für Kinder.",
        revision="1",
        field_zielgruppen="Eltern",
        field_indikator="120 Kurse",
    )
    assert answer.status_code == 302
    measure.refresh_from_db()
    assert measure.fields == {"zielgruppen": "Eltern", "indikator": "120 Kurse"}
    stale = _post_section(
        client, edit, p, title="Sprachkurse", text="alt", revision="1", field_indikator="9"
    )
    assert stale.status_code == 409 and "120 Kurse" in stale.content.decode()

    client.post(urls["submit"])
    version = client.get(
        reverse("papers:version", args=[catalogue.body.slug, catalogue.stage.slug, 1])
    ).content.decode()
    first, second = measure.paragraph_ids
    assert f'id="absatz-{first}"' in version and f'id="absatz-{second}"' in version
    assert "Measure 1.1.1</span> Sprachkurse" in version
    assert '<span class="pw-lineno">8</span> Indicator</dt>' in version
    assert 'id="zeile-9"><span class="pw-lineno">9</span> 120 Kurse' in version

    services.edit_section(
        catalogue.member,
        measure,
        "Sprachkurse",
        measure.text,
        measure.revision,
        fields={"zielgruppen": "Eltern", "indikator": "150 Kurse"},
    )
    client.post(urls["submit"])
    compare = client.get(urls["compare"], {"old": 1, "new": 2}).content.decode()
    assert "<del>120</del><ins>150</ins>" in compare.replace("\n", "")
    assert "Measure 1.1.1</span>" in compare


def test_a_misplaced_part_is_refused_with_a_message(catalogue: Any) -> None:
    urls = _urls(catalogue)
    client = _login(catalogue.member)
    answer = _post_section(client, urls["add"], part="massnahme", title="Zu hoch")
    assert answer.status_code == 400
    assert "Measure cannot stand at the top level of this paper." in answer.content.decode()
    assert not Section.objects.exists()


def test_an_old_version_without_the_tree_still_shows(group: Any) -> None:
    draft = services.open_draft(group.member, group.body, group.stage)
    services.add_section(group.member, draft, "Ziele", "x")
    version = services.submit(group.member, draft)
    Version.objects.filter(pk=version.pk).update(
        sections=[{"id": "alt", "title": "Altes Kapitel", "text": "Eins\n\nZwei"}]
    )
    services.edit_section(group.member, draft.sections.get(), "Ziele", "y", 1)
    services.submit(group.member, draft)
    client = _login(group.member)
    page = client.get(reverse("papers:version", args=[group.body.slug, group.stage.slug, 1]))
    assert page.status_code == 200
    shown = page.content.decode()
    assert (
        "Altes Kapitel" in shown and 'id="zeile-3"><span class="pw-lineno">3</span> Zwei' in shown
    )
    compare = client.get(_urls(group)["compare"], {"old": 1, "new": 2})
    assert compare.status_code == 200 and "section removed" in compare.content.decode()


def test_the_tree_speaks_german(catalogue: Any) -> None:
    draft = services.open_draft(catalogue.member, catalogue.body, catalogue.stage)
    goal = services.add_section(catalogue.member, draft, "Teilhabe", "", part="ziel")
    services.add_section(catalogue.member, draft, "Sprache", "", part="mittlerziel", parent=goal)
    client = Client()
    client.force_login(catalogue.member)
    with translation.override("de"):
        page = client.get(_urls(catalogue)["draft"]).content.decode()
        assert "Ziel 1</span> Teilhabe" in page and "Mittlerziel 1.1</span> Sprache" in page
        assert "Darunter hinzufügen: Maßnahme" in page
        refused = client.post(_urls(catalogue)["add"], {"part": "massnahme", "title": "x"})
        assert "Maßnahme kann nicht auf der obersten Ebene dieses Papiers stehen." in (
            refused.content.decode()
        )
