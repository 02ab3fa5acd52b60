"""Tell the KIs of their guide offers due for review or hidden, and delete old done feedback.

Run it once a day (docs/operations.md, "Periodic jobs"). A published offer not reviewed for
GUIDE_REVIEW_FLAG_DAYS (default 180) is due for review, after GUIDE_REVIEW_HIDE_DAYS (default
365) it is hidden from the public (the public pages hide it on their own; this job only tells).
Each KI's staff and lead get one notification in the inbox (German and English) and a mail per
run, listing the offers whose state changed; the state told is stored on each offer, so a second
run sends nothing, and it is cleared when the offer is reviewed again. One audit event per offer,
by the system.

It is also the guide's retention job: feedback of the public that the KI marked done more than
12 months ago is deleted (one audit event per KI). `--dry-run` lists and counts only.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from teilhabe.guide.reviews import flag_reviews
from teilhabe.guide.services import prune_feedback


class Command(BaseCommand):
    help = "Tell the KIs of guide offers due for review or hidden; delete old done feedback."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Only list what would be done.")
        parser.add_argument("--today", help="ISO date to act as of (tests, catching up).")

    def handle(
        self, *args: Any, dry_run: bool = False, today: str | None = None, **options: Any
    ) -> None:
        day = date.fromisoformat(today) if today else None
        flagged = flag_reviews(today=day, dry_run=dry_run)
        for f in flagged:
            self.stdout.write(
                f"{f.centre.name}: {len(f.due)} due, {len(f.hidden)} hidden, "
                f"{f.recipients} recipients"
            )
        verb = "Would tell" if dry_run else "Told"
        self.stdout.write(f"{verb} {len(flagged)} KIs of offers due for review or hidden")
        now = timezone.make_aware(datetime.combine(day, time(12))) if day else None
        deleted = prune_feedback(now=now, dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(f"{verb} {deleted} done feedback older than 12 months")
