"""Permission-checked reads of the funding chain. Forbidden answers like missing: 404.

KI staff and the KI lead see their own KI's applications, decisions, conditions and payments,
drafts included; the grant authority, the ministry and the coordination office see every KI's
from its submission on (`applications_scope`): a draft is the KI's own, and so is a draft it
withdrew without ever submitting it. The `may_*` rules below decide who may act; services check
them themselves.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from teilhabe.core import roles
from teilhabe.core.roles import AnyUser

from .models import Application, Condition, Decision, Payment
from .models.applications import ApplicationQuerySet
from .models.decisions import ConditionQuerySet, DecisionQuerySet

Role = roles.Role

# Roles that see every KI's applications, decisions, conditions and payments (read).
FUNDING_READ_ALL_ROLES = frozenset(
    {Role.GRANT_OFFICER, Role.GRANT_APPROVER, Role.MINISTRY, Role.COORDINATION}
)
BUDGET_ROLES = frozenset({Role.GRANT_OFFICER, Role.GRANT_APPROVER, Role.MINISTRY})


def may_see_any_funding(user: AnyUser) -> bool:
    """Whether the funding pages are for `user` at all (the navigation asks this)."""
    return roles.role_of(user) in FUNDING_READ_ALL_ROLES | roles.CENTRE_ROLES


def funding_scope(user: AnyUser) -> Q | None:
    """Filter on a model with a `centre` field for the funding records `user` may read; None
    when the funding pages are not for `user` at all. Applications: `applications_scope`."""
    if roles.role_of(user) in FUNDING_READ_ALL_ROLES:
        return Q()
    centre_id = roles.centre_id_of(user)
    if centre_id is not None:
        return Q(centre_id=centre_id)
    return None


def applications_scope(user: AnyUser) -> Q | None:
    """Filter on `Application` for the applications `user` may read: the KI its own, drafts
    included; everyone else who reads funding only those submitted at least once (a draft, also
    one withdrawn before submission, has no `submitted_at`)."""
    if roles.role_of(user) in FUNDING_READ_ALL_ROLES:
        return Q(submitted_at__isnull=False)
    return funding_scope(user)


def may_prepare_application(user: AnyUser, centre_id: int) -> bool:
    """KI staff and the KI lead draft; only the lead signs and submits."""
    return roles.is_centre_member(user, centre_id)


def may_sign_application(user: AnyUser, centre_id: int) -> bool:
    return roles.is_centre_lead(user, centre_id)


def may_review(user: AnyUser) -> bool:
    """Review, information requests, proposals, payment release: the grant officer."""
    return roles.role_of(user) == Role.GRANT_OFFICER


def may_sign_decision(user: AnyUser) -> bool:
    """The second signature; the service also refuses the proposal's own author."""
    return roles.role_of(user) == Role.GRANT_APPROVER


def may_fulfil_condition(user: AnyUser, centre_id: int) -> bool:
    """The KI's own staff report a condition of its decision as fulfilled."""
    return roles.is_centre_member(user, centre_id)


def may_request_payment(user: AnyUser, centre_id: int) -> bool:
    return may_sign_application(user, centre_id)


def may_see_budget(user: AnyUser) -> bool:
    return roles.role_of(user) in BUDGET_ROLES


def may_manage_budget(user: AnyUser) -> bool:
    """Budget lines and planning: the ministry."""
    return roles.role_of(user) == Role.MINISTRY


def may_manage_guidelines(user: AnyUser) -> bool:
    """Guideline versions: the ministry."""
    return roles.role_of(user) == Role.MINISTRY


def applications_visible_to(user: AnyUser) -> ApplicationQuerySet:
    scope = applications_scope(user)
    if scope is None:
        return Application.objects.none()
    return Application.objects.for_listing().filter(scope)


def application_for(user: AnyUser, pk: int) -> Application:
    return get_object_or_404(applications_visible_to(user), pk=pk)


def decisions_visible_to(user: AnyUser) -> DecisionQuerySet:
    scope = applications_scope(user)
    if scope is None:
        return Decision.objects.none()
    return Decision.objects.select_related(
        "application", "application__centre", "application__centre__grantee"
    ).filter(application__in=Application.objects.filter(scope))


def decisions_listed(
    user: AnyUser, *, year: int | None = None, centre: int | None = None
) -> DecisionQuerySet:
    """The list of decisions (page, export, API): newest first, with their total and the
    decision each amends; `year` a funding year the application covers, `centre` one KI."""
    decisions = (
        decisions_visible_to(user)
        .select_related("amends")
        .with_total()
        .order_by("-issued_at", "-pk")
    )
    if year is not None:
        decisions = decisions.filter(
            application__first_year__lte=year, application__last_year__gte=year
        )
    if centre is not None:
        decisions = decisions.filter(application__centre_id=centre)
    return decisions


def decision_for(user: AnyUser, pk: int) -> Decision:
    return get_object_or_404(decisions_visible_to(user), pk=pk)


def conditions_visible_to(user: AnyUser) -> ConditionQuerySet:
    scope = applications_scope(user)
    if scope is None:
        return Condition.objects.none()
    return Condition.objects.select_related(
        "decision", "decision__application", "decision__application__centre"
    ).filter(decision__application__in=Application.objects.filter(scope))


def payments_visible_to(user: AnyUser) -> QuerySet[Payment]:
    scope = applications_scope(user)
    if scope is None:
        return Payment.objects.none()
    return Payment.objects.select_related("application", "application__centre", "decision").filter(
        application__in=Application.objects.filter(scope)
    )
