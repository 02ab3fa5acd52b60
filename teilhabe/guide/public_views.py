"""The public guide's pages: the state's start page, a KI's landing page (list, or map on
demand with `?view=map`), its district's boundary for the map, and the search page. No login,
no JavaScript needed; each page in the visitor's language (`i18n.public_view`)."""

from __future__ import annotations

import hashlib
import zlib
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_GET

from teilhabe.centres.models import Centre
from teilhabe.core.middleware import CSP

from . import i18n, public, public_search, search
from .models import GuideSettings
from .search import index
from .search.engine import CACHE_SECONDS as LANDING_SECONDS

MAP = "map"


def _map_csp() -> str:
    """The project's policy, with the tile server's origin in `img-src` when there is one."""
    tiles = settings.GUIDE_MAP_TILE_URL
    if not tiles:
        return CSP
    parts = urlsplit(tiles)
    return CSP.replace(
        "img-src 'self' data:", f"img-src 'self' data: {parts.scheme}://{parts.netloc}"
    )


@require_GET
@i18n.public_view
def start(request: HttpRequest) -> HttpResponse:
    """All of NRW: the 54 KIs by Regierungsbezirk, the categories with state-wide counts."""
    context = {"state": public.state(), **i18n.public_context(request)}
    return render(request, "guide/public_start.html", context)


MAX_STORED_PAGE = 1000


def _storable(request: HttpRequest) -> bool:
    """Whether this landing page may be stored: only the parameters it reads, each once, with
    a value it takes as given (a page number without a leading zero, a public language, the
    map view; the category is checked when rendering: an unknown one is a 404, not stored).
    So the stored pages stay a bounded set: KI, language, category, page and view."""
    params = request.GET
    if not set(params) <= {"category", "page", "view", i18n.PARAM}:
        return False
    if any(len(values) > 1 for _name, values in params.lists()):
        return False
    page = params.get("page")
    if page is not None and not (
        page.isdigit() and page[0] != "0" and len(page) <= 4 and int(page) <= MAX_STORED_PAGE
    ):
        return False
    if params.get("view", MAP) != MAP or params.get(i18n.PARAM, i18n.DEFAULT) not in (
        i18n.PUBLIC_LANGUAGES
    ):
        return False
    return len(params.get("category", "")) <= 50


def _landing_key(request: HttpRequest, ki: Centre) -> str | None:
    """The key a rendered landing page is stored under, or None for a request that is not
    stored. The page changes only when an offer is published, changed, archived or hidden
    (each reindex moves `index.changes()`), the category tree or the KI's guide settings
    change, or the day does (an offer past its review age drops out by date); whatever else
    it shows (a provider's name) is at most `LANDING_SECONDS` old."""
    if not _storable(request):
        return None
    searched, categories = index.changes()
    configured = (
        GuideSettings.objects.filter(centre=ki).values_list("updated_at", flat=True).first()
    )
    parts = (
        ki.pk,
        i18n.language_of(request),
        sorted(request.GET.items()),
        searched,
        categories,
        configured,
        timezone.localdate(),
        settings.GUIDE_MAP_TILE_URL,
    )
    return "guide-landing:" + hashlib.sha256(repr(parts).encode()).hexdigest()[:40]


@require_GET
@i18n.public_view
def centre(request: HttpRequest, key: str) -> HttpResponse:
    """A KI's landing page: its offers by category, or (`?view=map`) their places on a map
    with the list of places as its text alternative. A page rendered before is answered
    from the cache (compressed) while nothing it shows has changed: three queries instead
    of seven and no rendering (bench/RESULTS.md)."""
    ki = public.centre_by_key(key)
    on_map = request.GET.get("view") == MAP
    stored_under = _landing_key(request, ki)
    stored = cache.get(stored_under) if stored_under else None
    if isinstance(stored, bytes):
        response = HttpResponse(zlib.decompress(stored), content_type="text/html; charset=utf-8")
    else:
        response, shown_page = _render_centre(request, ki, on_map)
        asked = request.GET.get("page")
        if stored_under and (asked is None or asked == str(shown_page)):  # not a clamped page
            cache.set(stored_under, zlib.compress(response.content, 6), LANDING_SECONDS)
    if on_map:
        response["Content-Security-Policy"] = _map_csp()
    return response


def _render_centre(request: HttpRequest, ki: Centre, on_map: bool) -> tuple[HttpResponse, int]:
    """The landing page rendered, and the number of the page shown."""
    landing = public.landing(
        ki,
        wanted=i18n.language_of(request),
        category_code=request.GET.get("category", "")[:50],
        page_number=request.GET.get("page"),
    )
    context = {
        "landing": landing,
        "centre": ki,
        "on_map": on_map,
        "places_count": len(landing.places),
        "map_offers": sum(len(p.offers) for p in landing.places),
        "map_data": {
            "places": public.markers(landing.places),
            "tiles": settings.GUIDE_MAP_TILE_URL,
            "attribution": settings.GUIDE_MAP_ATTRIBUTION,
        }
        if on_map
        else None,
        **i18n.public_context(request),
    }
    return render(request, "guide/public_centre.html", context), landing.page.number


