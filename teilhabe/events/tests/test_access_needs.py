"""Accessibility needs: asked only where the organiser switched it on, stored only with the
person's own consent (Art. 9 (2) (a) GDPR), which they can withdraw by their link; shown to the
organiser on the door list, the check-in page and the export, in the person-data export, never
in the audit trail, and anonymised with the rest after the retention period."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from teilhabe.core.models import AuditEvent
from teilhabe.events import services
from teilhabe.events.checkin import checkin_url
from teilhabe.events.models import Registration
from teilhabe.events.tokens import token_for

from . import factories

pytestmark = pytest.mark.django_db

FORM = {"name": "Ada Lovelace", "email": "ada@example.org", "organisation": "", "consent": "on"}


@pytest.fixture(autouse=True)
def _english(settings):  # type: ignore[no-untyped-def]
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def _register(event, **needs):  # type: ignore[no-untyped-def]
    r = services.register(
        event,
        by=None,
        name="Ada Lovelace",
        email="ada@example.org",
        access_needs_consent=True,
        **needs,
    )
    return services.confirm_registration(r)


def test_the_form_asks_only_where_the_organiser_switched_it_on(bielefeld, kai):
    plain = factories.published(bielefeld, kai)
    asking = factories.published(bielefeld, kai, asks_access_needs=True)
    assert "sign-language interpreting" not in Client().get(plain.get_absolute_url()).text
    page = Client().get(asking.get_absolute_url()).text
    assert "sign-language interpreting" in page and "step-free access" in page
    response = Client().post(
        asking.get_absolute_url(),
        {
            **FORM,
            "access_needs": ["induction_loop", "step_free"],
            "access_needs_other": "Assistenzhund",
            "access_needs_consent": "on",
        },
    )
    assert response.status_code == 302
    r = Registration.objects.get()
    assert r.access_needs == ["step_free", "induction_loop"]  # the list's order
    assert r.access_needs_other == "Assistenzhund"


def test_needs_sent_to_an_event_that_does_not_ask_are_refused(bielefeld, kai):
    plain = factories.published(bielefeld, kai)
    with pytest.raises(ValidationError) as refused:
        services.register(
            plain, by=None, name="A", email="a@example.org", access_needs=["step_free"]
        )
    assert factories.code(refused.value) == "access_needs_not_asked"
    # The form of such an event has no such fields: a posted value is dropped, not stored.
    Client().post(plain.get_absolute_url(), {**FORM, "access_needs": ["step_free"]})
    assert Registration.objects.get().access_needs == []


def test_an_unknown_need_is_refused(bielefeld, kai):
    asking = factories.published(bielefeld, kai, asks_access_needs=True)
    with pytest.raises(ValidationError) as refused:
        services.register(
            asking, by=None, name="A", email="a@example.org", access_needs=["jetpack"]
        )
    assert factories.code(refused.value) == "invalid_access_need"


def test_the_organiser_sees_them_on_the_door_list_the_check_in_and_the_export(
    bielefeld, kai, verified_client
):
    event = factories.published(bielefeld, kai, asks_access_needs=True)
    r = _register(event, access_needs=["sign_language"], access_needs_other="Großdruck")
    client = verified_client(kai)
    door = client.get(reverse("events:attendance", args=[event.pk])).text
    assert "sign-language interpreting; Großdruck" in door
    assert "sign-language interpreting" in client.get(checkin_url(r)).text
    csv_url = reverse("events:registrations_export", kwargs={"pk": event.pk, "fmt": "csv"})
    text = b"".join(client.get(csv_url).streaming_content).decode("utf-8-sig")
    assert "Accessibility needs" in text.splitlines()[0]
    assert "sign-language interpreting; Großdruck" in text


def test_they_stay_out_of_the_audit_trail(bielefeld, kai):
    event = factories.published(bielefeld, kai, asks_access_needs=True)
    _register(event, access_needs=["step_free"], access_needs_other="Rollstuhl")
    trail = str(list(AuditEvent.objects.values_list("changes", "object_label")))
    assert "step_free" not in trail and "Rollstuhl" not in trail


def test_the_person_data_export_includes_them(bielefeld, kai):
    event = factories.published(bielefeld, kai, asks_access_needs=True)
    _register(event, access_needs=["induction_loop"], access_needs_other="Platz vorn")
    data = services.export_person_data("ada@example.org", by=kai)
    (row,) = data["registrations"]
    assert row["access_needs"] == ["induction_loop"] and row["access_needs_other"] == "Platz vorn"


def test_the_retention_command_anonymises_them(bielefeld, kai, settings):
    settings.EVENTS_RETENTION_MONTHS = 12
    event = factories.published(bielefeld, kai, asks_access_needs=True)
    _register(event, access_needs=["step_free"], access_needs_other="Rollstuhl")
    services.anonymise_participants(now=timezone.now() + timedelta(days=31 + 366))
    r = Registration.objects.get()
    assert (r.access_needs, r.access_needs_other, r.name) == ([], "", "")
    assert r.access_needs_consent_at is None


def test_the_organiser_switches_the_question_on_in_the_event_form(bielefeld, kai):
    event = factories.published(bielefeld, kai)
    services.update_event(event, by=kai, data={"asks_access_needs": True}, dates=factories.dates())
    event.refresh_from_db()
    assert event.asks_access_needs
    assert AuditEvent.objects.filter(
        action="event.updated", changes__has_key="asks_access_needs"
    ).exists()


# --- consent (Art. 9 (2) (a) GDPR) ------------------------------------------------------------


def test_needs_without_their_own_consent_are_refused_at_the_field_and_the_input_stays(
    bielefeld, kai
):
    asking = factories.published(bielefeld, kai, asks_access_needs=True)
    page = Client().get(asking.get_absolute_url()).text
    assert "I consent to the organiser processing my information on support needs" in page
    response = Client().post(
        asking.get_absolute_url(),
        {**FORM, "access_needs": ["sign_language"], "access_needs_other": "Gebärdensprache DGS"},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="id_access_needs_consent-error"' in html
    assert "Please consent to the processing of your support needs" in html
    assert 'value="Ada Lovelace"' in html and "Gebärdensprache DGS" in html
    assert re.search(r'<input[^>]*value="sign_language"[^>]*checked>', html)
    assert not Registration.objects.exists()
    # The service refuses too, whoever calls it.
    with pytest.raises(ValidationError) as refused:
        services.register(
            asking, by=None, name="A", email="a@example.org", access_needs_other="Rampe"
        )
    assert factories.code(refused.value) == "access_needs_consent_required"


def test_no_need_no_consent_needed_and_the_consent_time_is_stored(bielefeld, kai, verified_client):
    asking = factories.published(bielefeld, kai, asks_access_needs=True)
    assert Client().post(asking.get_absolute_url(), FORM).status_code == 302
    assert Registration.objects.get().access_needs_consent_at is None
    before = timezone.now()
    response = verified_client(kai).post(
        asking.get_absolute_url(),
        {"organisation": "", "access_needs": ["step_free"], "access_needs_consent": "on"},
    )
    assert response.status_code == 302
    r = Registration.objects.get(user=kai)
    assert r.access_needs == ["step_free"]
    assert r.access_needs_consent_at is not None and r.access_needs_consent_at >= before


def test_the_participant_withdraws_the_consent_and_the_needs_are_gone(bielefeld, kai):
    event = factories.published(bielefeld, kai, asks_access_needs=True)
    r = _register(event, access_needs=["induction_loop"], access_needs_other="Hörschleife Reihe 1")
    url = reverse("events:registration", args=[token_for(r)])
    page = Client().get(url).text
    assert "Consent to their processing given on" in page and "Withdraw consent" in page
    response = Client().post(url, {"action": "withdraw_consent"}, follow=True)
    assert "Your consent is withdrawn" in response.text
    r.refresh_from_db()
    assert (r.access_needs, r.access_needs_other, r.access_needs_consent_at) == ([], "", None)
    assert r.status == "confirmed"  # the registration stays
    (withdrawn,) = AuditEvent.objects.filter(action="registration.access_needs_consent_withdrawn")
    assert withdrawn.changes == {"access_needs_consent": {"from": True, "to": False}}
    trail = str(list(AuditEvent.objects.values_list("changes", "object_label")))
    assert "induction_loop" not in trail and "Hörschleife" not in trail
    assert "Withdraw consent" not in Client().get(url).text
    Client().post(url, {"action": "withdraw_consent"})  # again: nothing to withdraw
    assert (
        AuditEvent.objects.filter(action="registration.access_needs_consent_withdrawn").count() == 1
    )


def test_the_form_itself_asks_for_the_consent_before_anything_is_sent(bielefeld, kai):
    from teilhabe.events.forms import AccountRegistrationForm, RegistrationForm

    asking = factories.published(bielefeld, kai, asks_access_needs=True)
    anonymous = RegistrationForm({**FORM, "access_needs": ["step_free"]}, event=asking)
    account = AccountRegistrationForm({"access_needs_other": "Rampe"}, event=asking)
    for form in (anonymous, account):
        assert not form.is_valid()
        assert form.has_error("access_needs_consent", "access_needs_consent_required")
    consented = AccountRegistrationForm(
        {"access_needs_other": "Rampe", "access_needs_consent": "on"}, event=asking
    )
    assert consented.is_valid() and consented.needs_data()["access_needs_consent"] is True


def test_the_needs_are_deleted_two_weeks_after_the_event_the_rest_kept(bielefeld, kai, settings):  # type: ignore[no-untyped-def]
    from django.core.management import call_command

    settings.EVENTS_ACCESS_NEEDS_DAYS = 14
    event = factories.published(bielefeld, kai, asks_access_needs=True)  # ends in 30 days
    with_needs = _register(event, access_needs=["step_free"], access_needs_other="Assistenzhund")
    call_command(
        "anonymise_event_participants", now=(timezone.now() + timedelta(days=40)).isoformat()
    )
    with_needs.refresh_from_db()
    assert with_needs.access_needs == ["step_free"]  # 10 days after: kept
    call_command(
        "anonymise_event_participants", now=(timezone.now() + timedelta(days=46)).isoformat()
    )
    with_needs.refresh_from_db()
    assert (with_needs.access_needs, with_needs.access_needs_other) == ([], "")
    assert with_needs.access_needs_consent_at is None
    assert with_needs.name == "Ada Lovelace"  # the rest waits for the retention period
    event_log = AuditEvent.objects.get(action="event.access_needs_deleted")
    assert event_log.changes == {"registrations_with_needs": {"from": 1, "to": 0}}
    call_command(
        "anonymise_event_participants", now=(timezone.now() + timedelta(days=50)).isoformat()
    )
    assert AuditEvent.objects.filter(action="event.access_needs_deleted").count() == 1
