"""Every write of the events app (docs/events.md). The heart: a registration never overbooks.

Each step that decides about places locks the event's row first (`locked(Event, pk)`), then
counts the places held (confirmed + offered) inside the lock and applies `rules.py`; so two
registrations, cancellations or expiries at the same moment are served one after the other and
see each other's result. Locks are taken event first, registration second, always.

A public registration (no account) holds no place until its e-mail address is confirmed (double
opt-in): only then is it accepted, gets its position and a place or the waiting list. So
unconfirmed requests, whether typos or bots, never block a place, and the order is the order
in which people confirmed. A logged-in person is accepted at once (the account's address is
known).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.core import audit
from teilhabe.core.actions import Refusal, locked, require, transition
from teilhabe.core.roles import AnyUser

from . import access, mails, rules
from .models import (
    ACCESS_NEEDS_OTHER_MAX,
    CONSENT_REQUIRED,
    HOLDING,
    AccessNeed,
    Attendance,
    Event,
    EventDate,
    EventStatus,
    Registration,
    RegistrationStatus,
)
from .quality import participant_centre
from .tokens import new_nonce, registration_pk

EVENT_FIELDS = (
    "kind",
    "audience",
    "title",
    "description",
    "place",
    "online_url",
    "capacity",
    "registration_opens_at",
    "registration_closes_at",
    "cost",
    "is_public",
    "asks_access_needs",
)
MAX_DATES = 20
Dates = Sequence[tuple[datetime, datetime]]
S = RegistrationStatus


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


# --- events ------------------------------------------------------------------------------------


def _check_dates(dates: Dates) -> list[tuple[datetime, datetime]]:
    if not dates:
        raise ValidationError(_("Give at least one date."), code="dates_required")
    if len(dates) > MAX_DATES:
        raise ValidationError(
            _("At most %(n)s dates per event."), code="too_many_dates", params={"n": MAX_DATES}
        )
    ordered = sorted(dates)
    for starts, ends in ordered:
        if ends <= starts:
            raise ValidationError(_("A date must end after it starts."), code="date_order")
    return ordered


def _save_dates(event: Event, dates: list[tuple[datetime, datetime]]) -> list[list[str]]:
    """Make the event's dates these. A date that stays (the same times, or new times on the
    same day: a training that runs longer) keeps its row and so its attendance; a date dropped
    that somebody attended is refused (`date_has_attendance`), the attendance is a record."""
    kept = list(event.dates.all())
    new: list[tuple[datetime, datetime]] = []
    for interval in dates:
        same = next((d for d in kept if (d.starts_at, d.ends_at) == interval), None)
        if same is not None:
            kept.remove(same)
        else:
            new.append(interval)
    moved, created = [], []
    for starts, ends in new:
        day = timezone.localdate(starts)
        same_day = next((d for d in kept if timezone.localdate(d.starts_at) == day), None)
        if same_day is not None:
            kept.remove(same_day)
            same_day.starts_at, same_day.ends_at = starts, ends
            moved.append(same_day)
        else:
            created.append(EventDate(event=event, starts_at=starts, ends_at=ends))
    if kept and Attendance.objects.filter(date__in=kept).exists():
        raise ValidationError(
            _("Participants were present on a date you removed; keep that date."),
            code="date_has_attendance",
        )
    EventDate.objects.filter(pk__in=[d.pk for d in kept]).delete()
    EventDate.objects.bulk_update(moved, ["starts_at", "ends_at"])
    EventDate.objects.bulk_create(created)
    event.first_starts_at = dates[0][0]
    event.last_ends_at = max(ends for _starts, ends in dates)
    return [[str(s), str(e)] for s, e in dates]


def _clean(event: Event) -> None:
    event.full_clean(exclude=["centre", "created_by"])
    if event.registration_opens_at >= event.registration_closes_at:
        raise ValidationError(
            {
                "registration_closes_at": ValidationError(
                    _("Registration must close after it opens."), code="window_order"
                )
            }
        )


@transaction.atomic
def create_event(
    centre: Centre | None, *, by: User, data: Mapping[str, Any], dates: Dates
) -> Event:
    """A new event (a draft) of `centre`, or state-wide (None) by the coordination office."""
    require(by, access.may_organise, centre.pk if centre is not None else None)
    ordered = _check_dates(dates)
    event = Event(centre=centre, created_by=by, **{f: data[f] for f in EVENT_FIELDS if f in data})
    event.first_starts_at, event.last_ends_at = ordered[0][0], ordered[-1][1]
    _clean(event)
    event.save()
    saved = _save_dates(event, ordered)
    event.save(update_fields=["first_starts_at", "last_ends_at"])
    changes = audit.created(event, (*EVENT_FIELDS, "status"))
    changes["dates"] = {"from": None, "to": saved}
    audit.record(event, "event.created", actor=by, changes=changes, centre_id=event.centre_id)
    return event


def _held(event: Event) -> int:
    return event.registrations.filter(status__in=HOLDING).count()


@transaction.atomic
def update_event(
    event: Event,
    *,
    by: User,
    data: Mapping[str, Any],
    dates: Dates,
    expected_version: int | None = None,
) -> Event:
    """Change an event; a capacity raised offers the new places to the waiting list at once,
    a capacity below the places already held is refused (`capacity_below_held`)."""
    require(by, access.may_manage, event)
    event = locked(Event, event.pk)
    if expected_version is not None and event.lock_version != expected_version:
        raise ValidationError(
            _("Someone else has changed this event meanwhile. Please reload the page."),
            code="stale",
        )
    ordered = _check_dates(dates)
    before = audit.snapshot(event, EVENT_FIELDS)
    old_dates = [[str(d.starts_at), str(d.ends_at)] for d in event.dates.all()]
    for name in EVENT_FIELDS:
        if name in data:
            setattr(event, name, data[name])
    _clean(event)
    held = _held(event)
    if event.capacity < held:
        raise ValidationError(
            {
                "capacity": ValidationError(
                    _("%(n)s places are already taken; the capacity cannot be lower."),
                    code="capacity_below_held",
                    params={"n": held},
                )
            }
        )
    changes = audit.diff(before, audit.snapshot(event, EVENT_FIELDS))
    new_dates = [[str(s), str(e)] for s, e in ordered]
    if new_dates != old_dates:
        _save_dates(event, ordered)
        changes["dates"] = {"from": old_dates, "to": new_dates}
    if not changes:
        return event
    event.lock_version += 1
    event.save()
    offered = _offer_free(event, timezone.now())
    if offered:
        changes["offered_positions"] = {"from": None, "to": offered}
    audit.record(event, "event.updated", actor=by, changes=changes, centre_id=event.centre_id)
    return event


@transaction.atomic
def publish_event(event: Event, *, by: User) -> Event:
    require(by, access.may_manage, event)
    event = locked(Event, event.pk)
    return transition(
        event,
        to=EventStatus.PUBLISHED,
        allowed=[EventStatus.DRAFT],
        by=by,
        action="event.published",
    )


@transaction.atomic
def cancel_event(event: Event, *, by: User) -> Event:
    """Call the event off; everyone registered and not cancelled is told."""
    require(by, access.may_manage, event)
    event = locked(Event, event.pk)
    transition(
        event,
        to=EventStatus.CANCELLED,
        allowed=[EventStatus.DRAFT, EventStatus.PUBLISHED],
        by=by,
        action="event.cancelled",
    )
    active = event.registrations.filter(status__in=[*HOLDING, S.WAITING, S.PENDING])
    for registration in active.select_related("event"):
        mails.send("event_cancelled", registration)
    return event


# --- registrations -----------------------------------------------------------------------------


def _check_open(event: Event, now: datetime) -> None:
    if event.status != EventStatus.PUBLISHED or not (
        event.registration_opens_at <= now < event.registration_closes_at
    ):
        raise ValidationError(_("Registration for this event is not open."), code="not_open")


def _active_with_email(event: Event, email: str) -> bool:
    return event.registrations.filter(
        email__iexact=email, status__in=[*HOLDING, S.WAITING, S.PENDING]
    ).exists()


def _accept(event: Event, registration: Registration, now: datetime) -> None:
    """Give an accepted registration the next position and a place or the waiting list.
    The caller holds the event's lock."""
    held = _held(event)
    waiting = event.registrations.filter(status=S.WAITING).count()
    event.last_position += 1
    event.save(update_fields=["last_position"])
    registration.position = event.last_position
    registration.accepted_at = now
    admitted = rules.admits(capacity=event.capacity, held=held, waiting=waiting)
    registration.status = S.CONFIRMED if admitted else S.WAITING


