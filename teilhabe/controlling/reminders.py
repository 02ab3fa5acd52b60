"""Reminders of the controlling reports' deadlines (docs/controlling.md, "Reminders").

Once a period is over, each KI whose report on it is not submitted is reminded twice at most:
once in the `CONTROLLING_REMINDER_DAYS` (default 14) days before the deadline, and once after
the deadline has passed. Each reminder is a notification in the inbox (German and English) for
the KI's staff and lead, a mail after the commit, and an audit event by the system; the report's
`reminded_before_at` / `reminded_after_at` says it went out, so a second run sends nothing. A
KI that has not begun the report gets it made (by the system) so the reminder has a row to mark.
Corrections (revision 2 on) are not reminded: the period's report was submitted.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teilhabe.centres.models import Centre
from teilhabe.core import audit

from . import reports
from .models import Report, ReportingPeriod, ReportStatus

logger = logging.getLogger(__name__)
DEFAULT_DAYS = 14
BEFORE, AFTER = "before", "after"
EVENT = "controlling_report_reminder"

SUBJECTS = {
    BEFORE: gettext_lazy("Controlling report due on %(deadline)s: %(period)s"),
    AFTER: gettext_lazy("Controlling report overdue: %(period)s"),
}
TEXTS = {
    BEFORE: gettext_lazy(
        "The controlling report of %(centre)s on %(period)s is due on %(deadline)s. Please enter "
        "the missing values; the head of the KI signs and submits it."
    ),
    AFTER: gettext_lazy(
        "The controlling report of %(centre)s on %(period)s was due on %(deadline)s and has not "
        "been submitted. Please complete it; the head of the KI signs and submits it."
    ),
}


def reminder_days() -> int:
    """How many days before the deadline the first reminder goes out [assumption: 14]."""
    return int(getattr(settings, "CONTROLLING_REMINDER_DAYS", DEFAULT_DAYS))


@dataclass(frozen=True)
class Reminder:
    centre: Centre
    period: ReportingPeriod
    kind: str  # BEFORE or AFTER
    recipients: int


def kind_on(period: ReportingPeriod, today: date, days: int) -> str | None:
    """Which reminder a period's reports are due for today: none before its end or earlier than
    `days` before its deadline."""
    if not period.is_past(today):
        return None
    if period.deadline < today:
        return AFTER
    return BEFORE if (period.deadline - today).days <= days else None


def _mail(texts: dict[str, tuple[str, str]], path: str) -> tuple[str, str]:
    url = settings.SITE_URL.rstrip("/") + path
    parts = []
    for language in ("de", "en"):
        with translation.override(language):
            parts.append(
                "\n\n".join(
                    [
                        _("Hello,"),
                        texts[language][1],
                        f"{_('Open it in Teilhabe:')} {url}",
                        _("This message was sent automatically by Teilhabe. Please do not reply."),
                    ]
                )
            )
    return texts["de"][0], "\n\n---------- English ----------\n\n".join(parts) + "\n"


def _send(report: Report, kind: str) -> int:
    from teilhabe.accounts.services import record_notifications

    people = reports.people_of(report.centre_id)
    texts = reports.texts_of(report, SUBJECTS[kind], TEXTS[kind])
    path = reverse("controlling:report", args=[report.pk])
    record_notifications(people, event=EVENT, path=path, texts=texts)
    audit.record(
        report,
        "report.reminder_sent",
        actor=None,
        changes={
            "kind": {"from": None, "to": kind},
            "recipients": {"from": None, "to": len(people)},
        },
        centre_id=report.centre_id,
    )
    to = sorted({u.email for u in people if u.email})
    if to:
        subject, body = _mail(texts, path)

        def deliver() -> None:
            get_connection().send_messages(
                [EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [a]) for a in to]
            )

        transaction.on_commit(deliver, robust=True)
    return len(people)


def send_report_reminders(
    *,
    today: date | None = None,
    dry_run: bool = False,
    centre_ids: Collection[int] | None = None,
) -> list[Reminder]:
    """Remind every KI (or those of `centre_ids`) of each report due soon or overdue, once per
    report and kind. The scheduled command `remind_controlling_reports` runs it daily;
    `dry_run` lists only."""
    today = today or timezone.localdate()
    days = reminder_days()
    sent: list[Reminder] = []
    centres_qs = Centre.objects.order_by("name", "pk")
    if centre_ids is not None:
        centres_qs = centres_qs.filter(pk__in=list(centre_ids))
    centres = list(centres_qs)
    with transaction.atomic():
        for period in ReportingPeriod.objects.filter(ends_on__lt=today).in_order():
            kind = kind_on(period, today, days)
            if kind is None:
                continue
            field = f"reminded_{kind}_at"
            current: dict[int, Report] = {}
            for row in Report.objects.filter(period=period).order_by("revision"):
                current[row.centre_id] = row
            for centre in centres:
                report = current.get(centre.pk)
                if report is not None and (
                    report.revision > 1
                    or report.status in (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)
                    or getattr(report, field) is not None
                ):
                    continue
                if dry_run:
                    sent.append(Reminder(centre, period, kind, len(reports.people_of(centre.pk))))
                    continue
                if report is None:
                    report = reports.make_report(centre, period, by=None)
                # Claim the reminder first: a second run racing this one finds it taken.
                claimed = Report.objects.filter(pk=report.pk, **{f"{field}__isnull": True}).update(
                    **{field: timezone.now()}
                )
                if not claimed:
                    continue
                report.centre, report.period = centre, period
                sent.append(Reminder(centre, period, kind, _send(report, kind)))
                logger.info("controlling reminder %s: report %s", kind, report.pk)
    return sent
