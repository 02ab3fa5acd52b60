"""The catalogue's and the periods' pages: every role reads, the coordination office keeps;
the list searches, filters, sorts and pages with a fixed number of queries; the forms keep what
was typed when the service refuses; a stale version form is refused, not saved over."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from teilhabe.accounts.models import User
from teilhabe.controlling import services
from teilhabe.controlling.models import Indicator, IndicatorVersion, ReportingPeriod
from teilhabe.core.models import AuditEvent

from . import factories

pytestmark = pytest.mark.django_db
LIST = reverse("controlling:indicators")


def _codes_on(response: Any) -> list[str]:
    return [e.code for e in response.context["page"].object_list]


def test_a_partner_reads_the_catalogue_and_nobody_but_the_office_gets_the_button(
    paul: User, kai: User, lars: User, verified_client, seeded: None
) -> None:
    for who in (paul, kai):
        response = verified_client(who).get(LIST)
        assert response.status_code == 200
        assert "newcomers-placed" in response.text
        assert reverse("controlling:indicator_add") not in response.text
    office = verified_client(lars).get(LIST)
    assert reverse("controlling:indicator_add") in office.text


def test_anonymous_visitors_are_sent_to_the_login(client, seeded: None) -> None:
    response = client.get(LIST)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_the_list_searches_filters_and_sorts(kai: User, verified_client, seeded: None) -> None:
    client = verified_client(kai)
    assert _codes_on(client.get(LIST, {"q": "einer Schule zugewiesen"})) == ["newcomers-placed"]
    assert _codes_on(client.get(LIST, {"q": "DOLMETSCHER"})) == ["interpreter-assignments"]
    computed = _codes_on(client.get(LIST, {"source": "computed"}))
    assert computed == [
        "parent-groups",
        "parent-group-families",
        "parent-group-sessions",
        "trainings-held",  # computed since H2 2026 (migration 0004), the version valid today
        "training-participants",
        "sor-schools",
        "interpreter-assignments",
        "school-counselling-contacts",
        "partner-organisations",
        "events",
        "positions-filled",
    ]
    school = _codes_on(client.get(LIST, {"stage": "school", "source": "manual", "sort": "code"}))
    assert school == ["newcomers-counselled", "newcomers-days-to-placement", "newcomers-placed"]
    by_code = _codes_on(client.get(LIST, {"sort": "code"}))
    assert by_code == sorted(by_code)
    assert len(_codes_on(client.get(LIST, {"source": "guessed"}))) == 15  # dropped, not an error
    partial = client.get(LIST, {"q": "Tage"}, headers={"HX-Request": "true"})
    assert "<html" not in partial.text and "newcomers-days-to-placement" in partial.text


def test_the_list_shows_the_name_in_the_ui_language(
    kai: User, verified_client, seeded: None
) -> None:
    client = verified_client(kai)
    assert "Einsätze des Dolmetscherpools" in client.get(LIST).text
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(LIST).text
    assert "Interpreter-pool assignments" in english and "Dolmetscherpools" not in english


def test_the_lists_queries_do_not_grow_with_the_catalogue(
    kai: User, lars: User, verified_client, seeded: None
) -> None:
    client = verified_client(kai)
    client.get(LIST)
    client.get(reverse("controlling:periods"))
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    with CaptureQueriesContext(connection) as few_periods:
        client.get(reverse("controlling:periods"))
    for n in range(12):
        added = factories.added(lars, code=f"extra-{n:02d}")
        services.add_indicator_version(
            added, by=lars, data={"from_period": factories.half_year(2026, 1), "unit": "Stück"}
        )
    for year in range(2027, 2035):
        services.add_reporting_period(
            by=lars,
            data={"kind": "year", "starts_on": date(year, 1, 1), "ends_on": date(year, 12, 31)},
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(LIST)
    with CaptureQueriesContext(connection) as many_periods:
        client.get(reverse("controlling:periods"))
    assert len(_codes_on(response)) == 27
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(many_periods.captured_queries) == len(few_periods.captured_queries)


def test_the_indicator_page_shows_every_version_and_which_is_valid_today(
    lars: User, mia: User, verified_client, seeded: None
) -> None:
    placed = factories.indicator("newcomers-placed")
    services.add_indicator_version(
        placed, by=lars, data={"from_period": factories.half_year(2026, 2), "unit": "Kinder"}
    )
    client = verified_client(mia)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("controlling:indicator", args=[placed.pk]))
    assert response.status_code == 200
    assert "Valid from H2 2026" in response.text
    assert "Valid from H1 2024" in response.text
    assert "this value ≤ newcomers-counselled" in response.text
    assert reverse("controlling:indicator_edit", args=[placed.pk]) not in response.text


def _form(**changes: Any) -> dict[str, Any]:
    data = {
        "code": "language-cafes",
        "order": "200",
        "from_period": str(factories.half_year(2025, 1).pk),
        "name": "Sprachcafés",
        "name_en": "Language cafés",
        "definition": "Sprachcafés im Zeitraum.",
        "unit": "Cafés",
        "unit_en": "cafés",
        "decimal_places": "0",
        "higher_is_better": "on",
        "source": "manual",
        "figure": "",
        "minimum": "0",
        "maximum": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_office_adds_an_indicator_through_the_page(
    lars: User, verified_client, seeded: None
) -> None:
    client = verified_client(lars)
    response = client.post(
        reverse("controlling:indicator_add"),
        _form(relation_1_operator="ge", relation_1_indicator="events", disaggregations=["sex"]),
    )
    added = Indicator.objects.get(code="language-cafes")
    assert response.status_code == 302 and response["Location"] == added.get_absolute_url()
    version = added.versions.get()
    assert version.relations == [{"operator": "ge", "indicator": "events"}]
    assert version.disaggregations == ["sex"] and version.minimum == 0


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"code": "events"}, "code"),
        ({"source": "computed", "figure": ""}, "figure"),
        ({"minimum": "10", "maximum": "1"}, "maximum"),
        ({"relation_1_operator": "le"}, "relation_1_indicator"),
        ({"minimum": "1e999999"}, "minimum"),
    ],
)
def test_a_refused_form_keeps_what_was_typed(
    lars: User, verified_client, seeded: None, changes: dict[str, str], field: str
) -> None:
    client = verified_client(lars)
    response = client.post(reverse("controlling:indicator_add"), _form(**changes))
    assert response.status_code == 422
    assert field in response.context["form"].errors
    assert "Sprachcafés im Zeitraum." in response.text
    assert response.text.count('class="kern-alert kern-alert--danger"') <= 1
    assert not IndicatorVersion.objects.filter(name="Sprachcafés").exists()


def test_a_stale_version_form_is_refused_with_the_entries_kept(
    lars: User, verified_client, seeded: None
) -> None:
    events = factories.indicator("volunteers-reached")
    client = verified_client(lars)
    url = reverse("controlling:indicator_edit", args=[events.pk])
    form = client.get(url).context["form"]
    assert form.initial["name"] == "Erreichte Ehrenamtliche"
    # 1. half-year 2024 is the first version's period: not offered for a new one.
    offered = list(form.fields["from_period"].queryset)
    assert factories.half_year(2024, 1) not in offered and factories.half_year(2024, 2) in offered
    services.add_indicator_version(
        events, by=lars, data={"from_period": factories.half_year(2025, 1), "unit": "Termine"}
    )
    data = {
        **_form(from_period=str(factories.half_year(2026, 1).pk), code=None, order=None),
        "name": "Veranstaltungen und Fachtage",
        "lock_version": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 422
    assert "Veranstaltungen und Fachtage" in response.text
    assert events.versions.count() == 2
    data["lock_version"] = "1"
    saved = client.post(url, data)
    assert saved.status_code == 302
    assert events.versions.count() == 3
    assert AuditEvent.objects.filter(action="indicator.version_added").count() == 2


def test_the_periods_page_and_adding_one(
    lars: User, eva: User, verified_client, seeded: None
) -> None:
    listed = verified_client(eva).get(reverse("controlling:periods"))
    assert listed.status_code == 200 and "31.03.2027" in listed.text
    assert reverse("controlling:period_add") not in listed.text
    client = verified_client(lars)
    refused = client.post(
        reverse("controlling:period_add"),
        {"kind": "half_year", "starts_on": "2027-01-01", "ends_on": "2027-12-31", "deadline": ""},
    )
    assert refused.status_code == 422 and "starts_on" in refused.context["form"].errors
    saved = client.post(
        reverse("controlling:period_add"),
        {"kind": "half_year", "starts_on": "2027-07-01", "ends_on": "2027-12-31", "deadline": ""},
    )
    assert saved.status_code == 302
    assert ReportingPeriod.objects.get(starts_on=date(2027, 7, 1)).deadline == date(2028, 3, 31)
