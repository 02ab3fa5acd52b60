"""Who may see and change what: the one place that decides, for every app.

Each user has at most one role (see accounts.User); the role's scope is the user's KI (`centre`)
or district (`district`). Apps ask these functions, from their `access.py`, and never look at
`user.role` themselves. A forbidden object is answered like a missing one (404).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeAlias

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from teilhabe.accounts.models import User

    AnyUser: TypeAlias = User | AnonymousUser
else:
    AnyUser = Any


class Role(models.TextChoices):
    KI_STAFF = "ki_staff", _("KI staff")
    KI_LEAD = "ki_lead", _("Head of a KI")
    GRANT_OFFICER = "grant_officer", _("Grant officer")
    GRANT_APPROVER = "grant_approver", _("Grant approver (second signature)")
    MINISTRY = "ministry", _("Ministry")
    COORDINATION = "coordination", _("State coordination office")
    SCHOOL_AUTHORITY = "school_authority", _("School authority")
    EVALUATOR = "evaluator", _("Evaluator")
    PARTNER = "partner", _("Partner organisation")


CENTRE_ROLES = frozenset({Role.KI_STAFF, Role.KI_LEAD})
DISTRICT_ROLES = frozenset({Role.SCHOOL_AUTHORITY})
STATEWIDE_ROLES = frozenset(
    {Role.GRANT_OFFICER, Role.GRANT_APPROVER, Role.MINISTRY, Role.COORDINATION, Role.EVALUATOR}
)
# Everyone who works with non-public data must use a second factor; partners only publish.
TWO_FACTOR_ROLES = frozenset(set(Role) - {Role.PARTNER})
# Roles that see the staff of every KI by name.
STAFF_DIRECTORY_ROLES = frozenset(
    {Role.GRANT_OFFICER, Role.GRANT_APPROVER, Role.MINISTRY, Role.COORDINATION}
)
# Roles that see every audit event; KI leads see their own KI's (see audit_scope).
AUDIT_ALL_ROLES = frozenset({Role.GRANT_OFFICER, Role.GRANT_APPROVER, Role.COORDINATION})


def role_of(user: AnyUser) -> Role | None:
    """The user's role, or None for anonymous, inactive and role-less users."""
    if not user.is_authenticated or not user.is_active or not user.role:
        return None
    return Role(user.role)


def has_role(user: AnyUser, *roles: Role) -> bool:
    return role_of(user) in roles


def requires_two_factor(user: AnyUser) -> bool:
    return user.is_authenticated and (role_of(user) in TWO_FACTOR_ROLES or user.is_superuser)


def _centre_id(user: AnyUser) -> int | None:
    return getattr(user, "centre_id", None)


def _district_id(user: AnyUser) -> int | None:
    return getattr(user, "district_id", None)


def passed_second_factor(user: AnyUser) -> bool:
    """Logged in completely: password and, where the role needs it, the second factor."""
    if not user.is_authenticated:
        return False
    return not requires_two_factor(user) or bool(getattr(user, "is_verified", lambda: False)())


def is_centre_member(user: AnyUser, centre_id: int) -> bool:
    """Staff and lead of exactly this KI."""
    return role_of(user) in CENTRE_ROLES and _centre_id(user) == centre_id


def may_edit_centre(user: AnyUser, centre_id: int) -> bool:
    """The KI's own staff maintain its registry data and staff list."""
    return is_centre_member(user, centre_id)


def may_see_staff(user: AnyUser, centre_id: int, district_id: int) -> bool:
    """Who sees a KI's staff list (names, FTE, periods)."""
    role = role_of(user)
    if role in STAFF_DIRECTORY_ROLES or role == Role.EVALUATOR:
        return True
    if role in CENTRE_ROLES:
        return _centre_id(user) == centre_id
    if role in DISTRICT_ROLES:
        return _district_id(user) == district_id
    return False


def staff_pseudonymised(user: AnyUser) -> bool:
    """The evaluator sees staff structure, never names (pseudonymised read)."""
    return role_of(user) == Role.EVALUATOR


def audit_scope(user: AnyUser) -> models.Q | None:
    """Filter on AuditEvent for what the user may read; None means nothing at all."""
    role = role_of(user)
    if role in AUDIT_ALL_ROLES:
        return models.Q()
    if role == Role.KI_LEAD:
        return models.Q(centre_id=_centre_id(user))
    return None


def may_use_api_tokens(user: AnyUser) -> bool:
    return role_of(user) in TWO_FACTOR_ROLES


# --- Integration concepts and the funding chain -------------------------------------------

# Roles that see every KI's concept, applications and decisions (read).
FUNDING_READ_ALL_ROLES = frozenset(
    {Role.GRANT_OFFICER, Role.GRANT_APPROVER, Role.MINISTRY, Role.COORDINATION}
)


def may_see_concepts(user: AnyUser, centre_id: int, district_id: int) -> bool:
    """The KI itself, the state-wide roles and the district's school authority."""
    role = role_of(user)
    if role in FUNDING_READ_ALL_ROLES or role == Role.EVALUATOR:
        return True
    if role in CENTRE_ROLES:
        return _centre_id(user) == centre_id
    if role in DISTRICT_ROLES:
        return _district_id(user) == district_id
    return False


def may_add_concept(user: AnyUser, centre_id: int) -> bool:
    return is_centre_member(user, centre_id)


def may_see_funding(user: AnyUser, centre_id: int) -> bool:
    """Applications, decisions, conditions and payments of a KI."""
    role = role_of(user)
    return role in FUNDING_READ_ALL_ROLES or (
        role in CENTRE_ROLES and _centre_id(user) == centre_id
    )


def funding_scope(user: AnyUser) -> models.Q | None:
    """Filter on a model with a `centre` field for the funding records `user` may read."""
    role = role_of(user)
    if role in FUNDING_READ_ALL_ROLES:
        return models.Q()
    if role in CENTRE_ROLES:
        return models.Q(centre_id=_centre_id(user))
    return None


def may_prepare_application(user: AnyUser, centre_id: int) -> bool:
    """KI staff and the KI lead draft; only the lead signs and submits."""
    return is_centre_member(user, centre_id)


def may_sign_application(user: AnyUser, centre_id: int) -> bool:
    return role_of(user) == Role.KI_LEAD and _centre_id(user) == centre_id


def may_review(user: AnyUser) -> bool:
    """Review, information requests, proposals, payment release: the grant officer."""
    return role_of(user) == Role.GRANT_OFFICER


def may_sign_decision(user: AnyUser) -> bool:
    """The second signature; the service also refuses the proposal's own author."""
    return role_of(user) == Role.GRANT_APPROVER


def may_request_payment(user: AnyUser, centre_id: int) -> bool:
    return may_sign_application(user, centre_id)


def may_see_budget(user: AnyUser) -> bool:
    return role_of(user) in FUNDING_READ_ALL_ROLES - {Role.COORDINATION}


def may_manage_budget(user: AnyUser) -> bool:
    """Budget lines and guideline versions: the ministry."""
    return role_of(user) == Role.MINISTRY


def may_manage_guidelines(user: AnyUser) -> bool:
    return role_of(user) == Role.MINISTRY
