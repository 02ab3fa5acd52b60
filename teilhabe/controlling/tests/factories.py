"""The seeded catalogue and periods (loaded again after a flushing test), and small builders."""

from __future__ import annotations

import importlib
from datetime import date
from typing import Any

from django.apps import apps as django_apps

from teilhabe.accounts.models import User
from teilhabe.controlling import services
from teilhabe.controlling.models import Indicator, PeriodKind, ReportingPeriod


def ensure_seed() -> None:
    """Periods and indicators of migration 0002 (a transactional test's flush empties them)."""
    if not Indicator.objects.exists() or not ReportingPeriod.objects.exists():
        migration = importlib.import_module("teilhabe.controlling.migrations.0002_controlling_seed")
        migration.load(django_apps, None)


def half_year(year: int, half: int) -> ReportingPeriod:
    ensure_seed()
    start = date(year, 1 if half == 1 else 7, 1)
    return ReportingPeriod.objects.get(kind=PeriodKind.HALF_YEAR, starts_on=start)


def year(value: int) -> ReportingPeriod:
    ensure_seed()
    return ReportingPeriod.objects.get(kind=PeriodKind.YEAR, starts_on=date(value, 1, 1))


def indicator(code: str) -> Indicator:
    ensure_seed()
    return Indicator.objects.get(code=code)


def manual_data(**changes: Any) -> dict[str, Any]:
    """A valid new indicator, entered by the KIs, valid from the first half-year 2025."""
    return {
        "code": "language-cafes",
        "order": 200,
        "from_period": half_year(2025, 1),
        "name": "Sprachcafés",
        "name_en": "Language cafés",
        "definition": "Sprachcafés, die im Zeitraum mindestens einmal stattfanden.",
        "unit": "Cafés",
        "unit_en": "cafés",
        "decimal_places": 0,
        "higher_is_better": True,
        "stages": ["transition"],
        "disaggregations": [],
        "minimum": None,
        "maximum": None,
        "relations": [],
        "source": "manual",
        "figure": "",
        **changes,
    }


def added(by: User, **changes: Any) -> Indicator:
    return services.add_indicator(by=by, data=manual_data(**changes))
