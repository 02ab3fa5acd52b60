"""Kai asks Anna to sign: only staff of the KI, only for an application that is ready, at most
once a day; Anna is told in her inbox, by mail and on her start page."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone, translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import member_of
from teilhabe.accounts.models import Notification
from teilhabe.core.actions import Refusal
from teilhabe.core.models import AuditEvent
from teilhabe.funding.models import ApplicationStatus
from teilhabe.funding.services import applications as services
from teilhabe.pages.start import todos

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):  # type: ignore[no-untyped-def]
    """The assertions read the English source texts (German is the default language)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def _staff(centre):  # type: ignore[no-untyped-def]
    """Another staff account of `centre`, with its second factor (for the pages)."""
    user = member_of(centre)
    TOTPDevice.objects.get_or_create(user=user, name="test", confirmed=True)
    return user


def _ask(client, application):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("funding:signature_request", args=[application.pk]), follow=True
    ).content.decode()


def test_kai_asks_anna_who_gets_it_in_her_inbox_by_mail_and_on_her_start_page(
    kai, anna, bielefeld, verified_client, django_capture_on_commit_callbacks
):
    application = factories.application(bielefeld)
    client = verified_client(kai)
    submit = reverse("funding:application_submit", args=[application.pk])
    assert "Ask the head of the KI to sign" in client.get(submit).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("funding:signature_request", args=[application.pk]))
    assert response["Location"] == application.get_absolute_url()
    page = client.get(response["Location"]).content.decode()
    assert "Your request to sign the application is sent to Anna Test." in page

    note = Notification.objects.get()
    assert (note.recipient, note.event, note.path) == (anna, "signature_requested", submit)
    assert "Kai Test" in note.text and note.read_at is None
    assert [m.to for m in mail.outbox] == [[anna.email]]
    assert submit in mail.outbox[0].body
    event = AuditEvent.objects.get(action="application.signature_requested")
    assert event.actor == kai and set(event.changes) == {
        "signature_requested_at",
        "signature_requested_by",
    }
    application.refresh_from_db()
    assert application.lock_version == 1  # an open edit form stays valid

    titles = [t.title for t in todos(anna)]
    assert (
        f"Kai Test asks for your signature: application {application.years_label} (Bielefeld)"
        in titles
    )
    assert not any("check, sign and submit" in t for t in titles)  # one line per application
    lead_page = verified_client(anna).get(submit).content.decode()
    assert "Kai Test asked you on" in lead_page
    assert "Ask the head of the KI to sign" not in lead_page  # she signs herself


def test_the_lead_herself_is_refused_and_staff_of_another_ki_get_404(
    anna, carla, dortmund, bielefeld, verified_client
):
    application = factories.application(bielefeld)
    with pytest.raises(Refusal):
        services.request_signature(application, by=anna)
    other_staff = verified_client(_staff(dortmund))
    url = reverse("funding:signature_request", args=[application.pk])
    assert other_staff.post(url).status_code == 404
    assert verified_client(carla).post(url).status_code == 404
    assert Notification.objects.count() == 0 and mail.outbox == []


def test_an_application_not_ready_is_refused_with_what_is_missing(
    kai, anna, bielefeld, verified_client
):
    application = factories.application(bielefeld, council_resolution_date=None)
    client = verified_client(kai)
    submit = reverse("funding:application_submit", args=[application.pk])
    assert "Ask the head of the KI to sign" not in client.get(submit).content.decode()
    with pytest.raises(ValidationError) as refused:
        services.request_signature(application, by=kai)
    assert refused.value.code == "not_ready"
    assert "Enter the date of the council resolution" in refused.value.messages[0]
    response = client.post(reverse("funding:signature_request", args=[application.pk]))
    assert response["Location"] == submit  # where the missing items are listed
    assert Notification.objects.count() == 0 and mail.outbox == []
    assert not AuditEvent.objects.filter(action="application.signature_requested").exists()


def test_a_submitted_application_is_not_asked_for(kai, anna, bielefeld):
    application = factories.application(bielefeld, status=ApplicationStatus.SUBMITTED)
    with pytest.raises(ValidationError) as refused:
        services.request_signature(application, by=kai)
    assert refused.value.code == "not_submittable"


def test_a_second_request_within_a_day_says_when_the_first_went_out(
    kai, anna, bielefeld, verified_client, django_capture_on_commit_callbacks
):
    application = factories.application(bielefeld)
    colleague = _staff(bielefeld)
    with django_capture_on_commit_callbacks(execute=True):
        with time_machine.travel(timezone.now()):
            services.request_signature(application, by=kai)
        with time_machine.travel(timezone.now() + timedelta(hours=23)):
            page = _ask(verified_client(colleague), application)
    assert "Kai Test asked the head of the KI to sign on" in page
    assert "You can ask again from" in page
    assert Notification.objects.count() == 1 and len(mail.outbox) == 1

    later = time_machine.travel(timezone.now() + timedelta(hours=25))
    with later, django_capture_on_commit_callbacks(execute=True):
        services.request_signature(application, by=colleague)
    assert Notification.objects.count() == 2 and len(mail.outbox) == 2
    application.refresh_from_db()
    assert application.signature_requested_by == colleague


def test_the_request_ends_with_the_submission(kai, anna, bielefeld):
    application = factories.application(bielefeld)
    services.request_signature(application, by=kai)
    services.submit(application, by=anna, signed=True)
    application.refresh_from_db()
    assert not application.signature_pending
    assert not any("asks for your signature" in t.title for t in todos(anna))


@pytest.mark.django_db(transaction=True)
def test_two_colleagues_asking_at_the_same_moment_send_one_request(kai, anna, bielefeld):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite serialises writers anyway")
    application = factories.application(bielefeld)
    colleague = member_of(bielefeld)
    start = threading.Barrier(2)
    asked: list[int] = []
    refused: list[str] = []
    other: list[BaseException] = []

    def ask(user) -> None:  # type: ignore[no-untyped-def]
        try:
            start.wait()
            asked.append(len(services.request_signature(application, by=user)))
        except ValidationError as e:
            refused.append(e.code or "")
        except BaseException as e:
            other.append(e)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=ask, args=(u,)) for u in (kai, colleague)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not other, other
    assert (asked, refused) == ([1], ["signature_requested_recently"])
    assert Notification.objects.filter(event="signature_requested").count() == 1


def test_a_ki_without_a_head_in_teilhabe_is_told_so(territory):
    from teilhabe.centres.models import Centre

    centre = Centre.objects.select_related("grantee").get(grantee__key="05515")  # Münster
    staff = member_of(centre)
    application = factories.application(centre)
    with pytest.raises(ValidationError) as refused:
        services.request_signature(application, by=staff)
    assert refused.value.code == "no_lead"
    application.refresh_from_db()
    assert application.signature_requested_at is None
    assert not AuditEvent.objects.filter(action="application.signature_requested").exists()
