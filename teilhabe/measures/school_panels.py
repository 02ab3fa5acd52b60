"""The member schools on a measure's page (the panel of `RecordKind.SCHOOL_NETWORK`) and on
the start page (a task per school whose yearly project is overdue)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.core import roles
from teilhabe.core.registry import Todo
from teilhabe.core.roles import AnyUser

from . import access, figures, panels, rules
from .models import Measure, RecordKind, SchoolMembership
from .services import schools

PANEL_ROWS = 25  # the rest is on the list page


def annotate_due(rows: list[SchoolMembership], *, today: Any) -> list[SchoolMembership]:
    """Each row from `schools.with_due_dates` gets `due`, `overdue` and `share`."""
    for m in rows:
        m.due = schools.due_on(m)  # type: ignore[attr-defined]
        m.overdue = schools.is_overdue(m, today=today)  # type: ignore[attr-defined]
        m.share = schools.share_text(m.signatures, m.school_members)  # type: ignore[attr-defined]
        m.current = rules.member_on(m.title_awarded_on, m.left_on, today)  # type: ignore[attr-defined]
    return rows


@panels.register(RecordKind.SCHOOL_NETWORK, "measures/schools/_panel.html")
def school_panel(user: AnyUser, measure: Measure) -> Mapping[str, Any]:
    """Member schools (current first, then those that left) with the next project's due date;
    the member count is the controlling figure's (`figures.member_schools`)."""
    today = timezone.localdate()
    qs = schools.with_due_dates(
        SchoolMembership.objects.filter(measure=measure).select_related("school")
    ).order_by(F("left_on").asc(nulls_first=True), "school__name", "pk")
    rows = annotate_due(list(qs), today=today)  # a measure's schools: dozens, not thousands
    return {
        "centre": measure.centre,
        "measure": measure,
        "rows": rows[:PANEL_ROWS],
        "more": len(rows) > PANEL_ROWS,
        "members": figures.for_measure("measures.member_schools", measure, today=today),
        "overdue": len([m for m in rows if getattr(m, "overdue", False)]),
        "may_manage": access.may_manage_measures(user, measure.centre_id),
    }


def school_todos(user: AnyUser) -> list[Todo]:
    """For the KI's staff and lead: each member school whose project is overdue, with its due
    date, linking to the school (one query)."""
    centre_id = roles.centre_id_of(user)
    if centre_id is None or not access.may_manage_measures(user, centre_id):
        return []
    today = timezone.localdate()
    return [
        Todo(
            _("Project overdue: %(school)s") % {"school": m.school.name},
            reverse("measures:school", args=[centre_id, m.measure_id, m.pk]),
            due=m.due,  # type: ignore[attr-defined]
            overdue=True,
        )
        for m in schools.overdue_schools(today=today, centre_ids=[centre_id])
    ]
