"""`{{ value|public_date }}`: a date of the published snapshot (stored as ISO text) in the
visitor's language's short form — 16.12.2026 in German, 16/12/2026 in Arabic's — so no public
page shows 2026-12-16. Anything that is not a date is shown as it is."""

from __future__ import annotations

import datetime

from django import template
from django.utils import formats

register = template.Library()


def _as_date(value: object) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


@register.filter
def public_date(value: object) -> object:
    found = _as_date(value)
    return value if found is None else formats.date_format(found, "SHORT_DATE_FORMAT")


@register.filter
def iso_date(value: object) -> str:
    """The machine-readable form for `<time datetime>`: YYYY-MM-DD, or empty."""
    found = _as_date(value)
    return "" if found is None else found.isoformat()
