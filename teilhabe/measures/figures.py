"""The figures counted from the measures' records, one read function per figure.

Each reader answers for all KIs (or the given ones) and a period [start, end], both days
included, in one query grouped by KI: {centre id: value}; KIs without records are missing. The
`…_by_…` readers split the same count by a category. Programme controlling (issue 18) reads them
through the registry (`registry.figures()`); a measure's target reads the same functions for the
measure alone (`for_measure`). No figure is typed twice.

What falls into a period (the same rule as `rules.overlaps`):
- a measure or group counts when it ran on at least one day of the period (cancelled measures
  never count);
- a session, project, assignment or counselling contact when it was held in the period;
- a member school when it was a member on the period's last day.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from teilhabe.core.registry import Figure

from . import rules
from .models import (
    CounsellingContact,
    CounsellingTopic,
    GroupSession,
    InterpreterAssignment,
    Measure,
    MeasureStatus,
    ParentGroup,
    SchoolMembership,
    SchoolProject,
    language_choices,
)

Values = dict[int, Any]
ByValues = dict[int, dict[str, Any]]


def _running(prefix: str, start: date, end: date) -> Q:
    p = f"{prefix}__" if prefix else ""
    return Q(**{f"{p}starts_on__lte": end}) & (
        Q(**{f"{p}ends_on__isnull": True}) | Q(**{f"{p}ends_on__gte": start})
    )


def _not_cancelled(measure_path: str) -> Q:
    return ~Q(**{f"{measure_path}status": MeasureStatus.CANCELLED})


def _scoped(qs: QuerySet[Any], centre_path: str, centre_ids: Collection[int] | None) -> Any:
    if centre_ids is not None:
        qs = qs.filter(**{f"{centre_path}__in": list(centre_ids)})
    return qs


def _grouped(qs: QuerySet[Any], centre_path: str, value: Any) -> Values:
    rows = qs.order_by().values(centre_path).annotate(v=value).values_list(centre_path, "v")
    return {centre: v or 0 for centre, v in rows}


def _grouped_by(qs: QuerySet[Any], centre_path: str, category: str, value: Any) -> ByValues:
    rows = (
        qs.order_by()
        .values(centre_path, category)
        .annotate(v=value)
        .values_list(centre_path, category, "v")
    )
    out: ByValues = {}
    for centre, key, v in rows:
        out.setdefault(centre, {})[key] = v or 0
    return out


# --- the querysets behind the figures (also filtered to one measure by `for_measure`) -------


def measures_qs(start: date, end: date) -> QuerySet[Measure]:
    return Measure.objects.filter(_running("", start, end) & _not_cancelled(""))


def groups_qs(start: date, end: date) -> QuerySet[ParentGroup]:
    return ParentGroup.objects.filter(_running("", start, end) & _not_cancelled("measure__"))


def sessions_qs(start: date, end: date) -> QuerySet[GroupSession]:
    return GroupSession.objects.filter(
        Q(held_on__range=(start, end)) & _not_cancelled("group__measure__")
    )


def schools_qs(start: date, end: date) -> QuerySet[SchoolMembership]:
    return SchoolMembership.objects.filter(
        Q(title_awarded_on__lte=end)
        & (Q(left_on__isnull=True) | Q(left_on__gt=end))
        & _not_cancelled("measure__")
    )


def projects_qs(start: date, end: date) -> QuerySet[SchoolProject]:
    return SchoolProject.objects.filter(
        Q(held_on__range=(start, end)) & _not_cancelled("membership__measure__")
    )


def assignments_qs(start: date, end: date) -> QuerySet[InterpreterAssignment]:
    return InterpreterAssignment.objects.filter(
        Q(held_on__range=(start, end)) & _not_cancelled("measure__")
    )


def counselling_qs(start: date, end: date) -> QuerySet[CounsellingContact]:
    return CounsellingContact.objects.filter(
        Q(held_on__range=(start, end)) & _not_cancelled("measure__")
    )


# --- one read function per figure ------------------------------------------------------------


def measures_running(start: date, end: date, centre_ids: Collection[int] | None = None) -> Values:
    """Measures that ran in the period."""
    return _grouped(
        _scoped(measures_qs(start, end), "centre_id", centre_ids), "centre_id", Count("pk")
    )


def parent_groups(start: date, end: date, centre_ids: Collection[int] | None = None) -> Values:
    """Griffbereit and Rucksack groups that ran in the period."""
    path = "measure__centre_id"
    return _grouped(_scoped(groups_qs(start, end), path, centre_ids), path, Count("pk"))


def families(start: date, end: date, centre_ids: Collection[int] | None = None) -> Values:
    """Families taking part in the groups that ran in the period."""
    path = "measure__centre_id"
    return _grouped(_scoped(groups_qs(start, end), path, centre_ids), path, Sum("families"))


def group_sessions(start: date, end: date, centre_ids: Collection[int] | None = None) -> Values:
    """Sessions the parent groups held in the period."""
    path = "group__measure__centre_id"
    return _grouped(_scoped(sessions_qs(start, end), path, centre_ids), path, Count("pk"))


def parent_companions(start: date, end: date, centre_ids: Collection[int] | None = None) -> Values:
    """Parent companions leading at least one group that ran in the period."""
    path = "measure__centre_id"
    qs = _scoped(groups_qs(start, end), path, centre_ids).filter(companions__isnull=False)
    return _grouped(qs, path, Count("companions", distinct=True))


def member_schools(start: date, end: date, centre_ids: Collection[int] | None = None) -> Values:
    """Member schools of "Schule ohne Rassismus – Schule mit Courage" on the period's last day."""
    path = "measure__centre_id"
    qs = _scoped(schools_qs(start, end), path, centre_ids)
    return _grouped(qs, path, Count("school", distinct=True))


