"""The `planwerk` console command for operators.

`planwerk SUBCOMMAND ...` runs Django's management command of that name
(dashes become underscores), so `planwerk load-process FILE`,
`planwerk election recount FILE` and `planwerk audit verify` all work, as do
Django's own (`planwerk migrate`, `planwerk createsuperuser`).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:2] == ["election", "recount"]:
        # Recounting needs no database: any organisation can run it on a published record.
        from planwerk.elections.domain.recount_cli import main as recount

        return recount(args[2:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planwerk.settings")
    from django.core.management import execute_from_command_line

    if args:
        args[0] = args[0].replace("-", "_")
    execute_from_command_line(["planwerk", *args])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
