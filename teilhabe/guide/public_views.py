"""The public guide's pages: the state's start page, a KI's landing page (list, or map on
demand with `?view=map`) and its district's boundary for the map. No login, no JavaScript
needed; each page in the visitor's language (`i18n.public_view`)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from teilhabe.core.middleware import CSP

from . import i18n, public

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


@require_GET
@i18n.public_view
def centre(request: HttpRequest, key: str) -> HttpResponse:
    """A KI's landing page: its offers by category, or (`?view=map`) their places on a map
    with the list of places as its text alternative."""
    ki = public.centre_by_key(key)
    landing = public.landing(
        ki,
        wanted=i18n.language_of(request),
        category_code=request.GET.get("category", "")[:50],
        page_number=request.GET.get("page"),
    )
    on_map = request.GET.get("view") == MAP
    context = {
        "landing": landing,
        "centre": ki,
        "on_map": on_map,
        "places_count": len(landing.places),
        "map_offers": sum(len(p.offers) for p in landing.places),
        "map_data": {
            "places": [
                {
                    "name": p.name,
                    "lat": p.lat,
                    "lon": p.lon,
                    "anchor": f"place-{i}",
                    "offers": len(p.offers),
                }
                for i, p in enumerate(landing.places, start=1)
            ],
            "tiles": settings.GUIDE_MAP_TILE_URL,
            "attribution": settings.GUIDE_MAP_ATTRIBUTION,
        }
        if on_map
        else None,
        **i18n.public_context(request),
    }
    response = render(request, "guide/public_centre.html", context)
    if on_map:
        response["Content-Security-Policy"] = _map_csp()
    return response


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
