"""A page's table as CSV and XLSX (core/tables.py): what a coordinator opens in Excel."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.http import Http404
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st
from tests.exports import read_csv, read_xlsx, workbook

from planwerk.core.tables import Column, Table, csv_value, excel_format, respond, sheet_title

BERLIN = ZoneInfo("Europe/Berlin")
# 18:30 in Hannover on a summer evening is 16:30 UTC.
EVENING = dt.datetime(2025, 6, 30, 16, 30, tzinfo=dt.UTC)


def table(*rows: list[object]) -> Table:
    return Table(
        title="Vorschläge: Übersicht",
        filename="vorschlaege",
        columns=[Column("Name"), Column("Größe", 10), Column("Eingang", 18), Column("Tag", 12)],
        rows=list(rows),
    )


def test_the_csv_has_a_byte_order_mark_semicolons_and_a_header() -> None:
    rows = read_csv(respond(table(["Jürgen Öztürk", 3, EVENING, dt.date(2025, 7, 1)]), "csv"))

    assert rows == [
        ["Name", "Größe", "Eingang", "Tag"],
        ["Jürgen Öztürk", "3", "2025-06-30 18:30", "2025-07-01"],
    ]


def test_the_file_is_named_for_the_table_and_the_day() -> None:
    response = respond(table(), "xlsx")

    assert response["Content-Disposition"].startswith('attachment; filename="vorschlaege-20')
    assert response["Content-Disposition"].endswith('.xlsx"')
    assert response["Cache-Control"] == "private, no-store"


def test_the_xlsx_has_a_bold_frozen_header_widths_and_a_filter() -> None:
    sheet = workbook(respond(table(["Ayşe", 1, EVENING, None]), "xlsx")).active

    assert sheet.title == "Vorschläge  Übersicht"
    assert [c.font.b for c in sheet[1]] == [True, True, True, True]
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width == 10
    assert sheet.auto_filter.ref == "A1:D2"


def test_the_xlsx_holds_dates_as_dates_in_berlin_time() -> None:
    with translation.override("de"):
        response = respond(table(["Ayşe", 1, EVENING, dt.date(2025, 7, 1)]), "xlsx")
    sheet = workbook(response).active

    moment, day = sheet["C2"], sheet["D2"]
    assert moment.is_date and moment.value == dt.datetime(2025, 6, 30, 18, 30)
    assert moment.number_format == "DD.MM.YYYY HH:MM"
    assert day.is_date and day.value == dt.datetime(2025, 7, 1)
    assert day.number_format == "DD.MM.YYYY"
    assert sheet["B2"].value == 1 and sheet["B2"].data_type == "n"


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_a_formula_is_never_run(start: str) -> None:
    evil = f'{start}HYPERLINK("http://example.org","klick")'
    response_csv = respond(table([evil, None, None, None]), "csv")
    response_xlsx = respond(table([evil, None, None, None]), "xlsx")

    assert read_csv(response_csv)[1][0] == "'" + evil
    cell = workbook(response_xlsx).active["A2"]
    assert cell.value == evil and cell.data_type == "s" and cell.quotePrefix
    sheet_xml = zipfile.ZipFile(io.BytesIO(response_xlsx.content)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml


def test_a_negative_number_stays_a_number() -> None:
    assert read_csv(respond(table(["x", -3, None, None]), "csv"))[1][1] == "-3"
    assert read_xlsx(respond(table(["x", -3, None, None]), "xlsx"))[1][1] == -3


def test_yes_no_and_nothing_are_words_and_empty_cells() -> None:
    with translation.override("en"):
        rows = read_csv(respond(table([True, False, None, None]), "csv"))
        values = read_xlsx(respond(table([True, False, None, None]), "xlsx"))

    assert rows[1] == ["yes", "no", "", ""]
    assert values[1] == ["yes", "no", None, None]


def test_control_characters_and_overlong_texts_fit_in_a_cell() -> None:
    sheet = workbook(respond(table(["a\x00b\x1bc", "x" * 40_000, None, None]), "xlsx")).active

    assert sheet["A2"].value == "abc"
    assert len(sheet["B2"].value) == 32_767


def test_an_unknown_format_is_not_found() -> None:
    with pytest.raises(Http404):
        respond(table(), "pdf")


def test_excel_formats_follow_the_language_or_fall_back() -> None:
    assert excel_format("d.m.Y H:i", "x") == "DD.MM.YYYY HH:MM"
    assert excel_format("j. F Y", "YYYY-MM-DD") == "YYYY-MM-DD"


def test_a_sheet_title_is_what_excel_accepts() -> None:
    assert sheet_title("Anliegen: a/b*c?[d]\\e") == "Anliegen  a b c  d  e"
    assert len(sheet_title("x" * 50)) == 31
    assert sheet_title("") == "Tabelle"


@given(st.text())
def test_every_text_survives_a_csv_round_trip_unless_it_could_run(text: str) -> None:
    value = csv_value(text)
    rows = read_csv(respond(table([text, None, None, None]), "csv"))

    assert rows[1][0] == value
    assert value == text or (value == "'" + text and text[:1] in "=+-@\t\r")


def test_openpyxl_reads_what_excel_reads() -> None:
    """The file is a workbook a program other than the writer opens."""
    response = respond(table(["Ğ", 1, EVENING, None]), "xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)

    assert book.properties.title == "Vorschläge: Übersicht"
    assert [c.value for c in next(book.active.iter_rows(min_row=2))][:2] == ["Ğ", 1]
