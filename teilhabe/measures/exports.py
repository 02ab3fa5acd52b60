"""The measures list's export (CSV and XLSX, `core.exports`): the columns a KI's controlling
sheet needs. Needs the rows with centre and programme selected (`for_listing`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from teilhabe.core.exports import Column


def measure_columns(*, statewide: bool = False) -> list[Column]:
    columns = [
        Column(_("Title"), lambda m: m.title),
        Column(_("Programme"), lambda m: str(m.programme_type)),
        Column(_("Status"), lambda m: m.get_status_display()),
        Column(_("Start"), lambda m: m.starts_on, "date"),
        Column(_("End"), lambda m: m.ends_on, "date"),
        Column(_("Places"), lambda m: m.location_notes),
        Column(_("Own budget (euros)"), lambda m: m.budget, "money"),
        Column(_("Funding source"), lambda m: m.get_funding_source_display()),
        Column(_("Goals"), lambda m: m.goals),
    ]
    if statewide:
        columns.insert(0, Column(_("KI"), lambda m: m.centre.name))
    return columns
