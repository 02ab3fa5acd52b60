"""Permission-checked reads of KIs and their staff. Forbidden answers like missing: 404."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404

from teilhabe.core import roles
from teilhabe.core.pseudonyms import pseudonym
from teilhabe.core.roles import AnyUser

from .models import (
    Centre,
    CentreQuerySet,
    GeneralisedFunction,
    PositionCategory,
    StaffFunction,
    StaffMember,
)

# Roles that see the staff of every KI by name.
STAFF_DIRECTORY_ROLES = frozenset(
    {
        roles.Role.GRANT_OFFICER,
        roles.Role.GRANT_APPROVER,
        roles.Role.MINISTRY,
        roles.Role.COORDINATION,
    }
)


def may_edit_centre(user: AnyUser, centre_id: int) -> bool:
    """The KI's own staff maintain its registry data and staff list."""
    return roles.is_centre_member(user, centre_id)


def may_see_staff_of(user: AnyUser, centre_id: int, district_id: int) -> bool:
    """Who sees a KI's staff list (names, FTE, periods): the directory roles and the evaluator
    (pseudonymised), the KI itself and its district's school authority."""
    if roles.role_of(user) in STAFF_DIRECTORY_ROLES | {roles.Role.EVALUATOR}:
        return True
    return roles.is_centre_member(user, centre_id) or roles.is_district_member(user, district_id)


def may_see_any_staff(user: AnyUser) -> bool:
    """Whether `user` sees the staff list of at least one KI (`may_see_staff_of`)."""
    if roles.role_of(user) in STAFF_DIRECTORY_ROLES | {roles.Role.EVALUATOR}:
        return True
    return roles.centre_id_of(user) is not None or roles.district_id_of(user) is not None


def staff_pseudonymised(user: AnyUser) -> bool:
    """The evaluator sees staff structure, never names (pseudonymised read)."""
    return roles.role_of(user) == roles.Role.EVALUATOR


def centres_visible_to(user: AnyUser) -> CentreQuerySet:
    """The registry of KIs (name, address, contact) is public."""
    return Centre.objects.for_listing()


def centre_for(user: AnyUser, pk: int) -> Centre:
    return get_object_or_404(centres_visible_to(user), pk=pk)


def centre_for_edit(user: AnyUser, pk: int) -> Centre:
    """The KI if `user` may change its data; 404 otherwise, never 403."""
    centre = get_object_or_404(Centre.objects.for_listing(), pk=pk)
    if not may_edit_centre(user, centre.pk):
        raise Http404
    return centre


def may_see_staff(user: AnyUser, centre: Centre) -> bool:
    return may_see_staff_of(user, centre.pk, centre.grantee.district_id)


def staff_of(user: AnyUser, centre: Centre) -> QuerySet[StaffMember] | None:
    """The KI's staff list, or None if `user` may not see it."""
    if not may_see_staff(user, centre):
        return None
    rank = Case(
        When(function=StaffFunction.HEAD, then=Value(0)),
        When(function=StaffFunction.DEPUTY_HEAD, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return centre.staff.order_by(rank, "last_name", "first_name")


@dataclass(frozen=True)
class PseudonymousStaff:
    """A staff member as the evaluator sees them: a keyed pseudonym instead of name and id, the
    function generalised (head and deputy are management) and the years instead of the dates."""

    pseudonym: str
    function: GeneralisedFunction
    category: PositionCategory
    fte: Decimal
    start_year: int
    end_year: int | None

    @property
    def function_label(self) -> str:
        return str(self.function.label)

    @property
    def category_label(self) -> str:
        return str(self.category.label)


def pseudonymous(member: StaffMember) -> PseudonymousStaff:
    return PseudonymousStaff(
        pseudonym=pseudonym("staff", member.pk),
        function=GeneralisedFunction.MEMBER
        if member.function == StaffFunction.MEMBER
        else GeneralisedFunction.MANAGEMENT,
        category=PositionCategory(member.category),
        fte=member.fte,
        start_year=member.start_date.year,
        end_year=member.end_date.year if member.end_date else None,
    )


def pseudonymous_staff_of(user: AnyUser, centre: Centre) -> list[PseudonymousStaff] | None:
    """The staff list for the evaluator, or None if `user` may not see it. Ordered by the
    generalised function and the pseudonym: an order by head first would single the head out."""
    staff = staff_of(user, centre)
    if staff is None:
        return None
    rows = [pseudonymous(m) for m in staff]
    return sorted(rows, key=lambda r: (r.function != GeneralisedFunction.MANAGEMENT, r.pseudonym))


def staff_member_for_edit(user: AnyUser, centre: Centre, pk: int) -> StaffMember:
    member = get_object_or_404(StaffMember.objects.select_related("centre"), pk=pk, centre=centre)
    if not may_edit_centre(user, member.centre_id):
        raise Http404
    return member