def offer_deadline(now: datetime) -> datetime:
    return now + timedelta(hours=settings.EVENTS_OFFER_HOURS)


def _offer_free(event: Event, now: datetime) -> list[int]:
    """Offer every free place to the first people waiting, in their order; their positions.
    The caller holds the event's lock."""
    waiting = [
        p
        for p in event.registrations.filter(status=S.WAITING).values_list("position", flat=True)
        if p is not None  # always set once accepted (a database constraint)
    ]
    positions = rules.to_offer(capacity=event.capacity, held=_held(event), waiting=waiting)
    if not positions:
        return []
    offered = list(event.registrations.filter(position__in=positions).select_related("event"))
    for registration in offered:
        registration.status = S.OFFERED
        registration.offer_expires_at = offer_deadline(now)
        registration.lock_version += 1
    Registration.objects.bulk_update(offered, ["status", "offer_expires_at", "lock_version"])
    for registration in offered:
        mails.send("offered", registration)
    return positions


def _access_needs(
    event: Event, needs: Sequence[str], other: str, *, consent: bool
) -> tuple[list[str], str]:
    """The needs in their canonical order, and the text; only where the organiser asks, and
    only with the person's explicit consent (Art. 9 (2) (a) GDPR: they can reveal health)."""
    other = other.strip()
    if not needs and not other:
        return [], ""
    if not event.asks_access_needs:
        raise ValidationError(
            _("This event does not ask for accessibility needs."), code="access_needs_not_asked"
        )
    unknown = set(needs) - set(AccessNeed.values)
    if unknown:
        raise ValidationError(
            {
                "access_needs": ValidationError(
                    _("Choose the needs from the list."), code="invalid_access_need"
                )
            }
        )
    if len(other) > ACCESS_NEEDS_OTHER_MAX:
        raise ValidationError(
            {
                "access_needs_other": ValidationError(
                    _("At most %(n)s characters."),
                    code="too_long",
                    params={"n": ACCESS_NEEDS_OTHER_MAX},
                )
            }
        )
    if not consent:
        raise ValidationError(
            {
                "access_needs_consent": ValidationError(
                    CONSENT_REQUIRED, code="access_needs_consent_required"
                )
            }
        )
    return [n for n in AccessNeed.values if n in needs], other


