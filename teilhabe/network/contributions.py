"""What the network adds: its pages, the navigation entry, start cards, a panel on the KI's
page (the concept's participating bodies and the partners of those types), its demo."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from django.urls import ResolverMatch, reverse
from django.utils.translation import gettext_lazy

from teilhabe.core import roles
from teilhabe.core.registry import Registry, Step
from teilhabe.core.roles import AnyUser


def _network_url(user: AnyUser) -> str | None:
    from . import access

    centre_id = roles.centre_id_of(user)
    if centre_id is not None:
        return reverse("network:list", args=[centre_id])
    if access.partner_organisation_id(user) is not None:
        return reverse("network:mine")
    return None


def _on_network(match: ResolverMatch | None, user: AnyUser) -> bool:
    return match is not None and match.app_name == "network"


def _cards(user: AnyUser | None) -> Iterator[Step]:
    if user is None:
        return iter(())
    from .start import network_cards

    return network_cards(user)


def _panel(user: AnyUser, centre: Any) -> Mapping[str, Any] | None:
    from .start import concept_bodies_panel

    return concept_bodies_panel(user, centre)


def _demo() -> None:
    from .demo import seed_network_demo

    seed_network_demo()


def register(registry: Registry) -> None:
    from . import access
    from .figures import FIGURES

    # The partner organisations, for controlling (figures.py).
    for figure in FIGURES:
        registry.figure(figure)

    registry.mount("", "teilhabe.network.urls", order=26)
    registry.api_router("/", "teilhabe.network.api:router", order=35)
    registry.nav(
        "network",
        order=25,
        label=gettext_lazy("Network"),
        url=_network_url,
        visible=access.may_see_any_network,
        current=_on_network,
    )
    registry.start_cards("network", 30, _cards)
    registry.centre_panel(
        "network", order=15, template="network/_centre_panel.html", context=_panel
    )
    registry.demo("network", _demo, after=["centres", "accounts", "concepts"])
    registry.audit_actions(
        "network",
        {
            "organisation.added": gettext_lazy("partner organisation added"),
            "organisation.updated": gettext_lazy("partner organisation changed"),
            "organisation.changed_by_partner": gettext_lazy(
                "partner organisation changed by the partner"
            ),
            "organisation.partner_change_undone": gettext_lazy("partner's change undone"),
            "organisation.merged": gettext_lazy("likely duplicate merged into this organisation"),
            "organisation.merged_away": gettext_lazy("merged into another organisation"),
            "contact.added": gettext_lazy("contact person added"),
            "contact.added_by_partner": gettext_lazy("contact person added by the partner"),
            "contact.updated": gettext_lazy("contact person changed"),
            "contact.changed_by_partner": gettext_lazy("contact person changed by the partner"),
            "contact.partner_change_undone": gettext_lazy("partner's change of a contact undone"),
            "contact.removed": gettext_lazy("contact person removed"),
            "contact.removed_by_partner": gettext_lazy("contact person removed by the partner"),
            "agreement.added": gettext_lazy("cooperation agreement added"),
            "partner.linked": gettext_lazy("partner account linked to its organisation"),
            "organisation.imported": gettext_lazy("partner organisation added by an import"),
            "organisation.updated_by_import": gettext_lazy(
                "partner organisation changed by an import"
            ),
            "import.uploaded": gettext_lazy("import file uploaded"),
            "import.discarded": gettext_lazy("unconfirmed import discarded"),
            "import.confirmed": gettext_lazy("import confirmed"),
            "import.started": gettext_lazy("import started"),
            "import.finished": gettext_lazy("import finished"),
            "import.failed": gettext_lazy("import failed"),
            "import.retried": gettext_lazy("stalled import started again"),
        },
    )
