"""Rows for the measures' tests and the shared matrices."""

from __future__ import annotations

import importlib
from datetime import date
from decimal import Decimal
from typing import Any

from django.apps import apps as django_apps

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.measures.models import Measure, ProgrammeType
from teilhabe.measures.services import measures


def ensure_catalogue() -> None:
    """The catalogue of migration 0002 (a transactional test's flush empties it)."""
    if not ProgrammeType.objects.exists():
        migration = importlib.import_module("teilhabe.measures.migrations.0002_catalogue")
        migration.load(django_apps, None)


def programme(code: str) -> ProgrammeType:
    ensure_catalogue()
    return ProgrammeType.objects.get(code=code)


def bare_measure(centre: Centre, code: str, **fields: Any) -> Measure:
    """A measure written straight to the database, for tests of reads (figures, access)."""
    values: dict[str, Any] = {
        "title": f"{code} {centre}",
        "starts_on": date(2026, 1, 1),
        "status": "running",
        **fields,
    }
    return Measure.objects.create(centre=centre, programme_type=programme(code), **values)


def measure_data(code: str = "rucksack-kita", **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "programme_type": programme(code),
        "title": "Rucksack KiTa in Sieker",
        "goals": "Eltern stärken die Familiensprache; Kita und Familien arbeiten zusammen.",
        "starts_on": date(2026, 2, 1),
        "ends_on": date(2026, 12, 31),
        "location_notes": "Kita Sonnenblume, Familienzentrum Mitte",
        "budget": Decimal("4800.00"),
        "funding_source": "ki_grant",
    }
    return {**data, **changes}


def measure(centre: Centre, by: User, code: str = "rucksack-kita", **changes: Any) -> Measure:
    """A measure added through the service, as a user would."""
    return measures.add_measure(centre, by=by, data=measure_data(code, **changes))
