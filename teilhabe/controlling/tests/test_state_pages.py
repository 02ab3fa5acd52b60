"""The state view: who sees it (state-wide roles; everyone else 404), the rule "latest accepted
revision", the filters, the rates, the medians and comparisons in words, the time series, and
queries that do not grow with KIs, periods or indicators."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.controlling import services, state
from teilhabe.controlling.models import ReportingPeriod

from . import factories

pytestmark = pytest.mark.django_db
STATE = reverse("controlling:state")
SERIES = reverse("controlling:state_series")
MAP = reverse("controlling:state_map")


def _english(client: Any) -> Any:
    """The words are checked in their English source (the catalogue may not be compiled)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _centre(key: str) -> Centre:
    return Centre.objects.select_related("grantee").get(grantee__key=key)


def _rows(response: Any) -> dict[str, Any]:
    return {r["row"].centre.grantee.key: r for r in response.context["rows"]}


def _index(response: Any, code: str) -> int:
    return [c.code for c in response.context["columns"]].index(code)


@pytest.mark.parametrize("who", ["kai", "anna", "carla", "sven", "paul"])
def test_it_answers_404_to_everyone_but_the_state_wide_roles(
    who: str, personas: dict[str, User], verified_client, seeded: None
) -> None:
    client = verified_client(personas[who])
    for url in (STATE, SERIES, MAP, reverse("controlling:state_export", args=["csv"])):
        assert client.get(url).status_code == 404, (who, url)


@pytest.mark.parametrize("who", ["bernd", "guel", "mia", "lars", "eva"])
def test_the_state_wide_roles_see_it(
    who: str, personas: dict[str, User], verified_client, seeded: None
) -> None:
    client = verified_client(personas[who])
    for url in (STATE, SERIES, MAP):
        assert client.get(url).status_code == 200, (who, url)


def test_it_shows_the_latest_accepted_revision_and_nothing_not_accepted(
    lars: User, bielefeld: Centre, dortmund: Centre, verified_client, seeded: None
) -> None:
    period = factories.half_year(2024, 1)
    first = factories.report(bielefeld, period, {"events": 5})
    factories.report(
        bielefeld, period, {"events": 7}, revision=2, supersedes=first
    )  # the accepted correction counts
    second = factories.report(dortmund, period, {"events": 3})
    factories.report(
        dortmund, period, {"events": 99}, revision=2, supersedes=second, status="submitted"
    )  # a correction not yet accepted leaves revision 1 in force
    factories.report(_centre("05315"), period, {"events": 50}, status="submitted")
    response = verified_client(lars).get(STATE, {"period": period.pk})
    rows, i = _rows(response), _index(response, "events")
    assert rows["05711"]["cells"][i]["text"] == "7"
    assert rows["05913"]["cells"][i]["text"] == "3"
    assert rows["05315"]["cells"][i]["text"] == ""  # Köln: submitted, not accepted
    assert not rows["05315"]["row"].accepted
    assert response.context["table"].medians[i] == Decimal(5)  # of 7 and 3, not of 99 or 50


def test_medians_compare_in_words_and_respect_lower_is_better(
    lars: User, bielefeld: Centre, dortmund: Centre, verified_client, seeded: None
) -> None:
    period = factories.half_year(2024, 1)
    cologne = _centre("05315")
    factories.report(bielefeld, period, {"events": 2, "newcomers-days-to-placement": 10})
    factories.report(dortmund, period, {"events": 4, "newcomers-days-to-placement": 20})
    factories.report(cologne, period, {"events": 9, "newcomers-days-to-placement": 30})
    response = _english(verified_client(lars)).get(STATE, {"period": period.pk})
    rows = _rows(response)
    events, days = _index(response, "events"), _index(response, "newcomers-days-to-placement")
    assert response.context["medians"][events] == ("4", 3)  # the median and its KIs
    assert "3 KIs" in response.text
    assert rows["05711"]["cells"][events]["words"] == "below, worse"
    assert rows["05315"]["cells"][events]["words"] == "above, better"
    assert rows["05913"]["cells"][events]["words"] == "at the median"
    # fewer days to placement is better
    assert rows["05711"]["cells"][days]["words"] == "below, better"
    assert rows["05315"]["cells"][days]["words"] == "above, worse"
    assert "below, better" in response.text


