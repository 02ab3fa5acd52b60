"""The evaluation's files: a data set and its data dictionary, as CSV (the data streamed, the
dictionary a file of its own) or as one XLSX workbook with two sheets ("Daten", "Datenwörterbuch").

Cells are written as `core.exports` writes them (German Excel: `;`, BOM, formulas defused);
the XLSX has its own small writer because the core one makes workbooks of a single sheet.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from teilhabe.core.exports import (
    CSV_TYPE,
    WIDTHS,
    XLSX_TYPE,
    Column,
    Kind,
    csv_lines,
    defuse,
    sheet_title,
)

_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
CELL_MAX = 32_767

TYPE_LABELS: dict[str, Any] = {
    "text": _("text"),
    "integer": _("whole number"),
    "decimal": _("decimal number"),
    "money": _("amount in euros"),
    "date": _("date"),
    "datetime": _("date and time"),
}


@dataclass(frozen=True)
class Field:
    """One column of a data set with its entry in the data dictionary."""

    column: Column
    meaning: Any
    source: str
    allowed: Any = ""
    free_text: bool = False
    type_label: Any = None  # default: by the column's kind

    @property
    def header(self) -> Any:
        return self.column.header

    @property
    def type_name(self) -> Any:
        return self.type_label or TYPE_LABELS[self.column.kind]


def dictionary_columns() -> list[Column]:
    return [
        Column(_("Column"), lambda f: f.header),
        Column(_("Meaning"), lambda f: f.meaning, width=60),
        Column(_("Type"), lambda f: f.type_name),
        Column(_("Allowed values"), lambda f: f.allowed, width=50),
        Column(_("Source"), lambda f: f.source, width=40),
        Column(_("Free text"), lambda f: _("yes") if f.free_text else _("no"), width=10),
    ]


def _text(value: Any) -> str:
    text = _XML_ILLEGAL.sub("", defuse(str(value)))
    return text if len(text) <= CELL_MAX else text[: CELL_MAX - 1] + "…"


_FORMATS: dict[Kind, str] = {
    "money": "#,##0.00",
    "date": "DD.MM.YYYY",
    "datetime": "DD.MM.YYYY HH:MM",
    "integer": "0",
    "decimal": "#,##0.00",
}


def _value(kind: Kind, value: Any) -> Any:
    if kind in ("money", "decimal"):
        return Decimal(value)
    if kind == "integer":
        return int(value)
    if kind == "datetime" and isinstance(value, datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return local.replace(tzinfo=None)
    if kind == "date" and isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if kind == "date" and isinstance(value, date):
        return value
    return _text(value)


def _sheet(book: Any, title: str, rows: Iterable[Any], columns: Sequence[Column]) -> int:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(title=sheet_title(title))
    for number, column in enumerate(columns, start=1):
        width = column.width or WIDTHS[column.kind]
        sheet.column_dimensions[get_column_letter(number)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=_text(column.header))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    count = 0
    for row in rows:
        cells: list[Any] = []
        for column in columns:
            value = column.value(row)
            if value is None or value == "":
                cells.append(None)
                continue
            number_format = _FORMATS.get(column.kind)
            if number_format is None:
                cells.append(_value(column.kind, value))
            else:
                cell = WriteOnlyCell(sheet, value=_value(column.kind, value))
                cell.number_format = number_format
                cells.append(cell)
        sheet.append(cells)
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"
    return count


def workbook(rows: Iterable[Any], fields: Sequence[Field]) -> bytes:
    """The data sheet and the dictionary sheet in one workbook."""
    from openpyxl import Workbook

    with translation.override(settings.LANGUAGE_CODE):
        book = Workbook(write_only=True)
        _sheet(book, str(_("Data")), rows, [f.column for f in fields])
        _sheet(book, str(_("Data dictionary")), fields, dictionary_columns())
        out = io.BytesIO()
        book.save(out)
    return out.getvalue()


def _disposition(response: HttpResponse | StreamingHttpResponse, name: str) -> None:
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"


def file_name(stem: str, fmt: str) -> str:
    return f"{stem}-{timezone.localdate().isoformat()}.{fmt}"


def data_response(
    rows: Iterable[Any], fields: Sequence[Field], *, fmt: str, stem: str
) -> HttpResponse | StreamingHttpResponse:
    """The data set as a streamed CSV or as the workbook with its dictionary."""
    response: HttpResponse | StreamingHttpResponse
    if fmt == "csv":
        response = StreamingHttpResponse(
            csv_lines(rows, [f.column for f in fields]), content_type=CSV_TYPE
        )
    else:
        response = HttpResponse(workbook(rows, fields), content_type=XLSX_TYPE)
    _disposition(response, file_name(stem, fmt))
    return response


def dictionary_response(fields: Sequence[Field], *, stem: str) -> HttpResponse:
    """The data dictionary as a CSV of its own."""
    response = HttpResponse("".join(csv_lines(fields, dictionary_columns())), content_type=CSV_TYPE)
    _disposition(response, file_name(f"{stem}-woerterbuch", "csv"))
    return response
