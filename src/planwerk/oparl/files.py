"""The files behind OParl's File objects (OParl 1.1, 2.7): a statement's attachment
as it was uploaded, the PDF of a version or of a council paper as the download pages
make it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from planwerk.consultations.models import StatementAttachment
from planwerk.council import queries as council_queries
from planwerk.council.models import CouncilPaper
from planwerk.oparl.objects import council_paper_filename
from planwerk.papers import exports
from planwerk.papers.models import Version


@dataclass(frozen=True)
class FileOf:
    """What a File's addresses give: `content()` makes or opens it, when needed."""

    name: str
    modified: dt.datetime
    row: Any

    def content(self) -> Any:
        """Bytes, or an open file for a stored attachment."""
        row = self.row
        if isinstance(row, StatementAttachment):
            return row.file.open("rb")
        if isinstance(row, Version):
            return exports.pdf_of(exports.paper_html(exports.version_document(row)))
        return exports.pdf_of(exports.paper_html(_council_paper_document(row)))


def _council_paper_document(paper: CouncilPaper) -> exports.Document:
    # As the council paper's own download (council.views.paper_pdf) makes it.
    return exports.paper_document(
        _("Council paper %(number)s: %(title)s") % {"number": paper.number, "title": paper.title},
        str(paper.stage.process.name),
        [str(paper.stage.name)],
        council_queries.paper_versions(paper),
    )


def file_of(uuid: Any) -> FileOf | None:
    """The file a File's identifier names, or None."""
    attachment = StatementAttachment.objects.filter(uuid=uuid).first()
    if attachment is not None:
        return FileOf(attachment.name, attachment.modified, attachment)
    version = (
        Version.objects.select_related("draft__body", "draft__stage__process")
        .filter(uuid=uuid)
        .first()
    )
    if version is not None:
        return FileOf(exports.version_filename(version, "pdf"), version.modified, version)
    paper = CouncilPaper.objects.select_related("stage__process").filter(uuid=uuid).first()
    if paper is not None:
        name = council_paper_filename(paper.number, paper.stage.slug)
        return FileOf(name, paper.modified, paper)
    return None
