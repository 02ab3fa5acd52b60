"""The section a measure's page shows for the records its programme keeps (parent groups,
member schools, interpreter assignments, counselling log). Each records module registers its
panel for its `RecordKind` here; the measure's page asks `panel_for` and knows no records
module. A programme of kind `general` has no panel."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from teilhabe.core.roles import AnyUser

from .models import Measure


@dataclass(frozen=True)
class Panel:
    template: str
    # The template's context for (user, measure); the caller has checked the user may see it.
    context: Callable[[AnyUser, Measure], Mapping[str, Any]]


PANELS: dict[str, Panel] = {}


def register(kind: str, template: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """`@panels.register(RecordKind.PARENT_GROUPS, "measures/_groups_panel.html")` on the
    function that returns the panel's context."""

    def decorate(context: Callable[[AnyUser, Measure], Mapping[str, Any]]) -> Any:
        PANELS[str(kind)] = Panel(template, context)
        return context

    return decorate


def panel_for(user: AnyUser, measure: Measure) -> dict[str, Any] | None:
    """{"template", "context"} of the measure's records section, or None."""
    panel = PANELS.get(measure.programme_type.record_kind)
    if panel is None:
        return None
    return {"template": panel.template, "context": panel.context(user, measure)}
