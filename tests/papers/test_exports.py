"""Downloads of a version and of a comparison: PDF and DOCX with numbers and marks."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import docx
import pytest
from django.test import Client
from django.urls import reverse
from tests.conftest import english_client

from planwerk.papers import exports, services
from planwerk.papers.domain.diff import diff_papers
from planwerk.papers.models import Section, Version

ARABIC = "الاندماج في هانوفر"


def _login(user: Any) -> Client:
    client = english_client()
    client.force_login(user)
    return client


@pytest.fixture
def versions(group: Any) -> tuple[Version, Version]:
    draft = services.open_draft(group.member, group.body, group.stage)
    services.add_section(group.member, draft, "Leitlinien", "Teilhabe für alle\n\n" + ARABIC)
    section = services.add_section(group.member, draft, "Begriffe", "Zuwanderung")
    first = services.submit(group.member, draft)
    services.edit_section(group.member, section, "Begriffe", "Einwanderung", section.revision)
    return first, services.submit(group.member, draft)


def _url(name: str, version: Version, *extra: Any) -> str:
    draft = version.draft
    return reverse(f"papers:{name}", args=[draft.body.slug, draft.stage.slug, *extra])


def test_the_version_page_links_its_downloads(versions: Any, group: Any) -> None:
    first, _second = versions
    page = _login(group.member).get(_url("version", first, 1)).content.decode()
    assert _url("version_pdf", first, 1) in page and _url("version_docx", first, 1) in page
    page = _login(group.member).get(_url("compare", first), {"old": 1, "new": 2}).content.decode()
    assert f"{_url('compare_pdf', first)}?old=1&amp;new=2" in page


def test_a_version_as_pdf_with_umlauts_and_arabic(
    versions: Any, group: Any, tmp_path: Path
) -> None:
    first, _second = versions
    html = exports.paper_html(exports.version_document(first))
    assert '<span class="doc-lineno">2</span>Teilhabe für alle' in html
    assert f'<span class="doc-lineno">3</span>{ARABIC}' in html
    assert "http" not in html.split("</head>")[0]  # nothing loaded from elsewhere
    answer = _login(group.member).get(_url("version_pdf", first, 1))
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF")
    name = f"{group.body.slug}_{group.stage.slug}_fassung-1.pdf"
    assert f'filename="{name}"' in answer["Content-Disposition"]
    if shutil.which("pdftotext"):
        pdf = tmp_path / name
        pdf.write_bytes(answer.content)
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Teilhabe für alle" in text and "Leitlinien" in text
        assert "هانوفر" in text


def test_a_version_as_docx_with_line_numbers(versions: Any, group: Any) -> None:
    first, _second = versions
    answer = _login(group.member).get(_url("version_docx", first, 1))
    assert answer["Content-Disposition"].endswith('_fassung-1.docx"')
    document = docx.Document(io.BytesIO(answer.content))
    text = [p.text for p in document.paragraphs]
    assert "1\t1 Leitlinien" in text and "2\tTeilhabe für alle" in text
    assert f"3\t{ARABIC}" in text and "5\tZuwanderung" in text


def test_the_comparison_marks_insertions_and_deletions(versions: Any, group: Any) -> None:
    first, second = versions
    client = _login(group.member)
    diff = diff_papers(first.paper(), second.paper())
    html = exports.comparison_html(first.draft, first, second, diff)
    assert "<del>Zuwanderung</del><ins>Einwanderung</ins>" in html
    assert "inserted words are underlined" in html  # the legend
    pdf = client.get(_url("compare_pdf", first), {"old": 1, "new": 2})
    assert pdf.content.startswith(b"%PDF")
    assert "_vergleich-fassung-1-2.pdf" in pdf["Content-Disposition"]
    answer = client.get(_url("compare_docx", first), {"old": 1, "new": 2})
    runs = [r for p in docx.Document(io.BytesIO(answer.content)).paragraphs for r in p.runs]
    assert any(r.text == "Einwanderung" and r.font.underline for r in runs)
    assert any(r.text == "Zuwanderung" and r.font.strike for r in runs)
    # A choice of versions that do not exist goes back to the comparison page.
    wrong = client.get(_url("compare_docx", first), {"old": 1, "new": 9})
    assert wrong.status_code == 302 and wrong["Location"].startswith(_url("compare", first))


def test_fields_of_a_section_are_printed(group: Any) -> None:
    draft = services.open_draft(group.member, group.body, group.stage)
    Section.objects.create(draft=draft, title="Maßnahme", text="Sprachkurse")
    version = services.submit(group.member, draft)
    sections = [{**version.sections[0], "fields": {"target_group": "Familien"}, "number": "1.1"}]
    Version.objects.filter(pk=version.pk).update(sections=sections)
    version.refresh_from_db()
    document = exports.version_document(version)
    html = exports.paper_html(document)
    assert "<dt>Target group</dt><dd>Familien</dd>" in html and "1.1 Maßnahme" in html
    text = [p.text for p in docx.Document(io.BytesIO(exports.docx_of(document))).paragraphs]
    assert "\tTarget group: Familien" in text


def test_who_may_not_see_the_drafts_gets_no_download(versions: Any, group: Any) -> None:
    first, _second = versions
    assert _login(group.stranger).get(_url("version_pdf", first, 1)).status_code == 403
    assert english_client().get(_url("version_docx", first, 1)).status_code == 302
