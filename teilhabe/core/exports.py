"""Lists as files for German Excel: CSV and XLSX from one column spec.

A list page offers its rows as a download at the sibling address `export.csv` or `export.xlsx`
(`export_path`); the export view builds its rows with the page's own queryset code, so the file
holds what the page lists: the same filters, the same scope, the same order. `export` then
answers the file:

- **CSV** as German Excel opens it with a double click: UTF-8 with BOM, `;` between cells,
  `\\r\\n` between rows, amounts as `1.234,56`, other numbers with a decimal comma, dates as
  `31.12.2026` (`money.german`, `dates.german_date`), streamed row by row.
- **XLSX** (openpyxl, write-only): numbers as numbers (money `#,##0.00`), dates as dates, a bold,
  frozen header row with a filter, widths by kind.
- **Formula injection defused**: a text cell that starts with `=`, `+`, `-`, `@`, a tab or a
  carriage return gets a leading `'`, so Excel shows it instead of running it. Numbers and dates
  we write ourselves are no text cells.
- **Bounded**: a list of more rows than `MAX_ROWS` allows for the format is refused with a
  message on the list page (narrow the filters): 50,000 for the CSV, which is streamed as the
  client reads it, 10,000 for the XLSX, which is built before its first byte is sent (openpyxl
  writes some 10,000 cells a second without lxml). Querysets are read in chunks
  (`CHUNK_SIZE`), with their prefetches.
- **Audited**: a logged-in user's export is one audit event `list.exported` (the list, the
  format, the row count and the filters as the query string). The public registry downloaded by
  an anonymous visitor is not: it holds no personal data, and nobody could fill the trail.

Headers and words are German whatever the interface language: the files are for German Excel.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from django.conf import settings
from django.contrib import messages
from django.db import models
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.urls import URLPattern, path, register_converter, reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import audit, roles
from .dates import german_date, german_datetime
from .models import AuditEvent
from .money import german

Kind = Literal["text", "money", "decimal", "date", "datetime", "integer"]

FORMATS = ("csv", "xlsx")
# The most rows one export holds, by format: a CSV streams, an XLSX is built in the worker first.
MAX_ROWS = {"csv": 50_000, "xlsx": 10_000}
CHUNK_SIZE = 500
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"  # German Excel reads a CSV as UTF-8 only with it
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX_CELL_MAX = 32_767  # characters Excel keeps in one cell
WIDTHS: dict[Kind, int] = {
    "text": 30,
    "money": 16,
    "decimal": 10,
    "date": 12,
    "datetime": 17,
    "integer": 10,
}
_FILENAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
# What XML 1.0 cannot hold (openpyxl refuses it): control characters but tab and line breaks.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class FormatConverter:
    """`<export:fmt>` in a route: csv or xlsx; any other suffix matches no route (404)."""

    regex = "csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FormatConverter, "export")


def export_path(prefix: str, view: Callable[..., HttpResponseBase], name: str) -> URLPattern:
    """The export route beside a list: `export_path("antraege/", view, "applications_export")`
    answers `antraege/export.csv` and `antraege/export.xlsx` with `view(request, ..., fmt=…)`."""
    return path(f"{prefix}export.<export:fmt>", view, name=name)


@dataclass(frozen=True)
class Column:
    """One column of an export: its header (a lazy translation), how a row gives its value, and
    the kind of the value. `None` and "" are an empty cell of any kind."""

    header: Any
    value: Callable[[Any], Any]
    kind: Kind = "text"
    width: int | None = None  # in characters (XLSX); default by kind
    places: int = 2  # decimals of a "decimal" column


def defuse(text: str) -> str:
    """A text cell Excel shows as text: one that starts like a formula gets a leading quote."""
    return f"'{text}" if text.startswith(FORMULA_START) else text


def _local_date(value: datetime.date) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _local_naive(value: datetime.datetime) -> datetime.datetime:
    """Excel knows no time zones: the local time (Europe/Berlin) as it reads on a page."""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return local.replace(tzinfo=None)


def csv_cell(column: Column, value: Any) -> str:
    """A value as German Excel reads it from a CSV."""
    if value is None or value == "":
        return ""
    kind = column.kind
    if kind == "money":
        return german(value)
    if kind == "decimal":
        return f"{Decimal(value):.{column.places}f}".replace(".", ",")
    if kind == "integer":
        return str(int(value))
    if kind == "date":
        return german_date(_local_date(value))
    if kind == "datetime":
        return german_datetime(value)
    return defuse(str(value))


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Any], columns: Sequence[Column]) -> Iterator[str]:
    """The CSV text: the header line (with the BOM), then the rows, a hundred lines a chunk."""
    with translation.override(settings.LANGUAGE_CODE):
        writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")
        yield BOM + writer.writerow([defuse(str(c.header)) for c in columns])
        chunk: list[str] = []
        for row in rows:
            chunk.append(writer.writerow([csv_cell(c, c.value(row)) for c in columns]))
            if len(chunk) == 100:
                yield "".join(chunk)
                chunk = []
        if chunk:
            yield "".join(chunk)


def _xlsx_text(value: Any) -> str:
    text = _XML_ILLEGAL.sub("", defuse(str(value)))
    return text if len(text) <= XLSX_CELL_MAX else text[: XLSX_CELL_MAX - 1] + "…"


_NUMBER_FORMATS: dict[Kind, str] = {
    "money": "#,##0.00",
    "date": "DD.MM.YYYY",
    "datetime": "DD.MM.YYYY HH:MM",
    "integer": "0",
}


def _xlsx_value(column: Column, value: Any) -> Any:
    kind = column.kind
    if kind in ("money", "decimal"):
        return Decimal(value)
    if kind == "integer":
        return int(value)
    if kind == "date":
        return _local_date(value)
    if kind == "datetime":
        return _local_naive(value)
    return _xlsx_text(value)


def sheet_title(title: str) -> str:
    """A worksheet's name as Excel allows it: at most 31 characters, none of []:*?/\\."""
    return _SHEET_TITLE_FORBIDDEN.sub("-", title).strip("'")[:31] or "Liste"


