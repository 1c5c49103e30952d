"""Versions, comparisons and whole papers as PDF (WeasyPrint) and DOCX (python-docx).

Every export is built from a `Document`: a title, lines that say what it is, warnings,
and parts of sections with numbered lines (`papers.domain.printing`). The PDF is the
print template `papers/print/paper.html` with its own small stylesheet and the fonts
of the system (DejaVu Sans covers German umlauts and Arabic); nothing is fetched. The
DOCX has the same content: each line a paragraph led by its number.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from planwerk.papers.domain.diff import ADDED, DELETE, INSERT, REMOVED, PaperDiff, Piece
from planwerk.papers.domain.printing import PartSource, PrintedPart, entries_of, number_parts
from planwerk.papers.models import Draft, Version

if TYPE_CHECKING:
    from docx.document import Document as Docx
    from docx.text.paragraph import Paragraph

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass
class Document:
    """What a printed paper shows, whichever format it is made in."""

    title: str
    process: str
    meta: list[str]
    parts: list[PrintedPart]
    warnings: list[str] = field(default_factory=list)
    contents: bool = False  # a table of contents (for a paper of several parts)
    part_titles: bool = False  # each part under its own heading
    generated: str = ""


def _generated() -> str:
    return _("As of %(date)s") % {
        "date": date_format(timezone.localtime(), "SHORT_DATETIME_FORMAT")
    }


def version_meta(version: Version) -> str:
    return _("%(body)s · %(stage)s · version %(number)s, submitted on %(date)s (%(status)s)") % {
        "body": version.draft.body.name,
        "stage": version.draft.stage.name,
        "number": version.number,
        "date": date_format(timezone.localtime(version.submitted_at), "SHORT_DATE_FORMAT"),
        "status": version.get_status_display(),
    }


def version_document(version: Version) -> Document:
    """One version: its sections with the line numbers of its page."""
    draft = version.draft
    parts = number_parts([PartSource(str(draft.body.name), "", entries_of(version.sections))])
    return Document(
        title=_("%(body)s: version %(number)s")
        % {"body": draft.body.name, "number": version.number},
        process=str(draft.stage.process.name),
        meta=[version_meta(version)],
        parts=parts,
        generated=_generated(),
    )


def paper_document(
    title: str,
    process: str,
    meta: list[str],
    versions: Sequence[Version],
    warnings: Sequence[str] = (),
) -> Document:
    """Several versions, one part each in the order given, numbered through."""
    sources = [
        PartSource(str(v.draft.body.name), version_meta(v), entries_of(v.sections))
        for v in versions
    ]
    return Document(
        title=title,
        process=process,
        meta=meta,
        parts=number_parts(sources),
        warnings=list(warnings),
        contents=True,
        part_titles=True,
        generated=_generated(),
    )


# -- PDF ---------------------------------------------------------------------------------
def paper_html(document: Document) -> str:
    """The HTML that goes into WeasyPrint."""
    return render_to_string("papers/print/paper.html", {"document": document})


def comparison_html(draft: Draft, old: Version, new: Version, diff: PaperDiff) -> str:
    return render_to_string(
        "papers/print/compare.html",
        {
            "title": comparison_title(draft, old, new),
            "process": draft.stage.process.name,
            "meta": [version_meta(old), version_meta(new)],
            "diff": diff,
            "generated": _generated(),
        },
    )


def pdf_of(html: str) -> bytes:
    from weasyprint import HTML  # slow to import: only when a PDF is made

    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


# -- DOCX --------------------------------------------------------------------------------
def _docx() -> Docx:
    from docx import Document as new_docx
    from docx.shared import Pt

    doc = new_docx()
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    return doc


def _save(doc: Docx) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _numbered(doc: Docx, number: int | None, text: str, *, bold: bool = False) -> None:
    from docx.shared import Cm, Pt, RGBColor

    paragraph = doc.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.left_indent = Cm(1.2)
    fmt.first_line_indent = Cm(-1.2)
    fmt.space_after = Pt(2)
    fmt.tab_stops.add_tab_stop(Cm(1.2))
    if number is not None:
        run = paragraph.add_run(str(number))
        run.font.size = Pt(8)
        run.font.color.rgb = RGBColor(0x55, 0x5F, 0x68)
    paragraph.add_run("\t")
    run = paragraph.add_run(text)
    run.bold = bold


def docx_of(document: Document) -> bytes:
    """The document as a Word file: every line a paragraph led by its number."""
    doc = _docx()
    doc.core_properties.title = document.title
    doc.add_paragraph(document.process)
    doc.add_heading(document.title, level=0)
    for text in [*document.meta, document.generated]:
        if text:
            doc.add_paragraph(text)
    for warning in document.warnings:
        doc.add_paragraph(warning).runs[0].bold = True
    if document.contents:
        doc.add_heading(_("Contents"), level=1)
        for part in document.parts:
            doc.add_paragraph(_contents_line(part), style="List Number")
    for part in document.parts:
        if document.part_titles:
            doc.add_heading(part.title, level=1)
            if part.subtitle:
                doc.add_paragraph(part.subtitle)
        for section in part.sections:
            title = f"{section.number} {section.title}".strip()
            _numbered(doc, section.heading.number if section.heading else None, title, bold=True)
            for line in section.lines:
                _numbered(doc, line.number, line.text)
            for label, value in section.labelled_fields:
                _numbered(doc, None, f"{label}: {value}")
    return _save(doc)


def _contents_line(part: PrintedPart) -> str:
    if part.first is None:
        return part.title
    return _("%(title)s, lines %(first)s–%(last)s") % {
        "title": part.title,
        "first": part.first,
        "last": part.last,
    }


def _pieces(paragraph: Paragraph, pieces: Sequence[Piece]) -> None:
    from docx.shared import RGBColor

    for piece in pieces:
        run = paragraph.add_run(piece.text)
        if piece.op == INSERT:
            run.font.underline = True
            run.font.color.rgb = RGBColor(0x0B, 0x6B, 0x2A)
        elif piece.op == DELETE:
            run.font.strike = True
            run.font.color.rgb = RGBColor(0xA8, 0x1D, 0x1D)


def comparison_docx(draft: Draft, old: Version, new: Version, diff: PaperDiff) -> bytes:
    """The changes as a Word file: inserted words underlined, deleted ones struck."""
    doc = _docx()
    title = comparison_title(draft, old, new)
    doc.core_properties.title = title
    doc.add_paragraph(str(draft.stage.process.name))
    doc.add_heading(title, level=0)
    for line in (version_meta(old), version_meta(new), _generated()):
        doc.add_paragraph(line)
    legend = doc.add_paragraph(_("Legend:") + " ")
    _pieces(
        legend,
        [
            Piece(INSERT, _("inserted words are underlined")),
            Piece("equal", ", "),
            Piece(DELETE, _("deleted words are struck through")),
        ],
    )
    if diff.empty:
        doc.add_paragraph(_("The two versions are the same."))
    if diff.reordered:
        doc.add_paragraph(_("The order of the sections has changed."))
    for change in diff.sections:
        heading = doc.add_heading(level=2)
        _pieces(heading, change.title)
        heading.add_run(f" ({change_label(change.kind)})")
        _pieces(doc.add_paragraph(), change.text)
    return _save(doc)


def change_label(kind: str) -> str:
    if kind == ADDED:
        return _("section added")
    if kind == REMOVED:
        return _("section removed")
    return _("section changed")


# -- names -------------------------------------------------------------------------------
def comparison_title(draft: Draft, old: Version, new: Version) -> str:
    return _("%(body)s: changes from version %(old)s to version %(new)s") % {
        "body": draft.body.name,
        "old": old.number,
        "new": new.number,
    }


def _slug(*words: object) -> str:
    return "_".join(slugify(str(w)) or "x" for w in words)


def version_filename(version: Version, extension: str) -> str:
    """`<body>_<stage>_fassung-3.pdf`: what it is, in the name."""
    draft = version.draft
    return f"{_slug(draft.body.slug, draft.stage.slug)}_fassung-{version.number}.{extension}"


def comparison_filename(draft: Draft, old: Version, new: Version, extension: str) -> str:
    return (
        f"{_slug(draft.body.slug, draft.stage.slug)}"
        f"_vergleich-fassung-{old.number}-{new.number}.{extension}"
    )


def paper_filename(stage_slug: str, extension: str, *, prefix: str = "papier") -> str:
    return f"{prefix}_{_slug(stage_slug)}.{extension}"
