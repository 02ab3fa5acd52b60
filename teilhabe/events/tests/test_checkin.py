"""Check-in by QR code at the door: the participant's page and confirmation mail show a code of
its own; the organiser's staff open it, see name and event and tick "present" (audited through
the attendance service); a second scan says since when; everyone else, another event's door, a
forged or an old code: 404."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from teilhabe.core.models import AuditEvent
from teilhabe.events import services
from teilhabe.events.checkin import checkin_url
from teilhabe.events.tokens import CHECKIN_SALT, checkin_token_for, token_for

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):  # type: ignore[no-untyped-def]
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def _path(registration) -> str:  # type: ignore[no-untyped-def]
    return urlparse(checkin_url(registration)).path


def test_the_participants_page_shows_the_code_once_the_place_is_confirmed(bielefeld, kai):
    event = factories.published(bielefeld, kai, capacity=1)
    confirmed, waiting = factories.accepted(event, 2)
    page = Client().get(reverse("events:registration", args=[token_for(confirmed)])).text
    assert "<svg" in page and "check-in code" in page
    on_list = Client().get(reverse("events:registration", args=[token_for(waiting)])).text
    assert "<svg" not in on_list


def test_the_check_in_code_is_no_participants_link_and_the_link_no_code(bielefeld, kai):
    event = factories.published(bielefeld, kai)
    (r,) = factories.accepted(event, 1)
    code, link = checkin_token_for(r), token_for(r)
    assert code != link
    assert services.registration_by_token(code) is None
    assert Client().get(reverse("events:registration", args=[code])).status_code == 404


def test_the_confirmation_mail_carries_the_code(bielefeld, kai, django_capture_on_commit_callbacks):
    event = factories.published(bielefeld, kai)
    with django_capture_on_commit_callbacks(execute=True):
        (r,) = factories.accepted(event, 1)
    confirmed = [m for m in mail.outbox if "place is confirmed" in m.subject]
    assert len(confirmed) == 1
    html, kind = confirmed[0].alternatives[0]
    assert kind == "text/html" and "<svg" in html and "check-in code" in confirmed[0].body
    # The code in the mail is this registration's own: the same as on its page.
    assert checkin_url(r) == checkin_url(services.registration_by_token(token_for(r)))  # type: ignore[arg-type]
    asking = [m for m in mail.outbox if "confirm your registration" in m.subject]
    assert asking and not asking[0].alternatives  # no code before the place is confirmed


def test_staff_tick_present_once_and_a_second_scan_says_since_when(
    bielefeld, kai, anna, verified_client
):
    event = factories.published(bielefeld, kai, title="Fachtag Sprachbildung")
    (r,) = factories.accepted(event, 1)
    url = _path(r)
    door = verified_client(kai)
    page = door.get(url)
    assert page.status_code == 200
    assert "Person p0" in page.text and "Fachtag Sprachbildung" in page.text
    assert re.search(r"<button[^>]*type=\"submit\"[^>]*>\s*<span[^>]*>Present</span>", page.text)
    done = door.post(url, follow=True)
    assert "Present: checked in at" in done.text
    (tick,) = r.attendances.all()
    assert tick.checked_in_at is not None
    time = timezone.localtime(tick.checked_in_at).strftime("%-H:%M")
    assert AuditEvent.objects.filter(action="registration.attendance").count() == 1
    # A colleague scans the same code: no button, since when; a second POST changes nothing.
    again = verified_client(anna).get(url)
    assert f"Already checked in at {time}." in again.text and ">Present<" not in again.text
    repeated = verified_client(anna).post(url, follow=True)
    assert f"Already checked in at {time}." in repeated.text
    assert AuditEvent.objects.filter(action="registration.attendance").count() == 1


def test_a_check_in_of_an_earlier_day_names_the_day(bielefeld, kai, verified_client):
    event = factories.published(bielefeld, kai)
    (r,) = factories.accepted(event, 1)
    services.set_attendance(r, by=kai, attended=True, now=timezone.now() - timedelta(days=2))
    page = verified_client(kai).get(_path(r)).text
    assert "Already checked in on " in page


def test_a_registration_that_is_not_confirmed_gets_no_button(bielefeld, kai, verified_client):
    event = factories.published(bielefeld, kai, capacity=1)
    _first, waiting = factories.accepted(event, 2)
    client = verified_client(kai)
    page = client.get(_path(waiting))
    assert page.status_code == 200 and "Not confirmed" in page.text and ">Present<" not in page.text
    client.post(_path(waiting))
    waiting.refresh_from_db()
    assert not waiting.attended


def test_only_who_keeps_the_attendance_list_opens_a_code(
    bielefeld, kai, carla, lars, paul, verified_client
):
    event = factories.published(bielefeld, kai)
    (r,) = factories.accepted(event, 1)
    url = _path(r)
    login = Client().get(url)
    assert login.status_code == 302 and reverse("accounts:login") in login["Location"]
    for outsider in (carla, lars, paul):
        client = verified_client(outsider)
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    r.refresh_from_db()
    assert not r.attended


def test_a_code_of_another_event_a_forged_or_an_old_one_opens_nothing(
    bielefeld, kai, verified_client, settings
):
    event = factories.published(bielefeld, kai)
    other = factories.published(bielefeld, kai, title="Anderes Treffen")
    (r,) = factories.accepted(event, 1)
    client = verified_client(kai)
    code = checkin_token_for(r)
    assert client.get(reverse("events:checkin", args=[other.pk, code])).status_code == 404
    forged = signing.Signer(salt=CHECKIN_SALT + "x").sign_object([event.pk, r.pk, r.token_nonce])
    assert client.get(reverse("events:checkin", args=[event.pk, forged])).status_code == 404
    renamed = signing.Signer(salt=CHECKIN_SALT).sign_object([event.pk, r.pk, "guess"])
    assert client.get(reverse("events:checkin", args=[event.pk, renamed])).status_code == 404
    assert client.get(reverse("events:checkin", args=[event.pk, "x" * 300])).status_code == 404
    # After the retention period the code dies with the participant's link.
    settings.EVENTS_RETENTION_MONTHS = 1
    services.anonymise_participants(now=timezone.now() + timedelta(days=400))
    assert client.get(reverse("events:checkin", args=[event.pk, code])).status_code == 404
