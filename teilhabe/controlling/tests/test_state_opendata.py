"""Open data: the released periods' accepted totals per district, public, as JSON and CSV; an
unreleased or unknown period is 404 `not_found` (the guard has its own test); the catalogue
with its versions. And the release itself: the office only, after the deadline, once, audited."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.controlling import opendata_api, services
from teilhabe.controlling.models import IndicatorVersion, ReportingPeriod
from teilhabe.core.actions import Refusal
from teilhabe.core.models import AuditEvent

from . import factories

pytestmark = pytest.mark.django_db
FIGURES = "/api/v1/controlling/figures"


def _fill(bielefeld: Centre, dortmund: Centre) -> ReportingPeriod:
    period = factories.half_year(2024, 1)
    first = factories.report(bielefeld, period, {"events": 5, "positions-filled": "7.5"})
    factories.report(bielefeld, period, {"events": 6}, revision=2, supersedes=first)
    factories.report(dortmund, period, {"events": 4, "volunteers-reached": None})
    factories.report(Centre.objects.get(grantee__key="05334002"), period, {"events": 2})
    factories.report(
        Centre.objects.get(grantee__key="05315"), period, {"events": 9}, status="submitted"
    )
    return period


def test_an_unreleased_period_is_404_like_an_unknown_one(
    bielefeld: Centre, dortmund: Centre, seeded: None
) -> None:
    period = _fill(bielefeld, dortmund)
    for pk in (period.pk, 987654):
        response = Client().get(FIGURES, {"period": pk})
        assert response.status_code == 404
        assert response.json()["errors"][0] == {
            "field": "period",
            "code": "not_found",
            "message": response.json()["errors"][0]["message"],
        }
        assert Client().get(FIGURES, {"period": pk, "format": "csv"}).status_code == 404


def test_the_guard_is_what_keeps_unreleased_periods_out(
    bielefeld: Centre, dortmund: Centre, seeded: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without `_released`'s filter on `released`, the same request would answer figures."""
    period = _fill(bielefeld, dortmund)
    assert Client().get(FIGURES, {"period": period.pk}).status_code == 404
    monkeypatch.setattr(opendata_api, "_released", lambda pk: ReportingPeriod.objects.get(pk=pk))
    assert Client().get(FIGURES, {"period": period.pk}).status_code != 404


def test_a_released_period_gives_the_accepted_totals_per_district(
    lars: User, bielefeld: Centre, dortmund: Centre, seeded: None
) -> None:
    period = _fill(bielefeld, dortmund)
    services.release_period(period, by=lars)
    response = Client().get(FIGURES, {"period": period.pk})
    assert response.status_code == 200 and response["ETag"]
    body = response.json()
    assert body["period"]["id"] == period.pk and body["period"]["released_at"]
    rows = [(f["district_key"], f["indicator"], f["value"]) for f in body["figures"]]
    assert rows == [
        ("05334002", "events", "2"),  # the City of Aachen by its own key
        ("05711", "events", "6"),  # Bielefeld's accepted correction, without revision 1's FTE
        ("05913", "events", "4"),  # Dortmund's empty value is left out
    ]
    assert set(body["figures"][0]) == {"district_key", "district_name", "indicator", "value"}
    assert body["figures"][0]["district_name"] == "Aachen"
    again = Client().get(FIGURES, {"period": period.pk}, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_the_csv_has_the_same_rows(
    lars: User, bielefeld: Centre, dortmund: Centre, seeded: None
) -> None:
    period = _fill(bielefeld, dortmund)
    services.release_period(period, by=lars)
    response = Client().get(FIGURES, {"period": period.pk, "format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["district_key"], r["value"]) for r in rows] == [
        ("05334002", "2"),
        ("05711", "6"),
        ("05913", "4"),
    ]
    assert Client().get(FIGURES, {"period": period.pk, "format": "xml"}).status_code == 422


def test_the_catalogue_lists_every_version_with_its_days(lars: User, seeded: None) -> None:
    services.add_indicator_version(
        factories.indicator("volunteers-reached"),
        by=lars,
        data={"from_period": factories.half_year(2026, 1), "unit": "Termine"},
    )
    body = Client().get("/api/v1/controlling/indicators").json()
    assert len(body) == IndicatorVersion.objects.values("indicator").distinct().count()
    events = next(i for i in body if i["code"] == "volunteers-reached")
    first, second = events["versions"]
    assert (first["valid_from"], first["valid_until"]) == ("2024-01-01", "2025-12-31")
    assert (second["valid_from"], second["valid_until"], second["unit"]) == (
        "2026-01-01",
        None,
        "Termine",
    )


# --- releasing ----------------------------------------------------------------------------------


def test_only_the_office_releases_after_the_deadline_once(
    lars: User, mia: User, eva: User, seeded: None
) -> None:
    period = factories.half_year(2024, 1)
    for who in (mia, eva):
        with pytest.raises(Refusal):
            services.release_period(period, by=who)
    services.release_period(period, by=lars)
    period.refresh_from_db()
    assert period.released and period.released_at is not None
    event = AuditEvent.objects.get(action="reporting_period.released")
    assert event.actor == lars and event.changes == {"released": {"from": False, "to": True}}
    with pytest.raises(ValidationError) as e:
        services.release_period(period, by=lars)
    assert e.value.code == "already_released"


def test_a_period_is_not_released_before_its_deadline_has_passed(lars: User, seeded: None) -> None:
    period = factories.half_year(2026, 2)  # due 31.03.2027
    with time_machine.travel(period.deadline, tick=False), pytest.raises(ValidationError) as e:
        services.release_period(period, by=lars)
    assert e.value.code == "deadline_not_passed"
    with time_machine.travel(period.deadline + timedelta(days=1), tick=False):
        assert services.release_period(period, by=lars).released


def test_the_release_page_confirms_and_releases(lars: User, verified_client, seeded: None) -> None:
    period = factories.half_year(2024, 1)
    url = reverse("controlling:state_release", args=[period.pk])
    client = verified_client(lars)
    page = client.get(url)
    assert page.status_code == 200 and 'name="confirm"' in page.text
    response = client.post(url, {"confirm": "1"})
    assert response.status_code == 302
    assert ReportingPeriod.objects.get(pk=period.pk).released
    refused = client.post(url, {"confirm": "1"})  # twice: told, nothing changes
    assert refused.status_code == 422
    assert AuditEvent.objects.filter(action="reporting_period.released").count() == 1
    early = factories.half_year(2026, 2)
    soon = client.get(reverse("controlling:state_release", args=[early.pk]))
    assert soon.status_code == 200 and 'name="confirm"' not in soon.text
