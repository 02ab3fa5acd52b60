"""What programme controlling adds: its pages under /controlling/, the navigation entry, the
start-page tasks of the reports, the demo, and the audit actions. It reads the other apps'
figures only through the registry (`registry.figures()`), never by importing them."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import ResolverMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teilhabe.core import roles
from teilhabe.core.registry import Registry, Step
from teilhabe.core.roles import AnyUser


def _visible(user: AnyUser) -> bool:
    """In the navigation of those who report (the KIs) and read reports (state-wide roles);
    every logged-in role may open the catalogue by its address."""
    return roles.centre_id_of(user) is not None or roles.is_statewide(user)


def _nav_url(user: AnyUser) -> str:
    """The KIs land on their reports, the state-wide roles on the reports of all KIs, everyone
    else on the catalogue."""
    if roles.centre_id_of(user) is not None:
        return reverse("controlling:reports")
    if roles.is_statewide(user):
        return reverse("controlling:report_inbox")
    return reverse("controlling:indicators")


def _demo() -> Iterable[str]:
    from .demo import seed_reports_demo

    return seed_reports_demo()


def _on_controlling(match: ResolverMatch | None, user: AnyUser) -> bool:
    return match is not None and match.app_name == "controlling"


def _state_cards(user: AnyUser | None) -> list[Step]:
    """For the state-wide roles: the state view of every KI's accepted figures."""
    if user is None or not roles.is_statewide(user):
        return []
    return [
        Step(
            _("Controlling of every KI"),
            _(
                "The accepted figures of every KI for a period, with the state median, the "
                "time series and the districts' map."
            ),
            reverse("controlling:state"),
            _("Open the state view"),
        )
    ]


def _state_demo() -> list[str]:
    from .state_demo import seed

    return seed()


def register(registry: Registry) -> None:
    from .quality import PILLAR

    registry.mount("controlling/", "teilhabe.controlling.urls", order=45)
    # The pillar "controlling reports on time" of a KI's quality status (quality.py).
    registry.quality_pillar(PILLAR)
    registry.api_router("/controlling/", "teilhabe.controlling.opendata_api:router", order=65)
    registry.start_cards("controlling-state", 46, _state_cards)
    registry.demo("controlling-state", _state_demo, after=["controlling"])
    registry.nav(
        "controlling",
        order=45,
        label=gettext_lazy("Controlling"),
        url=_nav_url,
        visible=_visible,
        current=_on_controlling,
    )
    registry.audit_actions(
        "controlling",
        {
            "indicator.added": gettext_lazy("indicator added to the catalogue"),
            "indicator.version_added": gettext_lazy("new version of an indicator"),
            "reporting_period.added": gettext_lazy("reporting period added"),
            "report.created": gettext_lazy("controlling report begun"),
            "report.refreshed": gettext_lazy("computed values of a report read anew"),
            "report.saved": gettext_lazy("controlling report saved"),
            "report.submitted": gettext_lazy("controlling report signed and submitted"),
            "report.resubmitted": gettext_lazy("controlling report submitted again"),
            "report.returned": gettext_lazy("controlling report sent back"),
            "report.accepted": gettext_lazy("controlling report accepted"),
            "report.correction_started": gettext_lazy("correction of a controlling report begun"),
            "report.reminder_sent": gettext_lazy("reminder of a controlling report's deadline"),
            "reporting_period.released": gettext_lazy("reporting period released as open data"),
        },
    )
    from .start import report_todos

    registry.todos("controlling-reports", report_todos)
    registry.demo(
        "controlling",
        _demo,
        after=["accounts", "measures.groups", "measures.records", "measures.schools"],
    )
