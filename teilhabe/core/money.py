"""Money as text: German for people (1.234,56), plain for machines (1234.56)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The one definition of a cent and of zero euros (with two places, as stored).
CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def plain(amount: Decimal | int | str) -> str:
    """Two decimals, half up, no grouping: how the API writes money."""
    return str(Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP))


def german(amount: Decimal | int | str) -> str:
    """Grouped by dots, decimal comma: how messages and documents write money (without 'EUR')."""
    return f"{Decimal(amount):,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")


def parse(value: Decimal | int | str, field: str) -> Decimal:
    """An amount in whole cents from a service's caller, or a ValidationError on `field`
    (`invalid_number`, `invalid_cents`). The sign is the caller's rule."""
    try:
        amount = Decimal(str(value).strip()) if not isinstance(value, Decimal) else value
    except (ArithmeticError, ValueError, TypeError) as exc:
        raise ValidationError(
            {field: ValidationError(_("Enter an amount in euros."), code="invalid_number")}
        ) from exc
    if not amount.is_finite():
        raise ValidationError(
            {field: ValidationError(_("Enter an amount in euros."), code="invalid_number")}
        )
    if amount != amount.quantize(CENT):
        raise ValidationError(
            {field: ValidationError(_("Enter whole cents at most."), code="invalid_cents")}
        )
    return amount.quantize(CENT)
