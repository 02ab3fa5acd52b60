"""The parent groups' section on a Griffbereit or Rucksack measure's page: each group with its
site, languages, companions, families and sessions held, the totals and the links to add a
group and to the KI's parent companions. The totals are the figures controlling reads
(`figures.for_measure`), never a second count."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch
from django.utils import timezone

from teilhabe.core.roles import AnyUser

from . import access, figures, panels
from .models import Measure, ParentCompanion, RecordKind

TEMPLATE = "measures/groups/_panel.html"


@panels.register(RecordKind.PARENT_GROUPS, TEMPLATE)
def groups_panel(user: AnyUser, measure: Measure) -> dict[str, Any]:
    """The panel's context (the caller has checked that `user` may see the measure)."""
    today = timezone.localdate()
    groups = list(
        measure.groups.select_related("institution", "municipality")
        .prefetch_related(
            Prefetch("companions", queryset=ParentCompanion.objects.order_by("name", "pk"))
        )
        .annotate(session_count=Count("sessions"))
        .order_by("-starts_on", "site", "pk")
    )
    return {
        "measure": measure,
        "groups": groups,
        "totals": {
            "groups": figures.for_measure("measures.parent_groups", measure, today=today),
            "families": figures.for_measure("measures.families", measure, today=today),
            "sessions": figures.for_measure("measures.group_sessions", measure, today=today),
        },
        "may_manage_groups": access.may_manage_measures(user, measure.centre_id),
    }
