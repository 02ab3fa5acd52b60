"""Compute every KI's quality status for a year from the pillars the apps register.

Without `--year`: the last year and the current one (the last year's pillars settle in the
first months of the next: the proof of use is checked, the controlling year report is due).
Run it once a night, and at least before the participants of a year's network meetings are
anonymised (EVENTS_RETENTION_MONTHS after each): afterwards that pillar can no longer tell and
answers "open" (docs/quality.md). Idempotent: a computation that changes nothing adds no
history; each run writes one audit event per year, by the system.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from teilhabe.quality.services import compute_statuses


class Command(BaseCommand):
    help = "Compute the KIs' quality status (default: the last and the current year)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--year", type=int, help="Only this year.")
        parser.add_argument("--now", help="ISO time to act as of (tests, catching up).")

    def handle(self, *args: Any, year: int | None = None, now: str | None = None, **_: Any) -> None:
        moment = datetime.fromisoformat(now) if now else None
        if moment is not None and timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        current = timezone.localdate(moment).year
        for y in [year] if year else [current - 1, current]:
            try:
                outcome = compute_statuses(y, now=moment)
            except ValidationError as e:
                raise CommandError(" ".join(e.messages)) from e
            self.stdout.write(
                f"{outcome.year}: {outcome.statuses} statuses computed, {outcome.changed} changed"
            )
