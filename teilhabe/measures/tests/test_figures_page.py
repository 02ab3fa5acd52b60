"""The figures pages: a KI's figures by half-year and year with the split ones as their own
tables, the year bounded; the coordination office's state view of all 54 KIs, whose queries do
not grow with the KIs that have records, and its export."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.core.registry import registry
from teilhabe.measures import panels
from teilhabe.measures.models import InterpreterAssignment
from teilhabe.measures.record_forms import year_bounds
from teilhabe.measures.record_views import measure_figures

from .factories import bare_measure
from .url_matrix_records import assignment, contact, log, pool, school

pytestmark = pytest.mark.django_db


def _record(centre: Centre, day: date, language: str = "ar", hours: str = "1.50") -> None:
    measure = bare_measure(centre, "dolmetscherpool", starts_on=date(2025, 1, 1))
    InterpreterAssignment.objects.create(
        measure=measure, held_on=day, language=language, purpose="school", hours=Decimal(hours)
    )


def _figures_url(centre: Centre) -> str:
    return reverse("measures:figures", args=[centre.pk])


def test_the_ki_sees_its_figures_by_half_year_and_year(
    bielefeld: Centre, dortmund: Centre, kai: User, verified_client
) -> None:
    _record(bielefeld, date(2026, 3, 2), "ar", "1.50")
    _record(bielefeld, date(2026, 9, 1), "uk", "2.00")
    _record(dortmund, date(2026, 3, 2), "ru")  # Dortmund's: not on Bielefeld's page
    response = verified_client(kai).get(_figures_url(bielefeld), {"jahr": 2026})
    assert response.status_code == 200
    rows = {row["figure"].code: row["values"] for row in response.context["rows"]}
    assert set(rows) == {f.code for f in registry.figures() if f.code.startswith("measures.")}
    assert rows["measures.interpreter_assignments"] == [1, 1, 2]
    assert rows["measures.interpreter_hours"] == [Decimal("1.50"), Decimal("2.00"), Decimal("3.50")]
    assert rows["measures.counselling_contacts"] == [0, 0, 0]
    splits = {s["figure"].code: s["rows"] for s in response.context["splits"]}
    by_language = {str(r["label"]): r["values"] for r in splits["measures.interpreter_assignments"]}
    assert len(by_language) == 2 and sorted(by_language.values()) == [[0, 1, 1], [1, 0, 1]]
    assert "3,50" in response.text


def test_the_year_is_bounded_and_refused_in_words(
    bielefeld: Centre, kai: User, verified_client
) -> None:
    client: Client = verified_client(kai)
    first, last = year_bounds()
    for year in (str(first - 1), str(last + 1), "99999999999999999999", "zwanzig"):
        response = client.get(_figures_url(bielefeld), {"jahr": year})
        assert response.status_code == 200
        assert "rows" not in response.context, year
        assert response.context["form"].errors["jahr"]
        assert 'id="form-errors"' in response.text
    assert "rows" in client.get(_figures_url(bielefeld), {"jahr": first}).context
    # Without a year: the current one.
    assert client.get(_figures_url(bielefeld)).context["year"] == timezone.localdate().year


def test_the_figures_page_is_the_kis_and_the_coordination_offices(
    bielefeld: Centre, anna: User, lars: User, carla: User, mia: User, eva: User, verified_client
) -> None:
    assert verified_client(anna).get(_figures_url(bielefeld)).status_code == 200
    response = verified_client(lars).get(_figures_url(bielefeld))
    assert response.status_code == 200 and response.context["may_see_state"]
    for who in (carla, mia, eva):
        assert verified_client(who).get(_figures_url(bielefeld)).status_code == 404


def _state(client: Client, **query: object) -> object:
    return client.get(reverse("measures:state_figures"), query)


def test_the_state_view_shows_every_ki_with_queries_that_do_not_grow_with_the_kis(
    bielefeld: Centre, lars: User, verified_client
) -> None:
    client: Client = verified_client(lars)
    _record(bielefeld, date(2026, 2, 1))
    client.get(reverse("measures:state_figures"))  # the session's first queries
    with CaptureQueriesContext(connection) as one:
        response = _state(client, jahr=2026, zeitraum="h1")
    assert len(response.context["rows"]) == Centre.objects.count() == 54  # type: ignore[attr-defined]
    for centre in Centre.objects.exclude(pk=bielefeld.pk).order_by("pk")[:20]:
        _record(centre, date(2026, 2, 1))
    with CaptureQueriesContext(connection) as many:
        response = _state(client, jahr=2026, zeitraum="h1")
    assert len(many) == len(one)
    figures_ = measure_figures()
    # One query per figure and one for the KIs, whatever the KIs with records.
    assert len([q for q in many.captured_queries if "measures_" in q["sql"]]) == len(figures_)
    index = [f.code for f in figures_].index("measures.interpreter_assignments")
    counts = [row["values"][index] for row in response.context["rows"]]  # type: ignore[attr-defined]
    assert sorted(counts, reverse=True)[:21] == [1] * 21 and sum(counts) == 21
    assert response.context["totals"][index] == 21  # type: ignore[attr-defined]
    # The second half-year holds none of them.
    response = _state(client, jahr=2026, zeitraum="h2")
    assert response.context["totals"][index] == 0  # type: ignore[attr-defined]


def test_the_state_view_is_the_coordination_offices_alone(
    bielefeld: Centre, kai: User, anna: User, mia: User, bernd: User, eva: User, verified_client
) -> None:
    for who in (kai, anna, mia, bernd, eva):
        client: Client = verified_client(who)
        assert client.get(reverse("measures:state_figures")).status_code == 404
        url = reverse("measures:state_figures_export", args=["csv"])
        assert client.get(url).status_code == 404


def test_the_state_view_exports_a_row_per_ki_and_a_column_per_figure(
    bielefeld: Centre, lars: User, verified_client
) -> None:
    _record(bielefeld, date(2026, 2, 1), hours="1.25")
    client: Client = verified_client(lars)
    response = client.get(
        reverse("measures:state_figures_export", args=["csv"]), {"jahr": 2026, "zeitraum": "h1"}
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert len(rows) == 55 and len(rows[0]) == 2 + len(measure_figures())
    codes = [f.code for f in measure_figures()]
    line = next(r for r in rows if r[0] == bielefeld.name)
    assert line[1] == bielefeld.grantee.key
    assert line[2 + codes.index("measures.interpreter_hours")] == "1,25"
    assert line[2 + codes.index("measures.interpreter_assignments")] == "1"
    response = client.get(
        reverse("measures:state_figures_export", args=["xlsx"]), {"jahr": 2026, "zeitraum": "h1"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == bielefeld.name)
    assert values[2 + codes.index("measures.interpreter_hours")] == 1.25
    # A year out of bounds is refused with the message on the page, no file.
    response = client.get(reverse("measures:state_figures_export", args=["csv"]), {"jahr": 1900})
    assert response.status_code == 302


def test_the_panels_render_with_their_links(bielefeld: Centre, anna: User, kai: User) -> None:
    interpreting = pool(bielefeld, anna)
    assignment(interpreting, anna)
    counselling = log(bielefeld, anna)
    contact(counselling, anna, school(bielefeld, anna))
    for measure, link, shown in (
        (
            interpreting,
            reverse("measures:assignments", args=[bielefeld.pk, interpreting.pk]),
            "1,50",
        ),
        (
            counselling,
            reverse("measures:counselling", args=[bielefeld.pk, counselling.pk]),
            "Grundschule Sieker",
        ),
    ):
        panel = panels.panel_for(kai, measure)
        assert panel is not None
        html = render_to_string(panel["template"], panel["context"])
        assert link in html and shown in html
