"""Events and registrations for tests, through the services where the rule matters."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.core.roles import Role
from teilhabe.events import services
from teilhabe.events.models import Event, Registration, RegistrationStatus


def event_data(**overrides: Any) -> dict[str, Any]:
    now = timezone.now()
    data: dict[str, Any] = {
        "kind": "training",
        "audience": "teachers",
        "title": "Sprachsensibler Fachunterricht",
        "description": "Fortbildung für Lehrkräfte der Sekundarstufe I.",
        "place": "Niederwall 23, 33602 Bielefeld",
        "online_url": "",
        "capacity": 3,
        "registration_opens_at": now - timedelta(days=1),
        "registration_closes_at": now + timedelta(days=20),
        "cost": Decimal("0.00"),
        "is_public": True,
    }
    data.update(overrides)
    return data


def dates(days: int = 30, *, count: int = 1) -> list[tuple[datetime, datetime]]:
    start = timezone.now().replace(hour=8, minute=0, second=0, microsecond=0) + timedelta(days=days)
    return [
        (start + timedelta(days=7 * i), start + timedelta(days=7 * i, hours=6))
        for i in range(count)
    ]


def published(
    centre: Centre | None, by: User, *, days: int = 30, count: int = 1, **overrides: Any
) -> Event:
    """A published event `days` ahead with `count` dates a week apart."""
    event = services.create_event(
        centre, by=by, data=event_data(**overrides), dates=dates(days, count=count)
    )
    return services.publish_event(event, by=by)


def accepted(event: Event, n: int, *, prefix: str = "p") -> list[Registration]:
    """`n` people registered and confirmed by their links, in this order."""
    out = []
    for i in range(n):
        r = services.register(
            event, by=_anonymous(), name=f"Person {prefix}{i}", email=f"{prefix}{i}@example.org"
        )
        out.append(services.confirm_registration(r))
    return out


def _anonymous() -> Any:
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def statuses(event: Event) -> list[tuple[int | None, str]]:
    return list(event.registrations.order_by("position").values_list("position", "status"))


def held(event: Event) -> int:
    return event.registrations.filter(
        status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.OFFERED]
    ).count()


def user(username: str, role: Role = Role.PARTNER, **kwargs: Any) -> User:
    return User.objects.create(
        username=username, email=f"{username}@example.org", role=role, **kwargs
    )


def code(error: ValidationError) -> str | None:
    """The stable code of a service's refusal, also of one given at a field."""
    if hasattr(error, "error_dict"):
        return next(iter(error.error_dict.values()))[0].code
    return error.code
