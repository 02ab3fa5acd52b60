"""Registration, double opt-in, waiting list, move-up, expiry: the rule through the services."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from teilhabe.core.models import AuditEvent
from teilhabe.events import services
from teilhabe.events.models import RegistrationStatus as S
from teilhabe.events.tokens import token_for

from . import factories

pytestmark = pytest.mark.django_db


def test_it_confirms_until_full_then_fills_the_waiting_list_in_order(bielefeld, kai, visitor):
    event = factories.published(bielefeld, kai, capacity=2)
    factories.accepted(event, 4)
    assert factories.statuses(event) == [
        (1, S.CONFIRMED),
        (2, S.CONFIRMED),
        (3, S.WAITING),
        (4, S.WAITING),
    ]


def test_a_request_not_yet_confirmed_holds_no_place(bielefeld, kai, visitor):
    event = factories.published(bielefeld, kai, capacity=1)
    pending = services.register(event, by=visitor, name="Ada", email="ada@example.org")
    assert (pending.status, pending.position) == (S.PENDING, None)
    (first,) = factories.accepted(event, 1)
    assert first.status == S.CONFIRMED
    late = services.confirm_registration(pending)
    assert (late.status, late.position) == (S.WAITING, 2)


def test_it_mails_the_confirmation_link_and_the_link_confirms(
    bielefeld, kai, visitor, django_capture_on_commit_callbacks
):
    event = factories.published(bielefeld, kai)
    with django_capture_on_commit_callbacks(execute=True):
        r = services.register(event, by=visitor, name="Ada", email="ada@example.org")
    assert mail.outbox[-1].to == ["ada@example.org"]
    assert token_for(r) in mail.outbox[-1].body
    assert services.registration_by_token(token_for(r)) == r
    assert services.registration_by_token(token_for(r)[:-2] + "xx") is None


def test_a_logged_in_person_is_accepted_at_once(bielefeld, kai, paul):
    event = factories.published(bielefeld, kai)
    r = services.register(event, by=paul, name="Paul Test", email=paul.email)
    assert (r.status, r.position, r.user) == (S.CONFIRMED, 1, paul)


def test_it_refuses_an_address_registered_already(bielefeld, kai, visitor):
    event = factories.published(bielefeld, kai)
    services.register(event, by=visitor, name="Ada", email="ada@example.org")
    with pytest.raises(ValidationError) as refused:
        services.register(event, by=visitor, name="Ada", email="ADA@example.org")
    assert factories.code(refused.value) == "already_registered"


def test_it_refuses_outside_the_registration_window(bielefeld, kai, visitor):
    now = timezone.now()
    event = factories.published(
        bielefeld,
        kai,
        registration_opens_at=now + timedelta(days=1),
        registration_closes_at=now + timedelta(days=2),
    )
    with pytest.raises(ValidationError) as refused:
        services.register(event, by=visitor, name="Ada", email="ada@example.org")
    assert refused.value.code == "not_open"


def test_a_visitor_cannot_register_for_an_internal_or_draft_event(bielefeld, kai, visitor):
    internal = factories.published(bielefeld, kai, is_public=False)
    draft = services.create_event(
        bielefeld, by=kai, data=factories.event_data(), dates=factories.dates()
    )
    for event in (internal, draft):
        with pytest.raises(ValidationError) as refused:
            services.register(event, by=visitor, name="Ada", email="ada@example.org")
        assert refused.value.code == "not_permitted"


def test_a_cancellation_offers_the_place_to_the_first_waiting(
    bielefeld, kai, settings, django_capture_on_commit_callbacks
):
    settings.EVENTS_OFFER_HOURS = 24
    event = factories.published(bielefeld, kai, capacity=1)
    first, second, _third = factories.accepted(event, 3)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_own_registration(first)
    second.refresh_from_db()
    assert second.status == S.OFFERED
    assert timedelta(hours=23) < second.offer_expires_at - timezone.now() <= timedelta(hours=24)
    assert mail.outbox[-2].to == [second.email]  # the offer, then the cancellation
    assert "free" in mail.outbox[-2].subject or "frei" in mail.outbox[-2].subject
    assert factories.statuses(event)[2] == (3, S.WAITING)
    event_ = AuditEvent.objects.filter(action="registration.cancelled").get()
    assert event_.changes["offered_positions"] == {"from": None, "to": [2]}
    assert services.confirm_registration(second).status == S.CONFIRMED


def test_an_expired_offer_goes_to_the_next_person(bielefeld, kai):
    event = factories.published(bielefeld, kai, capacity=1)
    first, _second, third = factories.accepted(event, 3)
    services.cancel_own_registration(first)
    later = timezone.now() + timedelta(hours=49)
    call_command("expire_event_offers", now=later.isoformat())
    assert factories.statuses(event) == [(1, S.CANCELLED), (2, S.EXPIRED), (3, S.OFFERED)]
    # Confirming an offer past its time expires it too, and moves the next one up.
    third.refresh_from_db()
    assert services.confirm_registration(third, now=later + timedelta(hours=49)).status == S.EXPIRED
    assert factories.held(event) == 0


def test_confirming_twice_or_cancelling_twice_changes_nothing(bielefeld, kai):
    event = factories.published(bielefeld, kai)
    (r,) = factories.accepted(event, 1)
    events = AuditEvent.objects.count()
    services.confirm_registration(r)
    assert AuditEvent.objects.count() == events
    services.cancel_own_registration(r)
    services.cancel_own_registration(r)
    assert AuditEvent.objects.count() == events + 1
    with pytest.raises(ValidationError) as refused:
        services.confirm_registration(r)
    assert refused.value.code == "not_active"


def test_raising_the_capacity_offers_the_new_places(bielefeld, kai):
    event = factories.published(bielefeld, kai, capacity=1)
    factories.accepted(event, 3)
    services.update_event(event, by=kai, data={"capacity": 2}, dates=factories.dates())
    assert [s for _p, s in factories.statuses(event)] == [S.CONFIRMED, S.OFFERED, S.WAITING]


def test_the_capacity_cannot_fall_below_the_places_held(bielefeld, kai):
    event = factories.published(bielefeld, kai, capacity=3)
    factories.accepted(event, 2)
    with pytest.raises(ValidationError) as refused:
        services.update_event(event, by=kai, data={"capacity": 1}, dates=factories.dates())
    assert factories.code(refused.value) == "capacity_below_held"


def test_it_refuses_an_event_without_dates_or_with_a_bad_window(bielefeld, kai):
    with pytest.raises(ValidationError) as refused:
        services.create_event(bielefeld, by=kai, data=factories.event_data(), dates=[])
    assert refused.value.code == "dates_required"
    now = timezone.now()
    bad = factories.event_data(registration_opens_at=now, registration_closes_at=now)
    with pytest.raises(ValidationError):
        services.create_event(bielefeld, by=kai, data=bad, dates=factories.dates())
    for capacity in (0, 10_001):
        with pytest.raises(ValidationError):
            services.create_event(
                bielefeld,
                by=kai,
                data=factories.event_data(capacity=capacity),
                dates=factories.dates(),
            )


def test_only_the_coordination_office_organises_state_wide_events(lars, anna):
    event = services.create_event(
        None, by=lars, data=factories.event_data(), dates=factories.dates()
    )
    assert event.centre is None
    with pytest.raises(ValidationError) as refused:
        services.create_event(None, by=anna, data=factories.event_data(), dates=factories.dates())
    assert refused.value.code == "not_permitted"


def test_the_door_list_ticks_only_confirmed_participants(bielefeld, kai):
    event = factories.published(bielefeld, kai, capacity=1)
    confirmed, waiting = factories.accepted(event, 2)
    assert services.set_attendance(confirmed, by=kai, attended=True).attended
    with pytest.raises(ValidationError) as refused:
        services.set_attendance(waiting, by=kai, attended=True)
    assert refused.value.code == "not_confirmed"
