"""The public guide's search (issue 19): one interface, two implementations chosen by the
database (SQLite FTS5, PostgreSQL full-text search), over the published snapshots only.

    from teilhabe.guide.search import parse_query, search
    page = search(parse_query(request.GET))    # ParamError on bad parameters

See docs/guide.md, "Search"."""

from .engine import FACETS, MAP_LIMIT, Hit, MapPoint, SearchPage, map_points, search
from .query import ParamError, SearchQuery, parse_query

__all__ = [
    "FACETS",
    "MAP_LIMIT",
    "Hit",
    "MapPoint",
    "ParamError",
    "SearchPage",
    "SearchQuery",
    "map_points",
    "parse_query",
    "search",
]
