"""The columns of the records' exports (CSV and XLSX, `core.exports`): the KI's parent
companions, the interpreter pool's assignments (hours as numbers), the counselling log, and the
state view of the figures (a row per KI, a column per figure)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from teilhabe.core.exports import Column
from teilhabe.core.registry import Figure


def companion_columns() -> list[Column]:
    """Needs the rows with `group_count` (the companions' list's queryset). Only what the list
    shows: a parent companion's records hold nothing more."""
    return [
        Column(_("Name"), lambda c: c.name),
        Column(_("Languages"), lambda c: ", ".join(c.language_labels)),
        Column(_("Qualified on"), lambda c: c.qualified_on, "date"),
        Column(_("Groups"), lambda c: c.group_count, "integer"),
        Column(_("Active"), lambda c: _("yes") if c.is_active else _("no"), width=10),
    ]


def assignment_columns() -> list[Column]:
    """Needs the rows with their institution selected."""
    return [
        Column(_("Date"), lambda a: a.held_on, "date"),
        Column(_("Language"), lambda a: a.get_language_display()),
        Column(_("Purpose"), lambda a: a.get_purpose_display()),
        Column(_("Institution"), lambda a: a.institution.name if a.institution else ""),
        Column(_("Hours"), lambda a: a.hours, "decimal"),
        Column(_("Interpreter"), lambda a: a.interpreter),
    ]


def counselling_columns() -> list[Column]:
    """Needs the rows with their school and author selected."""
    return [
        Column(_("Date"), lambda c: c.held_on, "date"),
        Column(_("School"), lambda c: c.school.name),
        Column(_("Topic"), lambda c: c.get_topic_display()),
        Column(_("Form"), lambda c: c.get_form_display()),
        Column(_("Outcome"), lambda c: c.outcome, width=60),
        Column(_("Recorded by"), lambda c: c.created_by.get_full_name() or c.created_by.username),
    ]


def _value(index: int) -> Any:
    return lambda row: row["values"][index]


def state_columns(figures: Sequence[Figure], rows: Sequence[dict[str, Any]]) -> list[Column]:
    """The KI, its key, then one column per figure: a figure that sums decimals (hours) with two
    places, a count as a whole number."""
    columns = [
        Column(_("Integration centre"), lambda row: row["centre"].name, width=45),
        Column(_("Key"), lambda row: row["centre"].grantee.key, width=10),
    ]
    for index, figure in enumerate(figures):
        decimal = any(isinstance(row["values"][index], Decimal) for row in rows)
        kind = "decimal" if decimal else "integer"
        columns.append(Column(figure.label, _value(index), kind, width=18))  # type: ignore[arg-type]
    return columns
