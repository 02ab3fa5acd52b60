"""Writes of the proofs of use. So far: the ministry enters a base rate (§ 247 BGB)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from teilhabe.core import audit, money
from teilhabe.core.actions import require

from . import access, interest
from .models import MAX_RATE, MIN_RATE, BaseRate

if TYPE_CHECKING:
    from teilhabe.accounts.models import User

FIELDS = ["valid_from", "rate", "source"]


@transaction.atomic
def add_base_rate(*, by: User, valid_from: date, rate: Decimal | str, source: str) -> BaseRate:
    """Enter the base rate valid from `valid_from` (a 1 January or 1 July), in percent with at
    most two decimals between -10 and +20, with its source. An entered rate is never changed:
    interest computed with it must stay reproducible.

    Refusals: `not_half_year_start`, `duplicate` (that half-year has its rate), `out_of_range`,
    `too_many_places`, `invalid_number`, `required` (no source)."""
    require(by, access.may_keep_base_rates)
    errors: dict[str, list[ValidationError]] = {}
    if not interest.is_half_year_start(valid_from):
        errors["valid_from"] = [
            ValidationError(
                _("A base rate changes on 1 January or 1 July only."), code="not_half_year_start"
            )
        ]
    elif BaseRate.objects.filter(valid_from=valid_from).exists():
        errors["valid_from"] = [_duplicate()]
    try:
        value = money.parse_decimal(
            rate, "rate", max_digits=4, places=2, min=MIN_RATE, max=MAX_RATE
        )
    except ValidationError as e:
        errors.update(e.error_dict)
    if not (source or "").strip():
        errors["source"] = [ValidationError(_("Name the source of the rate."), code="required")]
    if errors:
        raise ValidationError(errors)
    row = BaseRate(valid_from=valid_from, rate=value, source=source.strip())
    row.full_clean()
    try:
        with transaction.atomic():  # two entries of one half-year at once: the second is refused
            row.save()
    except IntegrityError:
        raise ValidationError({"valid_from": [_duplicate()]}) from None
    audit.record(row, "base_rate.added", actor=by, changes=audit.created(row, FIELDS))
    return row


def _duplicate() -> ValidationError:
    return ValidationError(
        _("This half-year has its base rate already; an entered rate is never changed."),
        code="duplicate",
    )
