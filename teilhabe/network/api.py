"""The partner network in the API: the organisations the caller may see (the KI its own, the
coordination office all, a partner account its own one), as on the pages; 404 for the rest."""

# No `from __future__ import annotations`: ninja resolves a paginated view's parameter types
# (core.api_params.Id …) in the paginate wrapper's module, where these names do not exist.
from datetime import datetime

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from teilhabe.core.api_auth import STAFF_AUTH
from teilhabe.core.api_params import Id, Pagination

from . import access
from .models import Organisation, OrganisationQuerySet, OrganisationType

router = Router(tags=["network"])


class OrganisationOut(Schema):
    id: int
    centre_id: int
    type: OrganisationType
    name: str
    street: str
    postcode: str
    municipality: str | None  # the official key (AGS)
    municipality_name: str | None
    is_active: bool
    updated_at: datetime

    @staticmethod
    def resolve_municipality(obj: Organisation) -> str | None:
        return obj.municipality.ags if obj.municipality else None

    @staticmethod
    def resolve_municipality_name(obj: Organisation) -> str | None:
        return obj.municipality.short_name if obj.municipality else None


class ContactOut(Schema):
    name: str
    function: str
    email: str
    phone: str


class OrganisationDetailOut(OrganisationOut):
    email: str
    phone: str
    website: str
    languages: list[str]
    areas_of_work: str
    stages: list[str]
    merged_into_id: int | None
    contacts: list[ContactOut]

    @staticmethod
    def resolve_contacts(obj: Organisation) -> list[ContactOut]:
        return list(obj.contacts.all())  # type: ignore[arg-type]


def _visible(user: object) -> OrganisationQuerySet:
    scope = access.visible_organisations_scope(user)  # type: ignore[arg-type]
    if scope is None:
        raise Http404
    return Organisation.objects.for_listing().filter(scope)


@router.get(
    "/network/organisations",
    response=list[OrganisationOut],
    auth=STAFF_AUTH,
    summary="Partner organisations",
)
@paginate(Pagination, page_size=50)
def list_organisations(
    request: HttpRequest,
    type: OrganisationType | None = None,
    municipality: str | None = None,
    q: str = "",
    centre: Id | None = None,
) -> QuerySet[Organisation]:
    """The organisations the caller may see, by name; `type`, `municipality` (the official
    key) and `q` (name, street, postcode, contact) filter as on the list page, `centre` narrows
    the coordination office's view to one KI. Merged-away and inactive ones are included
    (`is_active`)."""
    organisations = _visible(request.auth)  # type: ignore[attr-defined]
    if type:
        organisations = organisations.filter(type=type)
    if municipality:
        organisations = organisations.filter(municipality__ags=municipality[:8])
    if centre is not None:
        organisations = organisations.filter(centre_id=centre)
    return organisations.search(q[:100]).order_by("name", "pk")


@router.get(
    "/network/organisations/{organisation_id}",
    response=OrganisationDetailOut,
    auth=STAFF_AUTH,
    summary="One partner organisation",
)
def get_organisation(request: HttpRequest, organisation_id: Id) -> Organisation:
    """The organisation with its business contacts."""
    return get_object_or_404(
        _visible(request.auth).prefetch_related("contacts"),  # type: ignore[attr-defined]
        pk=organisation_id,
    )
