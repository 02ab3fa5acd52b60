"""What the state view reads: the accepted figures of every KI, by the one rule of issue 18.

**The figures of a KI and period are those of its latest accepted revision**: the report of
status `accepted` for which no later revision of the same KI and period is accepted too
(`latest_accepted`). A correction in draft or submitted leaves the accepted revision before it
in force until it is accepted itself; a report never accepted has no figures.

Every read here makes a fixed number of queries, whatever the number of KIs, periods or
indicators (the tests build small and large data and count): the catalogue (two), the KIs
(one), the values of the period or the indicator (one), the submissions (one), and the
periods (one). The arithmetic is `stats`'s; medians are always over all KIs of the state, the
filters only choose which KIs are shown and counted in the rates.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet

from teilhabe.centres.models import Centre

from . import catalogue, reports, rules, stats
from .models import IndicatorVersion, Report, ReportingPeriod, ReportValue


def latest_accepted() -> QuerySet[Report]:
    """Each KI's latest accepted revision per period, as one query (`reports.accepted_reports`,
    the one place the rule is written)."""
    return reports.accepted_reports()


def accepted_values() -> QuerySet[ReportValue]:
    """The values of those revisions."""
    return ReportValue.objects.filter(report__in=latest_accepted().values("pk"))


# --- the KIs ----------------------------------------------------------------------------------


def centres() -> list[Centre]:
    """Every KI with its grantee, district and government region, by name (one query)."""
    return list(Centre.objects.for_listing().order_by("grantee__name", "pk"))


def kind_of(centre: Centre) -> str:
    """The KI's district kind: its grantee's legal status, so the City of Aachen counts as a
    kreisfreie Stadt although its district, the Städteregion Aachen, is a Kreis."""
    return centre.grantee.kind


def region_of(centre: Centre) -> str:
    """The key of the KI's Regierungsbezirk (the City of Aachen's: Köln, like its district)."""
    return centre.grantee.district.regierungsbezirk.key


def matches(centre: Centre, *, region: str = "", kind: str = "") -> bool:
    return (not region or region_of(centre) == region) and (not kind or kind_of(centre) == kind)


# --- one period: every KI by every indicator ---------------------------------------------------


@dataclass(frozen=True)
class Column:
    """An indicator as the period reads it: the version valid then."""

    code: str
    indicator_id: int
    version: IndicatorVersion

    @property
    def places(self) -> int:
        return self.version.decimal_places


@dataclass(frozen=True)
class Cell:
    value: Decimal | None
    comparison: stats.Comparison | None


@dataclass
class Row:
    centre: Centre
    cells: list[Cell]
    accepted: bool  # has an accepted report for the period
    submitted_on: date | None  # first submission of any revision, local date
    on_time: bool

    @property
    def complete(self) -> bool:
        """An accepted report with a value for every indicator of the period."""
        return self.accepted and all(c.value is not None for c in self.cells)


@dataclass
class Table:
    period: ReportingPeriod
    columns: list[Column]
    rows: list[Row]  # the KIs the filters choose
    medians: list[Decimal | None]  # per column, over every KI of the state
    all_count: int  # KIs in the state
    median_counts: list[int] = field(default_factory=list)  # per column: KIs with a value

    @property
    def on_time(self) -> int:
        return sum(1 for r in self.rows if r.on_time)

    @property
    def complete(self) -> int:
        return sum(1 for r in self.rows if r.complete)

    @property
    def timeliness(self) -> Decimal | None:
        return stats.share(self.on_time, len(self.rows))

    @property
    def completeness(self) -> Decimal | None:
        return stats.share(self.complete, len(self.rows))


def columns_for(
    period: ReportingPeriod, today: date, entries: Sequence[catalogue.Entry] | None = None
) -> list[Column]:
    """The indicators the period reads, in the catalogue's order (two queries, none where the
    page has read the catalogue already): those with a version valid on the period's first
    day."""
    found = []
    for entry in catalogue.entries(today) if entries is None else entries:
        version = rules.version_for(entry.versions, period)
        if version is not None:
            found.append(Column(entry.code, entry.indicator.pk, version))
    return found


def _values_by_centre(period: ReportingPeriod) -> dict[int, dict[int, Decimal | None]]:
    """{centre id: {indicator id: value}} of the accepted revisions (one query). A KI with an
    accepted report but no values at all is found by `_accepted_centres`."""
    found: dict[int, dict[int, Decimal | None]] = defaultdict(dict)
    rows = accepted_values().filter(report__period=period)
    for centre_id, indicator_id, value in rows.values_list(
        "report__centre_id", "indicator_id", "value"
    ):
        found[centre_id][indicator_id] = value
    return found


def _reports_of(period: ReportingPeriod) -> tuple[set[int], dict[int, date]]:
    """The KIs with an accepted report (one query), and each KI's first submission of the
    period (one query): its earliest `submitted_at` over all revisions, so a correction after
    the deadline does not make a report that was on time late."""
    accepted = set(latest_accepted().filter(period=period).values_list("centre_id", flat=True))
    first = {
        centre_id: day for (centre_id, _), day in reports.first_submissions([period.pk]).items()
    }
    return accepted, first


def table(
    period: ReportingPeriod,
    *,
    today: date,
    region: str = "",
    kind: str = "",
    every: Sequence[Centre] | None = None,
    entries: Sequence[catalogue.Entry] | None = None,
) -> Table:
    """Every KI (chosen by Regierungsbezirk and district kind) by every indicator of the period,
    with the state median per indicator and each value's comparison with it."""
    columns = columns_for(period, today, entries)
    every = centres() if every is None else every
    values = _values_by_centre(period)
    accepted, first = _reports_of(period)
    reported = [
        [v for c in every if (v := values.get(c.pk, {}).get(col.indicator_id)) is not None]
        for col in columns
    ]
    medians = [stats.median(found) for found in reported]
    rows = []
    for centre in every:
        if not matches(centre, region=region, kind=kind):
            continue
        own = values.get(centre.pk, {})
        cells = []
        for col, median in zip(columns, medians, strict=True):
            value = own.get(col.indicator_id)
            cells.append(
                Cell(
                    value,
                    stats.compare(value, median, higher_is_better=col.version.higher_is_better),
                )
            )
        submitted = first.get(centre.pk)
        rows.append(
            Row(
                centre,
                cells,
                accepted=centre.pk in accepted,
                submitted_on=submitted,
                on_time=submitted is not None and submitted <= period.deadline,
            )
        )
    return Table(period, columns, rows, medians, len(every), [len(found) for found in reported])


