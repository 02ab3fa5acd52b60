"""Computing the quality statuses of a year for every KI from the registered pillars.

Two entry points, one computation: `compute_statuses` for the scheduled command (the system
acts) and `recompute_statuses` for the coordination office's button (checks its caller). Each
reads every pillar once for all KIs (`core.registry.quality_pillars()`; each pillar's own one
or two queries), locks the year's rows, stores what changed and adds one history row per
status that changed (`QualityChange`, never rewritten), and writes one audit event. Refusals:
`not_permitted`, `invalid_year` (before the programme or after the current year).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.core import audit
from teilhabe.core.actions import require
from teilhabe.core.registry import registry

from . import access, rules
from .models import FIRST_YEAR, QualityChange, QualityStatus


@dataclass(frozen=True)
class Outcome:
    year: int
    statuses: int  # computed
    changed: int  # of which something changed (a history row each)


def _check_year(year: int, now: datetime) -> None:
    if not FIRST_YEAR <= year <= timezone.localdate(now).year:
        raise ValidationError(
            _("Choose a year from %(first)s to the current year.") % {"first": FIRST_YEAR},
            code="invalid_year",
        )


def _read_pillars(year: int, centre_ids: list[int]) -> dict[int, dict[str, bool | None]]:
    """Every registered pillar's value per KI: {centre id: {code: value}}."""
    values: dict[int, dict[str, bool | None]] = {pk: {} for pk in centre_ids}
    for pillar in registry.quality_pillars():
        read = pillar.read(year, centre_ids)
        for pk in centre_ids:
            values[pk][pillar.code] = rules.as_value(read.get(pk))
    return values


def _actor_label(by: User | None) -> str:
    return "" if by is None else (by.get_full_name() or by.username)[:200]


def _compute(year: int, *, by: User | None, now: datetime | None) -> Outcome:
    moment = now or timezone.now()
    _check_year(year, moment)
    centre_ids = list(Centre.objects.order_by("pk").values_list("pk", flat=True))
    computed = _read_pillars(year, centre_ids)  # before the lock: the pillars only read
    codes = [p.code for p in registry.quality_pillars()]
    with transaction.atomic():
        # Rows for KIs without one yet, then every row of the year under lock: a second
        # computation at the same time waits here and then sees this one's result.
        QualityStatus.objects.bulk_create(
            [QualityStatus(centre_id=pk, year=year) for pk in centre_ids], ignore_conflicts=True
        )
        rows = list(
            QualityStatus.objects.select_for_update()
            .filter(year=year, centre_id__in=centre_ids)
            .order_by("pk")
        )
        history: list[QualityChange] = []
        for row in rows:
            after = computed[row.centre_id]
            first = row.computed_at is None
            before: dict[str, Any] = {} if first else dict(row.values)
            overall = rules.overall(after, codes)
            changed = rules.changes(before, after)
            if first or changed or overall != row.overall:
                history.append(
                    QualityChange(
                        status=row,
                        changed_at=moment,
                        changes=changed,
                        overall_from="" if first else row.overall,
                        overall_to=overall,
                        first=first,
                        by=by,
                        by_label=_actor_label(by),
                    )
                )
                row.changed_at = moment
            row.values, row.overall, row.computed_at = after, overall, moment
        QualityStatus.objects.bulk_update(
            rows, ["values", "overall", "computed_at", "changed_at"], batch_size=500
        )
        QualityChange.objects.bulk_create(history)
        audit.record(
            QualityStatus,
            "quality_status.recomputed" if by is not None else "quality_status.computed",
            actor=by,
            label=str(year),
            changes={
                "year": {"from": None, "to": year},
                "statuses_changed": {"from": 0, "to": len(history)},
            },
        )
    return Outcome(year, len(rows), len(history))


def compute_statuses(year: int, *, now: datetime | None = None) -> Outcome:
    """The scheduled computation (`manage.py compute_quality_status`): every KI's status for
    `year`; audited as the system."""
    return _compute(year, by=None, now=now)


def recompute_statuses(year: int, *, by: User) -> Outcome:
    """The coordination office's recomputation of `year` on demand (its button)."""
    require(by, access.may_recompute)
    return _compute(year, by=by, now=None)
