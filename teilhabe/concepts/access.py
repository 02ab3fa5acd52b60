"""Permission-checked reads of integration concepts. Forbidden answers like missing: 404.

The KI itself, the state-wide roles and the school authority of the KI's district see a KI's
concepts; only the KI's own staff add versions (`core.roles.may_see_concepts`, `may_add_concept`).
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


def may_see_concepts(user: AnyUser, centre: Centre) -> bool:
    return roles.may_see_concepts(user, centre.pk, centre.grantee.district_id)


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
    if not roles.may_add_concept(user, centre.pk):
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
        may_add=roles.may_add_concept(user, centre.pk),
    )
