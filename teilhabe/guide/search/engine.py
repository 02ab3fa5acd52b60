"""`search(query)`: the published offers that match, one page of hits and the facet counts,
in a constant number of queries (the table's and the categories' last change for the cache key,
the category subtree, the facet counts with the page's ids in one statement, the page's rows;
a repeated search while neither has changed: the first only)."""

from __future__ import annotations

import datetime
import hashlib
import math
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import ASin, Cos, Power, Radians, Sin, Sqrt
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from teilhabe.network.models import LANGUAGES as SPOKEN
from teilhabe.territory.models import District

from ..models import Category, ClassFormat, SearchEntry, SearchPlace, TargetGroup
from . import backends, geo, text
from .query import SearchQuery

FacetValue = str | bool
Facet = list[tuple[FacetValue, str, int]]
FACETS = ("category", "languages", "district", "target_group", "level", "class_format", "free")


@dataclass
class Hit:
    uuid: str
    title: str
    summary: str
    language: str
    category: str
    category_name: str
    district: str
    district_name: str
    municipality: str
    languages: list[str]
    lat: Decimal | None
    lon: Decimal | None
    address: str
    distance_km: Decimal | None
    next_start: datetime.date | None
    free_of_charge: bool
    step_free: bool | None
    url: str


@dataclass
class SearchPage:
    count: int
    page: int
    page_size: int
    pages: int
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, Facet] = field(default_factory=dict)


def _english() -> bool:
    return (get_language() or "de").startswith("en")


def _codes(joined: str) -> list[str]:
    return [c for c in joined.split(",") if c]


def _subtree(code: str) -> list[str]:
    """The category's code and its descendants' (one query: the tree is small)."""
    rows = list(Category.objects.values_list("pk", "parent_id", "code"))
    children: dict[int | None, list[tuple[int, str]]] = {}
    start: int | None = None
    for pk, parent, c in rows:
        children.setdefault(parent, []).append((pk, c))
        if c == code:
            start = pk
    if start is None:
        return [code]
    found, todo = [code], [start]
    while todo and len(found) <= len(rows):
        for pk, c in children.get(todo.pop(), []):
            found.append(c)
            todo.append(pk)
    return found


def _distance(lat: float, lon: float) -> Any:
    """The haversine distance in km as an SQL expression (Django provides the functions on
    SQLite as well)."""
    rlat, rlon = math.radians(lat), math.radians(lon)
    dlat = (Radians(F("lat")) - rlat) / 2
    dlon = (Radians(F("lon")) - rlon) / 2
    a = Power(Sin(dlat), 2) + math.cos(rlat) * Cos(Radians(F("lat"))) * Power(Sin(dlon), 2)
    return 2 * geo.EARTH_RADIUS_KM * ASin(Sqrt(a))


def places(query: SearchQuery) -> QuerySet[SearchPlace] | None:
    """The offers' locations that meet the query's place conditions — district, municipality,
    step-free access and the radius around its origin, all at the same place (a step-free
    place in Düren and another place near Aachen are no step-free offer near Aachen) — with
    `distance` from the origin where there is one; None when the query has no such
    condition."""
    if not (query.district or query.municipality or query.step_free is not None) and (
        query.origin is None
    ):
        return None
    qs = SearchPlace.objects.all()
    if query.district:
        qs = qs.filter(district_key=query.district)
    if query.municipality:
        qs = qs.filter(municipality_key=query.municipality)
    if query.step_free is not None:
        qs = qs.filter(step_free=query.step_free)
    if query.origin is not None:
        lat, lon = float(query.origin[0]), float(query.origin[1])
        radius = float(query.radius_km or 10)
        lat_min, lat_max, lon_min, lon_max = geo.bounding_box(lat, lon, radius)
        qs = qs.filter(lat__gte=lat_min, lat__lte=lat_max, lon__gte=lon_min, lon__lte=lon_max)
        qs = qs.annotate(distance=_distance(lat, lon)).filter(Q(distance__lte=radius))
    return qs


def filtered(query: SearchQuery) -> QuerySet[SearchEntry]:
    """One row per offer: its text in `lang`, else its source text; every filter applied;
    sorted by distance, `distance` is its nearest place's that meets the place conditions."""
    return _filtered(query, places(query))


