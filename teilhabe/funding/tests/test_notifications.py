"""Mails of the funding chain: German first, English below, never an error for a committed step."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail

from teilhabe.funding.notifications import notify, render

from . import factories

pytestmark = pytest.mark.django_db


class BrokenBackend:
    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        pass

    def send_messages(self, messages):  # type: ignore[no-untyped-def]
        raise ConnectionRefusedError("smtp down")


def test_it_writes_german_then_english(bielefeld):
    application = factories.application(bielefeld, year=2027)
    subject, body = render("information_requested", application, due_date="01.02.2027", message="X")
    german, english = body.split("---------- English ----------")
    assert "01.02.2027" in subject
    assert "Guten Tag" in german and "Hello" in english
    assert application.get_absolute_url() in german and application.get_absolute_url() in english


def test_amounts_and_dates_are_written_as_each_language_writes_them(bielefeld):
    """The German part writes 22.000,50 and 01.02.2027, the English one 22,000.50 and
    1 February 2027: the services pass raw amounts and dates, not German text."""
    application = factories.application(bielefeld, year=2027)
    _, body = render("payment_requested", application, amount=Decimal("22000.50"), year=2027)
    german, english = body.split("---------- English ----------")
    assert "22.000,50" in german and "22,000.50" not in german
    assert "22,000.50" in english and "22.000,50" not in english
    subject, body = render(
        "information_requested", application, due_date=date(2027, 2, 1), message="X"
    )
    german, english = body.split("---------- English ----------")
    assert "01.02.2027" in subject and "01.02.2027" in german
    assert "1 February 2027" in english and "01.02.2027" not in english


def test_it_mails_the_ki_after_the_commit(
    bielefeld, anna, kai, bernd, django_capture_on_commit_callbacks
):
    application = factories.application(bielefeld, year=2027)
    with django_capture_on_commit_callbacks(execute=True):
        notify("review_started", application, actor=bernd)
        assert mail.outbox == []  # nothing before the commit
    assert sorted(m.to[0] for m in mail.outbox) == sorted([anna.email, kai.email])


def test_a_failing_mail_server_does_not_undo_or_break_the_step(
    bielefeld, anna, bernd, settings, django_capture_on_commit_callbacks, caplog
):
    settings.EMAIL_BACKEND = "teilhabe.funding.tests.test_notifications.BrokenBackend"
    application = factories.application(bielefeld, year=2027)
    with django_capture_on_commit_callbacks(execute=True):
        notify("review_started", application, actor=bernd)
    assert "smtp down" in caplog.text


def test_a_label_among_the_params_is_written_in_each_language(bielefeld):
    from teilhabe.funding.models import ProposalKind

    application = factories.application(bielefeld, year=2027)
    _subject, body = render(
        "proposal_made", application, actor="Bernd", proposal=ProposalKind.APPROVE_FULL.label
    )
    german, english = body.split("---------- English ----------")
    assert "Vollbewilligung" in german and "approval in full" in english


def test_a_step_puts_one_notification_in_each_inbox_and_mails_after_the_commit(
    bielefeld, anna, kai, bernd, django_capture_on_commit_callbacks
):
    from teilhabe.accounts.models import Notification
    from teilhabe.funding.services import review

    application = factories.application(bielefeld, year=2027, status="submitted")
    with django_capture_on_commit_callbacks(execute=True):
        review.start_review(application, by=bernd)
        assert Notification.objects.count() == 2 and mail.outbox == []  # rows now, mail later
    notes = {n.recipient: n for n in Notification.objects.all()}
    assert set(notes) == {anna, kai}
    note = notes[anna]
    assert note.subject == f"Ihr Antrag wird geprüft: {application}"  # the default language
    assert (
        note.translations["en"]["subject"] == f"Your application is being reviewed: {application}"
    )
    assert (note.event, note.path, note.read_at) == (
        "review_started",
        application.get_absolute_url(),
        None,
    )
    assert len(mail.outbox) == 2


def test_a_step_rolled_back_records_nothing_and_mails_nobody(
    bielefeld, anna, kai, bernd, django_capture_on_commit_callbacks
):
    from django.db import transaction

    from teilhabe.accounts.models import Notification
    from teilhabe.funding.services import review

    application = factories.application(bielefeld, year=2027, status="submitted")
    capture = django_capture_on_commit_callbacks(execute=True)
    with capture, pytest.raises(RuntimeError), transaction.atomic():
        review.start_review(application, by=bernd)
        raise RuntimeError("a later part of the step fails")
    assert Notification.objects.count() == 0
    assert mail.outbox == []


def test_an_account_without_an_address_reads_it_in_the_app(bielefeld, anna, kai, bernd):
    from teilhabe.accounts.models import Notification

    type(kai).objects.filter(pk=kai.pk).update(email="")
    application = factories.application(bielefeld, year=2027)
    told = notify("review_started", application, actor=bernd)
    assert [u.username for u in told] == ["anna", "kai"]
    assert Notification.objects.filter(recipient=kai).count() == 1
