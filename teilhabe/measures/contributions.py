"""What the measures add: their pages, the navigation entry, start cards, the section on a
partner organisation's page (`organisation_panels.py`), the demo, the audit actions, and the
figures controlling reads (`figures.py`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from django.urls import ResolverMatch, reverse
from django.utils.translation import gettext_lazy

from teilhabe.core import roles
from teilhabe.core.registry import Registry, Step
from teilhabe.core.roles import AnyUser


def _measures_url(user: AnyUser) -> str | None:
    from . import access

    centre_id = roles.centre_id_of(user)
    if centre_id is not None:
        return reverse("measures:list", args=[centre_id])
    if access.may_see_all_measures(user):
        return reverse("measures:all")
    return None


def _on_measures(match: ResolverMatch | None, user: AnyUser) -> bool:
    return match is not None and match.app_name == "measures"


def _cards(user: AnyUser | None) -> Iterator[Step]:
    from .start import measure_cards

    return measure_cards(user)


def _demo() -> Iterable[str]:
    from .demo import seed_measures_demo

    return seed_measures_demo()


def _groups_demo() -> list[str]:
    from .demo_groups import seed_groups_demo

    return seed_groups_demo()


def _records_demo() -> list[str]:
    from .demo_records import seed_records_demo

    return seed_records_demo()


def _demo_schools() -> Iterable[str]:
    from .demo_schools import seed_school_demo

    return seed_school_demo()


def _organisation_panel(user: AnyUser, organisation: Any) -> Mapping[str, Any] | None:
    from .organisation_panels import organisation_measures_panel

    return organisation_measures_panel(user, organisation)


def register(registry: Registry) -> None:
    from . import access, group_panels, record_panels, school_panels  # noqa: F401 (the panels register)
    from .figures import FIGURES
    from .merging import RELATIONS, move_organisation

    registry.mount("", "teilhabe.measures.urls", order=27)
    registry.organisation_references("measures", move=move_organisation, relations=RELATIONS)
    for figure in FIGURES:
        registry.figure(figure)
    registry.nav(
        "measures",
        order=27,
        label=gettext_lazy("Measures"),
        url=_measures_url,
        visible=access.may_see_any_measures,
        current=_on_measures,
    )
    registry.start_cards("measures", 32, _cards)
    # On a partner organisation's page: the measures it takes part in, and how.
    registry.organisation_panel(
        "measures",
        order=20,
        template="measures/_organisation_panel.html",
        context=_organisation_panel,
    )
    registry.demo("measures", _demo, after=["network", "centres", "accounts"])
    registry.audit_actions(
        "measures",
        {
            "programme_type.added": gettext_lazy("programme added to the catalogue"),
            "programme_type.updated": gettext_lazy("programme of the catalogue changed"),
            "measure.added": gettext_lazy("measure added"),
            "measure.updated": gettext_lazy("measure changed"),
            "measure.started": gettext_lazy("measure started"),
            "measure.completed": gettext_lazy("measure completed"),
            "measure.cancelled": gettext_lazy("measure cancelled"),
            "measure.reopened": gettext_lazy("measure reopened"),
            "measure_target.added": gettext_lazy("target of a measure added"),
            "measure_target.updated": gettext_lazy("target of a measure changed"),
            "measure_target.removed": gettext_lazy("target of a measure removed"),
            "measure_document.added": gettext_lazy("document of a measure added"),
        },
    )
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
    # After the measures' own demo: it makes the measures the groups belong to.
    registry.demo("measures.groups", _groups_demo, after=["measures"])
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
    registry.demo("measures.records", _records_demo, after=["measures"])
    # Schule ohne Rassismus – Schule mit Courage: the overdue projects, the demo, the actions.
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
