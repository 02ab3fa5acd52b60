"""Public reads of the KI registry; the staff list for those who may see it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Router, Schema

from teilhabe.core.api_auth import STAFF_AUTH
from teilhabe.core.api_params import Id
from teilhabe.core.http import etagged_json

from . import access
from .models import Centre, CentreStatus, GeneralisedFunction, PositionCategory, StaffFunction

router = Router(tags=["centres"])


class CentreOut(Schema):
    id: int
    name: str
    district: str
    district_name: str
    kind: str
    regierungsbezirk: str
    status: CentreStatus
    attachment: str
    street: str
    postcode: str
    city: str
    email: str
    phone: str
    website: str


class StaffOut(Schema):
    """For the evaluator: `id`, `start_date` and `end_date` are null, `name` is a keyed
    pseudonym (`P-…`), `function` is `management` for head and deputy head, and only the years
    are given."""

    id: int | None
    name: str
    function: StaffFunction | GeneralisedFunction
    category: PositionCategory
    fte: Decimal
    start_date: date | None
    end_date: date | None
    start_year: int
    end_year: int | None


def _centre(c: Centre) -> dict[str, object]:
    return {
        "id": c.pk,
        "name": c.name,
        "district": c.grantee.key,
        "district_name": c.grantee.name,
        "kind": c.grantee.kind,
        "regierungsbezirk": c.grantee.district.regierungsbezirk.name,
        "status": c.status,
        "attachment": c.attachment,
        "street": c.street,
        "postcode": c.postcode,
        "city": c.city,
        "email": c.email,
        "phone": c.phone,
        "website": c.website,
    }


@router.get("/centres", response=list[CentreOut], auth=None, summary="The 54 KIs")
def list_centres(request: HttpRequest, q: str = "") -> HttpResponse:
    """Every Kommunales Integrationszentrum; `district` is the grantee's key (05334002 = Aachen).

    A bounded list of 54: not paginated. `q` searches name, place and key.
    """
    centres = access.centres_visible_to(request.user).search(q).order_by("grantee__key")
    return etagged_json(request, [_centre(c) for c in centres])


@router.get("/centres/{centre_id}", response=CentreOut, auth=None, summary="One KI")
def get_centre(request: HttpRequest, centre_id: Id) -> HttpResponse:
    return etagged_json(request, _centre(access.centre_for(request.user, centre_id)))


@router.get(
    "/centres/{centre_id}/staff", response=list[StaffOut], auth=STAFF_AUTH, summary="A KI's staff"
)
def list_staff(request: HttpRequest, centre_id: Id) -> list[dict[str, object]]:
    """The KI's staff for those who may see it; the evaluator gets pseudonyms, never names."""
    user = request.auth  # type: ignore[attr-defined]
    centre = access.centre_for(user, centre_id)
    staff = access.staff_of(user, centre)
    if staff is None:
        raise Http404
    if access.staff_pseudonymised(user):
        return [
            {
                "id": None,
                "name": row.pseudonym,
                "function": row.function,
                "category": row.category,
                "fte": row.fte,
                "start_date": None,
                "end_date": None,
                "start_year": row.start_year,
                "end_year": row.end_year,
            }
            for row in access.pseudonymous_staff_of(user, centre) or []
        ]
    return [
        {
            "id": m.pk,
            "name": f"{m.first_name} {m.last_name}",
            "function": m.function,
            "category": m.category,
            "fte": m.fte,
            "start_date": m.start_date,
            "end_date": m.end_date,
            "start_year": m.start_date.year,
            "end_year": m.end_date.year if m.end_date else None,
        }
        for m in staff
    ]
