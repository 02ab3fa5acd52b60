"""What the quality status adds: its pages under /qualitaet/, the navigation entry, the
coordination office's start card, a panel on the KI's page, its demo and audit actions. It reads
the pillars only through the registry (`registry.quality_pillars()`), never by importing the
apps that register them."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext_lazy

from teilhabe.core import roles
from teilhabe.core.registry import Registry, in_app
from teilhabe.core.roles import AnyUser


def _url(user: AnyUser) -> str | None:
    from . import access

    if access.may_see_all(user):
        return reverse("quality:overview")
    centre_id = roles.centre_id_of(user)
    return reverse("quality:centre", args=[centre_id]) if centre_id is not None else None


def _visible(user: AnyUser) -> bool:
    from . import access

    return access.may_see_any(user)


def _demo() -> Iterable[str]:
    from .demo import seed_quality_demo

    return seed_quality_demo()


def register(registry: Registry) -> None:
    from .start import centre_panel, unfulfilled_steps

    registry.mount("qualitaet/", "teilhabe.quality.urls", order=48)
    registry.nav(
        "quality",
        order=48,
        label=gettext_lazy("Quality"),
        url=_url,
        visible=_visible,
        current=in_app("quality"),
    )
    registry.start_cards("quality", 48, unfulfilled_steps)
    registry.centre_panel(
        "quality", order=40, template="quality/_centre_panel.html", context=centre_panel
    )
    # After every demo registered before it (the apps above it in INSTALLED_APPS), so the
    # records the pillars read exist when the statuses are computed.
    before = [name for name in registry.demo_seeders if name != "quality"]
    registry.demo("quality", _demo, after=before)
    registry.audit_actions(
        "quality",
        {
            "quality_status.computed": gettext_lazy("quality status computed (scheduled)"),
            "quality_status.recomputed": gettext_lazy(
                "quality status recomputed by the coordination office"
            ),
        },
    )
