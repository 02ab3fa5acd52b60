"""What the concepts app adds: its pages, its API, a panel on the KI's page, its demo."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy

from teilhabe.core.registry import Registry
from teilhabe.core.roles import AnyUser


def concept_panel(user: AnyUser, centre: Any) -> Mapping[str, Any] | None:
    from .access import summary_for

    summary = summary_for(user, centre)
    return None if summary is None else {"concept": summary, "centre": centre}


def _demo() -> None:
    from .demo import seed_concepts_demo

    seed_concepts_demo()


def register(registry: Registry) -> None:
    registry.mount("zentren/<int:centre_pk>/konzept/", "teilhabe.concepts.urls", order=25)
    registry.api_router("/", "teilhabe.concepts.api:router", order=30)
    registry.section("concepts", "centres")  # a KI's concept is part of the KI registry
    registry.centre_panel(
        "concept", order=10, template="concepts/_centre_panel.html", context=concept_panel
    )
    # Concepts are added by the KI's own people: after the accounts' demo personas.
    registry.demo("concepts", _demo, after=["centres", "accounts"])
    registry.audit_actions(
        "concepts",
        {
            "concept.added": gettext_lazy("integration concept version added"),
        },
    )