def register(
    event: Event,
    *,
    by: AnyUser,
    name: str,
    email: str,
    organisation: str = "",
    access_needs: Sequence[str] = (),
    access_needs_other: str = "",
    access_needs_consent: bool = False,
    now: datetime | None = None,
) -> Registration:
    """Register for `event`. Without an account (a published public event): a request that
    holds no place until the address is confirmed by the mailed link (`confirm_registration`).
    Logged in (who may see the event): accepted at once, with a place or on the waiting list;
    linked to the account when it is the account's own address (staff may register others).
    Accessibility needs only where the organiser asks for them (`access_needs_not_asked`) and
    with the person's consent to their processing (`access_needs_consent_required`), whose
    time is stored; they stay out of the audit trail like the name.
    Refused: `not_open` outside the window, `already_registered` for an address registered."""
    anonymous = by is None or not by.is_authenticated
    if anonymous:
        if not access.may_register_publicly(event):
            raise Refusal()
    else:
        require(by, access.may_register, event)
    with transaction.atomic():
        event = locked(Event, event.pk)
        moment = _now(now)  # inside the lock: the acceptance order is the order of the lock
        _check_open(event, moment)
        if _active_with_email(event, email):
            raise ValidationError(
                {
                    "email": ValidationError(
                        _("This e-mail address is already registered for this event."),
                        code="already_registered",
                    )
                }
            )
        needs, needs_other = _access_needs(
            event, access_needs, access_needs_other, consent=access_needs_consent
        )
        registration = Registration(
            event=event,
            name=name.strip(),
            email=email.strip(),
            organisation=organisation.strip(),
            access_needs=needs,
            access_needs_other=needs_other,
            access_needs_consent_at=moment if needs or needs_other else None,
            # A staff member may register a colleague by name: the account only for oneself.
            user=by if not anonymous and _own_address(by, email) else None,  # type: ignore[misc]
            status=S.PENDING,
            token_nonce=new_nonce(),
        )
        if not anonymous:
            _accept(event, registration, moment)
        registration.full_clean(exclude=["event", "user", "token_nonce"])
        registration.save()
        audit.record(
            registration,
            "registration.requested" if anonymous else "registration.accepted",
            actor=by,
            changes=audit.created(registration, ("status", "position")),
            centre_id=event.centre_id,
        )
        mails.send("confirm_address" if anonymous else str(registration.status), registration)
    return registration


