"""The state table as a file (CSV and XLSX, `core.exports`): one row per KI the filters choose,
one column per indicator of the period (its German name and unit, its decimal places), then a
last row with the state median of each. Headers German like every export."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from teilhabe.core.exports import Column

from .state import Row, Table


class MedianRow:
    """The last row of the file: the state median per indicator."""

    def __init__(self, table: Table) -> None:
        self.medians = table.medians


def _constant(text: str) -> Any:
    def read(row: Row | MedianRow) -> str:
        return text

    return read


def _centre(attr: str) -> Any:
    def read(row: Row | MedianRow) -> Any:
        if isinstance(row, MedianRow):
            return str(_("State median")) if attr == "name" else None
        grantee = row.centre.grantee
        return {
            "name": grantee.name,
            "key": grantee.key,
            "region": grantee.district.regierungsbezirk.name,
            "kind": grantee.get_kind_display(),
        }[attr]

    return read


def _row_flag(attr: str) -> Any:
    def read(row: Row | MedianRow) -> Any:
        if isinstance(row, MedianRow):
            return None
        if attr == "submitted_on":
            return row.submitted_on
        value = {"on_time": row.on_time, "complete": row.complete}[attr]
        return str(_("yes")) if value else str(_("no"))

    return read


def _value(index: int) -> Any:
    def read(row: Row | MedianRow) -> Any:
        if isinstance(row, MedianRow):
            return row.medians[index]
        return row.cells[index].value

    return read


def places_for(places: int, median: Decimal | None) -> int:
    """The indicator's decimal places, one more where its median (the mean of two middle
    values) has a half: a median of 12 and 13 reads 12,5, not 12."""
    if median is not None and median != median.quantize(Decimal(1).scaleb(-places)):
        return places + 1
    return places


def state_columns(table: Table) -> list[Column]:
    columns = [
        Column(_("Reporting period"), _constant(str(table.period))),
        Column(_("KI"), _centre("name")),
        Column(_("Key"), _centre("key"), width=10),
        Column(_("Government region"), _centre("region"), width=16),
        Column(_("District kind"), _centre("kind"), width=22),
        Column(_("First submitted on"), _row_flag("submitted_on"), "date"),
        Column(_("By the deadline"), _row_flag("on_time"), width=10),
        Column(_("Complete"), _row_flag("complete"), width=10),
    ]
    for index, column in enumerate(table.columns):
        version = column.version
        columns.append(
            Column(
                f"{version.name} ({version.unit})",
                _value(index),
                "decimal",
                width=14,
                places=places_for(version.decimal_places, table.medians[index]),
            )
        )
    return columns


def state_rows(table: Table) -> list[Row | MedianRow]:
    return [*table.rows, MedianRow(table)]
