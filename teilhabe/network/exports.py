"""The organisation list's export (CSV and XLSX, `core.exports`) in the column layout the
import reads (`imports.FIELDS`): a downloaded list re-imports without a change."""

from __future__ import annotations

from typing import Any

from teilhabe.core.exports import Column

from .imports import FIELDS
from .models import Organisation


def _joined(labels: list[str]) -> str:
    return "; ".join(labels)


VALUES: dict[str, Any] = {
    "name": lambda o: o.name,
    "type": lambda o: o.get_type_display(),
    "street": lambda o: o.street,
    "postcode": lambda o: o.postcode,
    "place": lambda o: o.municipality.short_name if o.municipality else "",
    "municipality": lambda o: o.municipality.ags if o.municipality else "",
    "email": lambda o: o.email,
    "phone": lambda o: o.phone,
    "website": lambda o: o.website,
    "languages": lambda o: _joined(o.language_labels),
    "areas_of_work": lambda o: o.areas_of_work,
    "stages": lambda o: _joined(o.stage_labels),
}


def organisation_columns() -> list[Column]:
    """Needs the rows with their municipality selected (`for_listing`)."""
    assert list(VALUES) == list(FIELDS)
    return [Column(FIELDS[name], VALUES[name]) for name in FIELDS]


def exported(organisation: Organisation) -> list[Any]:
    """One row as the export writes it (for the round-trip test)."""
    return [VALUES[name](organisation) for name in FIELDS]
