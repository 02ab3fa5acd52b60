"""The public interest calculator page and the base-rate table page (German by default)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

CALCULATOR = reverse("proofs:interest_calculator")
RATES = reverse("proofs:base_rates")


@pytest.fixture(autouse=True)
def _english(settings):  # messages in the msgid language (the catalogues are the lead's)
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def test_anyone_computes_interest_with_german_numbers_and_dates(client):
    response = client.post(
        CALCULATOR, {"amount": "10.000,00", "start": "15.06.2024", "until": "15.07.2024"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "53.38 EUR" in page  # English page: 1,234.56; the German one writes 53,38
    assert "16.06.2024" in page and "30.06.2024" in page and "01.07.2024" in page
    assert "<caption" in page and "§ 49a Abs. 3 VwVfG NRW" in page
    assert 'value="10.000,00"' in page  # the input stays as typed


def test_the_german_page_writes_german_numbers(client, settings):
    settings.LANGUAGE_CODE = "de"
    with translation.override("de"):
        response = client.post(
            CALCULATOR, {"amount": "100000", "start": "2024-06-15", "until": "2024-07-15"}
        )
    page = response.content.decode()
    assert response.status_code == 200
    assert "533,84" in page  # 100.000 EUR: 272,05… + 261,78… = 533,835… → 533,84
    assert "6,62" in page and "3,37" in page


def test_errors_sit_at_their_fields_and_keep_the_input(client):
    response = client.post(
        CALCULATOR, {"amount": "1.234,5,6", "start": "15.07.2024", "until": "15.06.2024"}
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "Enter an amount of more than 0" in page
    assert 'value="1.234,5,6"' in page
    # The amount is refused by the form already: the dates' order is the API's to judge next.
    response = client.post(
        CALCULATOR, {"amount": "500", "start": "15.07.2024", "until": "15.06.2024"}
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "The end date must not lie before the start date." in page
    assert 'href="#id_until"' in page  # the error summary links to the field


def test_a_day_without_base_rate_is_named(client):
    response = client.post(
        CALCULATOR, {"amount": "500", "start": "01.06.2026", "until": "01.12.2026"}
    )
    assert response.status_code == 422
    assert "no rate for 01.07.2026" in response.content.decode()


def test_zero_days_say_so(client):
    response = client.post(
        CALCULATOR, {"amount": "500", "start": "01.06.2025", "until": "01.06.2025"}
    )
    assert response.status_code == 200
    assert "No day earns interest" in response.content.decode()


def test_the_empty_form_says_what_is_missing(client):
    response = client.post(CALCULATOR, {})
    assert response.status_code == 422
    assert response.content.decode().count("This field is required.") >= 3


def test_the_base_rate_page_lists_every_rate_with_source_in_one_query(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(RATES)
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("Bundesbank") >= 29
    assert "01.01.2026" in page and "30.06.2026" in page  # the last rate, its half-year only
    assert "-0.88" in page and "31.12.2022" in page
    assert CALCULATOR in page
    selects = [q for q in queries.captured_queries if "proofs_baserate" in q["sql"]]
    assert len(selects) == 1


def test_the_pages_link_each_other(client):
    assert RATES in client.get(CALCULATOR).content.decode()
    assert CALCULATOR in client.get(RATES).content.decode()


def test_visitors_find_the_calculator_on_the_start_page(client):
    page = client.get(reverse("pages:start")).content.decode()
    assert CALCULATOR in page and reverse("funding:calculator") in page
