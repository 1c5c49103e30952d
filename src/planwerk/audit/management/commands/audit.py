"""`planwerk audit verify` and `planwerk audit show`.

The output is plain English on purpose: auditors' scripts read it, whatever
language the site is set to.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db.models import Q

from planwerk.audit import chain, services
from planwerk.audit.models import AuditEntry


def positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not a positive number")
    return value


class Command(BaseCommand):
    help = "Check the audit log's hash chain, or show its entries."

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        subcommands.add_parser(
            "verify",
            help="Recompute every hash; exit status 1 and the first broken entry if any.",
        )
        show = subcommands.add_parser("show", help="Print entries, one line each, oldest first.")
        show.add_argument("--last", type=positive_int, metavar="N", help="Only the last N entries.")
        show.add_argument(
            "--action",
            metavar="PREFIX",
            help='Only actions named PREFIX or below it ("election.round" matches '
            '"election.round.opened").',
        )
        show.add_argument(
            "--json",
            action="store_true",
            help="One JSON object per line with every stored field, for recomputing hashes.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "verify":
            self.verify()
        else:
            self.show(last=options["last"], action=options["action"], as_json=options["json"])

    def verify(self) -> None:
        result = services.verify()
        if not result.ok:
            self.stderr.write(f"audit log broken at entry {result.first_broken}: {result.reason}")
            sys.exit(1)
        noun = "entry" if result.checked == 1 else "entries"
        self.stdout.write(f"audit log intact: {result.checked} {noun}")
        self.stdout.write(f"last entry hash: {result.last_hash}")

    def show(self, *, last: int | None, action: str | None, as_json: bool) -> None:
        rows = AuditEntry.objects.all()
        if action:
            prefix = action.rstrip(".")
            rows = rows.filter(Q(action=prefix) | Q(action__startswith=f"{prefix}."))
        if last is not None:
            newest = rows.order_by("-sequence").values_list("pk", flat=True)[:last]
            rows = AuditEntry.objects.filter(pk__in=list(newest))
        for entry in services.entries(rows):
            self.stdout.write(json_line(entry) if as_json else text_line(entry))


def text_line(entry: chain.Entry) -> str:
    target = (
        f"{entry.object_type}:{entry.object_id}" if entry.object_type or entry.object_id else "-"
    )
    details = _json(entry.payload) if entry.payload else ""
    parts = [
        str(entry.sequence),
        chain.format_timestamp(entry.created_at),
        entry.actor,
        entry.action,
        target,
        details,
    ]
    return "  ".join(parts).rstrip()


def json_line(entry: chain.Entry) -> str:
    return _json(
        {
            "sequence": entry.sequence,
            "created_at": chain.format_timestamp(entry.created_at),
            "actor": entry.actor,
            "action": entry.action,
            "object_type": entry.object_type,
            "object_id": entry.object_id,
            "payload": entry.payload,
            "previous_hash": entry.previous_hash,
            "entry_hash": entry.entry_hash,
        }
    )


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
