"""`{{ value|public_date }}`: a date of the published snapshot (stored as ISO text) in the
visitor's language's short form — 16.12.2026 in German, 16/12/2026 in Arabic's — so no public
page shows 2026-12-16. Anything that is not a date is shown as it is."""

from __future__ import annotations

import datetime

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def public_date(value: object) -> object:
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value[:10])
        except ValueError:
            return value
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return value


@register.filter
def iso_date(value: object) -> str:
    """The machine-readable form for `<time datetime>`: YYYY-MM-DD, or empty."""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value[:10]).isoformat()
        except ValueError:
            return ""
    return ""
