"""What the measures add: their pages, the navigation entry, and the figures controlling reads
(`figures.py`)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext_lazy

from teilhabe.core.registry import Registry


def _demo_schools() -> Iterable[str]:
    from .demo_schools import seed_school_demo

    return seed_school_demo()


def register(registry: Registry) -> None:
    from .figures import FIGURES

    registry.mount("", "teilhabe.measures.urls", order=27)
    for figure in FIGURES:
        registry.figure(figure)

    # Schule ohne Rassismus – Schule mit Courage: the panel, the overdue projects, the demo.
    from . import school_panels

    registry.todos("measures-school-projects", school_panels.school_todos)
    registry.demo("measures.schools", _demo_schools, after=["measures"])
    registry.audit_actions(
        "measures.schools",
        {
            "school.added": gettext_lazy("member school added"),
            "school.updated": gettext_lazy("member school changed"),
            "school.left": gettext_lazy("member school left the network"),
            "school_project.added": gettext_lazy("school project recorded"),
            "school.project_reminder_sent": gettext_lazy("reminder sent: school project overdue"),
        },
    )
