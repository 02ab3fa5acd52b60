"""Permission-checked reads of integration concepts. Forbidden answers like missing: 404.

The KI itself, the state-wide roles and the school authority of the KI's district see a KI's
concepts; only the KI's own staff add versions (`may_see_concepts_of`, `may_add_concept`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from teilhabe.centres.models import Centre
from teilhabe.core import roles
from teilhabe.core.roles import AnyUser

from .models import IntegrationConcept

# Roles that see every KI's concept (read).
CONCEPT_READ_ALL_ROLES = frozenset(
    {
        roles.Role.GRANT_OFFICER,
        roles.Role.GRANT_APPROVER,
        roles.Role.MINISTRY,
        roles.Role.COORDINATION,
        roles.Role.EVALUATOR,
    }
)


def may_see_concepts_of(user: AnyUser, centre_id: int, district_id: int) -> bool:
    """The KI itself, the state-wide roles and the district's school authority."""
    if roles.role_of(user) in CONCEPT_READ_ALL_ROLES:
        return True
    return roles.is_centre_member(user, centre_id) or roles.is_district_member(user, district_id)


def may_add_concept(user: AnyUser, centre_id: int) -> bool:
    return roles.is_centre_member(user, centre_id)


def may_see_concepts(user: AnyUser, centre: Centre) -> bool:
    return may_see_concepts_of(user, centre.pk, centre.grantee.district_id)


def concepts_of(user: AnyUser, centre: Centre) -> QuerySet[IntegrationConcept] | None:
    """Every version of the KI's concept, newest first; None if `user` may not see them."""
    if not may_see_concepts(user, centre):
        return None
    return (
        IntegrationConcept.objects.filter(centre=centre)
        .select_related("created_by")
        .order_by("-version")
    )


def concept_for(user: AnyUser, centre_pk: int, version: int) -> IntegrationConcept:
    """One version of a KI's concept if `user` may see it; 404 otherwise, never 403."""
    concept = get_object_or_404(
        IntegrationConcept.objects.select_related("centre", "centre__grantee", "created_by"),
        centre_id=centre_pk,
        version=version,
    )
    if not may_see_concepts(user, concept.centre):
        raise Http404
    return concept


def centre_for_concept_upload(user: AnyUser, centre_pk: int) -> Centre:
    """The KI if `user` may add a version of its concept; 404 otherwise."""
    centre = get_object_or_404(Centre.objects.select_related("grantee"), pk=centre_pk)
    if not may_add_concept(user, centre.pk):
        raise Http404
    return centre


def centre_for_concepts(user: AnyUser, centre_pk: int) -> Centre:
    """The KI if `user` may see its concepts; 404 otherwise."""
    centre = get_object_or_404(Centre.objects.select_related("grantee"), pk=centre_pk)
    if not may_see_concepts(user, centre):
        raise Http404
    return centre


@dataclass(frozen=True)
class ConceptSummary:
    """What the KI's page shows of its concept."""

    current: IntegrationConcept | None
    may_add: bool


def summary_for(user: AnyUser, centre: Centre) -> ConceptSummary | None:
    """The current version for the KI's page (one query), or None if `user` may not see it."""
    concepts = concepts_of(user, centre)
    if concepts is None:
        return None
    return ConceptSummary(
        current=concepts.select_related(None).first(),
        may_add=may_add_concept(user, centre.pk),
    )
