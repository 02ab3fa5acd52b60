"""Who may see and keep the indicator catalogue and the reporting periods. Forbidden answers
like missing: 404.

- The coordination office keeps both (it organises the programme controlling, domain.md).
- Every logged-in role reads them: the catalogue names indicators and the periods name dates,
  nobody. Anonymous visitors are sent to the login.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from teilhabe.core import roles
from teilhabe.core.roles import AnyUser

from .models import Indicator

KEEPERS = frozenset({roles.Role.COORDINATION})


def may_keep_catalogue(user: AnyUser) -> bool:
    """The coordination office keeps the indicators and the reporting periods."""
    return roles.role_of(user) in KEEPERS


def may_see_catalogue(user: AnyUser) -> bool:
    """Every logged-in role reads the catalogue and the periods."""
    return roles.role_of(user) is not None


def indicator_for(user: AnyUser, pk: int, *, keep: bool = False) -> Indicator:
    """An indicator to read (every role) or to keep (the coordination office); 404 otherwise."""
    allowed = may_keep_catalogue if keep else may_see_catalogue
    if not allowed(user):
        raise Http404
    return get_object_or_404(Indicator, pk=pk)


# --- the state view and open data (state_views.py, opendata_api.py) ---------------------------


def may_see_state(user: AnyUser) -> bool:
    """The state view (every KI's accepted figures side by side) is for the state-wide roles:
    the grant authority (officer and approver), the ministry, the coordination office and the
    evaluator. The KIs, the school authority and partners get 404: they see their own figures
    in their reports, and the released periods' figures as open data like everyone."""
    return roles.is_statewide(user)


def may_release(user: AnyUser) -> bool:
    """The coordination office releases a period's accepted figures as open data."""
    return roles.role_of(user) in KEEPERS
