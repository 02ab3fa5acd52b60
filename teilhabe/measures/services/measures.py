"""Writes to the measures and the catalogue. Each function checks its caller itself (`require`
with a rule of `access`), is atomic, validates, and records one audit event with the changed
fields (links to partners and municipalities as lists of ids)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from teilhabe.centres.models import Centre
from teilhabe.core import audit
from teilhabe.core.actions import require

from .. import access
from ..models import Measure, ProgrammeType
from ..validation import checked_municipalities, checked_partners, reject_unknown

if TYPE_CHECKING:
    from teilhabe.accounts.models import User

MEASURE_FIELDS = (
    "programme_type",
    "title",
    "goals",
    "starts_on",
    "ends_on",
    "location_notes",
    "budget",
    "funding_source",
    "funding_notes",
)
LINK_FIELDS = ("partners", "municipalities")


def _check_programme(programme: ProgrammeType, *, before: ProgrammeType | None) -> None:
    if not programme.is_active and (before is None or before.pk != programme.pk):
        message = _("This programme is no longer offered for new measures.")
        raise ValidationError(
            {"programme_type": ValidationError(message, code="programme_inactive")}
        )


def _validated_links(centre: Centre, data: dict[str, Any]) -> dict[str, list[int]]:
    links: dict[str, list[int]] = {}
    errors: dict[str, Any] = {}
    for name, check in (
        ("partners", checked_partners),
        ("municipalities", checked_municipalities),
    ):
        if name in data:
            try:
                links[name] = check(centre, data[name])
            except ValidationError as e:
                errors.update(e.error_dict if hasattr(e, "error_dict") else {name: e})
    if errors:
        raise ValidationError(errors)
    return links


@transaction.atomic
def add_measure(centre: Centre, *, by: User, data: dict[str, Any]) -> Measure:
    """Add a measure to the KI (status `planned`); `data` holds MEASURE_FIELDS and, as lists of
    organisations or municipalities (or their ids), `partners` and `municipalities`."""
    require(by, access.may_manage_measures, centre.pk)
    reject_unknown(data, (*MEASURE_FIELDS, *LINK_FIELDS))
    fields = {k: v for k, v in data.items() if k in MEASURE_FIELDS}
    measure = Measure(centre=centre, **fields)
    errors: dict[str, Any] = {}
    try:
        measure.full_clean()
    except ValidationError as e:
        errors.update(e.error_dict)
    if "programme_type" not in errors and measure.programme_type_id is not None:
        try:
            _check_programme(measure.programme_type, before=None)
        except ValidationError as e:
            errors.update(e.error_dict)
    try:
        links = _validated_links(centre, data)
    except ValidationError as e:
        errors.update(e.error_dict)
    if errors:
        raise ValidationError(errors)
    measure.save()
    changes = audit.created(measure, fields)
    for name, ids in links.items():
        getattr(measure, name).set(ids)
        if ids:
            changes[name] = {"from": None, "to": ids}
    audit.record(measure, "measure.added", actor=by, changes=changes, centre_id=centre.pk)
    return measure
