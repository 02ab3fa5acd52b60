"""Expire the places offered from a waiting list whose time to confirm has passed, and offer
each to the next person waiting (who is mailed and has EVENTS_OFFER_HOURS to confirm).

Run it every few minutes (docs/events.md). Idempotent: an offer expires once; a second run finds
nothing. Confirming an offer past its time expires it as well, so the command only decides how
soon the next person hears.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand

from teilhabe.events.services import expire_offers


class Command(BaseCommand):
    help = "Expire overdue waiting-list offers and offer the places to the next people waiting."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--now", help="ISO time to act as of (tests, catching up).")

    def handle(self, *args: Any, now: str | None = None, **options: Any) -> None:
        count = expire_offers(now=datetime.fromisoformat(now) if now else None)
        self.stdout.write(f"{count} offers expired")
