"""Reference data and the demo, each app's own, run in the order the apps depend on each other.

Apps register their loaders in `AppConfig.ready` (`registry.reference_data`, `registry.demo`);
this module only runs them. Reference data (the territory, one KI per grantee) is real and
loaded in every installation; the demo (invented people and records) only with DEBUG on.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from .registry import registry


def load_reference_data() -> list[str]:
    """Every app's reference data, idempotent; returns what the loaders report."""
    lines: list[str] = []
    with transaction.atomic():
        for seeder in registry.reference_in_order():
            lines += list(seeder.run() or [])
    return lines


def seed_demo(only: Iterable[str] | None = None) -> list[str]:
    """Every app's demo data after the reference data, idempotent; returns lines to print.
    `only`: the named seeders and those they run after, not the rest (for tests)."""
    lines = load_reference_data()
    with transaction.atomic():
        for seeder in registry.demo_in_order(only):
            lines += list(seeder.run() or [])
    return lines
