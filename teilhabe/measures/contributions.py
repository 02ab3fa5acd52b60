"""What the measures add: their pages, the navigation entry, and the figures controlling reads
(`figures.py`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from teilhabe.core.registry import Registry


def _groups_demo() -> list[str]:
    from .demo_groups import seed_groups_demo

    return seed_groups_demo()


def _records_demo() -> list[str]:
    from .demo_records import seed_records_demo

    return seed_records_demo()


def register(registry: Registry) -> None:
    from . import (
        group_panels,  # noqa: F401 (registers the parent groups' panel)
        record_panels,  # noqa: F401  (registers the records' panels)
    )
    from .figures import FIGURES

    registry.mount("", "teilhabe.measures.urls", order=27)
    for figure in FIGURES:
        registry.figure(figure)

    # Parent groups (Griffbereit, Rucksack): companions, groups, sessions.
    registry.audit_actions(
        "measures.groups",
        {
            "companion.added": gettext_lazy("parent companion added"),
            "companion.updated": gettext_lazy("parent companion changed"),
            "group.added": gettext_lazy("parent group added"),
            "group.updated": gettext_lazy("parent group changed"),
            "session.added": gettext_lazy("parent-group session recorded"),
            "session.removed": gettext_lazy("parent-group session removed"),
        },
    )
    # After the measures' own demo (it makes the measures the groups belong to); until that
    # part is merged, after the network (the institutions) alone.
    after = ["measures"] if "measures" in registry.demo_seeders else ["network"]
    registry.demo("measures.groups", _groups_demo, after=after)
    # The interpreter pool, the counselling log and the figures pages (record_views.py).
    registry.audit_actions(
        "measures.records",
        {
            "interpreter_assignment.added": gettext_lazy("interpreter assignment recorded"),
            "interpreter_assignment.updated": gettext_lazy("interpreter assignment changed"),
            "interpreter_assignment.removed": gettext_lazy("interpreter assignment removed"),
            "counselling_contact.added": gettext_lazy("counselling contact recorded"),
            "counselling_contact.updated": gettext_lazy("counselling contact changed"),
            "counselling_contact.removed": gettext_lazy("counselling contact removed"),
        },
    )
    registry.demo("measures.records", _records_demo, after=after)
