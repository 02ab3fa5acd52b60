"""The reports' tasks on the start page: for the KI's people each report due (its period is
over), overdue or sent back; for the coordination office the reports waiting for acceptance."""

from __future__ import annotations

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from teilhabe.core import roles
from teilhabe.core.registry import Todo
from teilhabe.core.roles import AnyUser

from . import access
from .models import Report, ReportingPeriod, ReportStatus


def report_todos(user: AnyUser) -> list[Todo]:
    """Two queries for a KI (its periods and reports), one for the coordination office."""
    centre_id = roles.centre_id_of(user)
    if centre_id is not None and access.may_edit_report(user, centre_id):
        return _ki_todos(centre_id)
    if access.may_decide_reports(user):
        waiting = list(
            Report.objects.filter(status=ReportStatus.SUBMITTED)
            .order_by("submitted_at")
            .values_list("submitted_at", flat=True)
        )
        if not waiting:
            return []
        oldest = waiting[0]
        # No deadline of the office's: the day the oldest came in is named, not shown as "due".
        day = formats.date_format(timezone.localdate(oldest), "SHORT_DATE_FORMAT") if oldest else ""
        title = ngettext(
            "%(n)d controlling report waits for acceptance, submitted on %(day)s",
            "%(n)d controlling reports wait for acceptance, the oldest submitted on %(day)s",
            len(waiting),
        ) % {"n": len(waiting), "day": day}
        return [Todo(title, reverse("controlling:report_inbox"))]
    return []


def _ki_todos(centre_id: int) -> list[Todo]:
    today = timezone.localdate()
    current: dict[int, Report] = {}
    for row in Report.objects.filter(centre_id=centre_id).order_by("revision"):
        current[row.period_id] = row
    todos = []
    for period in ReportingPeriod.objects.filter(ends_on__lt=today).in_order():
        report = current.get(period.pk)
        status = report.status if report is not None else None
        if status in (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED):
            continue
        if status == ReportStatus.RETURNED:
            title = _("Controlling report sent back: %(period)s")
        elif status == ReportStatus.DRAFT and report is not None and report.revision > 1:
            title = _("Correction of the controlling report: %(period)s")
        else:
            title = _("Controlling report due: %(period)s")
        url = (
            reverse("controlling:report", args=[report.pk])
            if report is not None
            else reverse("controlling:reports")
        )
        correction = report is not None and report.revision > 1
        todos.append(
            Todo(
                title % {"period": period},
                url,
                due=None if correction else period.deadline,
                overdue=not correction and period.deadline < today,
            )
        )
    return todos
