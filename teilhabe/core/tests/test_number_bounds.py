"""The one bounded number parser (`money.parse_decimal`) and the form field built on it refuse
hostile numbers at once, with a stable code, before any arithmetic (issue 16)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import HealthCheck, given, settings

from teilhabe.core import money
from teilhabe.core.forms import BoundedDecimalField

from .hostile import EXAMPLES, hostile_numbers, timed

CODES = {"invalid_number", "out_of_range", "too_many_places", "invalid_cents"}


def code_of(call: Any) -> str | None:
    try:
        timed(call)
    except ValidationError as exc:
        [error] = exc.error_dict["x"]
        return error.code
    return None


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("1e999999999", "invalid_number"),  # exponent beyond three digits
        ("1E+1000000", "invalid_number"),
        ("1e308", "out_of_range"),
        (1e308, "out_of_range"),
        (10**30, "out_of_range"),
        (10**4000, "out_of_range"),  # refused by its bit length, never turned into text
        ("9" * 5000, "invalid_number"),  # longer than MAX_TEXT
        ("1e-999", "invalid_cents"),
        ("0.001", "invalid_cents"),
        ("NaN", "invalid_number"),
        (float("inf"), "invalid_number"),
        (True, "invalid_number"),
        ("١٢٣", "invalid_number"),
        ("10000000000", "out_of_range"),  # one more than the 12 digits stored
        ("9999999999.99", None),
        ("0e999", None),
        (" 62000.5 ", None),
    ],
)
def test_money_parse_refuses_before_arithmetic(value, code):
    assert code_of(lambda: money.parse(value, "x")) == code


def test_it_keeps_the_callers_bounds():
    def parse(v: str) -> Decimal:
        return money.parse_decimal(
            v, "x", max_digits=5, places=2, min=Decimal("0.01"), max=Decimal(1)
        )

    assert parse("1") == Decimal("1.00")
    assert code_of(lambda: parse("1.01")) == "out_of_range"
    assert code_of(lambda: parse("0")) == "out_of_range"
    with translation.override("de"), pytest.raises(ValidationError) as exc:
        parse("2")
    assert exc.value.messages == ["Geben Sie einen Wert zwischen 0,01 und 1,00 ein."]


@settings(max_examples=300, deadline=None)
@given(value=hostile_numbers)
def test_any_number_is_judged_within_a_second(value):
    try:
        result = timed(lambda: money.parse_decimal(value, "x", max_digits=12, places=2))
    except ValidationError as exc:
        assert {e.code for e in exc.error_dict["x"]} <= CODES
    else:
        assert result.is_finite() and abs(result) < 10**10
        assert result.as_tuple().exponent == -2


class MoneyForm(forms.Form):
    amount = BoundedDecimalField(max_digits=12, decimal_places=2, localize=True)
    fte = BoundedDecimalField(max_digits=3, decimal_places=2, min_value=Decimal("0.01"))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=hostile_numbers)
def test_a_form_field_answers_a_german_field_error_within_a_second(value):
    text = value if isinstance(value, str) else str(value)
    with translation.override("de"):
        form = MoneyForm({"amount": text, "fte": text})
        valid = timed(form.is_valid)
    if not text.strip():
        assert set(form.errors) == {"amount", "fte"}  # both required
        return
    for name in ("amount", "fte"):
        if name in form.errors:
            assert all(m and "Enter" not in m for m in form.errors[name]), form.errors
        else:
            assert form.cleaned_data[name].as_tuple().exponent == -2  # exactly two places
    assert valid == (not form.errors)


@pytest.mark.parametrize("value", EXAMPLES)
def test_the_issue_examples_are_refused_by_a_form_field(value):
    with translation.override("de"):
        form = MoneyForm({"amount": str(value), "fte": str(value)})
        assert not timed(form.is_valid)
    # Django's own DecimalField lets "0e999999999" (as 0E+999999999) and "١٢٣" through.
    assert set(form.errors) == {"amount", "fte"}
