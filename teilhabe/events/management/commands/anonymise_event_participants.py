"""Anonymise the participants of every event that ended longer ago than the retention period,
and delete the accessibility needs EVENTS_ACCESS_NEEDS_DAYS (default 14) after an event.

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

from teilhabe.events.services import anonymise_participants, forget_access_needs


class Command(BaseCommand):
    help = "Blank the personal data of participants of events past the retention period."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--now", help="ISO time to act as of (tests, catching up).")

    def handle(self, *args: Any, now: str | None = None, **options: Any) -> None:
        moment = datetime.fromisoformat(now) if now else None
        needs = forget_access_needs(now=moment)
        count = anonymise_participants(now=moment)
        self.stdout.write(f"{needs} registrations' accessibility needs deleted")
        self.stdout.write(f"{count} registrations anonymised")
