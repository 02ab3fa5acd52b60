"""The columns of the KI registry's export (CSV and XLSX, `core.exports`).

The registry is public: name, official key, grantee, address and contact are for everyone. The
head of each KI is added as the KI's page shows its staff (`access.may_see_staff_of`): by name to
whom sees the KI's staff list, as the pseudonyms of the management (head and deputy, as on the
page) to the evaluator, and not at all to whom sees no staff list. The current management of
every KI is prefetched in one query.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from teilhabe.core.exports import Column
from teilhabe.core.roles import AnyUser

from . import access
from .models import Centre, CentreQuerySet, StaffFunction, StaffMember

MANAGEMENT = (StaffFunction.HEAD, StaffFunction.DEPUTY_HEAD)


def with_management(centres: CentreQuerySet) -> CentreQuerySet:
    """The KIs with `current_management`: today's head and deputy head (one query)."""
    return centres.prefetch_related(
        Prefetch(
            "staff",
            queryset=StaffMember.objects.current()
            .filter(function__in=MANAGEMENT)
            .order_by("last_name", "first_name", "pk"),
            to_attr="current_management",
        )
    )


def _heads(user: AnyUser) -> Any:
    def names(centre: Centre) -> str:
        if not access.may_see_staff_of(user, centre.pk, centre.grantee.district_id):
            return ""
        management: list[StaffMember] = getattr(centre, "current_management", [])
        return "; ".join(str(m) for m in management if m.function == StaffFunction.HEAD)

    return names


def _pseudonyms(user: AnyUser) -> Any:
    def pseudonyms(centre: Centre) -> str:
        if not access.may_see_staff_of(user, centre.pk, centre.grantee.district_id):
            return ""
        management: list[StaffMember] = getattr(centre, "current_management", [])
        return "; ".join(sorted(access.pseudonymous(m).pseudonym for m in management))

    return pseudonyms


def centre_columns(user: AnyUser) -> list[Column]:
    """The registry's columns for `user`; the rows need `with_management` when the user sees
    staff (`access.may_see_any_staff`)."""
    columns = [
        Column(_("Name"), lambda c: c.name, width=36),
        Column(_("Official key"), lambda c: c.grantee.key, width=12),
        Column(_("Grantee (district or city)"), lambda c: c.grantee.name),
        Column(_("Kind"), lambda c: c.grantee.get_kind_display(), width=18),
        Column(_("Government region"), lambda c: c.grantee.district.regierungsbezirk.name),
        Column(_("Status"), lambda c: c.get_status_display(), width=12),
        Column(_("Opened on"), lambda c: c.opened_on, "date"),
        Column(_("Organisational attachment"), lambda c: c.attachment, width=40),
        Column(_("Street and number"), lambda c: c.street),
        Column(_("Postcode"), lambda c: c.postcode, width=10),
        Column(_("Place"), lambda c: c.city, width=20),
        Column(_("E-mail"), lambda c: c.email),
        Column(_("Telephone"), lambda c: c.phone, width=18),
        Column(_("Website"), lambda c: c.website),
    ]
    if access.staff_pseudonymised(user):
        columns.append(Column(_("Management (pseudonyms)"), _pseudonyms(user)))
    elif access.may_see_any_staff(user):
        columns.append(Column(_("Head of the KI"), _heads(user)))
    return columns
