"""Reading a downloaded table back (core/tables.py): CSV with the csv module, XLSX
with openpyxl, as a spreadsheet program would."""

from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl
from django.test import Client

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def read_csv(response: Any) -> list[list[str]]:
    """The rows of a CSV download (header first), checked to be what Excel reads."""
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff"), "a byte order mark, so that Excel reads UTF-8"
    return list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=";"))


def workbook(response: Any) -> Any:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == XLSX_TYPE
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return openpyxl.load_workbook(io.BytesIO(response.content))


def read_xlsx(response: Any) -> list[list[Any]]:
    """The values of an XLSX download's sheet (header first); empty cells are None."""
    sheet = workbook(response).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def both(client: Client, url: str, **params: Any) -> tuple[list[list[str]], list[list[Any]]]:
    """The table at `url` ("…/vorschlaege.{fmt}") as CSV rows and as XLSX rows."""
    return (
        read_csv(client.get(url.format(fmt="csv"), params)),
        read_xlsx(client.get(url.format(fmt="xlsx"), params)),
    )


def column(rows: list[list[Any]], header: str) -> list[Any]:
    """The values of one column, below its header."""
    index = rows[0].index(header)
    return [row[index] for row in rows[1:]]
