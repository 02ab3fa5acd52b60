"""Writes to the KI registry. Each function checks its caller's permission itself
(`access.may_edit_centre`, through `core.actions.require`), is atomic, validates, and records one
audit event."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction

from teilhabe.core import audit
from teilhabe.core.actions import reject_unknown, require
from teilhabe.territory.models import Grantee

from . import access
from .models import Centre, CentreStatus, StaffMember

if TYPE_CHECKING:
    from teilhabe.accounts.models import User

CENTRE_EDITABLE_FIELDS = (
    "name",
    "status",
    "opened_on",
    "attachment",
    "street",
    "postcode",
    "city",
    "email",
    "phone",
    "website",
)
STAFF_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "function",
    "category",
    "fte",
    "start_date",
    "end_date",
)


@dataclass(frozen=True)
class EnsureResult:
    total: int
    created: int


@transaction.atomic
def ensure_centres() -> EnsureResult:
    """One KI for every grantee that has none yet (reference data: no actor, not audited)."""
    missing = Grantee.objects.filter(centre__isnull=True)
    new = [
        Centre(
            grantee=grantee,
            name=f"Kommunales Integrationszentrum {grantee.name}",
            status=CentreStatus.ACTIVE,
        )
        for grantee in missing
    ]
    Centre.objects.bulk_create(new)
    return EnsureResult(total=Centre.objects.count(), created=len(new))


@transaction.atomic
def update_centre(centre: Centre, *, by: User, data: dict[str, Any]) -> Centre:
    """Change a KI's registry data (name, status, attachment, address, contact)."""
    require(by, access.may_edit_centre, centre.pk)
    reject_unknown(data, CENTRE_EDITABLE_FIELDS)
    centre = Centre.objects.select_for_update().get(pk=centre.pk)
    before = audit.snapshot(centre, data)
    for name, value in data.items():
        setattr(centre, name, value)
    centre.full_clean()
    changes = audit.diff(before, audit.snapshot(centre, data))
    if not changes:
        return centre
    centre.save(update_fields=[*changes, "updated_at"])
    audit.record(centre, "centre.updated", actor=by, changes=changes, centre_id=centre.pk)
    return centre


@transaction.atomic
def add_staff_member(centre: Centre, *, by: User, data: dict[str, Any]) -> StaffMember:
    """Add a person to a KI's staff list."""
    require(by, access.may_edit_centre, centre.pk)
    reject_unknown(data, STAFF_FIELDS)
    member = StaffMember(centre=centre, **data)
    member.full_clean()
    member.save()
    audit.record(
        member,
        "staff.added",
        actor=by,
        changes=audit.created(member, data),
        centre_id=centre.pk,
    )
    return member


@transaction.atomic
def update_staff_member(member: StaffMember, *, by: User, data: dict[str, Any]) -> StaffMember:
    """Change a staff member's details; ending a position is setting `end_date`."""
    member = StaffMember.objects.select_for_update().get(pk=member.pk)
    require(by, access.may_edit_centre, member.centre_id)  # the KI the locked row belongs to
    reject_unknown(data, STAFF_FIELDS)
    before = audit.snapshot(member, data)
    for name, value in data.items():
        setattr(member, name, value)
    member.full_clean()
    changes = audit.diff(before, audit.snapshot(member, data))
    if not changes:
        return member
    member.save(update_fields=list(changes))
    audit.record(member, "staff.updated", actor=by, changes=changes, centre_id=member.centre_id)
    return member