def xlsx_bytes(rows: Iterable[Any], columns: Sequence[Column], *, title: str) -> bytes:
    """The workbook: one sheet named `title`, a bold frozen header with a filter, then the rows."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    with translation.override(settings.LANGUAGE_CODE):
        book = Workbook(write_only=True)
        sheet: Any = book.create_sheet(title=sheet_title(str(title)))
        for number, column in enumerate(columns, start=1):
            width = column.width or WIDTHS[column.kind]
            sheet.column_dimensions[get_column_letter(number)].width = width
        sheet.freeze_panes = "A2"
        bold = Font(bold=True)
        header = []
        for column in columns:
            cell = WriteOnlyCell(sheet, value=_xlsx_text(column.header))
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        formats_by_column = [
            _NUMBER_FORMATS.get(c.kind)
            or (f"#,##0.{'0' * c.places}" if c.kind == "decimal" and c.places else None)
            for c in columns
        ]
        count = 0
        for row in rows:
            cells: list[Any] = []
            for column, number_format in zip(columns, formats_by_column, strict=True):
                value = column.value(row)
                if value is None or value == "":
                    cells.append(None)
                elif number_format is None:
                    cells.append(_xlsx_value(column, value))
                else:
                    cell = WriteOnlyCell(sheet, value=_xlsx_value(column, value))
                    cell.number_format = number_format
                    cells.append(cell)
            sheet.append(cells)
            count += 1
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"
        out = io.BytesIO()
        book.save(out)
    return out.getvalue()


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def export_links(request: HttpRequest, url_name: str, **kwargs: Any) -> dict[str, str]:
    """The addresses of a list's CSV and XLSX with the page's filters (its query, no page)."""
    query = _query_without_page(request)
    suffix = f"?{query}" if query else ""
    return {fmt: reverse(url_name, kwargs={**kwargs, "fmt": fmt}) + suffix for fmt in FORMATS}


def _record(
    request: HttpRequest, subject: type[models.Model], title: str, fmt: str, count: int
) -> AuditEvent | None:
    user = request.user
    if not user.is_authenticated:
        return None
    query = _query_without_page(request)
    with translation.override(settings.LANGUAGE_CODE):  # the trail's words are German
        label = ngettext(
            "%(list)s as %(format)s, %(n)s row", "%(list)s as %(format)s, %(n)s rows", count
        ) % {"list": title, "format": fmt.upper(), "n": count}
        label += "; " + (_("filters: %(query)s") % {"query": query} if query else _("no filters"))
    return audit.record(
        subject, "list.exported", actor=user, centre_id=roles.centre_id_of(user), label=label
    )


def export(
    request: HttpRequest,
    rows: models.QuerySet[Any] | Sequence[Any],
    columns: Sequence[Column],
    *,
    fmt: str,
    filename: str,
    title: Any,
    subject: type[models.Model],
    back: str,
) -> HttpResponse | StreamingHttpResponse:
    """The rows as `fmt` ("csv" or "xlsx"), as `filename-YYYY-MM-DD.fmt` (ASCII, German word).

    `title` names the list (sheet and audit event), `subject` is the model the rows are of (the
    audit event's object type), `back` the list page without its query: a list of more rows
    than MAX_ROWS[fmt] is refused there with a message, the filters kept."""
    if fmt not in FORMATS:
        raise Http404
    assert _FILENAME.fullmatch(filename), filename
    count = rows.count() if isinstance(rows, models.QuerySet) else len(rows)
    bound = MAX_ROWS[fmt]
    if count > bound:
        messages.error(
            request,
            _(
                "This list has %(rows)s rows; an export holds at most %(max)s. Narrow the "
                "filters and download again."
            )
            % {
                "rows": formats.number_format(count, force_grouping=True),
                "max": formats.number_format(bound, force_grouping=True),
            },
        )
        query = _query_without_page(request)
        return HttpResponseRedirect(f"{back}?{query}" if query else back)
    with translation.override(settings.LANGUAGE_CODE):
        title_text = str(title)
    event = _record(request, subject, title_text, fmt, count)
    read: Iterable[Any] = rows
    if isinstance(rows, models.QuerySet):
        if event is not None and rows.model is AuditEvent:
            rows = rows.exclude(pk=event.pk)  # the trail as it was asked for, not the asking
        read = rows[:bound].iterator(chunk_size=CHUNK_SIZE)
    name = f"{filename}-{timezone.localdate().isoformat()}.{fmt}"
    response: HttpResponse | StreamingHttpResponse
    if fmt == "csv":
        response = StreamingHttpResponse(csv_lines(read, columns), content_type=CSV_TYPE)
    else:
        response = HttpResponse(xlsx_bytes(read, columns, title=title_text), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
