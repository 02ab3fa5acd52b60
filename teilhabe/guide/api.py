"""The public guide's API (no login): search over the published offers, one published offer,
and the category tree. Every answer carries a strong ETag, Last-Modified and
`Access-Control-Allow-Origin: *`; a match of If-None-Match (or, without it, If-Modified-Since)
answers 304; OPTIONS answers a CORS preflight for GET and HEAD.

The search's parameters are read by `search.parse_query(strict=True)`, which refuses exactly
what the schema below refuses (a pattern, an enum, a bound, an empty value) and, beyond the
schema, an unknown district, municipality, category or postcode, lat without lon,
near with lat/lon, and sort=distance without a place — each with its stable code
(docs/guide.md, "API").
"""

# No `from __future__ import annotations`: ninja reads the parameter types at runtime.

import hashlib
import json
from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Max
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from teilhabe.core.api_errors import ErrorsOut, error
from teilhabe.network.models import LANGUAGES as SPOKEN
from teilhabe.network.models import Organisation
from teilhabe.territory.models import Municipality

from . import public, search
from .models import LANGUAGES, Category, ClassFormat, Level, Offer, TargetGroup
from .search import index
from .search import query as q
from .search.engine import CACHE_SECONDS

router = Router(tags=["guide"])
MAX_AGE = 300
CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Last-Modified",
}
PREFLIGHT = {
    **CORS,
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "If-None-Match, If-Modified-Since, Accept-Language",
    "Access-Control-Max-Age": "86400",
}
# The content languages (models.LANGUAGES; a test keeps the two alike).
Language = Literal["de", "de-x-ls", "en", "ar", "tr", "uk", "ru", "fa", "pl", "ro", "bg"]


def _enum(values: Any) -> dict[str, Any]:
    return {"type": "string", "enum": list(values)}


def _integer(low: int, high: int) -> dict[str, Any]:
    return {"type": "integer", "minimum": low, "maximum": high}


def _boolean() -> dict[str, Any]:
    return {"type": "boolean"}


# The parameters as parse_query(strict=True) reads them: name, schema, description.
PARAMETERS: list[tuple[str, dict[str, Any], str]] = [
    ("q", {"type": "string", "maxLength": q.MAX_Q}, "Words to find (the last also as a prefix)"),
    ("lang", _enum(LANGUAGES), "The content language to show and search; default de"),
    ("district", {"type": "string", "pattern": "^[0-9]{5}$"}, "District key, e.g. 05711"),
    ("municipality", {"type": "string", "pattern": "^[0-9]{8}$"}, "Municipality key (AGS)"),
    (
        "category",
        {"type": "string", "pattern": "^[a-z0-9_-]{1,50}$"},
        "A category code (GET /guide/categories); includes its descendants",
    ),
    (
        "languages",
        {"type": "array", "items": _enum(SPOKEN), "maxItems": q.MAX_LANGUAGES},
        "Held in any of these languages (repeat the parameter)",
    ),
    ("target_group", _enum(TargetGroup.values), "For this target group"),
    ("free", _boolean(), "true: free of charge; false: with a fee"),
    (
        "step_free",
        _boolean(),
        "Step-free access at a location (with a district, municipality or place: at one of those)",
    ),
    ("starts_within_weeks", _integer(1, q.MAX_WEEKS), "Next start from today within N weeks"),
    ("free_places", _boolean(), "true: only offers with free places"),
    ("level", _enum(Level.values), "A language course's target level"),
    ("class_format", _enum(ClassFormat.values), "A language course's class format"),
    (
        "near",
        {"type": "string", "pattern": "^([0-9]{5}|[0-9]{8})$"},
        "A postcode of NRW (5 digits) or a municipality key (8 digits)",
    ),
    ("lat", {"type": "number", "minimum": 50.3, "maximum": 52.6}, "Latitude (with lon)"),
    ("lon", {"type": "number", "minimum": 5.8, "maximum": 9.5}, "Longitude (with lat)"),
    ("radius_km", _integer(1, q.MAX_RADIUS_KM), "Radius around the place; default 10"),
    (
        "sort",
        _enum(q.SORTS),
        "relevance (default with q), next_start (default without), distance (needs a place)",
    ),
    ("page", _integer(1, q.MAX_PAGE), "Page number, from 1"),
    ("page_size", _integer(1, q.MAX_PAGE_SIZE), "Results per page, default 20"),
]
SEARCH_CODES = (
    "unknown_district",
    "unknown_municipality",
    "unknown_category",
    "unknown_postcode",
    "lat_lon_both",
    "place_twice",
    "distance_needs_place",
)


