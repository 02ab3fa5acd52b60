"""Controlling's pillar of a KI's quality status: did it report on time (issue 18, "Quality
status"; the seed's "reporting in controlling")."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teilhabe.centres.models import Centre
from teilhabe.core.registry import QualityPillar

from .models import ReportingPeriod


def _end_of(day: date) -> datetime:
    """The first moment after `day` in the platform's time zone."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def reports_on_time(year: int, centre_ids: Collection[int] | None = None) -> dict[int, bool | None]:
    """Per KI (all, or `centre_ids`): whether it submitted its report on every period of `year`
    whose deadline has passed by its deadline — True, False — or None while no period of that
    year has passed its deadline. A period counts as on time when any revision of its report
    was submitted by the end of the deadline day (the first submission counts: a report sent
    back and submitted again later stays on time). Two queries."""
    today = timezone.localdate()
    passed = list(
        ReportingPeriod.objects.filter(starts_on__year=year, deadline__lt=today).order_by("pk")
    )
    centres = Centre.objects.all()
    if centre_ids is not None:
        centres = centres.filter(pk__in=list(centre_ids))
    if not passed:
        return {pk: None for pk in centres.values_list("pk", flat=True)}
    in_time = Q()
    for period in passed:
        in_time |= Q(
            controlling_reports__period_id=period.pk,
            controlling_reports__submitted_at__lt=_end_of(period.deadline),
        )
    rows = centres.annotate(
        on_time=Count("controlling_reports__period", filter=in_time, distinct=True)
    ).values_list("pk", "on_time")
    return {pk: count == len(passed) for pk, count in rows}


PILLAR = QualityPillar(
    code="controlling.reports_on_time",
    order=20,
    label=_("Controlling reports on time"),
    description=_(
        "The KI submitted its controlling report on every reporting period of the year by the "
        "period's deadline. Source: the controlling reports in this platform (first submission "
        "of each period's report)."
    ),
    read=reports_on_time,
)
