"""`planwerk election recount FILE`: recount a published election record.

Prints the result as JSON and exits 0; for a file that cannot be read, is not
JSON, or is not a consistent `planwerk-election-record/1` record, prints one
line `error: ...` on standard error, nothing on standard output, and exits 2.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TextIO

from .counting import RecordError
from .record import FORMAT, recount_file

USAGE = f"""\
usage: planwerk election recount FILE

Recount every round of an election from its public record alone ({FORMAT},
a JSON file; FILE "-" reads standard input) and print the result as JSON:
the tally of each round, who advanced, who was elected, every lot, and
record_sha256, the SHA-256 digest of the file as read (as sha256sum prints
it): compare it with the digest on the minutes and the public result page.

Exit status: 0 on success; 2 if the file cannot be read or the record is
malformed or inconsistent (one line on standard error names the problem).
"""

EXIT_OK = 0
EXIT_REFUSED = 2


def _write(stream: TextIO, text: str) -> None:
    # Write UTF-8 whatever the locale says: ids and names are not all ASCII.
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        stream.flush()
        buffer.write(text.encode("utf-8"))
        buffer.flush()
    else:
        stream.write(text)


def _refuse(stderr: TextIO, message: str) -> int:
    one_line = " ".join(message.split())
    _write(stderr, f"error: {one_line}\n")
    return EXIT_REFUSED


def _read(name: str, stdin: TextIO) -> bytes:
    try:
        if name == "-":
            buffer = getattr(stdin, "buffer", None)
            return buffer.read() if buffer is not None else stdin.read().encode("utf-8")
        return Path(name).read_bytes()
    except OSError as error:
        raise RecordError(f"cannot read {name}: {error.strerror or error}") from None


def main(
    argv: list[str] | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    stdin: TextIO | None = None,
) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    out = sys.stdout if stdout is None else stdout
    err = sys.stderr if stderr is None else stderr
    source = sys.stdin if stdin is None else stdin

    files: list[str] = []
    for position, arg in enumerate(args):
        if arg == "--":
            files += args[position + 1 :]
            break
        if arg in ("-h", "--help"):
            _write(out, USAGE)
            return EXIT_OK
        if arg.startswith("-") and arg != "-":
            return _refuse(err, f"unknown option {arg}; usage: planwerk election recount FILE")
        files.append(arg)
    if len(files) != 1:
        return _refuse(err, "expected one FILE; usage: planwerk election recount FILE")

    try:
        output = recount_file(_read(files[0], source), files[0])
    except RecordError as error:
        return _refuse(err, str(error))
    except MemoryError:
        return _refuse(err, f"{files[0]} is too large to recount in memory")
    _write(out, json.dumps(output, indent=2, ensure_ascii=False) + "\n")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
