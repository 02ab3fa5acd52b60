"""Delete the notifications the inbox no longer keeps: those older than 12 months.

Run it once a day, like `send_funding_reminders` (docs/operations.md, "Notifications"). A
notification older than `NOTIFICATION_RETENTION` (365 days) is deleted whether it was read or
not: its mail went out when it was made, and the step it told of stays in the audit trail. The
deletion is housekeeping, not a user's action, and so not audited; the command prints how many
it deleted. Idempotent: a second run the same day deletes nothing more.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from teilhabe.accounts.models import Notification
from teilhabe.accounts.services import prune_notifications


class Command(BaseCommand):
    help = "Delete notifications older than 12 months (read or not)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what would be deleted."
        )

    def handle(self, *args: Any, dry_run: bool = False, **options: Any) -> None:
        if dry_run:
            count = Notification.objects.expired().count()
            self.stdout.write(f"Would delete {count} notifications.")
            return
        self.stdout.write(f"Deleted {prune_notifications()} notifications.")
