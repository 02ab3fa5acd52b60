"""The section on a partner organisation's page (`network:detail`, the partner's "Meine
Organisation"): the measures of its KI the organisation takes part in — as a partner of the
measure, as the institution of parent groups, as a member school, as the institution of
interpreter assignments or as a counselled school — with its role in words.

The network may not import the measures (a lower layer), so the page asks the registry
(`registry.organisation_panel`, registered in `contributions.register`). The KI's people and the
coordination office get links to the measures; the organisation's own partner account sees the
same list without links (it opens no measure page); everyone else nothing.

Two queries whatever the number of measures and records: the count, and the newest `LIMIT`
measures with every role counted in subqueries.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    Model,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import formats
from django.utils.translation import gettext, ngettext

from teilhabe.core.roles import AnyUser
from teilhabe.network.models import Organisation

from . import access
from .models import (
    CounsellingContact,
    InterpreterAssignment,
    Measure,
    MeasureQuerySet,
    ParentGroup,
    SchoolMembership,
)

LIMIT = 50
TEMPLATE = "measures/_organisation_panel.html"

# Each record that names an organisation: (model, the field that names it).
RECORDS: tuple[tuple[type[Model], str], ...] = (
    (ParentGroup, "institution"),
    (SchoolMembership, "school"),
    (InterpreterAssignment, "institution"),
    (CounsellingContact, "school"),
)


@dataclass(frozen=True)
class Participation:
    """One measure the organisation takes part in, and how (in words)."""

    measure: Measure
    roles: list[str]
    url: str | None  # None for the partner account: it opens no measure page


def taking_part(organisation: Organisation) -> MeasureQuerySet:
    """The KI's measures the organisation takes part in, newest first (every status)."""
    through = Measure.partners.through.objects.filter(organisation_id=organisation.pk)
    named = Q(pk__in=through.values("measure_id"))
    for model, field in RECORDS:
        rows = model._default_manager.filter(**{field: organisation.pk})
        named |= Q(pk__in=rows.values("measure_id"))
    return (
        Measure.objects.filter(named, centre_id=organisation.centre_id)
        .select_related("programme_type")
        .order_by("-starts_on", "-pk")
    )


def _count(model: type[Model], field: str, organisation: Organisation) -> Coalesce:
    rows = (
        model._default_manager.filter(measure=OuterRef("pk"), **{field: organisation.pk})
        .order_by()
        .values("measure")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def _with_roles(measures: MeasureQuerySet, organisation: Organisation) -> MeasureQuerySet:
    """Each measure with the organisation's part in it, in subqueries of the same query."""
    through = Measure.partners.through.objects.filter(
        measure_id=OuterRef("pk"), organisation_id=organisation.pk
    )
    membership = SchoolMembership.objects.filter(measure=OuterRef("pk"), school=organisation.pk)
    return measures.annotate(
        as_partner=Exists(through),
        member_since=Subquery(membership.values("title_awarded_on")[:1]),
        member_until=Subquery(membership.values("left_on")[:1]),
        group_count=_count(ParentGroup, "institution", organisation),
        assignment_count=_count(InterpreterAssignment, "institution", organisation),
        counselling_count=_count(CounsellingContact, "school", organisation),
    )


def _number(n: int) -> str:
    return formats.number_format(n, use_l10n=True, force_grouping=True)


def _date(value: Any) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def roles_in_words(measure: Any) -> list[str]:
    """ "Partner", "Mitgliedsschule seit 16.05.2023", "Standort von 2 Elterngruppen",
    "12 Dolmetscheinsätze", "4 Beratungskontakte" — from `_with_roles`' annotations."""
    words = []
    if measure.as_partner:
        words.append(gettext("Partner"))
    if measure.member_since is not None:
        if measure.member_until is not None:
            words.append(
                gettext("Member school from %(start)s to %(end)s")
                % {"start": _date(measure.member_since), "end": _date(measure.member_until)}
            )
        else:
            words.append(
                gettext("Member school since %(date)s") % {"date": _date(measure.member_since)}
            )
    if n := measure.group_count:
        words.append(
            ngettext("Site of %(count)s parent group", "Site of %(count)s parent groups", n)
            % {"count": _number(n)}
        )
    if n := measure.assignment_count:
        words.append(
            ngettext("%(count)s interpreter assignment", "%(count)s interpreter assignments", n)
            % {"count": _number(n)}
        )
    if n := measure.counselling_count:
        words.append(
            ngettext("%(count)s counselling contact", "%(count)s counselling contacts", n)
            % {"count": _number(n)}
        )
    return words


def organisation_measures_panel(user: AnyUser, organisation: Organisation) -> dict[str, Any] | None:
    """The panel's context, or None for whoever may see neither the KI's measures nor, as its
    partner account, this organisation."""
    centre_id = organisation.centre_id
    if not access.may_see_measures_of_organisation(user, centre_id, organisation.pk):
        return None
    linked = access.may_see_measures(user, centre_id)
    measures = taking_part(organisation)
    total = measures.count()
    rows = (
        [
            Participation(m, roles_in_words(m), m.get_absolute_url() if linked else None)
            for m in _with_roles(measures, organisation)[:LIMIT]
        ]
        if total
        else []
    )
    return {
        "organisation": organisation,
        "rows": rows,
        "total": total,
        "linked": linked,
        "centre_id": centre_id,
    }
