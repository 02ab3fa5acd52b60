"""Who may see the quality statuses and recompute them. Forbidden answers like missing: 404.

- A KI's own people (staff and lead) see its status and history.
- The coordination office (which works toward the same quality standard in every KI, seed) and
  the grant authority (grant officer, approver) and the ministry see every KI's.
- The evaluator, the school authority and partners see none: the status is the programme's
  steering of the grantees, not evaluation data (docs/quality.md).
- Only the coordination office recomputes on demand; the scheduled command acts as the system.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from teilhabe.centres.models import Centre
from teilhabe.core import roles
from teilhabe.core.roles import AnyUser

READERS = frozenset(
    {
        roles.Role.COORDINATION,
        roles.Role.GRANT_OFFICER,
        roles.Role.GRANT_APPROVER,
        roles.Role.MINISTRY,
    }
)


def may_see_all(user: AnyUser) -> bool:
    """The coordination office, the grant authority and the ministry: every KI's status."""
    return roles.role_of(user) in READERS


def may_see_centre(user: AnyUser, centre_id: int) -> bool:
    """The KI's own people, and who sees every KI's."""
    return may_see_all(user) or roles.is_centre_member(user, centre_id)


def may_see_any(user: AnyUser) -> bool:
    """Whether the user sees some status (the navigation entry)."""
    return may_see_all(user) or roles.centre_id_of(user) is not None


def may_recompute(user: AnyUser) -> bool:
    """The coordination office recomputes the statuses of a year on demand."""
    return roles.role_of(user) == roles.Role.COORDINATION


def centre_for(user: AnyUser, pk: int) -> Centre:
    """The KI whose status `user` may see; 404 otherwise (also for a KI that does not exist)."""
    if not may_see_centre(user, pk):
        raise Http404
    return get_object_or_404(Centre.objects.for_listing(), pk=pk)
