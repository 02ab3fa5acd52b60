"""The export kit (`core.exports`): German CSV and XLSX from one column spec, formulas defused,
bounded. The lists' own exports are tested in their apps; these are the cells and the files."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import RequestFactory
from django.utils import translation
from openpyxl import load_workbook

from teilhabe.core import exports
from teilhabe.core.exports import Column
from teilhabe.core.models import AuditEvent

BERLIN = ZoneInfo("Europe/Berlin")
COLUMNS = [
    Column("Name", lambda r: r.name),
    Column("Betrag (EUR)", lambda r: r.amount, "money"),
    Column("VZÄ", lambda r: r.fte, "decimal"),
    Column("Jahr", lambda r: r.year, "integer"),
    Column("Datum", lambda r: r.day, "date"),
    Column("Zeitpunkt", lambda r: r.moment, "datetime"),
]
ROW = SimpleNamespace(
    name="Bielefeld; Mitte",
    amount=Decimal("-1234567.5"),
    fte=Decimal("0.75"),
    year=2026,
    day=datetime.date(2026, 12, 31),
    # 23:30 UTC on the 31st is half past midnight in Berlin on the 1st
    moment=datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.UTC),
)
EMPTY = SimpleNamespace(name="", amount=None, fte=None, year=None, day=None, moment=None)


def _csv(rows, columns=COLUMNS) -> list[list[str]]:  # type: ignore[no-untyped-def]
    raw = "".join(exports.csv_lines(rows, columns))
    assert raw.startswith("\ufeff")
    assert raw.endswith("\r\n")
    return list(csv.reader(io.StringIO(raw.removeprefix("\ufeff"), newline=""), delimiter=";"))


def _sheet(rows, columns=COLUMNS, title="Förderanträge"):  # type: ignore[no-untyped-def]
    return load_workbook(io.BytesIO(exports.xlsx_bytes(rows, columns, title=title))).active


def test_it_writes_csv_for_german_excel() -> None:
    header, row, empty = _csv([ROW, EMPTY])
    assert header == ["Name", "Betrag (EUR)", "VZÄ", "Jahr", "Datum", "Zeitpunkt"]
    assert row == [
        "Bielefeld; Mitte",  # quoted in the file, one cell
        "-1.234.567,50",  # our own number: no quote although it starts with "-"
        "0,75",
        "2026",  # a year is no 2.026
        "31.12.2026",
        "01.01.2027 00:30",  # local time
    ]
    assert empty == ["", "", "", "", "", ""]


def test_a_date_column_shows_the_local_day_of_a_moment() -> None:
    column = Column("Eingereicht am", lambda r: r, "date")
    late = datetime.datetime(2026, 3, 31, 22, 30, tzinfo=datetime.UTC)  # 1 April in Berlin
    assert exports.csv_cell(column, late) == "01.04.2026"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_it_defuses_text_that_starts_like_a_formula(start: str) -> None:
    hostile = SimpleNamespace(**{**vars(EMPTY), "name": f'{start}HYPERLINK("http://x")'})
    assert _csv([hostile])[1][0] == f'\'{start}HYPERLINK("http://x")'
    cell = _sheet([hostile])["A2"]
    assert cell.data_type == "s" and cell.value.startswith("'")  # text, not a formula


def test_it_defuses_a_header_too() -> None:
    assert _csv([], [Column("=1+1", lambda r: r)])[0] == ["'=1+1"]


def test_it_writes_xlsx_with_real_numbers_and_dates() -> None:
    sheet = _sheet([ROW])
    assert sheet.title == "Förderanträge"
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.auto_filter.ref == "A1:F2"
    name, amount, fte, year, day, moment = sheet[2]
    assert name.value == "Bielefeld; Mitte"
    assert amount.value == pytest.approx(-1234567.5) and amount.number_format == "#,##0.00"
    assert fte.value == pytest.approx(0.75) and fte.number_format == "#,##0.00"
    assert year.value == 2026 and year.number_format == "0"
    assert day.value == datetime.datetime(2026, 12, 31) and day.number_format == "DD.MM.YYYY"
    assert moment.value == datetime.datetime(2027, 1, 1, 0, 30)  # local, as Excel has no zones
    assert sheet.column_dimensions["A"].width == exports.WIDTHS["text"]
    assert sheet.column_dimensions["B"].width == exports.WIDTHS["money"]


def test_xlsx_leaves_empty_values_empty() -> None:
    assert [c.value for c in _sheet([EMPTY])[2]] == [None] * 6


def test_xlsx_text_drops_what_xml_cannot_hold_and_what_excel_cannot_keep() -> None:
    pasted = SimpleNamespace(**{**vars(EMPTY), "name": "Zeile\x0bmit\x00Steuerzeichen\n2"})
    assert _sheet([pasted])["A2"].value == "ZeilemitSteuerzeichen\n2"
    long = SimpleNamespace(**{**vars(EMPTY), "name": "x" * 40_000})
    value = _sheet([long])["A2"].value
    assert len(value) == exports.XLSX_CELL_MAX and value.endswith("…")


@pytest.mark.parametrize(
    ("title", "sheet"),
    [("Anträge [2026]: A/B?", "Anträge -2026-- A-B-"), ("x" * 40, "x" * 31), ("", "Liste")],
)
def test_the_sheet_title_is_one_excel_allows(title: str, sheet: str) -> None:
    assert exports.sheet_title(title) == sheet


def _request(path: str = "/liste/export.csv?year=2026&page=3"):  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def test_the_export_links_keep_the_filters_not_the_page(db: None) -> None:
    request = _request("/protokoll/?q=Bielefeld&page=2")
    links = exports.export_links(request, "core:audit_log_export")
    assert links == {
        "csv": "/protokoll/export.csv?q=Bielefeld",
        "xlsx": "/protokoll/export.xlsx?q=Bielefeld",
    }


def test_it_answers_files_with_their_names_and_types(db: None) -> None:
    common = {
        "filename": "antraege",
        "title": "Förderanträge",
        "subject": AuditEvent,
        "back": "/liste/",
    }
    response = exports.export(_request(), [ROW], COLUMNS, fmt="csv", **common)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.streaming
    stamp = datetime.datetime.now(BERLIN).date().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="antraege-{stamp}.csv"'
    assert response["Cache-Control"] == "no-store"
    xlsx = exports.export(_request(), [ROW], COLUMNS, fmt="xlsx", **common)
    assert xlsx["Content-Type"] == exports.XLSX_TYPE
    assert xlsx["Content-Disposition"] == f'attachment; filename="antraege-{stamp}.xlsx"'
    assert load_workbook(io.BytesIO(xlsx.content)).active["A2"].value == "Bielefeld; Mitte"
    assert not AuditEvent.objects.exists()  # an anonymous visitor's download is not recorded


def test_it_refuses_more_rows_than_the_bound(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(exports.MAX_ROWS, "xlsx", 2)
    request = _request()
    with translation.override("en"):
        response = exports.export(
            request,
            [ROW, ROW, ROW],
            COLUMNS,
            fmt="xlsx",
            filename="antraege",
            title="Förderanträge",
            subject=AuditEvent,
            back="/liste/",
        )
    assert response.status_code == 302
    assert response["Location"] == "/liste/?year=2026"  # the filters kept, not the page
    (message,) = [str(m) for m in get_messages(request)]
    assert message.startswith("This list has 3 rows; an export holds at most 2.")


def test_an_unknown_format_is_no_route(client, db: None) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/protokoll/export.pdf").status_code == 404
    assert client.get("/zentren/export.xls").status_code == 404