def _filtered(query: SearchQuery, where: QuerySet[SearchPlace] | None) -> QuerySet[SearchEntry]:
    lang = query.lang
    qs = SearchEntry.objects.filter(
        Q(language=lang) | Q(is_source=True) & ~Q(text_languages__contains=f",{lang},")
    )
    if where is not None:
        qs = qs.filter(offer_id__in=where.values("offer_id"))
        if query.origin is not None and query.sort == "distance":
            nearest = where.filter(offer_id=OuterRef("offer_id")).order_by(F("distance"))
            qs = qs.annotate(distance=Subquery(nearest.values_list(F("distance"))[:1]))
    if query.category:
        qs = qs.filter(category_code__in=_subtree(query.category))
    if query.languages:
        any_of = Q()
        for code in query.languages:
            any_of |= Q(languages__contains=f",{code},")
        qs = qs.filter(any_of)
    if query.target_group:
        qs = qs.filter(target_groups__contains=f",{query.target_group},")
    if query.free is not None:
        qs = qs.filter(free_of_charge=query.free)
    if query.starts_within_weeks is not None:
        today = timezone.localdate()
        until = today + datetime.timedelta(weeks=query.starts_within_weeks)
        qs = qs.filter(next_start__gte=today, next_start__lte=until)
    if query.free_places:
        qs = qs.filter(free_places__gt=0)
    if query.level:
        qs = qs.filter(level=query.level)
    if query.class_format:
        qs = qs.filter(class_format=query.class_format)
    words = text.tokens(query.q, limit=text.MAX_TOKENS)
    if words:
        qs = backends.backend().matching(qs, words)
    return qs


def _ordered(qs: QuerySet[SearchEntry], query: SearchQuery) -> QuerySet[SearchEntry]:
    """`qs` in the order of `query`'s sort, as the ORM writes it: the reference the tests
    hold the page statement's own order (`Window.sort`) against."""
    soonest = F("next_start").asc(nulls_last=True)
    if query.sort == "distance" and query.origin is not None:
        return qs.order_by(F("distance").asc(), soonest, "title", "offer_id")
    if query.sort == "relevance" and text.tokens(query.q, limit=1):
        return qs.order_by(F("rank").desc(), soonest, "title", "offer_id")
    return qs.order_by(soonest, "title", "offer_id")


def _sorted(counter: Counter[Any], label: Any) -> Facet:
    found = [(v, label(v), n) for v, n in counter.items() if v not in ("", None) and n]
    return sorted(found, key=lambda r: (-r[2], str(r[0])))


# One pass over the matching rows, counted by the database: the filtered query is a
# materialised CTE, every facet one GROUP BY over it, the multi-valued ones over its values
# split apart (PostgreSQL: unnest, SQLite: json_each). ~100 small rows come back, whatever the
# number of matches — and, in the same statement, the ids of the page's rows in their order
# (`_PAGE_SQL`), so the matches are found once for both (before, the page was a second query
# repeating the whole match: half of a cold search's time in the database, bench/RESULTS.md).
# Only placeholders and our own column names are formatted in.
_FACET_SQL = """
WITH m (b, bn, langs, ds, tg, lvl, fmt, free{sort_columns}) AS MATERIALIZED ({inner})
SELECT 'category', b, MAX(bn), COUNT(*) FROM m GROUP BY b
UNION ALL SELECT 'district', c.value, (SELECT t.name FROM {district_table} t
    WHERE t.key = c.value), c.n
    FROM (SELECT v.value AS value, COUNT(*) AS n FROM m, {districts} WHERE v.value <> ''
    GROUP BY v.value) AS c
UNION ALL SELECT 'level', lvl, '', COUNT(*) FROM m GROUP BY lvl
UNION ALL SELECT 'class_format', fmt, '', COUNT(*) FROM m GROUP BY fmt
UNION ALL SELECT 'free', CASE WHEN free THEN 'true' ELSE 'false' END, '', COUNT(*)
    FROM m GROUP BY free
UNION ALL SELECT 'languages', v.value, '', COUNT(*) FROM m, {langs} WHERE v.value <> ''
    GROUP BY v.value
UNION ALL SELECT 'target_group', v.value, '', COUNT(*) FROM m, {targets} WHERE v.value <> ''
    GROUP BY v.value
{page}"""

