"""The objects behind the events' URLs for the URL matrix and the accessibility run: a
published public training of KI Bielefeld on two dates that asks for accessibility needs, with
one participant (a need named, with consent) ticked as present on the first date: so the door
list shows its choice of dates, the check-in asks which date (none is today) and the
participant's page offers to withdraw the consent."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.events import services
from teilhabe.events.tokens import checkin_token_for, token_for

from . import factories


def objects(anna: User, bielefeld: Centre) -> dict[str, dict[str, object]]:
    event = factories.published(bielefeld, anna, capacity=20, count=2, asks_access_needs=True)
    pending = services.register(
        event,
        by=AnonymousUser(),
        name="Ada Lovelace",
        email="ada@example.org",
        access_needs=["step_free"],
        access_needs_consent=True,
    )
    present = services.confirm_registration(pending)
    services.set_attendance(present, by=anna, attended=True, date=event.dates.first())
    token = token_for(present)
    return {
        "events:detail": {"pk": event.pk},
        "events:calendar": {"pk": event.pk},
        "events:edit": {"pk": event.pk},
        "events:manage": {"pk": event.pk},
        "events:attendance": {"pk": event.pk},
        "events:checkin": {"pk": event.pk, "token": checkin_token_for(present)},
        "events:certificate": {"pk": event.pk, "registration_pk": present.pk},
        "events:centre_calendar": {"centre_pk": bielefeld.pk},
        "events:registration": {"token": token},
        "events:registration_certificate": {"token": token},
        "api:get_event": {"event_id": event.pk},
    }
