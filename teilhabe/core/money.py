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
from django.utils import formats, translation
from django.utils.translation import gettext_lazy as _

# The one definition of a cent and of zero euros (with two places, as stored).
CENT = Decimal("0.01")
ZERO = Decimal("0.00")

# Bounds of every decimal input: the text is at most MAX_TEXT characters, an exponent at most
# three digits; what passes is exact in Decimal's default context (28 digits).
MAX_TEXT = 64
MAX_INT_BITS = 256  # an int beyond this is out of range without turning it into text
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?")

# How people write a number on a German page: groups of three digits parted by dots or spaces, a
# decimal comma ("22.000.000,00", "1 234,56", "0,75"); a single dot between digits otherwise is a
# decimal point ("0.75", as a browser's number field sends it).
_GROUPED = re.compile(r"[+-]?[1-9][0-9]{0,2}(?:\.[0-9]{3})+(?:,[0-9]*)?")
_SPACED = re.compile(r"[+-]?[1-9][0-9]{0,2}(?: [0-9]{3})+(?:[,.][0-9]*)?")
_COMMA = re.compile(r"[+-]?(?:[0-9]+,[0-9]*|,[0-9]+)")
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " "})

# Money as stored (DecimalField(max_digits=12, decimal_places=2)): at most 9.999.999.999,99.
MONEY_DIGITS = 12
MONEY_PLACES = 2


def plain(amount: Decimal | int | str) -> str:
    """Two decimals, half up, no grouping: how the API writes money."""
    return str(Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP))


def german(amount: Decimal | int | str) -> str:
    """Grouped by dots, decimal comma: how messages and documents write money (without 'EUR')."""
    return f"{Decimal(amount):,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")


def localized(amount: Decimal | int | str) -> str:
    """Money in the active language's way: 1.234,56 in German, 1,234.56 in English (mails and
    messages that are written once per language; templates use `floatformat:"2g"`)."""
    if (translation.get_language() or "de").startswith("de"):
        return german(amount)
    return f"{Decimal(amount):,.2f}"


def german_to_plain(text: str, field: str) -> str:
    """A number as a German page writes it, in plain form for `parse_decimal`: "22.000.000,00"
    → "22000000.00", "1 234,56" → "1234.56", "0,75" → "0.75"; "0.75" and "1e3" pass unchanged.
    `ambiguous_number` where the dots and commas allow no single reading ("1.234.5", "1,234.5").
    Call it with text of at most MAX_TEXT characters."""
    written = text.strip().translate(_SPACES)
    if _GROUPED.fullmatch(written):
        return written.replace(".", "").replace(",", ".")
    if _SPACED.fullmatch(written):
        return written.replace(" ", "").replace(",", ".")
    if _COMMA.fullmatch(written):
        return written.replace(",", ".")
    if "," in written or " " in written or written.count(".") > 1:
        raise _refuse(
            field,
            _(
                "Write the number as this page does, e.g. 1.234,56: dots or spaces only between "
                "groups of three digits, a comma before the decimal places."
            ),
            "ambiguous_number",
        )
    return written


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
    german: bool = False,
) -> Decimal:
    """A decimal from a string, int, float or Decimal, or a ValidationError on `field`.

    `invalid_number`: not a plain decimal (bool, NaN, infinity, text longer than MAX_TEXT, an
    exponent of more than three digits); `out_of_range`: more than `max_digits - places` digits
    before the point, or outside `min`..`max`; `places_code`: more than `places` decimals.
    The result has exactly `places` decimals. `german`: text as a German page writes it is
    understood too (`german_to_plain`: "1.234,56"; `ambiguous_number` for "1.234.5").
    """
    assert 0 <= places <= max_digits <= 28
    invalid = _refuse(field, invalid_message or _("Enter a number."), "invalid_number")
    whole_digits = max_digits - places
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
    too_many_digits = _refuse(
        field,
        _("This number has too many digits: at most %(digits)s before the comma.")
        % {"digits": whole_digits}
        if places
        else _("This number has too many digits: at most %(digits)s.") % {"digits": whole_digits},
        "out_of_range",
    )
    if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
        raise too_many_digits
    text = value.strip() if isinstance(value, str) else str(value)
    if len(text) > MAX_TEXT:
        raise invalid
    if german and isinstance(value, str):
        text = german_to_plain(text, field)
    if not _NUMBER.fullmatch(text):
        raise invalid
    number = Decimal(text)  # exact and cheap: at most MAX_TEXT digits, exponent below 1000
    if number and number.adjusted() >= whole_digits:
        raise too_many_digits
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
