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