def _own_address(user: AnyUser, email: str) -> bool:
    return str(getattr(user, "email", "")).strip().lower() == email.strip().lower()


def registration_by_token(token: str) -> Registration | None:
    """The registration of a participant's link, or None for a link that is not (any more)."""
    found = registration_pk(token)
    if found is None:
        return None
    pk, nonce = found
    registration = (
        Registration.objects.select_related("event", "event__centre").filter(pk=pk).first()
    )
    if registration is None or registration.token_nonce != nonce or registration.anonymised_at:
        return None
    return registration


def _locked_pair(registration: Registration) -> tuple[Event, Registration]:
    event = locked(Event, registration.event_id)
    return event, locked(Registration.objects.select_related("event"), registration.pk)


@transaction.atomic
def confirm_registration(
    registration: Registration, *, now: datetime | None = None
) -> Registration:
    """The participant's link confirms: a request becomes accepted (a place or the waiting
    list), an offered place becomes theirs. An offer past its time is expired instead and goes
    to the next person (`offer_expired`, nothing else changes). Confirming twice changes
    nothing."""
    event, registration = _locked_pair(registration)
    moment = _now(now)  # inside the lock: the acceptance order is the order of the lock
    if registration.status == S.PENDING:
        _check_open(event, moment)
        _accept(event, registration, moment)
        registration.save(update_fields=["status", "position", "accepted_at", "updated_at"])
        audit.record(
            registration,
            "registration.accepted",
            actor=None,
            changes={
                "status": {"from": S.PENDING, "to": registration.status},
                "position": {"from": None, "to": registration.position},
            },
            centre_id=event.centre_id,
        )
        mails.send(str(registration.status), registration)
    elif registration.status == S.OFFERED:
        assert registration.offer_expires_at is not None
        if registration.offer_expires_at <= moment:
            _expire(event, registration, moment)
            return registration
        transition(
            registration,
            to=S.CONFIRMED,
            allowed=[S.OFFERED],
            by=None,
            action="registration.offer_accepted",
            fields={"offer_expires_at": None},
            centre_id=event.centre_id,
        )
        mails.send("confirmed", registration)
    elif registration.status not in (S.CONFIRMED, S.WAITING):
        raise ValidationError(_("This registration is no longer active."), code="not_active")
    return registration


@transaction.atomic
def withdraw_access_needs_consent(registration: Registration) -> Registration:
    """The participant withdraws the consent by their link (Art. 7 (3) GDPR): the needs are
    blanked at once. Audited without the needs' content; nothing stored, nothing recorded."""
    registration = locked(Registration.objects.select_related("event"), registration.pk)
    if not registration.has_access_needs and registration.access_needs_consent_at is None:
        return registration
    registration.access_needs, registration.access_needs_other = [], ""
    registration.access_needs_consent_at = None
    registration.save(
        update_fields=[
            "access_needs",
            "access_needs_other",
            "access_needs_consent_at",
            "updated_at",
        ]
    )
    audit.record(
        registration,
        "registration.access_needs_consent_withdrawn",
        actor=None,
        changes={"access_needs_consent": {"from": True, "to": False}},
        centre_id=registration.event.centre_id,
    )
    return registration


def _cancel(registration: Registration, *, by: AnyUser | None, now: datetime) -> Registration:
    event, registration = _locked_pair(registration)
    if registration.status in (S.CANCELLED, S.EXPIRED):
        return registration
    before = registration.status
    registration.status = S.CANCELLED
    registration.offer_expires_at = None
    registration.lock_version += 1
    registration.save(update_fields=["status", "offer_expires_at", "lock_version", "updated_at"])
    changes: audit.Changes = {"status": {"from": before, "to": S.CANCELLED}}
    offered = _offer_free(event, now)
    if offered:
        changes["offered_positions"] = {"from": None, "to": offered}
    audit.record(
        registration,
        "registration.cancelled",
        actor=by,
        changes=changes,
        centre_id=event.centre_id,
    )
    mails.send("cancelled", registration)
    return registration


@transaction.atomic
def cancel_own_registration(
    registration: Registration, *, now: datetime | None = None
) -> Registration:
    """The participant cancels by their link; a place they held goes to the next waiting."""
    return _cancel(registration, by=None, now=_now(now))


