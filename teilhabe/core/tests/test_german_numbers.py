"""Every money and FTE field accepts what the pages themselves show: German grouping and the
decimal comma, through the one parser (`money.parse_decimal`, german=True); ambiguous writing
and too many digits are refused in plain words."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import floatformat
from django.utils import formats, translation
from hypothesis import given
from hypothesis import strategies as st

from teilhabe.centres.forms import StaffMemberForm
from teilhabe.core import money
from teilhabe.core.forms import BoundedDecimalField
from teilhabe.funding.forms.applications import PositionForm
from teilhabe.funding.forms.budget import money_field

MONEY = BoundedDecimalField(max_digits=12, decimal_places=2)
FTE = BoundedDecimalField(max_digits=3, decimal_places=2)


def _clean(field: forms.Field, text: str) -> Any:
    with translation.override("de"):
        return field.clean(text)


def _error(field: forms.Field, text: str) -> tuple[str, str]:
    with translation.override("de"), pytest.raises(ValidationError) as exc:
        field.clean(text)
    [error] = exc.value.error_list
    return error.code or "", str(error.message % (error.params or {}))


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("22.000.000,00", Decimal("22000000.00")),
        ("1.234,5", Decimal("1234.50")),
        ("1 234,56", Decimal("1234.56")),
        ("1\u00a0234,56", Decimal("1234.56")),  # as number_format writes it in some locales
        ("62.000", Decimal("62000.00")),  # German thousands without cents
        ("0,75", Decimal("0.75")),
        ("0.75", Decimal("0.75")),
        (",5", Decimal("0.50")),
        ("-1.234,56", Decimal("-1234.56")),
        ("1234.56", Decimal("1234.56")),
    ],
)
def test_money_fields_read_what_the_page_writes(text, amount):
    assert _clean(MONEY, text) == amount
    assert _clean(money_field("x"), text) == amount  # a localized form field alike


@pytest.mark.parametrize("text", ["1.234.5", "1,234.56", "1,2,3", "12.34.567", "1 23,4", "1.23,4"])
def test_ambiguous_numbers_are_refused_with_a_way_out(text):
    code, message = _error(MONEY, text)
    assert code == "ambiguous_number"
    assert "1.234,56" in message and "Komma" in message


def test_too_many_digits_is_said_plainly():
    assert _error(MONEY, "12.345.678.901,00") == (
        "out_of_range",
        "Die Zahl hat zu viele Stellen: höchstens 10 vor dem Komma.",
    )
    assert _error(MONEY, "1,234")[0] == "too_many_places"


@pytest.mark.parametrize("text", ["0,75", "0.75", "1", "1,0"])
def test_fte_fields_of_the_forms_accept_comma_and_point(text):
    for form_class in (StaffMemberForm, PositionForm):
        field = form_class.base_fields["fte"]
        assert _clean(field, text) == Decimal(text.replace(",", "."))


MONEY_VALUES = st.decimals(
    min_value=Decimal("-9999999999.99"), max_value=Decimal("9999999999.99"), places=2
)
FTE_VALUES = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9.99"), places=2)


@given(MONEY_VALUES)
def test_every_amount_the_page_shows_parses_back_to_itself(amount):
    with translation.override("de"):
        shown = [
            money.german(amount),
            money.plain(amount),
            formats.number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True),
            formats.localize(amount),
        ]
    for text in shown:
        assert _clean(MONEY, text) == amount, text


@given(FTE_VALUES)
def test_every_fte_the_page_shows_parses_back_to_itself(fte):
    with translation.override("de"):
        shown = [floatformat(fte, "-2"), floatformat(fte, "2g"), formats.localize(fte), str(fte)]
    for text in shown:
        assert _clean(FTE, text) == fte, text
