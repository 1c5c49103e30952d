"""`planwerk import FILE`: an archive of `planwerk export` into a new installation."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from planwerk.archive.errors import ArchiveError
from planwerk.archive.importing import import_archive


class Command(BaseCommand):
    help = (
        "Import an archive written by `planwerk export` into this installation, which "
        "must be new (migrated, nothing loaded). Checks everything first; writes nothing "
        "if anything is wrong."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the archive")
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only check the archive against this installation; write nothing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = import_archive(options["file"], check_only=options["check"])
        except ArchiveError as exc:
            raise CommandError(str(exc)) from exc
        counts = ngettext(
            "%(rows)d rows of %(tables)d tables and %(files)d file",
            "%(rows)d rows of %(tables)d tables and %(files)d files",
            report.files,
        ) % {"rows": report.rows, "tables": report.tables, "files": report.files}
        if not report.written:
            self.stdout.write(
                _("The archive can be imported here: %(counts)s, written %(created)s.")
                % {"counts": counts, "created": report.created}
            )
            return
        self.stdout.write(
            _("Imported %(counts)s, written %(created)s by planwerk %(version)s.")
            % {"counts": counts, "created": report.created, "version": report.planwerk_version}
        )
        audit = report.audit
        if audit is None:
            return
        if not audit.ok:
            self.stderr.write(
                _("The audit log does not verify: entry %(entry)s: %(reason)s")
                % {"entry": audit.first_broken, "reason": audit.reason}
            )
            sys.exit(1)
        self.stdout.write(
            ngettext(
                "Audit log intact: %(count)d entry, last entry hash %(hash)s.",
                "Audit log intact: %(count)d entries, last entry hash %(hash)s.",
                audit.checked,
            )
            % {"count": audit.checked, "hash": audit.last_hash}
        )
