"""The demo's quality statuses: 2024 and 2025 computed from whatever pillars are registered,
by the coordination office (Lars). Idempotent: a year computed already is left alone."""

from __future__ import annotations

from collections.abc import Iterator

from teilhabe.accounts.models import User

from . import services
from .models import QualityStatus

DEMO_YEARS = (2024, 2025)


def seed_quality_demo() -> Iterator[str]:
    lars = User.objects.get(username="lars")
    for year in DEMO_YEARS:
        if QualityStatus.objects.computed().filter(year=year).exists():
            continue
        outcome = services.recompute_statuses(year, by=lars)
        yield f"quality: {outcome.statuses} statuses for {year}"
