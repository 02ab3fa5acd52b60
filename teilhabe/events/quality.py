"""The quality pillar "took part in the network meetings" (the seed's "Zusammenarbeit im
Verbund"), read from the events and their attendance, and the demo's past meetings.

The rule (an assumption: the seed names the pillar, no source gives a number; docs/quality.md):

- **The meetings** are the state-wide network (Verbund) meetings of a year: events of kind
  `network_meeting` organised by the coordination office (no organising KI), published (a
  cancelled one was never held), whose first date lies in the year (Europe/Berlin). A KI's own
  regional network meeting does not count: the Verbund is the network of all KIs.
- **Attended** means somebody of the KI was present on at least one date of the meeting: a
  registration with the account of one of its people, or with the e-mail address of a person on
  its staff list (the organiser registers colleagues by name), ticked on the door list.
- **Fulfilled** when the KI attended at least half of the year's meetings (rounded up, at least
  one). While the year runs: fulfilled as soon as it attended half of those planned, else not
  due yet (None); after the year: half of those held, else not fulfilled. Anonymising the
  participants (EVENTS_RETENTION_MONTHS after the meeting) keeps each one's KI
  (`Registration.centre`), so their attendance still counts; only participants anonymised
  before that was kept (`centre_recorded` false) leave it open: the KI may have been among them
  and it can no longer be told (None). A year without a meeting: not applicable (None).

Two queries for all KIs (the meetings, the attendance), a third for the KIs' ids when none are
given.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Iterator
from datetime import datetime, timedelta
from fractions import Fraction

from django.db import transaction
from django.db.models import BigIntegerField, F, OuterRef, Subquery
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre, StaffMember
from teilhabe.core.registry import QualityPillar, QualityValues
from teilhabe.core.roles import Role

from .models import Attendance, Event, EventKind, EventStatus

CODE = "events.network_meetings"
# The share of the year's meetings a KI attends to fulfil the pillar.
SHARE = Fraction(1, 2)


def year_bounds(year: int) -> tuple[datetime, datetime]:
    """The first moment of `year` and of the next, in the project's time zone."""
    tz = timezone.get_default_timezone()
    return datetime(year, 1, 1, tzinfo=tz), datetime(year + 1, 1, 1, tzinfo=tz)


def needed(meetings: int) -> int:
    """How many of `meetings` a KI attends to fulfil the pillar: the share, rounded up."""
    return math.ceil(meetings * SHARE) if meetings else 0


def decide(
    attended: int, *, planned: int, held: int, year_over: bool, may_be_anonymised: bool
) -> bool | None:
    """The pillar's value for one KI (pure; see the module's docstring)."""
    if not year_over:
        return True if planned and attended >= needed(planned) else None
    if not held:
        return None
    if attended >= needed(held):
        return True
    return None if may_be_anonymised else False


def _staff_centre(email: str = "registration__email") -> Subquery:
    """The KI whose staff list holds the registration's e-mail address."""
    return Subquery(
        StaffMember.objects.annotate(address=Lower("email"))
        .filter(address=Lower(OuterRef(email)))
        .exclude(email="")
        .order_by("-start_date", "pk")
        .values("centre_id")[:1]
    )


def participant_centre(prefix: str = "registration__") -> Coalesce:
    """The KI a registration's participant belongs to: the one kept when the data was anonymised,
    else the account's KI, else the KI whose staff list holds the address. `prefix` is the path
    from the queried model to the registration ("" on Registration itself)."""
    return Coalesce(
        F(f"{prefix}centre_id"),
        F(f"{prefix}user__centre_id"),
        _staff_centre(f"{prefix}email"),
        output_field=BigIntegerField(),
    )