# --- one indicator across the periods of a kind -------------------------------------------------


@dataclass(frozen=True)
class Point:
    period: ReportingPeriod
    version: IndicatorVersion | None  # the definition valid then (None: not yet defined)
    value: Decimal | None  # the KI's (None without a KI or without an accepted value)
    median: Decimal | None
    reported: int  # how many KIs the median is of


@dataclass
class Series:
    kind: str
    points: list[Point]

    @property
    def definition_changes(self) -> list[Point]:
        """The points from which a new version of the indicator is read (not the first)."""
        changes = []
        for before, point in zip(self.points, self.points[1:], strict=False):
            if point.version is not None and (
                before.version is None or before.version.pk != point.version.pk
            ):
                changes.append(point)
        return changes


def periods_of(kind: str) -> list[ReportingPeriod]:
    """The periods of one kind in their order (one query)."""
    return list(ReportingPeriod.objects.filter(kind=kind).in_order())


def series(
    entry: catalogue.Entry, *, kind: str, centre: Centre | None, periods: Iterable[ReportingPeriod]
) -> Series:
    """The indicator's value for `centre` (or none) and the state median in every period of
    `kind`: one query for the values of all periods and KIs."""
    periods = [p for p in periods if p.kind == kind]
    by_period: dict[int, dict[int, Decimal]] = defaultdict(dict)
    rows = accepted_values().filter(indicator=entry.indicator, report__period__kind=kind)
    for period_id, centre_id, value in rows.values_list(
        "report__period_id", "report__centre_id", "value"
    ):
        if value is not None:
            by_period[period_id][centre_id] = value
    points = []
    for period in periods:
        found = by_period.get(period.pk, {})
        points.append(
            Point(
                period,
                rules.version_for(entry.versions, period),
                found.get(centre.pk) if centre is not None else None,
                stats.median(found.values()),
                len(found),
            )
        )
    return Series(kind, points)
