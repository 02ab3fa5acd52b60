"""What the measures add: their pages, the navigation entry, and the figures controlling reads
(`figures.py`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from teilhabe.core.registry import Registry


def _records_demo() -> list[str]:
    from .demo_records import seed_records_demo

    return seed_records_demo()


def register(registry: Registry) -> None:
    from . import record_panels  # noqa: F401  (registers the records' panels)
    from .figures import FIGURES

    registry.mount("", "teilhabe.measures.urls", order=27)
    for figure in FIGURES:
        registry.figure(figure)
    # The interpreter pool, the counselling log and the figures pages (record_views.py).
    registry.audit_actions(
        "measures.records",
        {
            "interpreter_assignment.added": _("Interpreter assignment recorded"),
            "interpreter_assignment.updated": _("Interpreter assignment changed"),
            "interpreter_assignment.removed": _("Interpreter assignment removed"),
            "counselling_contact.added": _("Counselling contact recorded"),
            "counselling_contact.updated": _("Counselling contact changed"),
            "counselling_contact.removed": _("Counselling contact removed"),
        },
    )
    registry.demo("measures.records", _records_demo, after=["measures"])
