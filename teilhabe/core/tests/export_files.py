"""Reading an export back, for the lists' tests: the CSV as German Excel would split it, the
XLSX with openpyxl; each row as {header: value}. `de(msgid)` is a header as the file writes it
(the files are German whatever the interface language)."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import translation
from openpyxl import load_workbook


def de(msgid: str) -> str:
    with translation.override("de"):
        return translation.gettext(msgid)


def csv_table(response: HttpResponse | StreamingHttpResponse) -> list[dict[str, str]]:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    raw = b"".join(response.streaming_content).decode("utf-8")  # type: ignore[union-attr]
    assert raw.startswith("\ufeff")
    header, *rows = csv.reader(io.StringIO(raw.removeprefix("\ufeff"), newline=""), delimiter=";")
    return [dict(zip(header, row, strict=True)) for row in rows]


def xlsx_table(response: HttpResponse) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.status_code
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, *rows = sheet.iter_rows(values_only=True)
    return [dict(zip(header, row, strict=True)) for row in rows]
