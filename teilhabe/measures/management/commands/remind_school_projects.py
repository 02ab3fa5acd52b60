"""Remind the KIs of member schools of "Schule ohne Rassismus – Schule mit Courage" that have
gone a year without a project.

Run it once a day (docs/operations.md, "Periodic jobs"). For every current member school whose
next project was due before today (`rules.project_due_on`), the KI's staff and lead each get one
notification in the inbox (German and English) and a mail after the commit. `SchoolReminder`
records the school and due date, so a second run sends nothing; a project recorded later moves
the due date on, and a later lapse is reminded again. One audit event per school, by the
system. A school that left is never reminded. `--dry-run` lists what would be sent.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand

from teilhabe.measures.services.schools import send_school_reminders


class Command(BaseCommand):
    help = "Remind the KIs of member schools whose yearly project is overdue."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Only list what would be sent.")
        parser.add_argument("--today", help="ISO date to act as of (tests, catching up).")

    def handle(
        self, *args: Any, dry_run: bool = False, today: str | None = None, **options: Any
    ) -> None:
        reminders = send_school_reminders(
            today=date.fromisoformat(today) if today else None, dry_run=dry_run
        )
        for r in reminders:
            m = r.membership
            self.stdout.write(
                f"{m.measure.centre_id} {m.school.name}: due {r.due_on.isoformat()}, "
                f"{r.recipients} recipients"
            )
        verb = "Would send" if dry_run else "Sent"
        self.stdout.write(f"{verb} {len(reminders)} school project reminders")
