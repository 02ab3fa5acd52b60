"""Checks the measures' services share: links to the KI's own partners and to
municipalities of its own area, bounded lists, records only on a measure that is not cancelled.
Reads; the services call them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from teilhabe.centres.models import Centre
from teilhabe.network.models import Organisation
from teilhabe.territory.models import Municipality

from .models import Measure, MeasureStatus

MAX_LINKS = 200  # partners or municipalities of one measure: bounded before any query


def _ids(values: Iterable[Any]) -> list[int]:
    try:
        ids = sorted({int(getattr(v, "pk", v)) for v in values})
    except (TypeError, ValueError):
        raise ValidationError(_("Choose from the list."), code="invalid_choice") from None
    if len(ids) > MAX_LINKS:
        raise ValidationError(_("Choose at most %(n)d.") % {"n": MAX_LINKS}, code="too_many")
    return ids


def checked_partners(centre: Centre, values: Iterable[Any]) -> list[int]:
    """Ids of the KI's own active partner organisations; anything else is refused."""
    ids = _ids(values)
    found = set(
        Organisation.objects.filter(
            centre=centre, pk__in=ids, is_active=True, merged_into__isnull=True
        ).values_list("pk", flat=True)
    )
    if found != set(ids):
        message = _("Choose partners of this KI's network.")
        raise ValidationError({"partners": ValidationError(message, code="unknown_partner")})
    return ids


def checked_municipalities(centre: Centre, values: Iterable[Any]) -> list[int]:
    """Ids of municipalities in the KI's own area; anything else is refused."""
    ids = _ids(values)
    found = set(centre.grantee.municipalities().filter(pk__in=ids).values_list("pk", flat=True))
    if found != set(ids):
        message = _("Choose municipalities of this KI's area.")
        raise ValidationError({"municipalities": ValidationError(message, code="outside_area")})
    return ids


def municipality_choices(centre: Centre) -> list[Municipality]:
    """The municipalities a KI's measures and records may name (its own area)."""
    return list(centre.grantee.municipalities().order_by("short_name"))


def refuse_if_cancelled(measure_id: int) -> None:
    """Records (groups, sessions, member schools, projects, assignments, counselling contacts)
    are added and changed only while their measure is not cancelled: a cancelled measure never
    counts in a figure, so an entry there would be lost work. A completed measure still takes
    late entries inside its period. The status is read under the measure's row lock, so an
    entry never slips in beside a cancellation saved at the same moment."""
    status = (
        Measure.objects.select_for_update(of=("self",))
        .filter(pk=measure_id)
        .values_list("status", flat=True)
        .first()
    )
    if status == MeasureStatus.CANCELLED:
        raise ValidationError(
            _("The measure is cancelled: no records can be added or changed any more."),
            code="measure_cancelled",
        )
