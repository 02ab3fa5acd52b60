"""`{{ value|figure }}`: a figure's value in the page's language, hours with two decimals
(`1.234,50`) and counts without (`1.234`), so one column never mixes `6` and `7,50`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def figure(value: Any) -> str:
    if value is None or value == "":
        return "–"
    places = 2 if isinstance(value, Decimal | float) else 0
    return formats.number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)
