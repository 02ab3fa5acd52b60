"""The figures counted from the events' records for programme controlling (issue 18), one read
function per figure: `read(start, end, centre_ids)` answers for all KIs (or the given ones) and
the period [start, end], both days included, in one query grouped by KI: {centre id: value};
KIs without records are missing. Controlling reads them through the registry
(`registry.figures()`, docs/controlling.md).

What counts (assumptions, docs/controlling.md "Computed from H2 2026"):
- an event counts for the KI that organised it (the coordination office's state-wide events
  count for no KI), when it is published (a draft was never announced, a cancelled one never
  held) and one of its dates starts in the period (Europe/Berlin); an event with dates in two
  periods counts in each, as a measure that ran in both does;
- **trainings held**: such events of kind `training`;
- **training participants**: the people present (the door list, `Attendance`) on a date of
  those trainings that starts in the period, each registration once however many dates it
  attended; anonymised participants still count (their attendance stays);
- **events held**: the other kinds (meetings, expert talks, conferences, network meetings) —
  not the trainings, which have their own indicator, so no event is counted twice; split by
  kind (`events_by_kind`).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teilhabe.core.registry import Figure

from .models import Attendance, Event, EventKind, EventStatus

Values = dict[int, Any]
ByValues = dict[int, dict[str, Any]]


def moments(start: date, end: date) -> tuple[datetime, datetime]:
    """The period's first moment and the first moment after it, in the project's time zone."""
    tz = timezone.get_default_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=tz),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz),
    )


def held_in(start: date, end: date, *, dates_path: str = "dates__") -> Q:
    """A date (at `dates_path`) that starts in the period."""
    first, after = moments(start, end)
    return Q(
        **{
            f"{dates_path}starts_at__gte": first,
            f"{dates_path}starts_at__lt": after,
        }
    )


def _events(
    start: date, end: date, centre_ids: Collection[int] | None, *, training: bool
) -> QuerySet[Event]:
    qs = Event.objects.filter(
        held_in(start, end), status=EventStatus.PUBLISHED, centre__isnull=False
    )
    qs = qs.filter(kind=EventKind.TRAINING) if training else qs.exclude(kind=EventKind.TRAINING)
    if centre_ids is not None:
        qs = qs.filter(centre_id__in=list(centre_ids))
    return qs


def _grouped(qs: QuerySet[Any], centre_path: str, value: Any) -> Values:
    rows = qs.order_by().values(centre_path).annotate(v=value).values_list(centre_path, "v")
    return {centre: v for centre, v in rows if v}


def trainings_held(start: date, end: date, centre_ids: Collection[int] | None = None) -> Values:
    """Published trainings the KI organised with a date in the period."""
    qs = _events(start, end, centre_ids, training=True)
    return _grouped(qs, "centre_id", Count("pk", distinct=True))


def training_participants(
    start: date, end: date, centre_ids: Collection[int] | None = None
) -> Values:
    """People present on a date in the period of the KI's published trainings."""
    first, after = moments(start, end)
    qs = Attendance.objects.filter(
        date__starts_at__gte=first,
        date__starts_at__lt=after,
        registration__event__kind=EventKind.TRAINING,
        registration__event__status=EventStatus.PUBLISHED,
        registration__event__centre__isnull=False,
    )
    path = "registration__event__centre_id"
    if centre_ids is not None:
        qs = qs.filter(**{f"{path}__in": list(centre_ids)})
    return _grouped(qs, path, Count("registration", distinct=True))


def events_held(start: date, end: date, centre_ids: Collection[int] | None = None) -> Values:
    """Published events other than trainings the KI organised with a date in the period."""
    qs = _events(start, end, centre_ids, training=False)
    return _grouped(qs, "centre_id", Count("pk", distinct=True))


def events_by_kind(start: date, end: date, centre_ids: Collection[int] | None = None) -> ByValues:
    qs = _events(start, end, centre_ids, training=False)
    rows = (
        qs.order_by()
        .values("centre_id", "kind")
        .annotate(v=Count("pk", distinct=True))
        .values_list("centre_id", "kind", "v")
    )
    out: ByValues = {}
    for centre, kind, v in rows:
        out.setdefault(centre, {})[kind] = v
    return out


def _kinds() -> Mapping[str, Any]:
    return {k: label for k, label in EventKind.choices if k != EventKind.TRAINING}


FIGURES: tuple[Figure, ...] = (
    Figure("events.trainings_held", _("trainings held"), _("trainings"), trainings_held,
           _("Published trainings the KI organised with a date in the period.")),
    Figure("events.training_participants", _("training participants"), _("people"),
           training_participants,
           _("People present on a date in the period of the KI's published trainings (door "
             "list), each once per training.")),
    Figure("events.events_held", _("events held (not trainings)"), _("events"), events_held,
           _("Published events other than trainings the KI organised with a date in the "
             "period."),
           by_label=_("kind"), read_by=events_by_kind, categories=_kinds),
)  # fmt: skip
