"""Who may see and do what with events. Forbidden answers like missing: 404.

- Published public events (and cancelled ones, so their participants learn of it) are for
  everyone, also anonymous visitors; internal ones for the staff roles only (everyone with a
  role but partners).
- Drafts only for the organiser: the KI's staff and lead, or for a state-wide event
  (no KI) the coordination office.
- The organiser creates, edits, publishes and cancels an event and manages its registrations.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from teilhabe.core import roles
from teilhabe.core.roles import AnyUser, Role

from .models import Event, EventQuerySet, EventStatus, Registration
from .tokens import checkin_ids

# Everyone who works in the programme; partners and visitors see only public events.
STAFF_ROLES = frozenset(set(Role) - {Role.PARTNER})


def is_staff(user: AnyUser) -> bool:
    return roles.role_of(user) in STAFF_ROLES


def may_organise(user: AnyUser, centre_id: int | None) -> bool:
    """The KI's own staff and lead; for a state-wide event (no KI) the coordination office."""
    if centre_id is None:
        return roles.has_role(user, Role.COORDINATION)
    return roles.is_centre_member(user, centre_id)


def may_organise_any(user: AnyUser) -> bool:
    return roles.centre_id_of(user) is not None or roles.has_role(user, Role.COORDINATION)


def organiser_centre_id(user: AnyUser) -> int | None:
    """The KI a new event of `user` belongs to (None: state-wide, the coordination office)."""
    return roles.centre_id_of(user)


def may_manage(user: AnyUser, event: Event) -> bool:
    return may_organise(user, event.centre_id)


def organised_by(user: AnyUser) -> Q | None:
    """The events `user` organises, as a filter; None if none."""
    centre_id = roles.centre_id_of(user)
    if centre_id is not None:
        return Q(centre_id=centre_id)
    if roles.has_role(user, Role.COORDINATION):
        return Q(centre__isnull=True)
    return None


def events_scope(user: AnyUser) -> Q:
    """The one rule of who sees which event, as a filter on Event."""
    shown = Q(status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED])
    visible = shown & Q(is_public=True)
    if is_staff(user):
        visible = shown
    own = organised_by(user)
    return visible | own if own is not None else visible


def events_visible_to(user: AnyUser) -> EventQuerySet:
    return Event.objects.for_listing().filter(events_scope(user))


def may_see(user: AnyUser, event: Event) -> bool:
    return events_visible_to(user).filter(pk=event.pk).exists()


def may_register(user: AnyUser, event: Event) -> bool:
    """A logged-in person who sees a published event may register (the window is a rule of
    the service, with its own code)."""
    return event.status == EventStatus.PUBLISHED and (
        (event.is_public and user.is_authenticated) or is_staff(user)
    )


def may_register_publicly(event: Event) -> bool:
    """Anyone without an account, for a published public event, by double opt-in."""
    return event.status == EventStatus.PUBLISHED and event.is_public


def event_for(user: AnyUser, pk: int) -> Event:
    """The event if `user` may see it; 404 otherwise."""
    return get_object_or_404(events_visible_to(user), pk=pk)


def event_for_manage(user: AnyUser, pk: int) -> Event:
    """The event if `user` organises it; 404 otherwise, also for those who only see it."""
    event = get_object_or_404(Event.objects.for_listing(), pk=pk)
    if not may_manage(user, event):
        raise Http404
    return event


def registration_for_manage(user: AnyUser, event_pk: int, pk: int) -> Registration:
    event = event_for_manage(user, event_pk)
    return get_object_or_404(Registration.objects.select_related("event"), event=event, pk=pk)


def registration_for_checkin(user: AnyUser, event_pk: int, token: str) -> Registration:
    """The registration a check-in code names, for who keeps the event's attendance list
    (`may_manage`); 404 for everyone else, for a code of another event, a forged or an old one
    (anonymised)."""
    event = event_for_manage(user, event_pk)
    found = checkin_ids(token)
    if found is None or found[0] != event.pk:
        raise Http404
    registration = (
        Registration.objects.select_related("event", "event__centre")
        .filter(event=event, pk=found[1], anonymised_at__isnull=True)
        .first()
    )
    if registration is None or registration.token_nonce != found[2]:
        raise Http404
    return registration


def registrations_of(user: AnyUser, event: Event) -> QuerySet[Registration] | None:
    if not may_manage(user, event):
        return None
    return event.registrations.prefetch_related("attendances").order_by("position", "pk")


def may_export_person_data(user: AnyUser) -> bool:
    """The organisers (a KI for its own events, the coordination office for all)."""
    return roles.centre_id_of(user) is not None or roles.has_role(user, Role.COORDINATION)


def person_data_scope(user: AnyUser) -> Q | None:
    """Registrations whose data `user` may export: the KI's own events', or all for the
    coordination office (which answers requests about every event in the state)."""
    if not may_export_person_data(user):
        return None
    if roles.has_role(user, Role.COORDINATION):
        return Q()
    return Q(event__centre_id=roles.centre_id_of(user))
