"""`planwerk roles-doc`: write the table of who may do what into docs/roles.md.

The part between the markers `<!-- permissions:begin -->` and
`<!-- permissions:end -->` is generated from core/permissions.py; the prose around
it is written by hand. `--check` changes nothing and fails if the file is out of date.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from planwerk.core.permissions import (
    ROLE_TEXTS,
    ROLES,
    RULES,
    Condition,
    addresses,
)

BEGIN = "<!-- permissions:begin -->"
END = "<!-- permissions:end -->"
DEFAULT = Path(__file__).resolve().parents[5] / "docs" / "roles.md"
HEADERS = {
    "anonymous": "anonymous",
    "public": "account",
    "member": "body member",
    "dezernat": "Dezernat",
    "coordinator": "coordinator",
    "superuser": "superuser",
}


def _cell(value: Any, notes: list[str]) -> str:
    if value is True:
        return "yes"
    if value is False:
        return "–"
    assert isinstance(value, Condition)
    if value.text not in notes:
        notes.append(value.text)
    return f"[{notes.index(value.text) + 1}]"


def generated_table() -> str:
    """The generated part of docs/roles.md, markers included."""
    notes: list[str] = []
    lines = [
        BEGIN,
        "<!-- Generated from src/planwerk/core/permissions.py by `planwerk roles-doc`;"
        " edit the table there. -->",
        "",
        "| action | what it is | " + " | ".join(HEADERS[r] for r in ROLES) + " |",
        "| --- | --- | " + " | ".join("---" for _ in ROLES) + " |",
    ]
    for rule in RULES.values():
        cells = " | ".join(_cell(rule.cells[r], notes) for r in ROLES)
        lines.append(f"| `{rule.action}` | {rule.text} | {cells} |")
    lines += ["", "Conditions on the object acted on:", ""]
    lines += [f"{n}. {text}" for n, text in enumerate(notes, 1)]
    lines += ["", "The roles (an account may hold several; it may act when one of them may):", ""]
    lines += [f"- **{HEADERS[r]}** (`{r}`): {ROLE_TEXTS[r]}" for r in ROLES]
    lines += ["", "The pages and API operations of each action:", ""]
    by_action: dict[str, list[str]] = {}
    for address in addresses():
        if address.action is None or address.namespace == "admin":
            continue
        route = address.route.replace("^", "").replace("$", "")
        by_action.setdefault(address.action, []).append(f"`{route}`")
    for action in RULES:
        if action.startswith("admin."):
            routes = ["`/admin/…`"]
        else:
            routes = sorted(set(by_action.get(action, [])))
        if routes:
            lines.append(f"- `{action}`: {', '.join(routes)}")
    lines += ["", END]
    return "\n".join(lines)


def render(current: str) -> str:
    """The file with its generated part replaced (added at the end if it has none)."""
    table = generated_table()
    if BEGIN in current and END in current:
        head, _, rest = current.partition(BEGIN)
        _, _, tail = rest.partition(END)
        return head + table + tail
    return current.rstrip("\n") + "\n\n" + table + "\n"


class Command(BaseCommand):
    help = "Write the table of who may do what (core/permissions.py) into docs/roles.md."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, default=DEFAULT)
        parser.add_argument("--check", action="store_true", help="fail if the file is out of date")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        wanted = render(current)
        if options["check"]:
            if wanted != current:
                raise CommandError(f"{path} is out of date: run `planwerk roles-doc`.")
            return
        path.write_text(wanted, encoding="utf-8")
        self.stdout.write(f"{path} written.")
