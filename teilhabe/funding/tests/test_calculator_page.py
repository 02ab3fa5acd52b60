"""The public calculator page: the API's computation and error messages, on a form for people."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

URL = reverse("funding:calculator")


@pytest.fixture(autouse=True)
def _english(settings):  # type: ignore[no-untyped-def]
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def post(client, **fields):  # type: ignore[no-untyped-def]
    data = {
        "district": "05711",
        "period_start": "2027-01-01",
        "period_end": "2027-12-31",
        "interpreter_pool_cost": "",
        "positions-TOTAL_FORMS": "4",
        "positions-INITIAL_FORMS": "0",
        **fields,
    }
    return client.post(URL, data)


def test_anyone_computes_a_grant_with_german_number_formats(client, territory):
    response = post(
        client,
        **{
            "positions-0-category": "pedagogical",
            "positions-0-fte": "1,0",
            "positions-0-months": "12",
            "positions-0-annual_cost": "62.000,00",
            "positions-1-category": "assistant",
            "positions-1-fte": "0.5",
            "positions-1-months": "6",
            "positions-1-annual_cost": "30000",
            "interpreter_pool_cost": "60.000",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    # 57,000 + min(22,500, 30,000) x 6/12 = 11,250 + pool capped at 50,000 (2022 version).
    assert "118,250.00" in page
    assert "50,000.00" in page and "§ 8 TIntG NRW" in page


def test_it_shows_the_apis_errors_at_the_fields_and_keeps_the_input(client, territory):
    response = post(
        client,
        period_start="2011-01-01",
        period_end="2011-12-31",
        **{
            "positions-0-category": "pedagogical",
            "positions-0-fte": "1,5",
            "positions-0-months": "12",
            "positions-0-annual_cost": "62000",
            "positions-1-category": "administrative",
        },
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "Fill in every field of the row, or none." in page
    assert 'value="1,5"' in page


def test_it_refuses_a_period_without_a_guideline_in_force(client, territory):
    response = post(
        client,
        period_start="2011-01-01",
        period_end="2011-12-31",
        **{
            "positions-0-category": "pedagogical",
            "positions-0-fte": "1",
            "positions-0-months": "12",
            "positions-0-annual_cost": "62000",
        },
    )
    assert response.status_code == 422
    assert "No funding guideline version is in force on this date." in response.content.decode()


def test_it_puts_an_out_of_range_fte_on_its_row(client, territory):
    response = post(
        client,
        **{
            "positions-0-category": "pedagogical",
            "positions-0-fte": "1,5",
            "positions-0-months": "12",
            "positions-0-annual_cost": "62000",
        },
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert 'href="#id_positions-0-fte"' in page
    assert "more than 0 and at most 1" in page


def test_add_row_computes_nothing_and_keeps_everything(client, territory):
    response = post(client, add_row="1", **{"positions-0-fte": "0.5"})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="positions-4-fte"' in page and 'value="0.5"' in page
    assert "result-total" not in page


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("62.000", "62000"),
        ("62.000,50", "62000.50"),
        ("62000.50", "62000.50"),
        ("1.000.000", "1000000"),
        ("0,5", "0.5"),
    ],
)
def test_it_reads_money_as_people_type_it(typed: str, meant: str) -> None:
    from teilhabe.funding.forms.calculator import _plain

    assert _plain(typed, "annual_cost") == meant


def test_the_calculator_reads_numbers_as_the_page_writes_them_and_refuses_ambiguous_ones(
    client,
) -> None:
    from teilhabe.funding.forms.calculator import PositionRowForm

    form = PositionRowForm(
        {"category": "pedagogical", "fte": "0,75", "months": "12", "annual_cost": "62.000"}
    )
    assert form.is_valid(), form.errors
    assert form.values() == {
        "category": "pedagogical",
        "fte": "0.75",
        "months": "12",
        "annual_cost": "62000",
    }
    form = PositionRowForm(
        {"category": "pedagogical", "fte": "0,75", "months": "12", "annual_cost": "12,345,6"}
    )
    assert not form.is_valid()
    assert form.errors["annual_cost"][0].startswith("Write the number as this page does")
    too_long = PositionRowForm(
        {"category": "pedagogical", "fte": "1" * 100, "months": "12", "annual_cost": "1"}
    )
    assert not too_long.is_valid() and "fte" in too_long.errors
