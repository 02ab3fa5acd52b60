"""The HSDS 3.0 API of the guide, read-only and public, shaped as the official description
(`openapi.json` of HSDS 3.0) defines it: `/`, `/services`, `/services/{id}`,
`/organizations`, `/organizations/{id}`, `/service_at_locations`, `/taxonomies`,
`/taxonomies/{id}`, `/taxonomy_terms`, `/taxonomy_terms/{id}`, plus the whole dataset.

Lists carry the `Page` envelope (`total_items`, `total_pages`, `page_number`, `size`,
`first_page`, `last_page`, `empty`, `contents`). Every answer has a strong ETag of its body
(304 on a match), Last-Modified where a publication date exists, and CORS for every origin.
A bad parameter answers 422 `{"errors": [{"field", "code", "message"}]}` with a stable code;
an unknown id answers 404 `not_found` in the same shape. Only publicly displayed offers, in
their published version, are served.
"""

from __future__ import annotations

import datetime
import functools
import math
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from teilhabe.centres.models import Centre
from teilhabe.core.api_errors import error
from teilhabe.core.http import json_error, open_data_json
from teilhabe.network.models import Organisation

from .. import opendata
from ..models import LANGUAGES, Category, Location, Offer, OfferQuerySet, SearchEntry
from ..search import backends, text
from . import mapping
from . import taxonomies as tx

PER_PAGE, MAX_PER_PAGE, MAX_PAGE = 50, 100, 100_000
MAX_SEARCH = 200
PROFILE = "https://docs.openreferral.org/en/v3.0/"
OPENAPI = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"


class BadParameter(Exception):
    def __init__(self, field: str, code: str, message: str) -> None:
        super().__init__(message)
        self.field, self.code, self.message = field, code, message


View = Callable[..., HttpResponseBase]


def hsds_view(view: View) -> View:
    """GET only; bad parameters → 422, unknown ids → 404, both as JSON with CORS."""

    @require_GET
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except BadParameter as exc:
            return json_error(422, [error(exc.field, exc.code, exc.message)])
        except Http404:
            return json_error(404, [error(None, "not_found", _("Not found."))])

    return wrapper


# --- parameters ---------------------------------------------------------------------------


def _int(request: HttpRequest, name: str, default: int, highest: int) -> int:
    raw = request.GET.get(name, "")
    if raw == "":
        return default
    if not raw.isdigit():
        raise BadParameter(name, "invalid_number", _("Give a whole number."))
    value = int(raw[:12])  # bounded before it is read: more digits are out of range anyway
    if len(raw) > 12 or not 1 <= value <= highest:
        raise BadParameter(
            name, "out_of_range", _("Give a number from 1 to %(highest)s.") % {"highest": highest}
        )
    return value


def _paging(request: HttpRequest) -> tuple[int, int]:
    return _int(request, "page", 1, MAX_PAGE), _int(request, "per_page", PER_PAGE, MAX_PER_PAGE)


def _bool(request: HttpRequest, name: str) -> bool:
    raw = request.GET.get(name, "").lower()
    if raw in ("", "false", "0"):
        return False
    if raw in ("true", "1"):
        return True
    raise BadParameter(name, "invalid_boolean", _("Give true or false."))


def _uuid(request: HttpRequest, name: str) -> str | None:
    raw = request.GET.get(name, "")
    if raw == "":
        return None
    try:
        return str(uuid.UUID(raw))
    except ValueError:
        raise BadParameter(name, "invalid_uuid", _("Give a UUID.")) from None


def _search(request: HttpRequest) -> str:
    value = request.GET.get("search", "").strip()
    if len(value) > MAX_SEARCH:
        raise BadParameter("search", "too_long", _("At most %(n)s characters.") % {"n": MAX_SEARCH})
    return value


def _lang(request: HttpRequest) -> str | None:
    value = request.GET.get("lang", "")
    if value == "":
        return None
    if value not in LANGUAGES:
        raise BadParameter(
            "lang",
            "invalid_language",
            _("Give one of: %(codes)s.") % {"codes": ", ".join(LANGUAGES)},
        )
    return value


def _format(request: HttpRequest) -> None:
    if request.GET.get("format", "json") != "json":
        raise BadParameter(
            "format",
            "unsupported_format",
            _("Only json is served; the whole data set is at dataset.json."),
        )


