"""The events' cards on the start page: the KI's events this week and what waits for it;
for visitors and everyone else, the way to the upcoming events."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from teilhabe.core.registry import Step, Todo
from teilhabe.core.roles import AnyUser

from . import access
from .models import HOLDING, Event, EventStatus, Registration, RegistrationStatus


def event_steps(user: AnyUser | None) -> list[Step]:
    public = Step(
        _("Events and trainings"),
        _("Upcoming meetings, expert talks and trainings of the integration centres."),
        reverse("events:list"),
        _("Show events"),
    )
    if user is None:
        return [public]
    steps = _own_registrations(user)
    own = access.organised_by(user)
    if own is None:
        return [*steps, public]
    now = timezone.now()
    week = Event.objects.filter(
        own,
        status=EventStatus.PUBLISHED,
        last_ends_at__gte=now,
        first_starts_at__lt=now + timedelta(days=7),
    ).aggregate(
        events=Count("pk", distinct=True),
        offered=Count("registrations", filter=Q(registrations__status=RegistrationStatus.OFFERED)),
        pending=Count("registrations", filter=Q(registrations__status=RegistrationStatus.PENDING)),
    )
    text = ngettext(
        "%(n)d of your events takes place in the next seven days.",
        "%(n)d of your events take place in the next seven days.",
        week["events"],
    ) % {"n": week["events"]}
    waiting = week["offered"] + week["pending"]
    if waiting:
        text += " " + ngettext(
            "%(n)d registration waits for its confirmation.",
            "%(n)d registrations wait for their confirmation.",
            waiting,
        ) % {"n": waiting}
    return [
        *steps,
        Step(
            _("Your events"),
            text,
            reverse("events:list") + "?mine=on",
            _("Manage events"),
        ),
    ]


def _own_registrations(user: AnyUser) -> list[Step]:
    """The events a logged-in person (a partner, a teacher's account) is registered for."""
    pk = getattr(user, "pk", None)
    if pk is None:
        return []
    mine = list(
        Registration.objects.filter(
            user_id=pk,
            status__in=[*HOLDING, RegistrationStatus.WAITING],
            event__last_ends_at__gte=timezone.now(),
        )
        .select_related("event")
        .order_by("event__first_starts_at")[:3]
    )
    if not mine:
        return []
    first = mine[0]
    return [
        Step(
            _("Your registrations"),
            ngettext(
                "You are registered for %(n)d upcoming event; next: %(title)s.",
                "You are registered for %(n)d upcoming events; next: %(title)s.",
                len(mine),
            )
            % {"n": len(mine), "title": first.event.title},
            first.event.get_absolute_url(),
            _("Show the event"),
        )
    ]


def event_todos(user: AnyUser) -> list[Todo]:
    """The organiser's events of the next seven days, each with its registrations page."""
    own = access.organised_by(user)
    if own is None:
        return []
    now = timezone.now()
    soon = (
        Event.objects.filter(
            own,
            status=EventStatus.PUBLISHED,
            last_ends_at__gte=now,
            first_starts_at__lt=now + timedelta(days=7),
        )
        .only("pk", "title", "first_starts_at")
        .order_by("first_starts_at")[:10]
    )
    return [
        Todo(
            _("Event: %(title)s") % {"title": e.title},
            reverse("events:manage", args=[e.pk]),
            due=timezone.localtime(e.first_starts_at).date() if e.first_starts_at else None,
        )
        for e in soon
    ]
