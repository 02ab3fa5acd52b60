"""Rebuild the public guide's search table from the published snapshots.

Every offer is read in batches of 500 (bounded memory); the public ones (published, not
archived) get one row per published language, all others none, and rows of offers deleted
meanwhile go. Idempotent: a second run writes the same rows. Publishing, archiving and
reopening keep the table current on their own; run this after a bulk import that bypassed the
services, after restoring a backup, or after changing how rows are built. The table is a
derived index of published content, so the run writes no audit events.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from teilhabe.guide.search.index import rebuild_all


class Command(BaseCommand):
    help = "Rebuild the public guide's search table from the published offers."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch", type=int, default=500, help="Offers per batch (1–5000).")

    def handle(self, *args: Any, batch: int = 500, **options: Any) -> None:
        offers, rows = rebuild_all(batch=min(max(batch, 1), 5000))
        self.stdout.write(f"{offers} offers read, {rows} search rows written")
