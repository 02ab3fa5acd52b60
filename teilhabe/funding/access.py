"""Permission-checked reads of the funding chain. Forbidden answers like missing: 404.

KI staff and the KI lead see their own KI's applications, decisions, conditions and payments;
the grant authority, the ministry and the coordination office see every KI's (roles.py,
`funding_scope`). Write permissions are asked of `roles` by the views and services.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from teilhabe.core import roles
from teilhabe.core.roles import AnyUser

from .models import Application, Condition, Decision, Payment
from .models.applications import ApplicationQuerySet
from .models.decisions import ConditionQuerySet


def applications_visible_to(user: AnyUser) -> ApplicationQuerySet:
    scope = roles.funding_scope(user)
    if scope is None:
        return Application.objects.none()
    return Application.objects.for_listing().filter(scope)


def application_for(user: AnyUser, pk: int) -> Application:
    return get_object_or_404(applications_visible_to(user), pk=pk)


def decisions_visible_to(user: AnyUser) -> QuerySet[Decision]:
    scope = roles.funding_scope(user)
    if scope is None:
        return Decision.objects.none()
    return Decision.objects.select_related(
        "application", "application__centre", "application__centre__grantee"
    ).filter(application__in=Application.objects.filter(scope))


def decision_for(user: AnyUser, pk: int) -> Decision:
    return get_object_or_404(decisions_visible_to(user), pk=pk)


def conditions_visible_to(user: AnyUser) -> ConditionQuerySet:
    scope = roles.funding_scope(user)
    if scope is None:
        return Condition.objects.none()
    return Condition.objects.select_related(
        "decision", "decision__application", "decision__application__centre"
    ).filter(decision__application__in=Application.objects.filter(scope))


def payments_visible_to(user: AnyUser) -> QuerySet[Payment]:
    scope = roles.funding_scope(user)
    if scope is None:
        return Payment.objects.none()
    return Payment.objects.select_related("application", "application__centre", "decision").filter(
        application__in=Application.objects.filter(scope)
    )
