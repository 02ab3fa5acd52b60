"""Remind the KIs of their controlling reports' deadlines.

Run it once a day (docs/operations.md, "Periodic jobs"). For every reporting period that is
over, each KI whose report is not submitted gets one reminder in the `CONTROLLING_REMINDER_DAYS`
(default 14) days before the deadline and one after it: a notification for the KI's staff and
lead in the inbox (German and English) and a mail after the commit, recorded on the report
(`reminded_before_at`, `reminded_after_at`), so a second run sends nothing. One audit event per
report and reminder, by the system. `--dry-run` lists what would be sent.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand

from teilhabe.controlling.reminders import send_report_reminders


class Command(BaseCommand):
    help = "Remind the KIs of controlling reports due soon or overdue."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Only list what would be sent.")
        parser.add_argument("--today", help="ISO date to act as of (tests, catching up).")

    def handle(
        self, *args: Any, dry_run: bool = False, today: str | None = None, **options: Any
    ) -> None:
        reminders = send_report_reminders(
            today=date.fromisoformat(today) if today else None, dry_run=dry_run
        )
        for r in reminders:
            self.stdout.write(
                f"{r.centre.name} {r.period}: {r.kind} the deadline "
                f"{r.period.deadline.isoformat()}, {r.recipients} recipients"
            )
        verb = "Would send" if dry_run else "Sent"
        self.stdout.write(f"{verb} {len(reminders)} controlling report reminders")