# The page: the ids of the rows from `start`, `size` of them, with their place in the order
# (a UNION keeps no order of its own). The order is `_ordered`'s over the CTE's columns.
# The inner ORDER BY … LIMIT keeps only the page's rows while it sorts (PostgreSQL: a top-N
# heap sort), the numbering sorts those few again; the order ends with the offer, unique per
# row, so both sorts agree.
_PAGE_SQL = """UNION ALL SELECT 'page', CAST(p.id AS TEXT), '', p.n FROM (
    SELECT id, ROW_NUMBER() OVER (ORDER BY {order}) AS n
    FROM (SELECT * FROM m ORDER BY {order} LIMIT %s OFFSET %s) AS w) AS p"""

# A page's columns in the CTE after the facets', and their names there (`k`: the sort's
# annotation, the rank or the distance).
_SORT_COLUMNS = ("id", "next_start", "title", "offer_id")
_SORT_NAMES = ("id", "ns", "ttl", "oid")
_SOONEST = "ns IS NULL, ns, ttl, oid"


def _values_of(column: str) -> str:
    """A table `v(value)` of the codes in a delimited column (",de,ar," → "", de, ar, "")."""
    if connection.vendor == "postgresql":
        return f"LATERAL unnest(string_to_array(m.{column}, ',')) AS v(value)"
    # The codes are choices (letters, digits, "-"); quotes and backslashes are dropped so the
    # array is valid JSON, and a row where it still is not adds no values instead of failing.
    clean = f"""replace(replace(m.{column}, '"', ''), '\\', '')"""
    array = f"""('["' || replace({clean}, ',', '","') || '"]')"""
    return f"json_each(CASE WHEN json_valid({array}) THEN {array} ELSE '[]' END) AS v"


@dataclass(frozen=True)
class Window:
    """Which rows of the ordered matches a page is: from `start`, `size` of them, in
    `_ordered`'s order of `query` (by `sort`: its rank, its distance or its next start)."""

    query: SearchQuery
    start: int
    size: int

    def sort(self) -> tuple[str, str]:
        """The annotation the order needs beyond the row's own columns (or ""), and the
        ORDER BY over the CTE's names."""
        if self.query.sort == "distance" and self.query.origin is not None:
            return "distance", f"k ASC, {_SOONEST}"
        if self.query.sort == "relevance" and text.tokens(self.query.q, limit=1):
            return "rank", f"k DESC, {_SOONEST}"
        return "", _SOONEST


def facets(qs: QuerySet[SearchEntry]) -> dict[str, Facet]:
    """Counts over the whole filtered set (every filter applied, also the facet's own), in
    one query that returns only the counts: the database groups the matching rows' few facet
    columns once per facet (before, every matching row was read into Python and counted here;
    at 100,000 offers that was most of a cold search's time: bench/RESULTS.md)."""
    return _counted(qs, None)[0]


