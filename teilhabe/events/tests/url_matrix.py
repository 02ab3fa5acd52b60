"""The objects behind the events' URLs for the URL matrix and the accessibility run: a
published public training of KI Bielefeld with one participant ticked as present."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.events import services
from teilhabe.events.tokens import checkin_token_for, token_for

from . import factories


def objects(anna: User, bielefeld: Centre) -> dict[str, dict[str, object]]:
    event = factories.published(bielefeld, anna, capacity=20)
    pending = services.register(
        event, by=AnonymousUser(), name="Ada Lovelace", email="ada@example.org"
    )
    present = services.confirm_registration(pending)
    services.set_attendance(present, by=anna, attended=True)
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