def network_meetings_attended(year: int, centre_ids: Collection[int] | None) -> QualityValues:
    """Per KI whether it took part in the year's state-wide network meetings (docstring)."""
    start, end = year_bounds(year)
    now = timezone.now()
    meetings = list(
        Event.objects.filter(
            kind=EventKind.NETWORK_MEETING,
            centre__isnull=True,
            status=EventStatus.PUBLISHED,
            first_starts_at__gte=start,
            first_starts_at__lt=end,
        ).values_list("pk", "last_ends_at")
    )
    held = {pk for pk, ends in meetings if ends is not None and ends < now}
    attended: dict[int, set[int]] = defaultdict(set)
    anonymised: set[int] = set()  # meetings whose participants can no longer be told
    if held:
        rows = (
            Attendance.objects.filter(registration__event_id__in=held)
            .annotate(ki=participant_centre())
            .values_list(
                "registration__event_id",
                "ki",
                "registration__anonymised_at",
                "registration__centre_recorded",
            )
        )
        for event_id, ki, anonymised_at, recorded in rows:
            if anonymised_at is not None and not recorded:
                anonymised.add(event_id)
            elif ki is not None:
                attended[ki].add(event_id)
    ids = centre_ids if centre_ids is not None else Centre.objects.values_list("pk", flat=True)
    year_over = now >= end
    return {
        ki: decide(
            len(attended[ki]),
            planned=len(meetings),
            held=len(held),
            year_over=year_over,
            may_be_anonymised=bool(anonymised),
        )
        for ki in ids
    }


PILLAR = QualityPillar(
    code=CODE,
    order=40,
    label=_("Took part in the network meetings"),
    description=_(
        "Somebody of the KI was present at at least half of the year's state-wide network "
        "(Verbund) meetings of the coordination office. Source: the events and their door "
        "lists (attendance) in this platform."
    ),
    read=network_meetings_attended,
)


# --- the demo: the Verbund meetings of 2024 and 2025 -----------------------------------------

DEMO_MEETINGS = (
    (3, 12, "Verbundtreffen der Kommunalen Integrationszentren (Frühjahr)"),
    (6, 18, "Verbundtreffen der Kommunalen Integrationszentren (Sommer)"),
    (11, 5, "Verbundtreffen der Kommunalen Integrationszentren (Herbst)"),
)
DEMO_YEARS = (2024, 2025)


def _demo_attends(key: str, year: int, n: int) -> bool:
    """Whether the KI of district `key` attended the demo's meeting `n` of `year`: most do;
    one KI in nine misses two of the three, so its pillar is not fulfilled."""
    seed = sum(ord(c) for c in key) + year
    if seed % 9 == 0:
        return n == 0
    return (seed + n) % 7 != 0


def _demo_meeting(year: int, month: int, day: int, title: str, lars: User) -> Event:
    from . import services

    tz = timezone.get_default_timezone()
    starts = datetime(year, month, day, 10, tzinfo=tz)
    opens = starts - timedelta(days=60)
    event = services.create_event(
        None,
        by=lars,
        data={
            "kind": EventKind.NETWORK_MEETING,
            "audience": "ki_staff",
            "title": f"{title} {year}",
            "description": "Austausch der Kommunalen Integrationszentren mit der "
            "Landeskoordinierungsstelle.",
            "place": "Landeskoordinierungsstelle, Seibertzstraße 1, 59821 Arnsberg",
            "online_url": "",
            "capacity": 150,
            "registration_opens_at": opens,
            "registration_closes_at": starts - timedelta(days=2),
            "is_public": False,
        },
        dates=[(starts, starts + timedelta(hours=5))],
    )
    return services.publish_event(event, by=lars)


@transaction.atomic
def seed_network_meetings_demo() -> Iterator[str]:
    """Three state-wide Verbund meetings in each of 2024 and 2025, with the KIs' leads registered
    and ticked present as `_demo_attends` says. Idempotent: nothing if 2024's first exists."""
    from . import services

    first = f"{DEMO_MEETINGS[0][2]} {DEMO_YEARS[0]}"
    if Event.objects.filter(title=first, centre__isnull=True).exists():
        return
    lars = User.objects.get(username="lars")
    leads: dict[str, User] = {}
    found = User.objects.filter(role=Role.KI_LEAD, centre__isnull=False)
    for lead in found.select_related("centre__grantee").order_by("pk"):
        leads.setdefault(lead.centre.grantee.key, lead)  # type: ignore[union-attr]
    for year in DEMO_YEARS:
        for n, (month, day, title) in enumerate(DEMO_MEETINGS):
            event = _demo_meeting(year, month, day, title, lars)
            registering = event.registration_opens_at + timedelta(days=1)
            present = datetime(year, month, day, 9, 45, tzinfo=timezone.get_default_timezone())
            for key, lead in sorted(leads.items()):
                if not _demo_attends(key, year, n):
                    continue
                r = services.register(
                    event, by=lead, name=lead.get_full_name(), email=lead.email, now=registering
                )
                services.set_attendance(r, by=lars, attended=True, now=present)
    yield f"events: {len(DEMO_YEARS) * len(DEMO_MEETINGS)} state-wide network meetings"
