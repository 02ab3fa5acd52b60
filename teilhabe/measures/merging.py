"""When the network merges a partner organisation into another, the measures' rows that point to
it move to the survivor (`registry.organisation_references`, called inside the merge's
transaction and under both organisations' row locks): a measure's partners, a parent group's
institution, a member school, an interpreter assignment's institution, a counselled school.

A school that is a member of the same "Schule ohne Rassismus" measure under both names cannot
become one membership without losing one title's data: the merge is refused
(`school_member_twice`) until the KI has let one of them leave or corrected it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import (
    CounsellingContact,
    InterpreterAssignment,
    Measure,
    ParentGroup,
    SchoolMembership,
)

RELATIONS = (
    "measures.Measure.partners",
    "measures.ParentGroup.institution",
    "measures.SchoolMembership.school",
    "measures.InterpreterAssignment.institution",
    "measures.CounsellingContact.school",
)


def move_organisation(merged: Any, survivor: Any) -> dict[str, int]:
    """Re-point every measures row from `merged` to `survivor`; {what: how many}."""
    twice = SchoolMembership.objects.filter(
        school=merged, measure__schools__school=survivor
    ).values_list("measure__title", flat=True)
    if twice:
        raise ValidationError(
            _(
                "Both organisations are member schools of the measure “%(measure)s”: let one "
                "of them leave the network there before merging them."
            )
            % {"measure": twice[0]},
            code="school_member_twice",
        )
    through = Measure.partners.through
    measure_ids = set(
        through.objects.filter(organisation_id=merged.pk).values_list("measure_id", flat=True)
    )
    already = set(
        through.objects.filter(organisation_id=survivor.pk, measure_id__in=measure_ids).values_list(
            "measure_id", flat=True
        )
    )
    through.objects.bulk_create(
        through(measure_id=m, organisation_id=survivor.pk) for m in sorted(measure_ids - already)
    )
    through.objects.filter(organisation_id=merged.pk).delete()
    return {
        "measure partnerships": len(measure_ids),
        "parent-group institutions": ParentGroup.objects.filter(institution=merged).update(
            institution=survivor
        ),
        "member schools": SchoolMembership.objects.filter(school=merged).update(school=survivor),
        "interpreter assignments": InterpreterAssignment.objects.filter(institution=merged).update(
            institution=survivor
        ),
        "counselling contacts": CounsellingContact.objects.filter(school=merged).update(
            school=survivor
        ),
    }
