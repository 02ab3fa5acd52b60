"""Remind everyone with a confirmed place of an event with a date tomorrow.

Run it once a day (docs/events.md). `reminded_at` records the reminder, so a second run the
same day sends nothing. Mails are not audited (they change no data; each one is logged), as
with the funding reminders.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from teilhabe.events import mails
from teilhabe.events.models import EventDate, EventStatus, Registration, RegistrationStatus


class Command(BaseCommand):
    help = "Mail the confirmed participants of tomorrow's events."

    def handle(self, *args: Any, **options: Any) -> None:
        tomorrow = timezone.localdate() + timedelta(days=1)
        count = 0
        with transaction.atomic():
            due = (
                Registration.objects.select_for_update(of=("self",))
                .select_related("event")
                .filter(
                    status=RegistrationStatus.CONFIRMED,
                    reminded_at__isnull=True,
                    event__in=EventDate.objects.filter(
                        starts_at__date=tomorrow, event__status=EventStatus.PUBLISHED
                    ).values("event_id"),
                )
            )
            now = timezone.now()
            for registration in due:
                mails.send("reminder", registration)
                registration.reminded_at = now
                registration.save(update_fields=["reminded_at"])
                count += 1
        self.stdout.write(f"{count} reminders sent")
