"""Who may do what with the proofs of use: the base-rate table, the repayment decisions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.shortcuts import get_object_or_404

from teilhabe.core import roles
from teilhabe.core.roles import AnyUser, Role
from teilhabe.funding import access as funding

if TYPE_CHECKING:
    from .repayment_models import Repayment, RepaymentQuerySet


def may_keep_base_rates(user: AnyUser) -> bool:
    """The ministry enters the base rate the Bundesbank announces each half-year."""
    return roles.role_of(user) == Role.MINISTRY


def may_see_base_rates(user: AnyUser) -> bool:
    """The table is public (the Bundesbank publishes it): everyone, also anonymous visitors."""
    return True


# --- repayment decisions (issue 18) ------------------------------------------------------------

REPAYMENT_READ_ALL_ROLES = frozenset({Role.GRANT_OFFICER, Role.GRANT_APPROVER, Role.MINISTRY})


def may_propose_repayment(user: AnyUser) -> bool:
    """The grant officer proposes a repayment decision and records what the KI pays."""
    return funding.may_review(user)


def may_sign_repayment(user: AnyUser) -> bool:
    """The second signature: a grant approver who has passed the second factor (the service
    also refuses the proposal's own author)."""
    return funding.may_sign_decision(user) and roles.passed_second_factor(user)


def may_see_repayments(user: AnyUser) -> bool:
    """The list of every repayment: the grant authority and the ministry."""
    return roles.role_of(user) in REPAYMENT_READ_ALL_ROLES


def repayments_visible_to(user: AnyUser) -> RepaymentQuerySet:
    """The grant authority and the ministry see every repayment; the KI its own, once signed
    (a proposal is the authority's draft); everyone else none."""
    from .repayment_models import Repayment, RepaymentStatus

    if may_see_repayments(user):
        return Repayment.objects.all()
    centre_id = roles.centre_id_of(user)
    if centre_id is not None and roles.role_of(user) in roles.CENTRE_ROLES:
        return Repayment.objects.filter(centre_id=centre_id, status=RepaymentStatus.SIGNED)
    return Repayment.objects.none()


def repayment_for(user: AnyUser, pk: int) -> Repayment:
    """The repayment if `user` may see it; 404 otherwise, never 403."""
    return get_object_or_404(repayments_visible_to(user).for_listing(), pk=pk)
