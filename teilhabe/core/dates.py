"""Dates as German text, for mails, PDFs and messages that are German whatever the UI language.

Templates use Django's `date` filter with the active locale; code that writes German text
(notifications, decision PDFs, reminders, check reasons) uses these, never its own strftime.
"""

from __future__ import annotations

from datetime import date, datetime

from django.utils import formats, timezone, translation


def german_date(day: date) -> str:
    """31.12.2026"""
    return f"{day.day:02d}.{day.month:02d}.{day.year:04d}"


def localized_date(day: date) -> str:
    """31.12.2026 in German, 31 December 2026 in English: for text written once per language
    (the bilingual mails). A date in digits only is read differently in English-speaking
    countries, so English spells the month out."""
    if (translation.get_language() or "de").startswith("de"):
        return german_date(day)
    return formats.date_format(day, "j F Y")


def german_datetime(moment: datetime) -> str:
    """31.12.2026 14:05, in local time (Europe/Berlin) for an aware datetime."""
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return f"{german_date(local.date())} {local.hour:02d}:{local.minute:02d}"
