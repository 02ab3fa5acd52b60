"""What programme controlling adds: its pages under /controlling/, the navigation entry, and
the audit actions. It reads the other apps' figures only through the registry
(`registry.figures()`), never by importing them."""

from __future__ import annotations

from django.urls import ResolverMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teilhabe.core import roles
from teilhabe.core.registry import Registry, Step, link
from teilhabe.core.roles import AnyUser


def _visible(user: AnyUser) -> bool:
    """In the navigation of those who report (the KIs) and read reports (state-wide roles);
    every logged-in role may open the catalogue by its address."""
    return roles.centre_id_of(user) is not None or roles.is_statewide(user)


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
    registry.mount("controlling/", "teilhabe.controlling.urls", order=45)
    registry.api_router("/controlling/", "teilhabe.controlling.opendata_api:router", order=65)
    registry.start_cards("controlling-state", 46, _state_cards)
    registry.demo("controlling-state", _state_demo, after=["centres", "accounts"])
    registry.nav(
        "controlling",
        order=45,
        label=gettext_lazy("Controlling"),
        url=link("controlling:indicators"),
        visible=_visible,
        current=_on_controlling,
    )
    registry.audit_actions(
        "controlling",
        {
            "indicator.added": gettext_lazy("indicator added to the catalogue"),
            "indicator.version_added": gettext_lazy("new version of an indicator"),
            "reporting_period.added": gettext_lazy("reporting period added"),
            "reporting_period.released": gettext_lazy("reporting period released as open data"),
        },
    )
