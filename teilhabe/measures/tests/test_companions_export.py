"""The parent companions' list as CSV and XLSX (`core.exports`): the same search, filters and
order as the page, audited once per download, 404 for whoever may not read the list; and the
group page's sessions filtered by period in a constant number of queries."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.core.models import AuditEvent
from teilhabe.measures.models import Measure

from . import factories
from .url_matrix_groups import companion, group, session

pytestmark = pytest.mark.django_db


def _export(centre: Centre, fmt: str) -> str:
    return reverse("measures:companions_export", args=[centre.pk, fmt])


def _csv(response: Any) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


@pytest.fixture
def companions(bielefeld: Centre, kai: User) -> None:
    companion(bielefeld, kai, name="Ayşe Demir", languages=["tr", "de"])
    companion(bielefeld, kai, name="Rania Haddad", languages=["ar"], qualified_on=None)
    companion(bielefeld, kai, name="Olena Kovalenko", languages=["uk"], is_active=False)
    companion(bielefeld, kai, name="=HYPERLINK(1)", languages=["ru"])


def test_the_csv_holds_the_filtered_list_in_its_order(
    bielefeld: Centre, kai: User, companions: None, verified_client: Any
) -> None:
    client = verified_client(kai)
    rows = _csv(client.get(_export(bielefeld, "csv"), {"sort": "-name"}))
    assert rows[0] == ["Name", "Sprachen", "Qualifiziert am", "Gruppen", "Aktiv"]
    # Active ones by default, as on the page; the formula is defused.
    assert [r[0] for r in rows[1:]] == ["Rania Haddad", "Ayşe Demir", "'=HYPERLINK(1)"]
    assert rows[2][2] == "14.06.2024" and rows[1][2] == ""
    rows = _csv(client.get(_export(bielefeld, "csv"), {"active": "inactive"}))
    assert [r[0] for r in rows[1:]] == ["Olena Kovalenko"]
    assert rows[1][4] == "nein"
    rows = _csv(client.get(_export(bielefeld, "csv"), {"q": "rania", "active": "all"}))
    assert [r[0] for r in rows[1:]] == ["Rania Haddad"]
    assert AuditEvent.objects.filter(action="list.exported").count() == 3


def test_the_xlsx_types_dates_and_counts(
    bielefeld: Centre, kai: User, companions: None, verified_client: Any
) -> None:
    measure = factories.measure(bielefeld, kai, "rucksack-kita")
    ayse = companion(bielefeld, kai, name="Zeynep Kaya")
    group(measure, kai, companions=[ayse.pk])
    response = verified_client(kai).get(_export(bielefeld, "xlsx"), {"language": "tr"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[3]) for r in rows] == [("Ayşe Demir", 0), ("Zeynep Kaya", 1)]
    assert rows[0][2].date() == date(2024, 6, 14)
    event = AuditEvent.objects.get(action="list.exported")
    assert event.centre_id == bielefeld.pk and "language=tr" in event.object_label


def test_the_list_links_its_export_with_the_filters(
    bielefeld: Centre, lars: User, companions: None, verified_client: Any
) -> None:
    url = reverse("measures:companions", args=[bielefeld.pk])
    page = verified_client(lars).get(url, {"language": "ar", "page": "1"}).text
    assert _export(bielefeld, "csv") + "?language=ar" in page
    assert verified_client(lars).get(_export(bielefeld, "csv")).status_code == 200


@pytest.mark.parametrize("who", ["carla", "mia", "paul", "bernd"])
def test_anyone_else_gets_404_and_nothing_is_recorded(
    request: pytest.FixtureRequest, bielefeld: Centre, companions: None, who: str,
    verified_client: Any,
) -> None:  # fmt: skip
    client = verified_client(request.getfixturevalue(who))
    for fmt in ("csv", "xlsx"):
        assert client.get(_export(bielefeld, fmt)).status_code == 404
    assert not AuditEvent.objects.filter(action="list.exported").exists()


# --- the group page's sessions by period --------------------------------------------------------


@pytest.fixture
def measure(bielefeld: Centre, kai: User) -> Measure:
    return factories.measure(bielefeld, kai, "rucksack-kita")  # 01.02.–31.12.2026


def _queries(client: Any, url: str, query: dict[str, str]) -> tuple[int, Any]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, query)
    assert response.status_code == 200
    return len(queries), response


def test_the_group_page_filters_its_sessions_by_period_in_fixed_queries(
    bielefeld: Centre, kai: User, measure: Measure, verified_client: Any
) -> None:
    one = group(measure, kai)
    for day in (2, 9, 16):
        session(one, kai, held_on=date(2026, 3, day))
    session(one, kai, held_on=date(2026, 4, 6))
    url = reverse("measures:group", args=[bielefeld.pk, measure.pk, one.pk])
    client = verified_client(kai)
    march = {"start": "2026-03-01", "end": "2026-03-31"}
    few, response = _queries(client, url, march)
    days = [s.held_on for s in response.context["page"].object_list]
    assert days == [date(2026, 3, 16), date(2026, 3, 9), date(2026, 3, 2)]
    for day in range(17, 28):
        session(one, kai, held_on=date(2026, 3, day))
    many, response = _queries(client, url, march)
    assert many == few and response.context["page"].paginator.count == 14
    _n, response = _queries(client, url, {"start": "2026-04-01"})
    assert [s.held_on for s in response.context["page"].object_list] == [date(2026, 4, 6)]
    _n, response = _queries(client, url, {"end": "2026-03-02"})
    assert response.context["page"].paginator.count == 1
    # A malformed day is dropped, not an error: every session is listed.
    _n, response = _queries(client, url, {"start": "gestern"})
    assert response.context["page"].paginator.count == 15
    _n, response = _queries(client, url, {"start": "2026-05-01"})
    assert response.context["page"].paginator.count == 0
    assert response.context["filtered"] and not response.context["page"].object_list