def _modified_after(request: HttpRequest) -> datetime.datetime | None:
    raw = request.GET.get("modified_after", "")
    if raw == "":
        return None
    try:
        if len(raw) > 40:
            raise ValueError(raw)
        moment = datetime.datetime.fromisoformat(raw.replace(" ", "+"))
    except ValueError:
        raise BadParameter(
            "modified_after",
            "invalid_datetime",
            _("Give a date and time in ISO 8601, e.g. 2026-01-31T12:00:00+01:00."),
        ) from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _envelope(contents: list[Any], *, total: int, page: int, per_page: int) -> dict[str, Any]:
    pages = math.ceil(total / per_page)
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= pages,
        "empty": not contents,
        "contents": contents,
    }


def _window(items: Any, page: int, per_page: int) -> list[Any]:
    return list(items[(page - 1) * per_page : page * per_page])


def _latest(offers: Sequence[Offer]) -> datetime.datetime | None:
    return max((o.published_at for o in offers if o.published_at), default=None)


# --- filters ------------------------------------------------------------------------------


def _by_term(offers: OfferQuerySet, term: str, categories: dict[int, Category]) -> OfferQuerySet:
    """The offers classified by the taxonomy term `term` (a category with its subtree, a
    target group, a course type, level or class format)."""
    for category in categories.values():
        if str(tx.term_id(tx.CATEGORY, category.code)) == term:
            tree = {category.pk}
            while True:
                more = {c.pk for c in categories.values() if c.parent_id in tree} - tree
                if not more:
                    break
                tree |= more
            return offers.filter(published_snapshot__offer__category__in=sorted(tree))
    course_fields = {
        tx.COURSE_TYPE: "course_type",
        tx.LEVEL: "target_level",
        tx.CLASS_FORMAT: "class_format",
    }
    for kind, choices in tx.CHOICES.items():
        for code in choices.values:
            if str(tx.term_id(kind, code)) != term:
                continue
            if kind == tx.TARGET_GROUP:
                return offers.filter(
                    published_snapshot__offer__target_groups__icontains=f'"{code}"'
                )
            return offers.filter(**{f"published_snapshot__course__{course_fields[kind]}": code})
    if term in {str(tx.term_id(tx.VALUE, code)) for code in tx.VALUE_TERMS}:
        raise BadParameter(
            "taxonomy_term_id",
            "term_not_filterable",
            _("This term carries a value; filter by a term of a classification taxonomy."),
        )
    return offers.none()


def _by_taxonomy(offers: OfferQuerySet, taxonomy_id: str) -> OfferQuerySet:
    taxonomy = tx.BY_ID.get(taxonomy_id)
    if taxonomy is None:
        return offers.none()
    if taxonomy.kind in (tx.CATEGORY, tx.VALUE):  # every service has a category and values
        return offers
    if taxonomy.kind == tx.TARGET_GROUP:
        return offers.exclude(published_snapshot__offer__target_groups=[])
    return offers.exclude(published_snapshot__course=None)


def _by_organization(offers: OfferQuerySet, organization_id: str) -> OfferQuerySet:
    provider = (
        Organisation.objects.filter(uuid=organization_id).values_list("pk", flat=True).first()
    )
    if provider is not None:
        return offers.filter(published_snapshot__offer__provider=provider)
    for centre in _provider_less_centres():
        if str(tx.ki_organization_id(centre.district_key)) == organization_id:
            return offers.filter(centre=centre, published_snapshot__offer__provider=None)
    return offers.none()


def _matching(search: str) -> Any:
    """The ids of the offers whose published text in any language matches every word of
    `search`: the guide's full-text search (`search.backends`, over `SearchEntry`, built from
    the published snapshots only), so a change not yet published is never found."""
    words = text.tokens(search, limit=text.MAX_TOKENS)
    if not words:
        raise BadParameter(
            "search", "no_words", _("Give at least one word (letters or digits) to search for.")
        )
    return backends.backend().matching(SearchEntry.objects.all(), words).values("offer_id")


