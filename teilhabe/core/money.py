"""Money as text: German for people (1.234,56), plain for machines (1234.56).

`parse_decimal` is the one bounded number parser of every decimal input (money, full-time
equivalents, months): it refuses by the text's length and exponent before any `Decimal`
arithmetic, so no input ("1e999999999", a million digits) can hold a worker.
"""

from __future__ import annotations

import builtins
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext_lazy as _

# The one definition of a cent and of zero euros (with two places, as stored).
CENT = Decimal("0.01")
ZERO = Decimal("0.00")

# Bounds of every decimal input: the text is at most MAX_TEXT characters, an exponent at most
# three digits; what passes is exact in Decimal's default context (28 digits).
MAX_TEXT = 64
MAX_INT_BITS = 256  # an int beyond this is out of range without turning it into text
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?")

# Money as stored (DecimalField(max_digits=12, decimal_places=2)): at most 9.999.999.999,99.
MONEY_DIGITS = 12
MONEY_PLACES = 2


def plain(amount: Decimal | int | str) -> str:
    """Two decimals, half up, no grouping: how the API writes money."""
    return str(Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP))


def german(amount: Decimal | int | str) -> str:
    """Grouped by dots, decimal comma: how messages and documents write money (without 'EUR')."""
    return f"{Decimal(amount):,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")


def _refuse(field: str, message: Any, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _shown(value: Decimal, places: int) -> str:
    return formats.number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def parse_decimal(
    value: Any,
    field: str,
    *,
    max_digits: int,
    places: int,
    min: Decimal | None = None,
    max: Decimal | None = None,
    invalid_message: Any = None,
    places_code: str = "too_many_places",
    places_message: Any = None,
) -> Decimal:
    """A decimal from a string, int, float or Decimal, or a ValidationError on `field`.

    `invalid_number`: not a plain decimal (bool, NaN, infinity, text longer than MAX_TEXT, an
    exponent of more than three digits); `out_of_range`: more than `max_digits - places` digits
    before the point, or outside `min`..`max`; `places_code`: more than `places` decimals.
    The result has exactly `places` decimals.
    """
    assert 0 <= places <= max_digits <= 28
    invalid = _refuse(field, invalid_message or _("Enter a number."), "invalid_number")
    largest = Decimal(10) ** (max_digits - places) - Decimal(1).scaleb(-places)
    upper = largest if max is None else builtins.min(max, largest)
    lower = -largest if min is None else builtins.max(min, -largest)
    out_of_range = _refuse(
        field,
        _("Enter a value between %(min)s and %(max)s.")
        % {"min": _shown(lower, places), "max": _shown(upper, places)},
        "out_of_range",
    )
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        raise invalid
    if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
        raise out_of_range
    text = value.strip() if isinstance(value, str) else str(value)
    if len(text) > MAX_TEXT or not _NUMBER.fullmatch(text):
        raise invalid
    number = Decimal(text)  # exact and cheap: at most MAX_TEXT digits, exponent below 1000
    if number and number.adjusted() >= max_digits - places:
        raise out_of_range
    step = Decimal(1).scaleb(-places)
    rounded = number.quantize(step)  # safe: the magnitude is bounded above
    if rounded != number:
        raise _refuse(
            field,
            places_message
            or (
                _("Enter a whole number.")
                if places == 0
                else _("Enter at most %(places)s decimal places.") % {"places": places}
            ),
            places_code,
        )
    if not lower <= rounded <= upper:
        raise out_of_range
    return rounded


def parse(value: Decimal | int | str, field: str) -> Decimal:
    """An amount in whole cents from a service's caller, or a ValidationError on `field`
    (`invalid_number`, `invalid_cents`, `out_of_range` beyond what is stored). The sign is the
    caller's rule."""
    return parse_decimal(
        value,
        field,
        max_digits=MONEY_DIGITS,
        places=MONEY_PLACES,
        invalid_message=_("Enter an amount in euros."),
        places_code="invalid_cents",
        places_message=_("Enter whole cents at most."),
    )