class LocationOut(Schema):
    lat: float | None
    lon: float | None
    address: str = Field(description="One line: name, street, postcode and town")


class HitOut(Schema):
    id: UUID = Field(description="The offer's stable id (HSDS service.id)")
    title: str
    summary: str
    language: str = Field(description="The language of title and summary")
    category: str = Field(description="Category code")
    category_name: str
    district: str = Field(description="District key of the (first) location")
    district_name: str
    municipality: str = Field(description="Municipality key of the (first) location")
    languages: list[str] = Field(description="Languages the offer is held in")
    location: LocationOut
    distance_km: float | None = Field(description="From the place, to 0.1 km; null without")
    next_start: date | None
    free_of_charge: bool
    step_free: bool | None
    url: str = Field(description="The public page, in `language`")


class FacetOut(Schema):
    value: str | bool
    label: str
    count: int


class FacetsOut(Schema):
    category: list[FacetOut] = Field(description="Top-level categories")
    languages: list[FacetOut]
    district: list[FacetOut]
    target_group: list[FacetOut]
    level: list[FacetOut]
    class_format: list[FacetOut]
    free: list[FacetOut]


class OfferPageOut(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[HitOut]
    facets: FacetsOut = Field(description="Counts over all results (every filter applied)")


class TextOut(Schema):
    title: str
    summary: str
    description: str = Field(description="Sanitised HTML: p, br, ul, ol, li, strong, em, a")


class CategoryRefOut(Schema):
    code: str
    name_de: str
    name_en: str


class ProviderOut(Schema):
    id: UUID
    name: str


class CostOut(Schema):
    free_of_charge: bool
    amount: str | None = Field(description="In euros, e.g. 25.00; null when free")


class RegistrationOut(Schema):
    how: str
    until: date | None
    free_places: int | None


class ContactOut(Schema):
    name: str
    email: str
    phone: str
    website: str
    opening_hours: str


class ScheduleOut(Schema):
    next_start: date | None
    duration: str
    hours_per_week: str | None
    recurrence: str


class CourseOut(Schema):
    course_type: str
    target_level: str
    class_format: str
    starts_on: date | None
    ends_on: date | None
    registration_deadline: date | None
    places: int
    places_taken: int
    free_places: int
    childcare: bool
    free_with_entitlement: bool


class OfferLocationOut(Schema):
    id: UUID
    name: str
    street: str
    postcode: str
    municipality: str = Field(description="Municipality key (AGS)")
    municipality_name: str
    lat: float | None
    lon: float | None
    step_free: bool | None
    languages: list[str] = Field(description="Languages spoken there")


class OfferOut(Schema):
    id: UUID
    language: str = Field(description="The language of `text`")
    source_language: str
    text_languages: list[str] = Field(description="The languages the offer has a text in")
    text: TextOut
    outdated: bool = Field(
        description="The text in `language` is a translation made before its source last "
        "changed (its title, summary and description may be stale; the details are the "
        "source's)"
    )
    machine_translated: bool = Field(
        description="The text in `language` was made by machine translation and not yet "
        "reviewed by a person"
    )
    details_language: dict[str, str] = Field(
        description="The language each detail with a value is written in (registration_how, "
        "opening_hours, duration, recurrence): `language`, or the source language where the "
        "translation has none or is outdated"
    )
    category: CategoryRefOut
    provider: ProviderOut | None
    target_groups: list[str]
    languages: list[str]
    cost: CostOut
    registration: RegistrationOut
    contact: ContactOut
    schedule: ScheduleOut
    course: CourseOut | None
    locations: list[OfferLocationOut]
    last_reviewed_on: date | None
    published_at: datetime
    url: str


class CategoryOut(Schema):
    code: str
    name_de: str
    name_en: str
    parent: str | None = Field(description="The parent's code; null at the top")
    children: list[str] = Field(description="The active children's codes")


def _json(data: Any) -> str:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))