def test_it_filters_by_region_and_kind_and_keeps_the_state_median(
    lars: User, bielefeld: Centre, dortmund: Centre, verified_client, seeded: None
) -> None:
    period = factories.half_year(2024, 1)
    aachen_city, aachen_region = _centre("05334002"), _centre("05334")
    for centre, value in ((bielefeld, 1), (dortmund, 2), (aachen_city, 3), (aachen_region, 40)):
        factories.report(centre, period, {"events": value})
    client = verified_client(lars)
    detmold = client.get(STATE, {"period": period.pk, "region": "057"})
    assert set(_rows(detmold)) == {
        c.grantee.key for c in Centre.objects.filter(grantee__district__regierungsbezirk__key="057")
    }
    assert detmold.context["table"].medians[_index(detmold, "events")] == Decimal("2.5")
    cities = client.get(STATE, {"period": period.pk, "kind": "kreisfreie_stadt", "region": "053"})
    # The City of Aachen counts as a kreisfreie Stadt, the Städteregion as a Kreis.
    assert "05334002" in _rows(cities) and "05334" not in _rows(cities)
    kreise = client.get(STATE, {"period": period.pk, "kind": "kreis", "region": "053"})
    assert "05334" in _rows(kreise) and "05334002" not in _rows(kreise)
    unknown = client.get(STATE, {"period": period.pk, "region": "999"})
    assert len(_rows(unknown)) == 54  # an unknown choice is dropped, not an error


def test_timeliness_and_completeness(
    lars: User, bielefeld: Centre, dortmund: Centre, verified_client, seeded: None
) -> None:
    period = factories.half_year(2024, 1)
    factories.report(bielefeld, period, factories.full_values(1))  # on time, complete
    factories.report(
        dortmund, period, {"events": 1}, submitted_on=period.deadline + timedelta(days=1)
    )  # late, incomplete
    response = verified_client(lars).get(STATE, {"period": period.pk, "region": "057"})
    table = response.context["table"]
    assert len(table.rows) == 7  # Detmold: Bielefeld and the six Kreise
    assert (table.on_time, table.complete) == (1, 1)
    assert response.context["timeliness"] == "14 %"
    whole = verified_client(lars).get(STATE, {"period": period.pk}).context["table"]
    assert (whole.on_time, whole.complete, len(whole.rows)) == (1, 1, 54)
    late = _rows(verified_client(lars).get(STATE, {"period": period.pk}))["05913"]["row"]
    assert late.accepted and not late.on_time and not late.complete


def test_a_correction_after_the_deadline_keeps_a_report_on_time(
    lars: User, bielefeld: Centre, seeded: None
) -> None:
    period = factories.half_year(2024, 1)
    first = factories.report(bielefeld, period, {"events": 1})
    factories.report(
        bielefeld,
        period,
        {"events": 2},
        revision=2,
        supersedes=first,
        submitted_on=period.deadline + timedelta(days=90),
    )
    table = state.table(period, today=period.deadline + timedelta(days=100))
    row = next(r for r in table.rows if r.centre.pk == bielefeld.pk)
    assert row.on_time and row.submitted_on == period.deadline