@transaction.atomic
def cancel_registration(
    registration: Registration, *, by: User, now: datetime | None = None
) -> Registration:
    """The organiser cancels on someone's behalf (a phone call, a mail)."""
    require(by, access.may_manage, registration.event)
    return _cancel(registration, by=by, now=_now(now))


def _expire(event: Event, registration: Registration, now: datetime) -> None:
    registration.status = S.EXPIRED
    registration.lock_version += 1
    registration.save(update_fields=["status", "lock_version", "updated_at"])
    changes: audit.Changes = {"status": {"from": S.OFFERED, "to": S.EXPIRED}}
    offered = _offer_free(event, now)
    if offered:
        changes["offered_positions"] = {"from": None, "to": offered}
    audit.record(
        registration,
        "registration.offer_expired",
        actor=None,
        changes=changes,
        centre_id=event.centre_id,
    )


def expire_offers(*, now: datetime | None = None) -> int:
    """Expire every offer past its time and offer the place to the next person; how many.
    One transaction per event, so a busy event does not hold the others' locks."""
    moment = _now(now)
    event_ids = (
        Registration.objects.filter(status=S.OFFERED, offer_expires_at__lte=moment)
        .values_list("event_id", flat=True)
        .distinct()
    )
    count = 0
    for event_id in sorted(set(event_ids)):
        with transaction.atomic():
            event = locked(Event, event_id)
            due = (
                event.registrations.filter(status=S.OFFERED, offer_expires_at__lte=moment)
                .select_for_update(of=("self",))
                .order_by("position")
            )
            for registration in due:
                _expire(event, registration, moment)
                count += 1
    return count


def _date_of(registration: Registration, date: EventDate | None) -> EventDate:
    """The date a tick is for: the one given (of this event), or an event's only date."""
    dates = list(registration.event.dates.all())
    if date is None:
        if len(dates) != 1:
            raise ValidationError(
                _("Choose the date the participant is present on."), code="date_required"
            )
        return dates[0]
    found = next((d for d in dates if d.pk == date.pk), None)
    if found is None:
        raise ValidationError(_("This date is not one of the event's."), code="wrong_date")
    return found


@transaction.atomic
def set_attendance(
    registration: Registration,
    *,
    by: User,
    attended: bool,
    date: EventDate | None = None,
    now: datetime | None = None,
) -> Registration:
    """Tick a confirmed participant as present on one date of the event (or untick): the door
    list and the check-in by QR code. `date` may be left out for an event with one date only
    (`date_required` otherwise). The first tick of a date keeps its time; ticking twice changes
    nothing."""
    require(by, access.may_manage, registration.event)
    registration = locked(Registration.objects.select_related("event"), registration.pk)
    if registration.status != S.CONFIRMED:
        raise ValidationError(
            _("Only confirmed participants can be ticked as present."), code="not_confirmed"
        )
    day = _date_of(registration, date)
    present = Attendance.objects.filter(registration=registration, date=day)
    if present.exists() == attended:
        return registration
    if attended:
        Attendance.objects.create(registration=registration, date=day, checked_in_at=_now(now))
    else:
        present.delete()
    registration.save(update_fields=["updated_at"])
    audit.record(
        registration,
        "registration.attendance",
        actor=by,
        changes={
            "attended": {"from": not attended, "to": attended},
            "date": {"from": None, "to": timezone.localdate(day.starts_at).isoformat()},
        },
        centre_id=registration.event.centre_id,
    )
    return registration


def attendance_on(registration: Registration, date: EventDate) -> Attendance | None:
    """The participant's tick for that date, if any (a read for the check-in page)."""
    return Attendance.objects.filter(registration=registration, date=date).first()


# --- retention ---------------------------------------------------------------------------------


def retention_cutoff(now: datetime) -> datetime:
    """Events that ended before this have their participants' data anonymised."""
    return now - timedelta(days=round(settings.EVENTS_RETENTION_MONTHS * 30.44))