def school_projects(start: date, end: date, centre_ids: Collection[int] | None = None) -> Values:
    """Projects the member schools held in the period."""
    path = "membership__measure__centre_id"
    return _grouped(_scoped(projects_qs(start, end), path, centre_ids), path, Count("pk"))


def interpreter_assignments(
    start: date, end: date, centre_ids: Collection[int] | None = None
) -> Values:
    """Interpreter-pool assignments held in the period."""
    path = "measure__centre_id"
    return _grouped(_scoped(assignments_qs(start, end), path, centre_ids), path, Count("pk"))


def interpreter_assignments_by_language(
    start: date, end: date, centre_ids: Collection[int] | None = None
) -> ByValues:
    path = "measure__centre_id"
    qs = _scoped(assignments_qs(start, end), path, centre_ids)
    return _grouped_by(qs, path, "language", Count("pk"))


def interpreter_hours(start: date, end: date, centre_ids: Collection[int] | None = None) -> Values:
    """Hours of interpreting in the period."""
    path = "measure__centre_id"
    values = _grouped(_scoped(assignments_qs(start, end), path, centre_ids), path, Sum("hours"))
    return {k: Decimal(v).quantize(Decimal("0.01")) for k, v in values.items()}


def interpreter_hours_by_language(
    start: date, end: date, centre_ids: Collection[int] | None = None
) -> ByValues:
    path = "measure__centre_id"
    qs = _scoped(assignments_qs(start, end), path, centre_ids)
    rows = _grouped_by(qs, path, "language", Sum("hours"))
    return {
        c: {k: Decimal(v).quantize(Decimal("0.01")) for k, v in by.items()}
        for c, by in rows.items()
    }


def counselling_contacts(
    start: date, end: date, centre_ids: Collection[int] | None = None
) -> Values:
    """Counselling contacts with schools in the period."""
    path = "measure__centre_id"
    return _grouped(_scoped(counselling_qs(start, end), path, centre_ids), path, Count("pk"))


def counselling_contacts_by_topic(
    start: date, end: date, centre_ids: Collection[int] | None = None
) -> ByValues:
    path = "measure__centre_id"
    qs = _scoped(counselling_qs(start, end), path, centre_ids)
    return _grouped_by(qs, path, "topic", Count("pk"))


def counselled_schools(start: date, end: date, centre_ids: Collection[int] | None = None) -> Values:
    """Schools counselled at least once in the period."""
    path = "measure__centre_id"
    qs = _scoped(counselling_qs(start, end), path, centre_ids)
    return _grouped(qs, path, Count("school", distinct=True))


def _languages() -> Mapping[str, Any]:
    return dict(language_choices())


def _topics() -> Mapping[str, Any]:
    return dict(CounsellingTopic.choices)


FIGURES: tuple[Figure, ...] = (
    Figure("measures.measures", _("measures"), _("measures"), measures_running,
           _("Measures that ran on at least one day of the period.")),
    Figure("measures.parent_groups", _("parent groups (Griffbereit, Rucksack)"), _("groups"),
           parent_groups, _("Groups that ran on at least one day of the period.")),
    Figure("measures.families", _("families in parent groups"), _("families"), families,
           _("Families taking part in the groups that ran in the period.")),
    Figure("measures.group_sessions", _("parent-group sessions held"), _("sessions"),
           group_sessions),
    Figure("measures.parent_companions", _("parent companions leading a group"),
           _("people"), parent_companions),
    Figure("measures.member_schools",
           _("member schools of Schule ohne Rassismus – Schule mit Courage"), _("schools"),
           member_schools, _("Schools that are members on the period's last day.")),
    Figure("measures.school_projects", _("projects of the member schools"), _("projects"),
           school_projects),
    Figure("measures.interpreter_assignments", _("interpreter-pool assignments"),
           _("assignments"), interpreter_assignments, by_label=_("language"),
           read_by=interpreter_assignments_by_language, categories=_languages),
    Figure("measures.interpreter_hours", _("hours of interpreting"), _("hours"),
           interpreter_hours, by_label=_("language"), read_by=interpreter_hours_by_language,
           categories=_languages),
    Figure("measures.counselling_contacts", _("school counselling contacts"), _("contacts"),
           counselling_contacts, by_label=_("topic"), read_by=counselling_contacts_by_topic,
           categories=_topics),
    Figure("measures.counselled_schools", _("schools counselled"), _("schools"),
           counselled_schools),
)  # fmt: skip
BY_CODE: dict[str, Figure] = {f.code: f for f in FIGURES}

