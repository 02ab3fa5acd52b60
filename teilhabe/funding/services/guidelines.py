"""Writes to the funding guidelines: the ministry's (`access.may_manage_guidelines`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teilhabe.core import audit
from teilhabe.core.actions import require
from teilhabe.funding import access
from teilhabe.funding.models import Guideline, PositionGroup

if TYPE_CHECKING:
    from teilhabe.accounts.models import User


@transaction.atomic
def add_guideline_version(
    *,
    by: User,
    code: str,
    title: str,
    valid_from: date,
    valid_until: date | None = None,
    citation: str,
    specialist_amount: Decimal,
    assistant_amount: Decimal,
    annual_cap_kreis: Decimal | None,
    annual_cap_kreisfreie_stadt: Decimal | None,
    interpreter_pool_cap: Decimal | None,
    in_kind_teachers: int,
    in_kind_value: Decimal,
    groups: Iterable[Mapping[str, Any]],
    assumptions: str = "",
    concept_max_age_years: int | None = None,
) -> Guideline:
    """Add a guideline version; validity periods never overlap.

    An open-ended predecessor is closed the day before the new version starts, but only if that
    day is not in the past: a period already computed under a version stays under it.
    """
    require(by, access.may_manage_guidelines)
    if valid_until is not None and valid_until < valid_from:
        raise ValidationError(
            {"valid_until": ValidationError(_("Ends before it starts."), code="invalid_range")}
        )
    versions = Guideline.objects.select_for_update().order_by("valid_from")
    open_ended = versions.filter(valid_until__isnull=True, valid_from__lt=valid_from).first()
    if open_ended is not None:
        day_before = valid_from - timedelta(days=1)
        if day_before < timezone.localdate():
            raise ValidationError(
                {
                    "valid_from": ValidationError(
                        _("A new version cannot start in the past while another is in force."),
                        code="guideline_in_force",
                    )
                }
            )
        before = audit.snapshot(open_ended, ["valid_until"])
        open_ended.valid_until = day_before
        open_ended.save(update_fields=["valid_until"])
        audit.record(
            open_ended,
            "guideline.ended",
            actor=by,
            changes=audit.diff(before, audit.snapshot(open_ended, ["valid_until"])),
        )
    overlap = Q(valid_until__isnull=True) | Q(valid_until__gte=valid_from)
    if valid_until is not None:
        overlap &= Q(valid_from__lte=valid_until)
    if versions.filter(overlap).exists():
        raise ValidationError(
            {
                "valid_from": ValidationError(
                    _("The validity overlaps another guideline version."),
                    code="guideline_overlap",
                )
            }
        )
    guideline = Guideline(
        code=code,
        title=title,
        valid_from=valid_from,
        valid_until=valid_until,
        citation=citation,
        specialist_amount=specialist_amount,
        assistant_amount=assistant_amount,
        annual_cap_kreis=annual_cap_kreis,
        annual_cap_kreisfreie_stadt=annual_cap_kreisfreie_stadt,
        interpreter_pool_cap=interpreter_pool_cap,
        in_kind_teachers=in_kind_teachers,
        in_kind_value=in_kind_value,
        assumptions=assumptions,
        concept_max_age_years=concept_max_age_years,
    )
    guideline.full_clean()
    guideline.save()
    for group in groups:
        PositionGroup.objects.create(guideline=guideline, **group)
    audit.record(
        guideline,
        "guideline.added",
        actor=by,
        changes=audit.created(
            guideline, ["code", "valid_from", "valid_until", "specialist_amount"]
        ),
    )
    return guideline