def forget_access_needs(*, now: datetime | None = None) -> int:
    """Blank the accessibility needs (and their consent time) of every event that ended more
    than EVENTS_ACCESS_NEEDS_DAYS (default 14) ago: they were asked for to make the event
    accessible, and the consent covers them until then. One audit event per event, naming how
    many, never what; how many rows."""
    moment = _now(now)
    cutoff = moment - timedelta(days=settings.EVENTS_ACCESS_NEEDS_DAYS)
    holding = (
        ~Q(access_needs=[]) | ~Q(access_needs_other="") | Q(access_needs_consent_at__isnull=False)
    )
    events = Event.objects.filter(
        Q(last_ends_at__lt=cutoff)
        & Q(pk__in=Registration.objects.filter(holding).values("event_id"))
    )
    total = 0
    for event in events:
        with transaction.atomic():
            rows = list(locked(Event, event.pk).registrations.filter(holding))
            for row in rows:
                row.access_needs, row.access_needs_other = [], ""
                row.access_needs_consent_at = None
            Registration.objects.bulk_update(
                rows, ["access_needs", "access_needs_other", "access_needs_consent_at"]
            )
            audit.record(
                event,
                "event.access_needs_deleted",
                actor=None,
                changes={"registrations_with_needs": {"from": len(rows), "to": 0}},
                centre_id=event.centre_id,
            )
            total += len(rows)
    return total


def anonymise_participants(*, now: datetime | None = None) -> int:
    """Blank the names, addresses, organisations and accessibility needs of every event that
    ended longer ago than the retention period (setting EVENTS_RETENTION_MONTHS); statuses,
    positions, the attendance per date and the participant's KI stay, so the counts and the
    network-meeting pillar stay. One audit
    event per event; how many rows."""
    moment = _now(now)
    events = Event.objects.filter(
        last_ends_at__lt=retention_cutoff(moment),
        registrations__anonymised_at__isnull=True,
    ).distinct()
    total = 0
    for event in events:
        with transaction.atomic():
            rows = list(
                locked(Event, event.pk)
                .registrations.filter(anonymised_at__isnull=True)
                .annotate(ki=participant_centre(""))
            )
            for row in rows:
                # The KI stays (an organisation, not a person): quality.py still counts it.
                row.centre_id, row.centre_recorded = row.ki, True
                row.name, row.email, row.organisation, row.user = "", "", "", None
                row.access_needs, row.access_needs_other = [], ""
                row.access_needs_consent_at = None
                row.token_nonce, row.anonymised_at = new_nonce(), moment
            Registration.objects.bulk_update(
                rows,
                [
                    "name",
                    "email",
                    "organisation",
                    "user",
                    "access_needs",
                    "access_needs_other",
                    "access_needs_consent_at",
                    "token_nonce",
                    "anonymised_at",
                    "centre",
                    "centre_recorded",
                ],
            )
            audit.record(
                event,
                "event.participants_anonymised",
                actor=None,
                changes={"anonymised_registrations": {"from": 0, "to": len(rows)}},
                centre_id=event.centre_id,
            )
            total += len(rows)
    return total


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


@transaction.atomic
def export_person_data(email: str, *, by: User) -> dict[str, Any]:
    """Everything stored about the person with this address in the events `by` may answer
    for (Art. 15 GDPR), as JSON-ready data. Audited (who asked, how many rows), the address
    itself is not written into the trail."""
    require(by, access.may_export_person_data)
    scope = access.person_data_scope(by)
    assert scope is not None
    rows = (
        Registration.objects.filter(scope, email__iexact=email.strip())
        .select_related("event", "event__centre")
        .prefetch_related("attendances__date")
        .order_by("created_at")
    )
    data = {
        "email": email.strip(),
        "registrations": [
            {
                "event": r.event.title,
                "event_id": r.event_id,
                "organiser": r.event.organiser_name,
                "name": r.name,
                "email": r.email,
                "organisation": r.organisation,
                "access_needs": list(r.access_needs),
                "access_needs_other": r.access_needs_other,
                "access_needs_consent_at": _iso(r.access_needs_consent_at),
                "status": r.status,
                "position": r.position,
                "attended": r.attended,
                "attendance": [
                    {
                        "date": timezone.localdate(a.date.starts_at).isoformat(),
                        "starts_at": a.date.starts_at.isoformat(),
                        "checked_in_at": _iso(a.checked_in_at),
                    }
                    for a in r.attendances.all()
                ],
                "registered_at": r.created_at.isoformat(),
                "accepted_at": r.accepted_at.isoformat() if r.accepted_at else None,
            }
            for r in rows
        ],
    }
    audit.record(
        Registration,
        "registration.personal_data_exported",
        actor=by,
        changes={"registrations": {"from": None, "to": len(data["registrations"])}},
        centre_id=getattr(by, "centre_id", None),
        label=str(_("Personal data export")),
    )
    return data