def test_the_time_series_shows_the_ki_and_the_median_with_a_table(
    lars: User, bielefeld: Centre, dortmund: Centre, verified_client, seeded: None
) -> None:
    first, second = factories.half_year(2024, 1), factories.half_year(2024, 2)
    factories.report(bielefeld, first, {"events": 2})
    factories.report(dortmund, first, {"events": 6})
    factories.report(dortmund, second, {"events": 8})
    response = _english(verified_client(lars)).get(
        SERIES, {"indicator": "events", "kind": "half_year", "centre": bielefeld.pk}
    )
    points = response.context["points"]
    assert [p["point"].period.pk for p in points[:2]] == [first.pk, second.pk]
    assert (points[0]["value"], points[0]["median"]) == ("2", "4")
    assert (points[1]["value"], points[1]["median"]) == ("", "8")
    assert points[0]["words"] == "below, worse"
    html = response.text
    assert 'role="img"' in html and '<title id="chart-title">' in html
    assert '<desc id="chart-desc">' in html and 'id="series-table"' in html
    years = verified_client(lars).get(SERIES, {"indicator": "events", "kind": "year"})
    assert all(p["point"].period.kind == "year" for p in years.context["points"])


def test_the_chart_s_axis_reads_german_numbers_without_a_stray_comma(
    lars: User, bielefeld: Centre, dortmund: Centre, verified_client, seeded: None
) -> None:
    period = factories.half_year(2024, 1)
    factories.report(bielefeld, period, {"events": 8})  # the axis runs from 0 to 10
    factories.report(dortmund, period, {"events": 2})
    client = verified_client(lars)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    response = client.get(
        SERIES, {"indicator": "events", "kind": "half_year", "centre": bielefeld.pk}
    )
    chart = response.context["chart"]
    assert [t.label for t in chart.y_ticks] == ["0", "2,5", "5", "7,5", "10"]
    marks = [m.label for line in chart.lines for m in line.marks]
    assert marks and not any(label.endswith(",") for label in marks), marks
    assert 'class="chart-scroll" tabindex="0" role="region"' in response.text


def _count(client: Any, url: str, params: dict[str, Any]) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


def _many_indicators(lars: User, n: int) -> None:
    for i in range(n):
        factories.added(lars, code=f"bench-{i}", order=300 + i)


def test_the_queries_do_not_grow_with_kis_periods_or_indicators(
    lars: User, verified_client, seeded: None
) -> None:
    client = verified_client(lars)
    periods = list(ReportingPeriod.objects.filter(kind="half_year").in_order())
    centres = list(Centre.objects.order_by("pk"))
    period = periods[0]
    client.get(STATE)  # the session's first request loads what later ones have cached
    for c in centres[:2]:
        factories.report(c, period, {"events": 1})
    small = {
        "state": _count(client, STATE, {"period": period.pk}),
        "series": _count(client, SERIES, {"indicator": "events", "centre": centres[0].pk}),
        "map": _count(client, MAP, {"period": period.pk, "indicator": "events"}),
    }
    _many_indicators(lars, 10)
    for p in periods[:4]:
        for c in centres:
            if p != period or c not in centres[:2]:
                factories.report(c, p, {"events": 3, "newcomers-counselled": 4})
    large = {
        "state": _count(client, STATE, {"period": period.pk}),
        "series": _count(client, SERIES, {"indicator": "events", "centre": centres[0].pk}),
        "map": _count(client, MAP, {"period": period.pk, "indicator": "events"}),
    }
    assert small == large
    # the session, the user and the second factor, then the page's own (state.py)
    assert large == {"state": 14, "series": 12, "map": 15}


def test_a_released_period_says_so_and_only_the_office_gets_the_button(
    lars: User, mia: User, verified_client, seeded: None
) -> None:
    period = factories.half_year(2024, 1)
    release = reverse("controlling:state_release", args=[period.pk])
    assert release in verified_client(lars).get(STATE, {"period": period.pk}).text
    assert release not in verified_client(mia).get(STATE, {"period": period.pk}).text
    services.release_period(period, by=lars)
    page = verified_client(lars).get(STATE, {"period": period.pk}).text
    assert release not in page and f"/api/v1/controlling/figures?period={period.pk}" in page
