"""What the guide adds: its pages, the navigation entry for the KI's people and partner
accounts, the demo, and the words for its audit actions."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from teilhabe.core.registry import Registry


def register(registry: Registry) -> None:
    registry.audit_actions(
        "guide",
        {
            "offer.added": gettext_lazy("guide offer added"),
            "offer.updated": gettext_lazy("guide offer changed"),
            "offer.submitted": gettext_lazy("guide offer handed in for review"),
            "offer.published": gettext_lazy("guide offer published"),
            "offer.returned": gettext_lazy("guide offer sent back to draft"),
            "offer.archived": gettext_lazy("guide offer archived"),
            "offer.reopened": gettext_lazy("guide offer reopened"),
        },
    )
