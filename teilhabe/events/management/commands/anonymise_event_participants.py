"""Anonymise the participants of every event that ended longer ago than the retention period.

EVENTS_RETENTION_MONTHS (default 12) after an event's last date, its participants' names,
e-mail addresses, organisations and accounts are blanked and their links stop working; status,
position and attendance stay, so the counts for controlling stay. Run it once a day
(docs/events.md). Idempotent: an anonymised row is never touched again. One audit event per
event, by the system.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand

from teilhabe.events.services import anonymise_participants


class Command(BaseCommand):
    help = "Blank the personal data of participants of events past the retention period."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--now", help="ISO time to act as of (tests, catching up).")

    def handle(self, *args: Any, now: str | None = None, **options: Any) -> None:
        count = anonymise_participants(now=datetime.fromisoformat(now) if now else None)
        self.stdout.write(f"{count} registrations anonymised")
