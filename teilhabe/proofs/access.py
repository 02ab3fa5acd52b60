"""Who may do what with the proofs of use. So far: the base-rate table."""

from __future__ import annotations

from teilhabe.core import roles
from teilhabe.core.roles import AnyUser, Role


def may_keep_base_rates(user: AnyUser) -> bool:
    """The ministry enters the base rate the Bundesbank announces each half-year."""
    return roles.role_of(user) == Role.MINISTRY


def may_see_base_rates(user: AnyUser) -> bool:
    """The table is public (the Bundesbank publishes it): everyone, also anonymous visitors."""
    return True