# The figures a measure's target may be counted as, with the path from each figure's records
# to their measure.
_MEASURE_PATHS: dict[str, tuple[Callable[[date, date], QuerySet[Any]], str, Any]] = {
    "measures.parent_groups": (groups_qs, "measure", Count("pk")),
    "measures.families": (groups_qs, "measure", Sum("families")),
    "measures.group_sessions": (sessions_qs, "group__measure", Count("pk")),
    "measures.member_schools": (schools_qs, "measure", Count("school", distinct=True)),
    "measures.school_projects": (projects_qs, "membership__measure", Count("pk")),
    "measures.interpreter_assignments": (assignments_qs, "measure", Count("pk")),
    "measures.interpreter_hours": (assignments_qs, "measure", Sum("hours")),
    "measures.counselling_contacts": (counselling_qs, "measure", Count("pk")),
    "measures.counselled_schools": (counselling_qs, "measure", Count("school", distinct=True)),
}
TARGET_FIGURES = tuple(code for code in BY_CODE if code in _MEASURE_PATHS)


def target_figure_choices() -> list[tuple[str, str]]:
    return [(code, str(BY_CODE[code].label)) for code in TARGET_FIGURES]


def for_measures(code: str, measure_ids: Collection[int], start: date, end: date) -> dict[int, Any]:
    """A figure per measure for [start, end], in one query: {measure id: value}."""
    qs_of, path, value = _MEASURE_PATHS[code]
    start, end = rules.clamp_period(start, end)
    rows = (
        qs_of(start, end)
        .filter(**{f"{path}_id__in": list(measure_ids)})
        .order_by()
        .values(f"{path}_id")
        .annotate(v=value)
        .values_list(f"{path}_id", "v")
    )
    return {m: v or 0 for m, v in rows}


def for_measure(code: str, measure: Measure, *, today: date) -> Any:
    """A figure for one measure over its whole period so far (to today, or its end)."""
    end = measure.ends_on if measure.ends_on is not None and measure.ends_on < today else today
    if end < measure.starts_on:
        return 0
    return for_measures(code, [measure.pk], measure.starts_on, end).get(measure.pk, 0)


# The split figures a measure's records panel shows, with the path to the measure and the
# category they are split by (the same querysets as the KI's figures).
_MEASURE_BY: dict[str, tuple[Callable[[date, date], QuerySet[Any]], str, str, Any]] = {
    "measures.interpreter_assignments": (assignments_qs, "measure", "language", Count("pk")),
    "measures.interpreter_hours": (assignments_qs, "measure", "language", Sum("hours")),
    "measures.counselling_contacts": (counselling_qs, "measure", "topic", Count("pk")),
}


def for_measures_by(
    code: str, measure_ids: Collection[int], start: date, end: date
) -> dict[int, dict[str, Any]]:
    """A split figure per measure for [start, end], in one query: {measure id: {category:
    value}} (hours quantized to two places)."""
    qs_of, path, category, value = _MEASURE_BY[code]
    start, end = rules.clamp_period(start, end)
    rows = (
        qs_of(start, end)
        .filter(**{f"{path}_id__in": list(measure_ids)})
        .order_by()
        .values(f"{path}_id", category)
        .annotate(v=value)
        .values_list(f"{path}_id", category, "v")
    )
    out: dict[int, dict[str, Any]] = {}
    for measure_id, key, v in rows:
        if isinstance(v, Decimal):
            v = v.quantize(Decimal("0.01"))
        out.setdefault(measure_id, {})[key] = v or 0
    return out


def measure_period(measure: Measure, *, today: date) -> tuple[date, date] | None:
    """A measure's period so far: from its start to today, or to its end if that has passed
    (None before it starts) — what `for_measure` counts over."""
    end = measure.ends_on if measure.ends_on is not None and measure.ends_on < today else today
    return None if end < measure.starts_on else (measure.starts_on, end)