def _counted(
    qs: QuerySet[SearchEntry], window: Window | None
) -> tuple[dict[str, Facet], list[int]]:
    """The facet counts of `qs` and, with a `window`, the ids of that page's rows in order —
    one statement."""
    english = _english()
    annotation, order = window.sort() if window else ("", "")
    columns = [
        "branch_code",
        "branch_name_en" if english else "branch_name_de",
        "languages",
        "district_keys",
        "target_groups",
        "level",
        "class_format",
        "free_of_charge",
    ]
    names_of_sort: list[str] = []
    if window:
        columns += [*_SORT_COLUMNS, *([annotation] if annotation else [])]
        names_of_sort = [*_SORT_NAMES, *(["k"] if annotation else [])]
    inner = qs.order_by().values_list(*columns)
    counters: dict[str, Counter[Any]] = {name: Counter() for name in FACETS}
    names: dict[str, dict[Any, str]] = {"category": {}, "district": {}}
    ids: dict[int, int] = {}
    try:
        sql, params = inner.query.sql_with_params()
    except EmptyResultSet:
        sql = ""
    if sql:
        params = tuple(params)
        if window:
            params += (window.size, window.start)
        statement = _FACET_SQL.format(
            inner=sql,
            sort_columns="".join(f", {name}" for name in names_of_sort),
            langs=_values_of("langs"),
            targets=_values_of("tg"),
            districts=_values_of("ds"),
            district_table=District._meta.db_table,
            page=_PAGE_SQL.format(order=order) if window else "",
        )
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            rows = cursor.fetchall()
        for facet, value, label, count in rows:
            if facet == "page":
                ids[int(value)] = count
                continue
            if facet == "free":
                value = value == "true"
            counters[facet][value] += count
            if facet in names:
                names[facet][value] = label or value
    formats = dict(ClassFormat.choices)
    groups = dict(TargetGroup.choices)
    spoken = dict(SPOKEN)
    return {
        "category": _sorted(counters["category"], lambda v: str(names["category"][v])),
        "languages": _sorted(
            Counter({c: n for c, n in counters["languages"].items() if c in spoken}),
            lambda v: str(spoken[v]),
        ),
        "district": _sorted(counters["district"], lambda v: str(names["district"][v])),
        "target_group": _sorted(
            Counter({g: n for g, n in counters["target_group"].items() if g in groups}),
            lambda v: str(groups[v]),
        ),
        "level": _sorted(counters["level"], str),
        "class_format": _sorted(counters["class_format"], lambda v: str(formats.get(v, v))),
        "free": _sorted(
            counters["free"], lambda v: str(_("free of charge") if v else _("with a fee"))
        ),
    }, sorted(ids, key=ids.__getitem__)


def _matched_places(
    rows: list[SearchEntry], where: QuerySet[SearchPlace] | None
) -> dict[int, SearchPlace]:
    """For the page's offers of several locations, the place a hit shows: the nearest of
    those that meet the query's place conditions (`where`, from `places`; the first of them
    without an origin). One query, and none when no such offer is on the page: an offer of
    one location shows the row's own, which is that location."""
    several = [e.offer_id for e in rows if e.place_count > 1]
    if where is None or not several:
        return {}
    chosen: dict[int, SearchPlace] = {}
    found = where.filter(offer_id__in=several).order_by("offer_id", "position")
    for place in found:
        best = chosen.get(place.offer_id)
        if best is None or getattr(place, "distance", 0) < getattr(best, "distance", 0):
            chosen[place.offer_id] = place
    return chosen


def _hit(entry: SearchEntry, query: SearchQuery, english: bool, place: Any = None) -> Hit:
    place = place or entry  # both have the place's fields
    distance = None
    if query.origin is not None and place.lat is not None and place.lon is not None:
        km = geo.haversine_km(float(query.origin[0]), float(query.origin[1]), place.lat, place.lon)
        distance = Decimal(str(km)).quantize(Decimal("0.1"))
    path = reverse("guide:public_offer", args=[entry.offer_uuid])
    return Hit(
        uuid=str(entry.offer_uuid),
        title=entry.title,
        summary=entry.summary,
        language=entry.language,
        category=entry.category_code,
        category_name=entry.category_name_en if english else entry.category_name_de,
        district=place.district_key,
        district_name=place.district_name,
        municipality=place.municipality_key,
        languages=_codes(entry.languages),
        lat=Decimal(str(place.lat)).quantize(Decimal("0.000001"))
        if place.lat is not None
        else None,
        lon=Decimal(str(place.lon)).quantize(Decimal("0.000001"))
        if place.lon is not None
        else None,
        address=place.address,
        distance_km=distance,
        next_start=entry.next_start,
        free_of_charge=entry.free_of_charge,
        step_free=place.step_free,
        url=f"{path}?{urlencode({'lang': entry.language})}",
    )


# Offers on the search map at most: its text alternative (the list of places under it) stays
# within a phone's page budget; a wider search is asked to narrow down.
MAP_LIMIT = 300


@dataclass(frozen=True)
class MapPoint:
    """One place of a matching offer, for the search map."""

    uuid: str
    title: str
    lat: float
    lon: float
    address: str


