"""Who may see and keep the measures. Forbidden answers like missing: 404.

- The KI's own staff and lead keep their KI's measures and every record of them (groups,
  companions, sessions, member schools, projects, interpreter assignments, counselling log).
- The coordination office reads every KI's measures (it runs the state network and the
  programmes' training) and keeps the programme catalogue.
- The catalogue itself is open to every logged-in role: it names programmes, nobody.
- Everyone else sees no measure: the ministry, the grant authority and the evaluator get the
  figures through controlling (issue 18), not the records.
- A partner account opens no measure page either, but its own organisation's page ("Meine
  Organisation") lists the measures that organisation takes part in — title, programme, period,
  status and its role, without links (`organisation_panels.py`): that it takes part is its own
  data; the KI's other measures and other organisations' parts stay the KI's.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from teilhabe.centres.models import Centre
from teilhabe.core import roles
from teilhabe.core.roles import AnyUser
from teilhabe.network import access as network_access

from .models import (
    Measure,
    MeasureDocument,
    MeasureQuerySet,
    MeasureTarget,
    ParentCompanion,
    ProgrammeType,
    RecordKind,
)

MEASURES_READ_ALL_ROLES = frozenset({roles.Role.COORDINATION})
CATALOGUE_ROLES = frozenset({roles.Role.COORDINATION})


def may_manage_measures(user: AnyUser, centre_id: int) -> bool:
    """The KI's own staff and lead: add and change measures and their records."""
    return roles.is_centre_member(user, centre_id)


def may_see_measures(user: AnyUser, centre_id: int) -> bool:
    """The KI itself and the coordination office."""
    return roles.role_of(user) in MEASURES_READ_ALL_ROLES or may_manage_measures(user, centre_id)


def may_see_any_measures(user: AnyUser) -> bool:
    """The navigation entry: the KI's people and the coordination office."""
    return roles.centre_id_of(user) is not None or roles.role_of(user) in MEASURES_READ_ALL_ROLES


def may_see_measures_of_organisation(user: AnyUser, centre_id: int, organisation_id: int) -> bool:
    """The list of measures an organisation of the KI's network takes part in: whoever sees the
    KI's measures, and the organisation's own partner account (without the measures' pages)."""
    return may_see_measures(user, centre_id) or network_access.is_partner_of(user, organisation_id)


def may_keep_catalogue(user: AnyUser) -> bool:
    """The coordination office keeps the programme catalogue."""
    return roles.role_of(user) in CATALOGUE_ROLES


def may_see_catalogue(user: AnyUser) -> bool:
    return roles.role_of(user) is not None


def centre_for_measures(user: AnyUser, centre_pk: int, *, manage: bool = False) -> Centre:
    """The KI if `user` may see (or keep) its measures; 404 otherwise, never 403."""
    centre = get_object_or_404(Centre.objects.select_related("grantee"), pk=centre_pk)
    allowed = may_manage_measures if manage else may_see_measures
    if not allowed(user, centre.pk):
        raise Http404
    return centre


def measures_of(user: AnyUser, centre: Centre) -> MeasureQuerySet:
    """The KI's measures for its list (the caller has checked `centre_for_measures`)."""
    if not may_see_measures(user, centre.pk):
        return Measure.objects.none()
    return Measure.objects.for_listing().of_centre(centre.pk)


def visible_measures_scope(user: AnyUser) -> Q | None:
    """A filter on Measure for everything `user` may see (None: nothing)."""
    if roles.role_of(user) in MEASURES_READ_ALL_ROLES:
        return Q()
    centre_id = roles.centre_id_of(user)
    return Q(centre_id=centre_id) if centre_id is not None else None


def measure_for(
    user: AnyUser,
    centre_pk: int,
    pk: int,
    *,
    manage: bool = False,
    kind: RecordKind | None = None,
) -> Measure:
    """One measure if `user` may see it (`manage`: keep it); with `kind`, only a measure whose
    programme keeps that kind of records. 404 otherwise."""
    measure = get_object_or_404(
        Measure.objects.select_related("centre", "centre__grantee", "programme_type"),
        centre_id=centre_pk,
        pk=pk,
    )
    allowed = may_manage_measures if manage else may_see_measures
    if not allowed(user, measure.centre_id):
        raise Http404
    if kind is not None and measure.programme_type.record_kind != kind:
        raise Http404
    return measure


def programme_type_for(user: AnyUser, pk: int, *, keep: bool = False) -> ProgrammeType:
    """A catalogue entry for reading (every role) or keeping (the coordination office)."""
    allowed = may_keep_catalogue if keep else may_see_catalogue
    if not allowed(user):
        raise Http404
    return get_object_or_404(ProgrammeType, pk=pk)


def companion_for(user: AnyUser, centre: Centre, pk: int) -> ParentCompanion:
    """A parent companion of the KI, for its own people."""
    if not may_manage_measures(user, centre.pk):
        raise Http404
    return get_object_or_404(ParentCompanion, centre=centre, pk=pk)


def may_see_all_measures(user: AnyUser) -> bool:
    """The state-wide list of every KI's measures: the coordination office."""
    return roles.role_of(user) in MEASURES_READ_ALL_ROLES


def target_for(user: AnyUser, measure: Measure, pk: int) -> MeasureTarget:
    """A target of a measure the caller may keep (checked with `measure_for(manage=True)`)."""
    if not may_manage_measures(user, measure.centre_id):
        raise Http404
    return get_object_or_404(
        MeasureTarget.objects.select_related("measure__programme_type"), measure=measure, pk=pk
    )


def document_for(user: AnyUser, measure: Measure, pk: int) -> MeasureDocument:
    """A document of a measure, for whoever may see the measure."""
    if not may_see_measures(user, measure.centre_id):
        raise Http404
    return get_object_or_404(MeasureDocument, measure=measure, pk=pk)
