"""The sections a measure's page shows for the interpreter pool and the counselling log: the
latest entries, the totals of the measure so far by language / by topic (read through
`figures.py`, so they equal what controlling reads), and the links to the whole list."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from teilhabe.core.roles import AnyUser

from . import access, figures, panels
from .models import (
    CounsellingContact,
    CounsellingTopic,
    InterpreterAssignment,
    Measure,
    RecordKind,
    language_choices,
)

LATEST = 5


def assignment_totals(measure: Measure, period: tuple[date, date] | None) -> dict[str, Any]:
    """Assignments and hours of the measure in the period, read through the figures."""
    if period is None:
        return {"period": None, "count": 0, "hours": Decimal("0.00")}
    ids = [measure.pk]
    count = figures.for_measures("measures.interpreter_assignments", ids, *period)
    hours = figures.for_measures("measures.interpreter_hours", ids, *period)
    return {
        "period": period,
        "count": count.get(measure.pk, 0),
        "hours": Decimal(hours.get(measure.pk, 0)).quantize(Decimal("0.01")),
    }


def counselling_totals(measure: Measure, period: tuple[date, date] | None) -> dict[str, Any]:
    if period is None:
        return {"period": None, "count": 0, "schools": 0}
    ids = [measure.pk]
    count = figures.for_measures("measures.counselling_contacts", ids, *period)
    schools = figures.for_measures("measures.counselled_schools", ids, *period)
    return {
        "period": period,
        "count": count.get(measure.pk, 0),
        "schools": schools.get(measure.pk, 0),
    }


@panels.register(RecordKind.INTERPRETING, "measures/records/_interpreting_panel.html")
def interpreting_panel(user: AnyUser, measure: Measure) -> dict[str, Any]:
    period = figures.measure_period(measure, today=timezone.localdate())
    by_language: list[dict[str, Any]] = []
    if period is not None:
        counts = figures.for_measures_by(
            "measures.interpreter_assignments", [measure.pk], *period
        ).get(measure.pk, {})
        hours = figures.for_measures_by("measures.interpreter_hours", [measure.pk], *period).get(
            measure.pk, {}
        )
        labels = dict(language_choices())
        by_language = sorted(
            (
                {"label": labels.get(code, code), "count": n, "hours": hours.get(code, 0)}
                for code, n in counts.items()
            ),
            key=lambda row: (-row["count"], str(row["label"])),
        )
    return {
        "measure": measure,
        "totals": assignment_totals(measure, period),
        "by_language": by_language,
        "latest": list(InterpreterAssignment.objects.filter(measure=measure)[:LATEST]),
        "may_manage": access.may_manage_measures(user, measure.centre_id),
    }


@panels.register(RecordKind.COUNSELLING, "measures/records/_counselling_panel.html")
def counselling_panel(user: AnyUser, measure: Measure) -> dict[str, Any]:
    period = figures.measure_period(measure, today=timezone.localdate())
    by_topic: list[dict[str, Any]] = []
    if period is not None:
        counts = figures.for_measures_by(
            "measures.counselling_contacts", [measure.pk], *period
        ).get(measure.pk, {})
        labels = dict(CounsellingTopic.choices)
        by_topic = sorted(
            ({"label": labels.get(code, code), "count": n} for code, n in counts.items()),
            key=lambda row: (-row["count"], str(row["label"])),
        )
    latest = CounsellingContact.objects.filter(measure=measure).select_related("school")
    return {
        "measure": measure,
        "totals": counselling_totals(measure, period),
        "by_topic": by_topic,
        "latest": list(latest[:LATEST]),
        "may_manage": access.may_manage_measures(user, measure.centre_id),
    }
