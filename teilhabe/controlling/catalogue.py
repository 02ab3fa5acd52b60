"""The catalogue as the pages read it: each indicator with its versions (oldest first), the
version valid today and the ones valid from a later period. Two queries for the whole
catalogue (indicators, versions with their periods); it holds dozens of indicators, so the
list filters, sorts and pages in Python on the version valid today."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Prefetch

from . import rules
from .models import Indicator, IndicatorVersion, ReportingPeriod


@dataclass(frozen=True)
class _Day:
    starts_on: date


@dataclass
class Entry:
    indicator: Indicator
    versions: list[IndicatorVersion]
    current: IndicatorVersion
    later: list[IndicatorVersion] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.indicator.code


def entry_of(indicator: Indicator, versions: list[IndicatorVersion], today: date) -> Entry:
    """`versions` oldest first. The current one is valid today; before the first version's
    period starts, the first."""
    current = rules.version_for(versions, _Day(today)) or versions[0]
    later = [v for v in versions if v.valid_from > current.valid_from]
    return Entry(indicator, versions, current, later)


def _versions() -> Prefetch[Any]:
    return Prefetch(
        "versions",
        queryset=IndicatorVersion.objects.select_related("from_period").order_by(
            "from_period__starts_on", "pk"
        ),
    )


def entries(today: date) -> list[Entry]:
    """Every indicator of the catalogue in its order (two queries)."""
    indicators = Indicator.objects.prefetch_related(_versions()).order_by("order", "code", "pk")
    return [entry_of(i, list(i.versions.all()), today) for i in indicators if i.versions.all()]


def entry(indicator: Indicator, today: date) -> Entry:
    versions = list(
        IndicatorVersion.objects.select_related("from_period")
        .filter(indicator=indicator)
        .order_by("from_period__starts_on", "pk")
    )
    return entry_of(indicator, versions, today)


def periods_after(version: IndicatorVersion) -> list[ReportingPeriod]:
    """The periods a new version may be valid from: those starting after `version`'s."""
    return list(ReportingPeriod.objects.filter(starts_on__gt=version.valid_from).in_order())
