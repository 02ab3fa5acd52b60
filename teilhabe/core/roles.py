"""Roles and the scope primitives every app's `access.py` builds its rules on.

Each user has at most one role (see accounts.User); the role's scope is the user's KI (`centre`)
or district (`district`), or the whole state. This module knows no app: it offers the role, the
primitives "own KI", "own district", "state-wide" and "second factor passed", and the audit
trail's scope (the trail is core's). Each app's `access.py` owns the rules for its objects and
never looks at `user.role` itself. A forbidden object is answered like a missing one (404).
"""

from __future__ import annotations

from typing import Protocol, TypeAlias

from django.db import models
from django.utils.translation import gettext_lazy as _


class Principal(Protocol):
    """Whoever asks: a user or an anonymous visitor (role, KI and district are read if set)."""

    @property
    def is_authenticated(self) -> bool: ...

    @property
    def is_active(self) -> bool: ...


AnyUser: TypeAlias = Principal


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
# Roles that see every audit event; KI leads see their own KI's (see audit_scope).
AUDIT_ALL_ROLES = frozenset({Role.GRANT_OFFICER, Role.GRANT_APPROVER, Role.COORDINATION})


def role_of(user: AnyUser) -> Role | None:
    """The user's role, or None for anonymous, inactive and role-less users."""
    role = getattr(user, "role", "")
    if not user.is_authenticated or not user.is_active or not role:
        return None
    return Role(role)


def has_role(user: AnyUser, *roles: Role) -> bool:
    return role_of(user) in roles


def requires_two_factor(user: AnyUser) -> bool:
    return user.is_authenticated and (
        role_of(user) in TWO_FACTOR_ROLES or bool(getattr(user, "is_superuser", False))
    )


def centre_id_of(user: AnyUser) -> int | None:
    """The KI a user works in (KI roles), else None."""
    return getattr(user, "centre_id", None) if role_of(user) in CENTRE_ROLES else None


def district_id_of(user: AnyUser) -> int | None:
    """The district a user's role is scoped to (district roles), else None."""
    return getattr(user, "district_id", None) if role_of(user) in DISTRICT_ROLES else None


def passed_second_factor(user: AnyUser) -> bool:
    """Logged in completely: password and, where the role needs it, the second factor."""
    if not user.is_authenticated:
        return False
    return not requires_two_factor(user) or bool(getattr(user, "is_verified", lambda: False)())


# --- The scope primitives ----------------------------------------------------------------


def is_centre_member(user: AnyUser, centre_id: int) -> bool:
    """Own KI: staff and lead of exactly this KI."""
    return centre_id is not None and centre_id_of(user) == centre_id


def is_centre_lead(user: AnyUser, centre_id: int) -> bool:
    """Own KI, as its head."""
    return role_of(user) == Role.KI_LEAD and is_centre_member(user, centre_id)


def is_district_member(user: AnyUser, district_id: int) -> bool:
    """Own district: a district-scoped role (the school authority) of exactly this district."""
    return district_id is not None and district_id_of(user) == district_id


def is_statewide(user: AnyUser) -> bool:
    """A state-wide role: grant authority, ministry, coordination office, evaluator."""
    return role_of(user) in STATEWIDE_ROLES


def audit_scope(user: AnyUser) -> models.Q | None:
    """Filter on AuditEvent for what the user may read; None means nothing at all."""
    role = role_of(user)
    if role in AUDIT_ALL_ROLES:
        return models.Q()
    if role == Role.KI_LEAD:
        return models.Q(centre_id=centre_id_of(user))
    return None