def _offers(request: HttpRequest, categories: dict[int, Category]) -> OfferQuerySet:
    """The public offers the request's filters leave."""
    offers = opendata.public_offers()
    search = _search(request)
    if search:
        offers = offers.filter(pk__in=_matching(search))
    moment = _modified_after(request)
    if moment is not None:
        offers = offers.filter(published_at__gte=moment)
    term = _uuid(request, "taxonomy_term_id")
    if term is not None:
        offers = _by_term(offers, term, categories)
    taxonomy = _uuid(request, "taxonomy_id")
    if taxonomy is not None:
        offers = _by_taxonomy(offers, taxonomy)
    organization = _uuid(request, "organization_id")
    if organization is not None:
        offers = _by_organization(offers, organization)
    return offers


# --- views --------------------------------------------------------------------------------


@hsds_view
def root(request: HttpRequest) -> HttpResponse:
    """What this API is (HSDS version, profile, API description) and where the data set is."""
    return open_data_json(
        request,
        {
            "version": mapping.HSDS_VERSION,
            "profile": PROFILE,
            "openapi_url": OPENAPI,
            "dataset_url": request.build_absolute_uri("dataset.json"),
            "licence": opendata.LICENCE,
            "publisher": opendata.PUBLISHER,
        },
        max_age=3600,
    )


@hsds_view
def services(request: HttpRequest) -> HttpResponse:
    """The public services, a page at a time; `full=true` nests them fully."""
    _format(request)
    lang, (page, per_page), full = _lang(request), _paging(request), _bool(request, "full")
    categories = mapping.all_categories()
    offers = _offers(request, categories)
    total = offers.count()
    rows = _window(offers, page, per_page)
    batch = mapping.Batch.load(rows, categories=categories)
    nested = mapping.services_of(rows, batch, lang=lang)
    contents = nested if full else [mapping.list_item(s) for s in nested]
    return open_data_json(
        request,
        _envelope(contents, total=total, page=page, per_page=per_page),
        last_modified=_latest(rows),
    )


def _public_offer(id: str) -> Offer:
    try:
        key = uuid.UUID(id)
    except ValueError:
        raise Http404 from None
    offer = opendata.public_offers().filter(uuid=key).first()
    if offer is None:
        raise Http404
    return offer


@hsds_view
def service(request: HttpRequest, id: str) -> HttpResponse:
    """One public service, fully nested."""
    lang = _lang(request)
    offer = _public_offer(id)
    batch = mapping.Batch.load([offer])
    return open_data_json(
        request, mapping.service(offer, batch, lang=lang), last_modified=offer.published_at
    )


def _provider_less_centres() -> list[Centre]:
    """The KIs that provide a public offer themselves (no partner organisation)."""
    offers = opendata.public_offers().filter(published_snapshot__offer__provider=None)
    return list(
        Centre.objects.filter(pk__in=offers.values("centre"))
        .select_related("grantee")
        .order_by("pk")
    )


def _providers() -> list[Organisation]:
    """The partner organisations that provide a public offer (as published)."""
    pks = (
        opendata.public_offers()
        .exclude(published_snapshot__offer__provider=None)
        .values_list("published_snapshot__offer__provider", flat=True)
        .distinct()
    )
    return list(Organisation.objects.filter(pk__in={int(pk) for pk in pks}).order_by("pk"))


def _organizations() -> list[dict[str, Any]]:
    rows = [mapping.provider_organization(o) for o in _providers()]
    rows += [mapping.ki_organization(c) for c in _provider_less_centres()]
    return sorted(rows, key=lambda o: (o["name"].casefold(), o["id"]))


@hsds_view
def organizations(request: HttpRequest) -> HttpResponse:
    """The organizations of the public services: providers and the KIs that provide
    themselves."""
    _format(request)
    (page, per_page), search = _paging(request), _search(request).casefold()
    rows = [o for o in _organizations() if search in o["name"].casefold()]
    contents = [
        mapping.compact(mapping.organization_item(o)) for o in _window(rows, page, per_page)
    ]
    return open_data_json(
        request, _envelope(contents, total=len(rows), page=page, per_page=per_page)
    )


