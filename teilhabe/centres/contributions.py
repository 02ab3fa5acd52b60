"""What the KI registry adds to the shared pages, commands and the API."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import ResolverMatch, reverse
from django.utils.translation import gettext_lazy

from teilhabe.core import roles
from teilhabe.core.registry import Registry, in_app, link
from teilhabe.core.roles import AnyUser

from .start import address_cards, centre_cards


def _reference() -> Iterator[str]:
    from .services import ensure_centres

    result = ensure_centres()
    yield f"KIs: {result.total} ({result.created} new)."


def _demo() -> None:
    from .demo import seed_centres_demo

    seed_centres_demo()


def _own_centre_url(user: AnyUser) -> str | None:
    centre_id = roles.centre_id_of(user)
    return reverse("centres:detail", args=[centre_id]) if centre_id else None


def _on_own_centre(match: ResolverMatch | None, user: AnyUser) -> bool:
    """The user's own KI: its page and everything below it (staff, concept)."""
    centre_id = roles.centre_id_of(user)
    if match is None or centre_id is None:
        return False
    if match.kwargs.get("centre_pk") == centre_id:
        return True
    return match.app_name == "centres" and match.kwargs.get("pk") == centre_id


def register(registry: Registry) -> None:
    from .figures import FIGURES

    # The funded positions filled, for controlling (figures.py).
    for figure in FIGURES:
        registry.figure(figure)
    registry.mount("zentren/", "teilhabe.centres.urls", order=20)
    registry.api_router("/", "teilhabe.centres.api:router", order=20)
    registry.nav(
        "centres",
        order=10,
        label=gettext_lazy("Integration centres"),
        url=link("centres:list"),
        current=in_app("centres"),
        after_login=False,
    )
    registry.nav(
        "own-centre",
        order=20,
        label=gettext_lazy("My KI"),
        url=_own_centre_url,
        current=_on_own_centre,
    )
    registry.start_cards("centres", 10, centre_cards)
    registry.start_cards("centre-addresses", 25, address_cards)
    registry.reference_data("centres", _reference, after=["territory"])
    # As each KI's lead: after the personas, so Anna and Carla are Bielefeld's and Dortmund's.
    registry.demo("centres", _demo, after=["accounts"])
    registry.audit_actions(
        "centres",
        {
            "centre.deleted": gettext_lazy("KI deleted"),
            "centre.updated": gettext_lazy("KI data changed"),
            "staff.added": gettext_lazy("staff member added"),
            "staff.updated": gettext_lazy("staff member changed"),
        },
    )
