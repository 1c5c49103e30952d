"""`planwerk election SUBCOMMAND`: the election's documents and state from the console.

    planwerk election export ID [--output FILE]   the public record (JSON)
    planwerk election minutes ID --output FILE    the minutes as PDF
    planwerk election status ID                   phase, rounds and the result so far
    planwerk election recount FILE                recount a published record

`planwerk election recount` is answered in planwerk/cli.py before Django starts, so
it needs no database; through `manage.py` it runs the same code from here. The
status output is plain English on purpose, like `planwerk audit`: scripts read it.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, TextIO, cast

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation

from planwerk.elections import exports, services
from planwerk.elections.domain import recount_cli
from planwerk.elections.models import Election, PublishedRecord, Round


class Command(BaseCommand):
    help = "The election's public record, minutes and state; recount a published record."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        export = sub.add_parser("export", help="Write the public record (JSON).")
        export.add_argument("election_id", type=int, metavar="ID")
        export.add_argument(
            "--output", "-o", metavar="FILE", help="Write to FILE instead of standard output."
        )
        minutes = sub.add_parser("minutes", help="Write the minutes (Wahlniederschrift) as PDF.")
        minutes.add_argument("election_id", type=int, metavar="ID")
        minutes.add_argument("--output", "-o", metavar="FILE.pdf", required=True)
        minutes.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            choices=[code for code, _name in settings.LANGUAGES],
            help="Language of the minutes (default: %(default)s).",
        )
        status = sub.add_parser("status", help="Show the phase, the rounds and the result so far.")
        status.add_argument("election_id", type=int, metavar="ID")
        recount = sub.add_parser(
            "recount", help="Recount a published record (same as `planwerk election recount`)."
        )
        recount.add_argument("file", metavar="FILE")

    def handle(self, *args: Any, **options: Any) -> None:
        subcommand = options["subcommand"]
        if subcommand == "recount":
            # OutputWrapper writes like a text stream; recount_cli asks no more of it.
            status = recount_cli.main(
                [options["file"]],
                stdout=cast(TextIO, self.stdout),
                stderr=cast(TextIO, self.stderr),
            )
            if status:
                sys.exit(status)
            return
        election = self._election(options["election_id"])
        if subcommand == "export":
            self.export(election, options["output"])
        elif subcommand == "minutes":
            with translation.override(options["language"]):
                self.minutes(election, options["output"])
        else:
            self.status(election)

    def _election(self, election_id: int) -> Election:
        try:
            return Election.objects.get(pk=election_id)
        except Election.DoesNotExist:
            raise CommandError(f"there is no election {election_id}") from None

    def export(self, election: Election, output: str | None) -> None:
        try:
            with translation.override("en"):
                record = exports.record_bytes(election)
        except exports.RecordNotAvailable as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        what = "public record" if record.final else "preview of the record"
        if output:
            Path(output).write_bytes(record.content)
            self.stderr.write(f"wrote the {what} of election {election.pk} to {output}")
            if record.final:
                self.stderr.write(f"sha256: {record.sha256}")
        else:
            self.stdout.write(record.content.decode("utf-8"), ending="")

    def minutes(self, election: Election, output: str) -> None:
        Path(output).write_bytes(exports.minutes_pdf(election))
        self.stderr.write(f"wrote the minutes of election {election.pk} to {output}")

    def status(self, election: Election) -> None:
        state = services.election_state(election)
        election = state.election
        write = self.stdout.write
        write(f"election {election.pk}: {election.title}")
        write(f"phase: {election.phase}")
        when = timezone.localtime(election.meeting_at).strftime("%Y-%m-%d %H:%M")
        write(f"meeting: {when}, {election.place}")
        write(
            f"rules: {election.seats} seats, runoff of {election.runoff_size}, "
            f"tie rule {election.tie_rule}; rounds needed: {state.rounds_needed}"
        )
        withdrawn = {
            c.public_id: c.withdrawn_before_round
            for c in state.candidates
            if c.withdrawn_before_round is not None
        }
        write(f"candidates: {len(state.candidates)}")
        for c in state.candidates:
            note = (
                f"  (withdrew before round {withdrawn[c.public_id]})"
                if c.public_id in withdrawn
                else ""
            )
            write(f"  {c.public_id}  {c.name}, {c.organisation.name}{note}")
        write(f"organisations checked in: {election.check_ins.count()}")
        write(f"lot seed: {election.lot_seed or '(not entered)'}")
        results = {r.number: r for r in state.result.rounds} if state.result else {}
        for rnd in state.rounds:
            write(f"round {rnd.number}: {rnd.mode}, {rnd.status}")
            counted = results.get(rnd.number)
            if counted is None:
                if rnd.status == Round.Status.CLOSED and state.seed_needed:
                    write("  result shown once the lot seed is entered")
                continue
            tally = ", ".join(f"{pid} {votes}" for pid, votes in counted.tally.items())
            write(f"  votes: {tally}")
            write(f"  abstentions: {counted.abstentions}, invalid: {counted.invalid}")
            if counted.advanced:
                write(f"  advanced: {', '.join(counted.advanced)}")
            if rnd.number == state.rounds_needed:
                write(f"  elected: {', '.join(counted.elected) or '(nobody)'}")
            for lot in counted.lots:
                write(f"  lot among {', '.join(lot.among)}: drawn {', '.join(lot.drawn)}")
        if state.error:
            write(f"error: {state.error}")
        published = PublishedRecord.objects.defer("content").filter(election=election).first()
        if published is not None:
            write(f"record sha256: {published.sha256}")
        if state.result and state.result.complete:
            elected = [state.candidate(pid) for pid in state.result.elected]
            names = "; ".join(f"{c.public_id} {c.name}" for c in elected) or "nobody"
            write(f"result: elected {names}")
        elif state.next_round is not None and not state.open_round:
            field = ", ".join(state.next_field) or "not known yet"
            write(f"next: round {state.next_round}, field {field}")
