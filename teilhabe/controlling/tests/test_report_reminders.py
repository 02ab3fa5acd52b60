"""Reminders of the reports' deadlines: before (the setting's days) and after the deadline, once
per report and kind, to the KI's staff and lead in the inbox and by mail, none for a report
that was submitted, `--dry-run` sends nothing; and the start page's tasks."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from teilhabe.accounts.models import Notification
from teilhabe.centres.models import Centre
from teilhabe.controlling import reminders
from teilhabe.controlling.models import Report, ReportStatus
from teilhabe.controlling.start import report_todos
from teilhabe.core.models import AuditEvent

from . import factories
from . import report_factories as rf

pytestmark = pytest.mark.django_db
# The first half-year 2025 ends on 30 June, its deadline is 30 September 2025.
BEFORE = "2025-09-20"  # ten days before
AFTER = "2025-10-01"


def _run(today: str, *extra: str) -> str:
    """The command's dry run lists every KI; the sending runs are for Bielefeld only, so a test
    does not make the reports of all 54 KIs."""
    if "--dry-run" in extra:
        out = StringIO()
        call_command("remind_controlling_reports", "--today", today, *extra, stdout=out)
        return out.getvalue()
    bielefeld = Centre.objects.get(grantee__key="05711")
    sent = reminders.send_report_reminders(
        today=date.fromisoformat(today), centre_ids=[bielefeld.pk]
    )
    lines = [f"{r.centre.name} {r.period}: {r.kind}" for r in sent]
    return "\n".join([*lines, f"Sent {len(sent)}"])


def _h1(out: str) -> bool:
    """Whether Bielefeld's report on the first half-year 2025 is in the output."""
    return f"Bielefeld {rf.period()}:" in out


def test_kind_on_follows_the_period_and_the_setting(seeded) -> None:
    period = rf.period()
    assert reminders.kind_on(period, date(2025, 6, 30), 14) is None  # not over yet
    assert reminders.kind_on(period, date(2025, 9, 1), 14) is None  # too early
    assert reminders.kind_on(period, date(2025, 9, 16), 14) == reminders.BEFORE
    assert reminders.kind_on(period, date(2025, 9, 30), 14) == reminders.BEFORE
    assert reminders.kind_on(period, date(2025, 10, 1), 14) == reminders.AFTER


def test_it_reminds_before_and_after_once_each(
    kai, anna, bielefeld, seeded, settings, django_capture_on_commit_callbacks
) -> None:
    settings.CONTROLLING_REMINDER_DAYS = 14
    rf.report(bielefeld, kai)  # begun, not submitted
    with django_capture_on_commit_callbacks(execute=True):
        out = _run(BEFORE)
    assert _h1(out) and f"{rf.period()}: before" in out
    report = Report.objects.get(centre=bielefeld, period=rf.period())
    assert report.reminded_before_at is not None and report.reminded_after_at is None
    notes = Notification.objects.filter(event=reminders.EVENT)
    assert set(notes.values_list("recipient__username", flat=True)) == {"kai", "anna"}
    assert any("kai@teilhabe.example" in m.to for m in mail.outbox)
    assert not _h1(_run(BEFORE))  # once
    sent_before = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        _run(AFTER)
    assert Report.objects.get(pk=report.pk).reminded_after_at is not None
    assert len(mail.outbox) > sent_before
    assert "Sent 0" in _run(AFTER)
    events = AuditEvent.objects.filter(action="report.reminder_sent", object_id=str(report.pk))
    assert sorted(e.changes["kind"]["to"] for e in events) == ["after", "before"]


def test_the_setting_moves_the_first_reminder(kai, bielefeld, seeded, settings) -> None:
    settings.CONTROLLING_REMINDER_DAYS = 5
    assert not _h1(_run(BEFORE))
    assert _h1(_run("2025-09-26"))


def test_a_ki_that_has_not_begun_is_reminded_and_gets_its_report(bielefeld, seeded) -> None:
    _run(AFTER)
    report = Report.objects.get(centre=bielefeld, period=rf.period())
    assert report.status == ReportStatus.DRAFT and report.created_by is None
    assert report.values.count() == 15


def test_a_submitted_report_is_not_reminded(anna, bielefeld, seeded) -> None:
    rf.submitted(bielefeld, anna)
    assert not _h1(_run(AFTER))
    report = Report.objects.get(centre=bielefeld, period=rf.period())
    assert report.reminded_after_at is None


def test_dry_run_sends_nothing(kai, bielefeld, seeded) -> None:
    out = _run(AFTER, "--dry-run")
    assert "Would send" in out and f"Bielefeld {rf.period()}: after" in out
    assert not mail.outbox and not Notification.objects.exists()
    assert not Report.objects.exists()


def test_the_start_page_lists_what_is_due_overdue_and_sent_back(
    kai, anna, lars, bielefeld, seeded
) -> None:
    returned = rf.submitted(bielefeld, anna)
    from teilhabe.controlling import reports

    reports.return_report(returned, by=lars, comment="Bitte prüfen")
    todos = report_todos(kai)
    titles = [t.title for t in todos]
    h1 = str(rf.period())
    assert any(h1 in t and ("sent back" in t or "zurück" in t) for t in titles)
    overdue = [t for t in todos if t.overdue]
    assert overdue and all(t.due is not None for t in overdue)
    assert str(factories.half_year(2024, 1)) in " ".join(titles)
    # The office: the reports waiting for acceptance.
    assert report_todos(lars) == []
    rf.submitted(bielefeld, anna, factories.half_year(2024, 1))
    office = report_todos(lars)
    assert len(office) == 1 and "1" in office[0].title
    # The office has no deadline here: the oldest report's day is named, not shown as due.
    first = Report.objects.filter(status="submitted").earliest("submitted_at").submitted_at
    assert office[0].due is None and f"{timezone.localdate(first):%d.%m.%Y}" in office[0].title
    assert report_todos(anna)  # the lead too
    assert not [t for t in report_todos(kai) if str(factories.half_year(2024, 1)) + ":" in t.title]


def test_the_tasks_take_two_queries(kai, bielefeld, seeded, django_assert_num_queries) -> None:
    with django_assert_num_queries(2):
        report_todos(kai)
