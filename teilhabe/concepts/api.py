"""A KI's integration concept versions, for those who may see them (the document stays out)."""

from __future__ import annotations

from datetime import date, datetime

from django.http import HttpRequest
from ninja import Router, Schema

from teilhabe.centres.access import staff_pseudonymised
from teilhabe.core.api_auth import STAFF_AUTH
from teilhabe.core.api_params import Id
from teilhabe.core.pseudonyms import pseudonym

from . import access
from .models import Actor, AdoptingBody, FocusArea, IntegrationConcept

router = Router(tags=["concepts"])


class ConceptOut(Schema):
    version: int
    is_current: bool
    title: str
    adopting_body: AdoptingBody
    resolution_date: date
    focus_areas: list[FocusArea]
    actors: list[Actor]
    missing_actors: list[Actor]
    other_actors: str
    attachment: str
    organisation: str
    document_name: str
    document_size: int
    document_sha256: str
    document_pages: int
    uploaded_by: str | None
    uploaded_at: datetime


def _uploader(concept: IntegrationConcept, *, pseudonymised: bool) -> str | None:
    user = concept.created_by
    if user is None:
        return None
    if pseudonymised:
        return pseudonym("user", user.pk)
    return user.get_full_name() or user.get_username()


@router.get(
    "/centres/{centre_id}/concepts",
    response=list[ConceptOut],
    auth=STAFF_AUTH,
    summary="A KI's integration concept, every version",
)
def list_concepts(request: HttpRequest, centre_id: Id) -> list[dict[str, object]]:
    """Every version, newest first; the first is the current one, which applications refer to.

    A KI has a handful of versions: not paginated. The PDF itself is not part of the answer.
    The evaluator sees the uploader as a keyed pseudonym (`P-…`), never a name or an id.
    """
    user = request.auth  # type: ignore[attr-defined]
    centre = access.centre_for_concepts(user, centre_id)
    concepts = access.concepts_of(user, centre)
    hide = staff_pseudonymised(user)
    return [
        {
            "version": c.version,
            "is_current": i == 0,
            "title": c.title,
            "adopting_body": c.adopting_body,
            "resolution_date": c.resolution_date,
            "focus_areas": c.focus_areas,
            "actors": c.actors,
            "missing_actors": c.missing_actors,
            "other_actors": c.other_actors,
            "attachment": c.attachment,
            "organisation": c.organisation,
            "document_name": c.document_name,
            "document_size": c.document_size,
            "document_sha256": c.document_sha256,
            "document_pages": c.document_pages,
            "uploaded_by": _uploader(c, pseudonymised=hide),
            "uploaded_at": c.created_at,
        }
        for i, c in enumerate(concepts or [])
    ]
