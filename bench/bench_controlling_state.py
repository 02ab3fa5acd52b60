"""The state view of programme controlling over the volume issue 18 names: 54 KIs by 15 years by
2 half-years by 40 indicators — 30 half-year periods (2012–2026), 1,620 accepted reports and
64,800 values — rendered through the test client as the coordination office (Lars): the table
of one half-year, an indicator's time series of a KI, the districts' map, and the open-data
JSON of a released half-year.

The periods, the 25 indicators beyond the 15 seeded ones, the reports and the values are
written with bulk_create (a benchmark's setup, not a user's step: no audit events). The query
counts are those the tests assert do not grow (tests/test_state_pages.py).
"""

from __future__ import annotations

from datetime import date

BENCH_PREFIX = "bench-state-"
YEARS = range(2012, 2027)
INDICATORS = 40


def _seed() -> None:
    from decimal import Decimal

    from django.utils import timezone

    from teilhabe.centres.models import Centre
    from teilhabe.controlling import catalogue, rules
    from teilhabe.controlling.models import (
        Indicator,
        IndicatorVersion,
        Report,
        ReportingPeriod,
        ReportValue,
    )

    first = ReportingPeriod.objects.filter(kind="half_year").order_by("starts_on").first()
    periods = []
    for year in YEARS:
        for half in (1, 2):
            start, end = rules.bounds(rules.HALF_YEAR, year, half)
            periods.append(
                ReportingPeriod(
                    kind=rules.HALF_YEAR,
                    starts_on=start,
                    ends_on=end,
                    deadline=rules.default_deadline(end),
                )
            )
    ReportingPeriod.objects.bulk_create(periods, ignore_conflicts=True)
    oldest = ReportingPeriod.objects.get(kind=rules.HALF_YEAR, starts_on=date(YEARS[0], 1, 1))
    have = Indicator.objects.count()
    for i in range(have, INDICATORS):
        indicator = Indicator.objects.create(code=f"{BENCH_PREFIX}{i}", order=500 + i)
        IndicatorVersion.objects.create(
            indicator=indicator,
            from_period=oldest,
            name=f"Kennzahl {i}",
            name_en=f"Indicator {i}",
            definition="Für den Benchmark.",
            unit="Fälle",
            unit_en="cases",
            source="manual",
        )
    # the seeded indicators are valid from 2024 on; for the benchmark, from 2012 (a copy of
    # each first version valid from the oldest period, so every period reads 40 indicators)
    assert first is not None
    for version in IndicatorVersion.objects.filter(from_period=first):
        if not IndicatorVersion.objects.filter(
            indicator_id=version.indicator_id, from_period=oldest
        ).exists():
            version.pk = None
            version.from_period = oldest
            version.save()
    halves = list(ReportingPeriod.objects.filter(kind=rules.HALF_YEAR).in_order())
    by_pk = {p.pk: p for p in halves}
    entries = catalogue.entries(timezone.localdate())
    centres = list(Centre.objects.all())
    have_reports = set(Report.objects.values_list("centre_id", "period_id"))
    new = [
        Report(centre=c, period=p, status="accepted", submitted_at=timezone.now())
        for p in halves
        for c in centres
        if (c.pk, p.pk) not in have_reports
    ]
    Report.objects.bulk_create(new, batch_size=500)
    # every accepted half-year report with a value of each of the 40 indicators (the demo's
    # reports hold the 15 seeded ones)
    reports = list(Report.objects.filter(period__kind=rules.HALF_YEAR, status="accepted"))
    for report in reports:
        report.period = by_pk[report.period_id]
    filled = set(ReportValue.objects.values_list("report_id", "indicator_id"))
    values = []
    for report in reports:
        for n, entry in enumerate(entries):
            version = rules.version_for(entry.versions, report.period)
            if version is not None and (report.pk, entry.indicator.pk) not in filled:
                values.append(
                    ReportValue(
                        report=report,
                        indicator=entry.indicator,
                        version=version,
                        value=Decimal((report.centre_id * 7 + n * 3 + report.period_id) % 97),
                    )
                )
    ReportValue.objects.bulk_create(values, batch_size=2000)
    released = halves[0]
    if not released.released:
        released.released, released.released_at = True, timezone.now()
        released.save(update_fields=["released", "released_at"])


def run(measure):  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from teilhabe.accounts.models import User
    from teilhabe.centres.models import Centre
    from teilhabe.controlling.models import ReportingPeriod, ReportValue

    _seed()
    connection.queries_log.clear()
    lars = User.objects.get(username="lars")
    client = Client()
    client.force_login(lars)
    session = client.session
    device = TOTPDevice.objects.filter(user=lars, confirmed=True).first()
    if device is not None:
        session["otp_device_id"] = device.persistent_id
        session.save()
    period = ReportingPeriod.objects.filter(kind="half_year", starts_on__year=2026).first()
    assert period is not None
    bielefeld = Centre.objects.get(grantee__key="05711")
    released = ReportingPeriod.objects.filter(released=True).order_by("starts_on").first()
    pages = {
        "table, one half-year": ("/controlling/land/", {"period": period.pk}),
        "time series, 30 half-years": (
            "/controlling/land/zeitreihe/",
            {"indicator": "events", "kind": "half_year", "centre": bielefeld.pk},
        ),
        "map, one half-year": ("/controlling/land/karte/", {"period": period.pk}),
        "open data JSON": ("/api/v1/controlling/figures", {"period": released.pk}),
    }
    values = ReportValue.objects.count()
    results = []
    for label, (url, params) in pages.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, params)
        assert response.status_code == 200, (url, response.status_code)

        def get(url: str = url, params: dict = params) -> None:  # type: ignore[type-arg]
            client.get(url, params)

        results.append(
            measure(f"state view: {label} ({len(queries)} q, {values} values)", get, runs=10)
        )
    return results
