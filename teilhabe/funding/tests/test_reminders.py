"""send_funding_reminders: once per condition and state; overdue information requests."""

from __future__ import annotations

import io
from datetime import date

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from teilhabe.funding.models import ApplicationStatus, Condition, InformationRequest
from teilhabe.funding.tests import factories

pytestmark = pytest.mark.django_db(transaction=False)


def _run() -> str:
    out = io.StringIO()
    call_command("send_funding_reminders", stdout=out)
    return out.getvalue()


@pytest.fixture
def condition(bielefeld, anna, bernd, guel) -> Condition:
    decision = factories.decision(
        factories.application(bielefeld, year=2026), proposed_by=bernd, signed_by=guel
    )
    return Condition.objects.create(
        decision=decision, text="Benennen Sie die Schwerpunktthemen.", due_date=date(2026, 9, 1)
    )


def _subjects() -> list[str]:
    return [m.subject for m in mail.outbox]


def test_it_reminds_once_when_due_and_once_when_overdue(
    condition, anna, settings, django_capture_on_commit_callbacks
) -> None:
    settings.CONDITION_DUE_SOON_DAYS = 14
    with time_machine.travel(date(2026, 8, 1)), django_capture_on_commit_callbacks(execute=True):
        _run()
    assert mail.outbox == []
    with time_machine.travel(date(2026, 8, 20)), django_capture_on_commit_callbacks(execute=True):
        _run()
        _run()  # idempotent
    assert len([s for s in _subjects() if "01.09.2026" in s]) == 1
    assert anna.email in mail.outbox[0].to
    with time_machine.travel(date(2026, 9, 5)), django_capture_on_commit_callbacks(execute=True):
        _run()
        _run()
    assert len(mail.outbox) == 2
    with time_machine.travel(date(2026, 10, 5)), django_capture_on_commit_callbacks(execute=True):
        _run()
    assert len(mail.outbox) == 2


def test_a_missed_due_reminder_is_caught_up_as_overdue(
    condition, django_capture_on_commit_callbacks
) -> None:
    with time_machine.travel(date(2026, 9, 5)), django_capture_on_commit_callbacks(execute=True):
        output = _run()
    assert "condition_overdue: 1" in output
    assert len(mail.outbox) == 1


def test_a_fulfilled_condition_is_not_reminded(
    condition, kai, django_capture_on_commit_callbacks
) -> None:
    Condition.objects.filter(pk=condition.pk).update(fulfilled_at="2026-08-01T10:00:00+02:00")
    with time_machine.travel(date(2026, 9, 5)), django_capture_on_commit_callbacks(execute=True):
        _run()
    assert mail.outbox == []


def test_it_reminds_once_of_an_overdue_information_request(
    bielefeld, anna, bernd, django_capture_on_commit_callbacks
) -> None:
    application = factories.application(bielefeld, status=ApplicationStatus.INFO_REQUESTED)
    InformationRequest.objects.create(
        application=application,
        message="Stellenplan fehlt.",
        due_date=date(2026, 6, 1),
        requested_by=bernd,
    )
    with time_machine.travel(date(2026, 6, 1)), django_capture_on_commit_callbacks(execute=True):
        _run()
    assert mail.outbox == []
    with time_machine.travel(date(2026, 6, 3)), django_capture_on_commit_callbacks(execute=True):
        _run()
        _run()
    assert len(mail.outbox) == 1
    assert "Stellenplan fehlt." in mail.outbox[0].body
    assert InformationRequest.objects.get().reminded_at is not None