@hsds_view
def organization(request: HttpRequest, id: str) -> HttpResponse:
    """One organization with the ids of its public services."""
    found = next((o for o in _organizations() if o["id"] == id), None)
    if found is None:
        raise Http404
    offers = _by_organization(opendata.public_offers(), id)
    found = {**found, "services": [{"id": str(u)} for u in offers.values_list("uuid", flat=True)]}
    return open_data_json(request, mapping.compact(found))


@hsds_view
def service_at_locations(request: HttpRequest) -> HttpResponse:
    """The places of the public services, a page at a time: one per location of an offer as
    published."""
    _format(request)
    lang, (page, per_page) = _lang(request), _paging(request)
    categories = mapping.all_categories()
    places = Location.objects.filter(offer__in=_offers(request, categories)).order_by(
        "offer_id", "pk"
    )
    postcode = request.GET.get("postcode", "")
    if postcode:
        if not (postcode.isdigit() and len(postcode) == 5):
            raise BadParameter(
                "postcode", "invalid_postcode", _("Give a German postcode of five digits.")
            )
        places = places.filter(postcode=postcode)
    total = places.count()
    rows = _window(places.select_related("offer__centre__grantee"), page, per_page)
    offers = list({row.offer_id: row.offer for row in rows}.values())
    batch = mapping.Batch.load(offers, categories=categories)
    items: dict[str, dict[str, Any]] = {}
    for offer in offers:
        for item in mapping.service_at_location_items(mapping.service(offer, batch, lang=lang)):
            items[item["location_id"]] = item
    # A location added by a change still waiting for review is not published yet: left out.
    contents = [items[str(row.uuid)] for row in rows if str(row.uuid) in items]
    return open_data_json(
        request,
        _envelope(contents, total=total, page=page, per_page=per_page),
        last_modified=_latest(offers),
    )


@hsds_view
def taxonomies(request: HttpRequest) -> HttpResponse:
    _format(request)
    (page, per_page), search = _paging(request), _search(request).casefold()
    rows = [t.as_hsds() for t in tx.TAXONOMIES if search in t.title.casefold()]
    return open_data_json(
        request,
        _envelope(_window(rows, page, per_page), total=len(rows), page=page, per_page=per_page),
        max_age=3600,
    )


@hsds_view
def taxonomy(request: HttpRequest, id: str) -> HttpResponse:
    found = tx.BY_ID.get(id)
    if found is None:
        raise Http404
    return open_data_json(request, found.as_hsds(), max_age=3600)


def _terms(lang: str | None) -> list[dict[str, Any]]:
    return tx.all_terms(mapping.all_categories().values(), lang or "de")


@hsds_view
def taxonomy_terms(request: HttpRequest) -> HttpResponse:
    """Every term of the guide's taxonomies; `taxonomy_id`, `parent_id`, `top_only` (terms
    without a parent) and `search` (in name and code) narrow them."""
    _format(request)
    lang, (page, per_page), search = _lang(request), _paging(request), _search(request).casefold()
    taxonomy, parent, top = (
        _uuid(request, "taxonomy_id"),
        _uuid(request, "parent_id"),
        _bool(request, "top_only"),
    )
    rows = [
        t
        for t in _terms(lang)
        if (taxonomy is None or t["taxonomy_id"] == taxonomy)
        and (parent is None or t.get("parent_id") == parent)
        and (not top or "parent_id" not in t)
        and (search in t["name"].casefold() or search in t["code"].casefold())
    ]
    return open_data_json(
        request,
        _envelope(_window(rows, page, per_page), total=len(rows), page=page, per_page=per_page),
        max_age=3600,
    )


@hsds_view
def taxonomy_term(request: HttpRequest, id: str) -> HttpResponse:
    found = next((t for t in _terms(_lang(request)) if t["id"] == id), None)
    if found is None:
        raise Http404
    return open_data_json(request, found, max_age=3600)


@hsds_view
def dataset(request: HttpRequest) -> HttpResponseBase:
    """Every public service, fully nested, as one JSON array (streamed)."""
    lang = _lang(request)
    offers = opendata.public_offers()

    def items() -> Any:
        for rows, batch in opendata.in_batches(offers):
            yield from mapping.services_of(rows, batch, lang=lang)

    return opendata.streamed_json(
        request,
        offers,
        lambda: opendata.stream("[", items(), "]"),
        variant=f"hsds:{lang or ''}",
        filename="hsds-services.json",
    )
