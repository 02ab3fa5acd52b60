"""Rows for the measures' tests and the shared matrices."""

from __future__ import annotations

import importlib
from datetime import date
from typing import Any

from django.apps import apps as django_apps

from teilhabe.centres.models import Centre
from teilhabe.measures.models import Measure, ProgrammeType


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
