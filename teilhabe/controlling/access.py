"""Who may see and keep the indicator catalogue and the reporting periods, and who reads and
writes the KIs' reports. Forbidden answers like missing: 404.

- The coordination office keeps both (it organises the programme controlling, domain.md).
- Every logged-in role reads them: the catalogue names indicators and the periods name dates,
  nobody. Anonymous visitors are sent to the login.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from teilhabe.core import roles
from teilhabe.core.roles import AnyUser

from .models import Indicator, Report, ReportStatus

KEEPERS = frozenset({roles.Role.COORDINATION})
# What the state-wide roles read of the KIs' reports: what the KI has handed in.
READABLE_STATEWIDE = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)


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


# --- reports (docs/controlling.md, "Reports") ----------------------------------------------------
#
# - The KI's staff and lead see all of their own KI's reports and edit the open ones; only the
#   lead submits and starts a correction.
# - The state-wide roles (coordination office, ministry, grant officer and approver, evaluator)
#   read every KI's submitted and accepted reports; the coordination office accepts or sends back.
# - The school authority and partners see no report.


def may_see_reports(user: AnyUser) -> bool:
    """The reports' pages are for the KIs and the state-wide roles."""
    return roles.centre_id_of(user) is not None or roles.is_statewide(user)


def may_edit_report(user: AnyUser, centre_id: int) -> bool:
    """The KI's own staff and lead enter values and comments."""
    return roles.is_centre_member(user, centre_id)


def may_submit_report(user: AnyUser, centre_id: int) -> bool:
    """The head of the KI signs and submits, and starts a correction of an accepted report."""
    return roles.is_centre_lead(user, centre_id)


def may_decide_reports(user: AnyUser) -> bool:
    """The coordination office accepts a submitted report or sends it back."""
    return roles.role_of(user) in KEEPERS


def reports_scope(user: AnyUser) -> Q | None:
    """Filter on `Report` for what `user` may read; None: no report at all."""
    centre_id = roles.centre_id_of(user)
    if centre_id is not None:
        return Q(centre_id=centre_id)
    if roles.is_statewide(user):
        return Q(status__in=READABLE_STATEWIDE)
    return None


def reports_visible_to(user: AnyUser) -> QuerySet[Report]:
    scope = reports_scope(user)
    if scope is None:
        return Report.objects.none()
    return Report.objects.select_related("centre", "period").filter(scope)


def report_for(user: AnyUser, pk: int) -> Report:
    """A report `user` may read; 404 otherwise (also for a KI's draft to the state-wide roles)."""
    return get_object_or_404(reports_visible_to(user), pk=pk)


def may_read_names_in_reports(user: AnyUser) -> bool:
    """Who acted and the comments (free text) — not for the evaluator, who reads pseudonymised
    data only (issue 18, "Evaluation")."""
    return roles.role_of(user) != roles.Role.EVALUATOR


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