def client_is_current(request: HttpRequest, etag: str, modified: int | None) -> bool:
    """The client's copy (If-None-Match, else If-Modified-Since) is the answer's (`etag`,
    `modified` in seconds since the epoch): a 304 will do."""
    if_none_match = request.headers.get("If-None-Match", "")
    if if_none_match:  # it takes precedence (RFC 9110, 13.2.2)
        return etag in [t.strip() for t in if_none_match.split(",")] or if_none_match == "*"
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return since is not None and modified is not None and modified <= since


def _answer(
    request: HttpRequest,
    data: Any,
    last_modified: datetime | None,
    status: int = 200,
    *,
    body: str | None = None,
) -> HttpResponse:
    """JSON with a strong ETag and Last-Modified; 304 when the client's copy is current.
    `body` is the JSON already serialised (a cached answer)."""
    if body is None:
        body = _json(data)
    etag = '"' + hashlib.sha256(body.encode()).hexdigest()[:32] + '"'
    modified = int(last_modified.timestamp()) if last_modified is not None else None
    fresh = status == 200 and client_is_current(request, etag, modified)
    response: HttpResponse
    if fresh:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, status=status, content_type="application/json")
    if status == 200:
        response["ETag"] = etag
        if last_modified is not None:
            response["Last-Modified"] = http_date(last_modified.timestamp())
        response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    response["Vary"] = "Accept-Language"
    for name, value in CORS.items():
        response[name] = value
    return response


def _errors(request: HttpRequest, status: int, errors: list[dict[str, Any]]) -> HttpResponse:
    return _answer(request, {"errors": errors}, None, status=status)


def _preflight(request: HttpRequest) -> HttpResponse:
    """A CORS preflight (OPTIONS with Origin and Access-Control-Request-Method) for a read;
    any other OPTIONS is a method this address does not support."""
    asked = request.headers.get("Access-Control-Request-Method", "").upper()
    if not request.headers.get("Origin") or asked not in ("GET", "HEAD"):
        message = _("This address does not support the method %(method)s.") % {
            "method": request.method
        }
        response = _errors(request, 405, [error(None, "method_not_allowed", message)])
        response["Allow"] = "GET, HEAD, OPTIONS"
        return response
    response = HttpResponse(status=204)
    for name, value in PREFLIGHT.items():
        response[name] = value
    return response