def map_points(query: SearchQuery, limit: int = MAP_LIMIT) -> list[MapPoint]:
    """Where the offers that match `query` are, for the map of the search — all of them, not
    one page: the first `limit` offers (by distance when sorted so, else by next start and
    title), each with every place that meets the query's place conditions (all its places
    when there are none) and has coordinates. Two queries, whatever the number."""
    where = places(query)
    qs = _filtered(query, where)
    order: tuple[Any, ...] = (F("next_start").asc(nulls_last=True), "title", "offer_id")
    if query.sort == "distance" and query.origin is not None:
        order = (F("distance").asc(), *order)
    rows = list(qs.order_by(*order).values_list("offer_id", "offer_uuid", "title")[:limit])
    spots: dict[int, list[tuple[float, float, str]]] = {}
    found = (where if where is not None else SearchPlace.objects.all()).filter(
        offer_id__in=[row[0] for row in rows], lat__isnull=False, lon__isnull=False
    )
    for offer_id, lat, lon, address in found.order_by("offer_id", "position").values_list(
        "offer_id", "lat", "lon", "address"
    ):
        if lat is not None and lon is not None:  # filtered so: for the type checker
            spots.setdefault(offer_id, []).append((lat, lon, address))
    return [
        MapPoint(str(uuid), title, lat, lon, address)
        for offer_id, uuid, title in rows
        for lat, lon, address in spots.get(offer_id, [])
    ]


CACHE_SECONDS = 300


def _cache_key(query: SearchQuery, changes: tuple[datetime.datetime | None, ...]) -> str:
    """The answer depends on the query, the search table's state (`SearchRevision`: every
    reindex moves it, so a publication is seen at once), the category tree (a category's
    subtree), today (starts within N weeks) and the language the labels are in."""
    moments = [m.isoformat() if m else "" for m in changes]
    parts = (repr(query), *moments, str(timezone.localdate()))
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()[:40]
    return f"guide-search:{get_language() or 'de'}:{digest}"


Changes = tuple[datetime.datetime | None, datetime.datetime | None]


def search(query: SearchQuery, *, changes: Changes | None = None) -> SearchPage:
    """One page of the published offers that match `query`, with facet counts; an answer
    given before is taken from the cache while neither the search table nor the category tree
    has changed (one query instead of four). A caller that has read `index.changes()` passes
    them, and a cached answer costs no query at all."""
    from .index import changes as read_changes

    key = _cache_key(query, read_changes() if changes is None else changes)
    cached = cache.get(key)
    if isinstance(cached, SearchPage):
        return cached
    page = _search(query)
    cache.set(key, page, CACHE_SECONDS)
    return page


def _search(query: SearchQuery) -> SearchPage:
    where = places(query)  # built once: for the filter and for the places the hits show
    qs = _filtered(query, where)
    start = (query.page - 1) * query.page_size
    words = text.tokens(query.q, limit=text.MAX_TOKENS)
    # SQLite's rank is a full-text query per row (backends.SQLiteBackend.matching): its page
    # by relevance joins the FTS5 table's rank once instead, a query of its own.
    own_page = query.sort == "relevance" and bool(words) and connection.vendor == "sqlite"
    counts, ids = _counted(qs, None if own_page else Window(query, start, query.page_size))
    count = sum(n for _v, _l, n in counts["free"])  # every row is free or not: the total
    pages = max(1, math.ceil(count / query.page_size))
    rows: list[SearchEntry] = []
    if own_page and start < count:
        rows = backends.SQLiteBackend().ranked_page(qs, words, start, query.page_size)
    elif ids:  # none beyond the last page
        # The page's rows by their ids, without the columns no hit shows (the description's
        # text, the vector).
        found = SearchEntry.objects.filter(pk__in=ids).defer("body", "vector").in_bulk()
        rows = [found[pk] for pk in ids if pk in found]
    english = _english()
    shown = _matched_places(rows, where)
    return SearchPage(
        count=count,
        page=query.page,
        page_size=query.page_size,
        pages=pages,
        hits=[_hit(e, query, english, shown.get(e.offer_id)) for e in rows],
        facets=counts,
    )