@require_GET
def boundary(request: HttpRequest, key: str) -> HttpResponse:
    """The KI's district as GeoJSON (a few KB, cached a day); 404 where there is none (the
    City of Aachen, which is no district of its own)."""
    feature = public.boundary(public.centre_by_key(key))
    if feature is None:
        return JsonResponse({"error": "no_boundary"}, status=404)
    response = JsonResponse(feature, content_type="application/geo+json")
    patch_cache_control(response, public=True, max_age=86400)
    return response


@require_GET
@i18n.public_view
def search_page(request: HttpRequest) -> HttpResponse:
    """The search (`guide/search`, the API's parameters): a GET form, the results as cards
    with their count, facet counts at the filters, pages; `?view=map` the results' places on
    a map above the list. Bad parameters: 422 with every message at its field and every value
    kept. An htmx request (`HX-Request`) gets the search area alone (docs/guide.md)."""
    lang = i18n.language_of(request)
    params = request.GET.copy()
    params[i18n.PARAM] = lang  # the texts searched and shown are in the page's language
    typed = public_search.Typed(request.GET)
    query, page, problems = None, None, []
    try:
        query = search.parse_query(params)
    except search.ParamError as error:
        problems = public_search.problems_of(error, typed, lang=lang)
    if query is not None:
        page = search.search(query)
    on_map = request.GET.get(public_search.VIEW) == MAP and page is not None
    fields = public_search.fields(typed, page, problems)
    filtered_to_ki = query is not None and bool(query.district or query.municipality)
    needed = filtered_to_ki or (page is not None and page.count == 0)  # breadcrumb, empty state
    centre = public_search.centre_for(query, typed) if needed else None
    context = {
        "query": query,
        "result": page,
        "problems": problems,
        "fields": fields,
        "typed": typed,
        "hidden": public_search.hidden(typed, problems),
        "suggestions": public_search.suggestions(typed, problems, lang=lang),
        "chips": public_search.chips(typed, query, fields, lang=lang) if page is not None else [],
        "centre": centre,
        "crumb_centre": centre if filtered_to_ki else None,
        "filters_open": public_search.filters_open(typed, problems),
        "filters_active": public_search.filters_active(typed),
        "on_map": on_map,
        "partial": _htmx(request),
        **_search_links(typed, page, lang),
        **i18n.public_context(request),
    }
    if on_map and page is not None and query is not None:
        # Every matching offer's places, not only this page's (up to search.MAP_LIMIT offers).
        points = search.map_points(query, limit=search.MAP_LIMIT)
        context["map_places"] = public_search.places(points)
        context["map_offers"] = len({point.uuid for point in points})
        context["map_capped"] = page.count > search.MAP_LIMIT
        context["map_limit"] = search.MAP_LIMIT
        context["map_data"] = _search_map(context["map_places"], query)
    template = "guide/_search_area.html" if context["partial"] else "guide/public_search.html"
    response = render(request, template, context, status=422 if problems else 200)
    patch_vary_headers(response, ["HX-Request"])
    if on_map:
        response["Content-Security-Policy"] = _map_csp()
    return response


def _htmx(request: HttpRequest) -> bool:
    """An htmx update of the search area; a history restore (back to a page no longer in
    htmx's cache) wants the whole page."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def _search_links(
    typed: public_search.Typed, page: search.SearchPage | None, lang: str
) -> dict[str, object]:
    pairs = typed.pairs()
    list_pairs = [(n, v) for n, v in pairs if n != public_search.VIEW]
    links: dict[str, object] = {
        "list_url": public_search.url(list_pairs, lang=lang),
        "map_url": public_search.url([*list_pairs, (public_search.VIEW, MAP)], lang=lang),
        "reset_url": public_search.filters_reset(typed, lang=lang),
    }
    if page is not None:
        links["cards"] = public_search.cards(page)
        links["previous_url"] = (
            public_search.url(pairs, lang=lang, page=min(page.page, page.pages + 1) - 1)
            if page.page > 1
            else ""
        )
        links["next_url"] = (
            public_search.url(pairs, lang=lang, page=page.page + 1)
            if page.page < page.pages
            else ""
        )
        links["first_url"] = public_search.url(pairs, lang=lang)
    return links


def _search_map(places: list[public.Place], query: search.SearchQuery | None) -> dict[str, object]:
    """The map's data (`guide-map.js`): a marker per place, the circle of the radius."""
    return {
        "places": public.markers(places),
        "origin": (
            {
                "lat": float(query.origin[0]),
                "lon": float(query.origin[1]),
                "radius_m": (query.radius_km or 0) * 1000,
            }
            if query is not None and query.origin is not None
            else None
        ),
        "tiles": settings.GUIDE_MAP_TILE_URL,
        "attribution": settings.GUIDE_MAP_ATTRIBUTION,
    }
