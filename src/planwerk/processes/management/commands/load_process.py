from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from planwerk.processes.definition import DefinitionError
from planwerk.processes.loader import load_process_file


class Command(BaseCommand):
    help = "Load or update a process definition (YAML, format planwerk-process/1)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the definition file")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = load_process_file(options["file"])
        except DefinitionError as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                ngettext(
                    "%(count)d problem in the definition; nothing was loaded.",
                    "%(count)d problems in the definition; nothing was loaded.",
                    len(exc.problems),
                )
                % {"count": len(exc.problems)}
            ) from exc
        assert report.process is not None
        if report.changed:
            self.stdout.write(
                _(
                    "Loaded %(process)s: %(created)d created, %(updated)d updated, "
                    "%(removed)d removed, %(unchanged)d unchanged."
                )
                % {
                    "process": report.process.slug,
                    "created": report.created,
                    "updated": report.updated,
                    "removed": report.removed,
                    "unchanged": report.unchanged,
                }
            )
        else:
            self.stdout.write(
                _("%(process)s is up to date: nothing changed.") % {"process": report.process.slug}
            )
        for warning in report.warnings:
            self.stdout.write(
                self.style.WARNING(_("Does not fit: %(warning)s") % {"warning": warning})
            )
