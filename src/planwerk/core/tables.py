"""A page's table as a file: CSV and Excel (XLSX), the same rows the page shows.

An app describes a table once, next to its views, from the query that feeds the page:
a title, the columns (each a translated header and a width) and the rows (plain Python
values). `respond(table, fmt)` renders it:

- CSV: UTF-8 with a byte order mark (so that Excel reads umlauts right), fields
  separated by semicolons (Excel in German reads a comma as the decimal sign and
  expects `;`), dates as ISO 8601 (2025-03-31, 2025-03-31 18:30) in Europe/Berlin.
- XLSX: a bold, frozen header row with a filter, column widths, long texts wrapped,
  dates and times as real dates in Europe/Berlin, shown in the reader's language.

Both guard against formula injection (a cell a resident wrote that begins with `=`,
`+`, `-` or `@` must never run in a spreadsheet): in CSV such a cell gets a leading
`'`, in XLSX it is stored as text marked with Excel's own quote prefix. See
docs/exports.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpResponse
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

CSV = "csv"
XLSX = "xlsx"
FORMATS = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
DELIMITER = ";"
#: A cell that begins with one of these is a formula to a spreadsheet program.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Excel holds at most this many characters in a cell.
XLSX_CELL_LIMIT = 32_767
#: Characters XML 1.0 forbids; openpyxl refuses them.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

#: A value of a row: a text (or an object whose str() is its text, such as a translated
#: text), a number, yes/no, a date or a moment, or nothing.
Cell = Any


@dataclass(frozen=True)
class Column:
    """One column: its header (translated) and its width in characters (XLSX)."""

    label: str | Promise
    width: int = 24
    wrap: bool = False  # long text: wrapped in XLSX, the row grows


@dataclass
class Table:
    """A table of a page: `rows` may be a generator, read once."""

    title: str | Promise
    filename: str  # ASCII, without the date and the extension: "vorschlaege"
    columns: Sequence[Column]
    rows: Iterable[Sequence[Cell]] = field(default_factory=list)


class ExportFormat:
    """The path converter `<export:fmt>`: csv or xlsx."""

    regex = "csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


# -- values ---------------------------------------------------------------------------
def _local(value: dt.datetime) -> dt.datetime:
    """A moment as the wall clock in Europe/Berlin shows it (naive, for a spreadsheet)."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None, microsecond=0)


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def defused(text: str) -> str:
    """A text a spreadsheet shows as text and never runs as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_value(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _yes_no(value)
    if isinstance(value, dt.datetime):
        return _local(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        return str(value)
    return defused(str(value))  # a text, a translated text, a lazy translation


# -- CSV ------------------------------------------------------------------------------
def to_csv(table: Table) -> bytes:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow([csv_value(c.label) for c in table.columns])
    for row in table.rows:
        writer.writerow([csv_value(v) for v in row])
    return out.getvalue().encode("utf-8")


# -- XLSX -----------------------------------------------------------------------------
# Django's date format letters and what Excel writes for them.
_EXCEL_CODES = {"d": "DD", "j": "D", "m": "MM", "n": "M", "Y": "YYYY", "y": "YY"}
_EXCEL_TIME = {"H": "HH", "G": "H", "i": "MM"}


def excel_format(django_format: str, fallback: str) -> str:
    """Excel's number format for a Django date format ("d.m.Y" → "DD.MM.YYYY")."""
    codes = {**_EXCEL_CODES, **_EXCEL_TIME}
    out = []
    for char in django_format:
        if char in codes:
            out.append(codes[char])
        elif char.isalpha():
            return fallback  # a letter Excel would read differently (a month's name …)
        else:
            out.append(char)
    return "".join(out)


def sheet_title(title: str) -> str:
    """A worksheet's name: at most 31 characters, none of []:*?/\\."""
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", title).strip() or "Tabelle"
    return cleaned[:31]


def to_xlsx(table: Table) -> bytes:
    from copy import copy

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    date_format = excel_format(formats.get_format("SHORT_DATE_FORMAT"), "YYYY-MM-DD")
    datetime_format = excel_format(formats.get_format("SHORT_DATETIME_FORMAT"), "YYYY-MM-DD HH:MM")
    book = Workbook(write_only=True)
    book.properties.title = str(table.title)
    book.properties.creator = "planwerk"
    sheet = book.create_sheet(sheet_title(str(table.title)))
    sheet.freeze_panes = "A2"
    for index, column in enumerate(table.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    # Where a long text wraps and its row grows, every cell of the row keeps to the top.
    grows = any(c.wrap for c in table.columns)

    # Setting a style on a cell costs a lookup in the workbook's style table; a cell
    # copies the style of one made once per kind instead (openpyxl's own way to copy).
    shapes: dict[tuple[str, bool], Any] = {}

    def shaped(value: Any, kind: str, wrap: bool) -> Any:
        model = shapes.get((kind, wrap))
        if model is None:
            model = WriteOnlyCell(sheet)
            model.alignment = Alignment(wrap_text=wrap or None, vertical="top" if grows else None)
            if kind == "datetime":
                model.number_format = datetime_format
            elif kind == "date":
                model.number_format = date_format
            elif kind == "quoted":
                model.quotePrefix = True
            elif kind == "header":
                model.font = Font(bold=True)
            shapes[(kind, wrap)] = model
        found = WriteOnlyCell(sheet, value)
        found._style = copy(model._style)
        return found

    def cell(value: Cell, wrap: bool = False, header: bool = False) -> Any:
        if isinstance(value, bool):
            value = _yes_no(value)
        elif not isinstance(value, int | float | Decimal | dt.date | None):
            value = str(value)  # a translated text, a lazy translation
        if isinstance(value, dt.datetime):
            return shaped(_local(value), "datetime", wrap)
        if isinstance(value, dt.date):
            return shaped(value, "date", wrap)
        if isinstance(value, str):
            text = _ILLEGAL.sub("", value)[:XLSX_CELL_LIMIT]
            if header:
                found = shaped(text, "header", wrap)
            elif text.startswith(FORMULA_STARTS):
                found = shaped(text, "quoted", wrap)
            elif text.startswith("#") or wrap or grows:
                found = shaped(text, "text", wrap)  # "#N/A" would be an error value
            else:
                return text  # a plain text: openpyxl writes it as text
            found.data_type = "s"  # never a formula, whatever it begins with
            return found
        if grows and value is not None:
            return shaped(value, "number", wrap)
        return value

    sheet.append([cell(c.label, header=True) for c in table.columns])
    wraps = [c.wrap for c in table.columns]
    count = 0
    for row in table.rows:
        sheet.append([cell(v, w) for v, w in zip(row, wraps, strict=True)])
        count += 1
    if table.columns:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{count + 1}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# -- the response ---------------------------------------------------------------------
def respond(table: Table, fmt: str) -> HttpResponse:
    """The table as a download: `fmt` is "csv" or "xlsx" (anything else: 404)."""
    if fmt not in FORMATS:
        raise Http404(_("There is no such format."))
    content = to_csv(table) if fmt == CSV else to_xlsx(table)
    response = HttpResponse(content, content_type=FORMATS[fmt])
    name = f"{table.filename}-{timezone.localdate().isoformat()}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    # Lists of people: no cache on the way keeps a copy.
    response["Cache-Control"] = "private, no-store"
    return response
