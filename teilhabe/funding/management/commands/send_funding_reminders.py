"""Remind the KIs of deadlines: conditions due soon or overdue, information requests overdue.

Run it once a day (docs/funding-decisions.md shows cron and systemd timers). For every
unfulfilled condition of a decision it mails the KI

- once when the deadline is `CONDITION_DUE_SOON_DAYS` days away or closer ("condition_due"),
- once more when the deadline has passed ("condition_overdue");

and for every open information request of an application still waiting for the KI, once when
its deadline has passed ("information_overdue"). `reminded_at` records the last reminder: a
condition reminded on or before its deadline has had its "due" mail, one reminded after it its
"overdue" mail. So the command is idempotent: a second run the same day sends nothing, and a
day missed is caught up on the next run. Mails are not audited (they change no data); each one
is logged.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from teilhabe.funding.models import ApplicationStatus, Condition, InformationRequest
from teilhabe.funding.notifications import notify

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Mail the KIs about conditions due soon or overdue and information requests overdue."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Only list what would be sent.")

    def handle(self, *args: Any, dry_run: bool = False, **options: Any) -> None:
        today = timezone.localdate()
        soon = today + timedelta(days=settings.CONDITION_DUE_SOON_DAYS)
        sent = {"condition_due": 0, "condition_overdue": 0, "information_overdue": 0}
        with transaction.atomic():
            now = timezone.now()
            conditions = (
                Condition.objects.unfulfilled()
                .select_for_update(of=("self",))
                .select_related("decision__application__centre")
                .filter(due_date__lte=soon)
                .order_by("due_date", "pk")
            )
            for condition in conditions:
                reminded = (
                    timezone.localtime(condition.reminded_at).date()
                    if condition.reminded_at
                    else None
                )
                if condition.due_date < today:
                    if reminded is not None and reminded > condition.due_date:
                        continue
                    event = "condition_overdue"
                elif reminded is None:
                    event = "condition_due"
                else:
                    continue
                application = condition.decision.application
                logger.info(
                    "%s: condition %s of decision %s (%s), due %s",
                    event,
                    condition.pk,
                    condition.decision.number,
                    application,
                    condition.due_date,
                )
                self.stdout.write(f"{event}: {application} – {condition.text[:60]}")
                sent[event] += 1
                if dry_run:
                    continue
                notify(
                    event,
                    application,
                    due_date=condition.due_date,
                    message=condition.text,
                )
                condition.reminded_at = now
                condition.save(update_fields=["reminded_at"])
            requests = (
                InformationRequest.objects.select_for_update(of=("self",))
                .select_related("application__centre")
                .filter(
                    Q(answered_at__isnull=True),
                    reminded_at__isnull=True,
                    due_date__lt=today,
                    application__status=ApplicationStatus.INFO_REQUESTED,
                )
                .order_by("due_date", "pk")
            )
            for request in requests:
                logger.info(
                    "information_overdue: request %s of %s, due %s",
                    request.pk,
                    request.application,
                    request.due_date,
                )
                self.stdout.write(f"information_overdue: {request.application}")
                sent["information_overdue"] += 1
                if dry_run:
                    continue
                notify(
                    "information_overdue",
                    request.application,
                    due_date=request.due_date,
                    message=request.message,
                )
                request.reminded_at = now
                request.save(update_fields=["reminded_at"])
        summary = ", ".join(f"{k}: {v}" for k, v in sent.items())
        self.stdout.write(("Would send " if dry_run else "Sent ") + summary)
