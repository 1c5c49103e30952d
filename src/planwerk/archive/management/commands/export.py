"""`planwerk export FILE`: the whole process, its accounts and files in one archive."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from planwerk.archive.errors import ArchiveError
from planwerk.archive.exporting import export_archive


class Command(BaseCommand):
    help = (
        "Write the whole process (definition, every row, the audit log, accounts and "
        "files) into one archive. It holds personal data and password hashes: keep it safe."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the archive to write (a new file)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = export_archive(options["file"])
        except ArchiveError as exc:
            raise CommandError(str(exc)) from exc
        for note in report.notes:
            self.stdout.write(self.style.WARNING(note))
        self.stdout.write(
            ngettext(
                "Wrote %(file)s (%(size)s MB): %(rows)d rows of %(tables)d tables and "
                "%(files)d file.",
                "Wrote %(file)s (%(size)s MB): %(rows)d rows of %(tables)d tables and "
                "%(files)d files.",
                report.files,
            )
            % {
                "file": report.path,
                "size": f"{report.size / 1_000_000:.1f}",
                "rows": report.rows,
                "tables": report.tables,
                "files": report.files,
            }
        )
        self.stdout.write(
            _("The archive holds personal data and password hashes: store it protected.")
        )
