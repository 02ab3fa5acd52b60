"""The figure counted from the network's records for programme controlling (issue 18):
`read(start, end, centre_ids)` answers for all KIs (or the given ones) and the period
[start, end] in one query grouped by KI: {centre id: value}; KIs without partners are missing.

"Partner organisations the KI worked with in the period" [assumption, docs/controlling.md,
"Computed from H2 2026"]: the network keeps no record of each contact, only whether an
organisation is active. So an
organisation counts when it is in the KI's network on the period's last day: entered by then
(`created_at` before the day after the period, Europe/Berlin), active, and not merged into
another (the one it was merged into counts). `active` is today's flag: an organisation set
inactive later no longer counts for an open period either; a submitted report keeps its value.
Split by the stages of the education chain it works in (`partner_organisations_by_stage`): an
organisation counts under each of its stages, one without stages in the total only.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teilhabe.core.registry import Figure

from .models import Organisation, Stage

Values = dict[int, Any]
ByValues = dict[int, dict[str, Any]]


def partners_qs(start: date, end: date, centre_ids: Collection[int] | None) -> QuerySet[Any]:
    after = datetime.combine(
        end + timedelta(days=1), time.min, tzinfo=timezone.get_default_timezone()
    )
    qs = Organisation.objects.filter(created_at__lt=after, is_active=True, merged_into__isnull=True)
    if centre_ids is not None:
        qs = qs.filter(centre_id__in=list(centre_ids))
    return qs


def partner_organisations(
    start: date, end: date, centre_ids: Collection[int] | None = None
) -> Values:
    """Active partner organisations in the KI's network on the period's last day."""
    rows = (
        partners_qs(start, end, centre_ids)
        .order_by()
        .values("centre_id")
        .annotate(v=Count("pk"))
        .values_list("centre_id", "v")
    )
    return {centre: v for centre, v in rows if v}


def partner_organisations_by_stage(
    start: date, end: date, centre_ids: Collection[int] | None = None
) -> ByValues:
    # One count per stage in the same grouped query (the JSON list as text, as `with_stage`).
    counts = {
        f"n_{stage}": Count("pk", filter=Q(stages__icontains=f'"{stage}"'))
        for stage in Stage.values
    }
    rows = (
        partners_qs(start, end, centre_ids)
        .order_by()
        .values("centre_id")
        .annotate(**counts)
        .values("centre_id", *counts)
    )
    out: ByValues = {}
    for row in rows:
        by = {stage: row[f"n_{stage}"] for stage in Stage.values if row[f"n_{stage}"]}
        if by:
            out[row["centre_id"]] = by
    return out


def _stages() -> Mapping[str, Any]:
    return dict(Stage.choices)


FIGURES: tuple[Figure, ...] = (
    Figure("network.partner_organisations", _("partner organisations"), _("organisations"),
           partner_organisations,
           _("Active partner organisations in the KI's network on the period's last day."),
           by_label=_("stage of the education chain"), read_by=partner_organisations_by_stage,
           categories=_stages),
)  # fmt: skip