def _site(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _number(value: Any) -> float | None:
    return float(value) if value not in (None, "") else None


def _changed(*moments: datetime | None) -> datetime | None:
    known = [m for m in moments if m is not None]
    return max(known) if known else None


def _categories_changed() -> datetime | None:
    return Category.objects.aggregate(at=Max("updated_at"))["at"]


def _page_url(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return _site(request.path) + "?" + query.urlencode()


def _hit(hit: search.Hit) -> dict[str, Any]:
    return {
        "id": hit.uuid,
        "title": hit.title,
        "summary": hit.summary,
        "language": hit.language,
        "category": hit.category,
        "category_name": hit.category_name,
        "district": hit.district,
        "district_name": hit.district_name,
        "municipality": hit.municipality,
        "languages": hit.languages,
        "location": {"lat": _number(hit.lat), "lon": _number(hit.lon), "address": hit.address},
        "distance_km": _number(hit.distance_km),
        "next_start": hit.next_start,
        "free_of_charge": hit.free_of_charge,
        "step_free": hit.step_free,
        "url": _site(hit.url),
    }


@router.get(
    "/offers",
    response={200: OfferPageOut, 422: ErrorsOut},
    auth=None,
    summary="Search the published offers of the guide",
    openapi_extra={
        "parameters": [
            {
                "name": name,
                "in": "query",
                "required": False,
                "schema": schema,
                "description": description,
                **({"style": "form", "explode": True} if schema["type"] == "array" else {}),
            }
            for name, schema, description in PARAMETERS
        ]
    },
)
def search_offers(request: HttpRequest) -> HttpResponse:
    """Full-text search with filters, distance and facet counts over the published offers
    (their published version, never a draft or a pending change). Beyond the schema, 422
    with `field` set to the parameter: `unknown_district`, `unknown_municipality`,
    `unknown_category`, `unknown_postcode`, `lat_lon_both`, `place_twice`,
    `distance_needs_place`; `blank` for a parameter given empty."""
    # Read once per request: the anonymous answers' middleware has read them already.
    searched, categories = getattr(request, "guide_changes", None) or index.changes()
    last_modified = _changed(searched, categories)
    key = answer_key("guide-api-search", request, get_language() or "de", searched, categories)
    cached = cache.get(key)
    if isinstance(cached, str):  # the same parameters answered since the last change
        return _answer(request, None, last_modified, body=cached)
    try:
        query = search.parse_query(request.GET, strict=True)
    except search.ParamError as e:
        return _errors(request, 422, [error(p, c, m) for p, c, m in e.errors])
    page = search.search(query, changes=(searched, categories))
    data = {
        "count": page.count,
        "next": _page_url(request, page.page + 1) if page.page < page.pages else None,
        "previous": _page_url(request, page.page - 1) if 1 < page.page <= page.pages else None,
        "results": [_hit(h) for h in page.hits],
        "facets": {
            name: [{"value": v, "label": label, "count": n} for v, label, n in facet]
            for name, facet in page.facets.items()
        },
    }
    body = _json(data)
    cache.set(key, body, CACHE_SECONDS)
    return _answer(request, None, last_modified, body=body)


def answer_key(
    prefix: str,
    request: HttpRequest,
    language: str,
    searched: datetime | None,
    categories: datetime | None,
) -> str:
    """The cache key of a search answer: the path and parameters as given (a 422 is never
    cached, so a key found was a valid query), the labels' language, today (starts within N
    weeks), and both changes the answer depends on."""
    parts = (
        request.path,
        repr(sorted(request.GET.lists())),
        language,
        str(timezone.localdate()),
        searched.isoformat() if searched else "",
        categories.isoformat() if categories else "",
    )
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()[:40]
    return f"{prefix}:{digest}"


@router.api_operation(
    ["OPTIONS"], "/offers", auth=None, include_in_schema=False, url_name="search_offers"
)
def search_offers_preflight(request: HttpRequest) -> HttpResponse:
    return _preflight(request)


def _offer(offer: Offer, lang: str | None) -> dict[str, Any]:
    published = offer.published_snapshot
    fields = published.get("offer") or {}
    texts = published.get("texts") or {}
    source = fields.get("source_language") or "de"
    language = lang if lang in texts else source
    text = texts.get(language) or {}
    # How to register, dates, duration, opening hours: the source's where the text has none.
    state = public.text_state(offer, str(language))
    found = public.details(texts, str(language), source, outdated=state.outdated)
    details = {name: d.value for name, d in found.items()}
    category = Category.objects.filter(pk=fields.get("category") or 0).first()
    provider = Organisation.objects.filter(pk=fields.get("provider") or 0).first()
    locations = published.get("locations") or []
    towns = {
        m.pk: m for m in Municipality.objects.filter(pk__in=[x["municipality"] for x in locations])
    }
    course = published.get("course")
    return {
        "id": offer.uuid,
        "language": language,
        "source_language": source,
        "text_languages": sorted(texts),
        "text": {
            "title": text.get("title", ""),
            "summary": text.get("summary", ""),
            "description": text.get("description", ""),
        },
        "outdated": state.outdated,
        "machine_translated": state.machine_made,
        "details_language": {name: d.language for name, d in found.items()},
        "category": {
            "code": category.code if category else "",
            "name_de": category.name_de if category else "",
            "name_en": category.name_en if category else "",
        },
        "provider": {"id": provider.uuid, "name": provider.name} if provider else None,
        "target_groups": fields.get("target_groups") or [],
        "languages": fields.get("languages") or [],
        "cost": {
            "free_of_charge": fields.get("cost") != "amount",
            "amount": fields.get("cost_amount") if fields.get("cost") == "amount" else None,
        },
        "registration": {
            "how": details.get("registration_how", ""),
            "until": fields.get("registration_until"),
            "free_places": fields.get("free_places"),
        },
        "contact": {
            "name": fields.get("contact_name") or "",
            "email": fields.get("contact_email") or "",
            "phone": fields.get("contact_phone") or "",
            "website": fields.get("website") or "",
            "opening_hours": details.get("opening_hours", ""),
        },
        "schedule": {
            "next_start": fields.get("next_start"),
            "duration": details.get("duration", ""),
            "hours_per_week": fields.get("hours_per_week"),
            "recurrence": details.get("recurrence", ""),
        },
        "course": (
            {
                **course,
                "free_places": max(
                    int(course.get("places") or 0) - int(course.get("places_taken") or 0), 0
                ),
            }
            if course
            else None
        ),
        "locations": [
            {
                "id": loc["uuid"],
                "name": loc.get("name") or "",
                "street": loc.get("street") or "",
                "postcode": loc.get("postcode") or "",
                "municipality": towns[loc["municipality"]].ags
                if loc["municipality"] in towns
                else "",
                "municipality_name": towns[loc["municipality"]].short_name
                if loc["municipality"] in towns
                else "",
                "lat": _number(loc.get("lat")),
                "lon": _number(loc.get("lon")),
                "step_free": loc.get("step_free"),
                "languages": loc.get("languages") or [],
            }
            for loc in locations
        ],
        "last_reviewed_on": offer.last_reviewed_on,
        "published_at": offer.published_at,
        "url": _site(offer.get_public_url()) + f"?lang={language}",
    }


@router.get(
    "/offers/{offer_id}",
    response={200: OfferOut, 404: ErrorsOut},
    auth=None,
    summary="One published offer, in a language of choice",
)
def get_offer(request: HttpRequest, offer_id: UUID, lang: Language | None = None) -> HttpResponse:
    """The offer's published version: its text in `lang` if it has one, else in its source
    language (`language` says which), with category, provider, cost, registration, contact,
    schedule, course details and locations. An unknown, unpublished or archived offer is 404
    `not_found`."""
    offer = Offer.objects.for_public_display().filter(uuid=offer_id).first()
    if offer is None or not offer.published_snapshot or offer.published_at is None:
        return _errors(request, 404, [error(None, "not_found", _("Not found."))])
    modified = _changed(offer.published_at, _categories_changed())
    return _answer(request, _offer(offer, lang), modified)


@router.api_operation(
    ["OPTIONS"], "/offers/{offer_id}", auth=None, include_in_schema=False, url_name="get_offer"
)
def get_offer_preflight(request: HttpRequest, offer_id: str) -> HttpResponse:
    return _preflight(request)


@router.get(
    "/categories",
    response=list[CategoryOut],
    auth=None,
    summary="The guide's active category tree",
)
def list_categories(request: HttpRequest) -> HttpResponse:
    """Every active category in tree order (parents before their children), with its parent's
    and its children's codes."""
    rows = list(Category.objects.filter(is_active=True).select_related("parent"))
    codes = {c.pk: c.code for c in rows}
    children: dict[int, list[str]] = {}
    for c in rows:
        if c.parent_id in codes:
            children.setdefault(c.parent_id, []).append(c.code)
    # Parents first: a category whose parent is inactive is left out with it.
    data = []
    for c in rows:
        if c.parent_id is not None and c.parent_id not in codes:
            continue
        data.append(
            {
                "code": c.code,
                "name_de": c.name_de,
                "name_en": c.name_en,
                "parent": codes.get(c.parent_id) if c.parent_id else None,
                "children": children.get(c.pk, []),
            }
        )
    return _answer(request, data, _categories_changed())


@router.api_operation(
    ["OPTIONS"], "/categories", auth=None, include_in_schema=False, url_name="list_categories"
)
def list_categories_preflight(request: HttpRequest) -> HttpResponse:
    return _preflight(request)
