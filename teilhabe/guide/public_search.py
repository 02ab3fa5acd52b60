"""The public search page (`/wegweiser/suche/`, issue 19): what the page makes of a search.

The search itself is `guide/search` (shared with the API, the same parameter names); here is
what only the page needs: the form's state as typed (every value kept, also after an error),
the filters with the facet counts next to their options, the error messages in the visitor's
language (the search core's are staff German/English: one "wegweiser" message per stable
code), the links that keep every parameter (pages, removing one filter), the cards and the
places for the map. Two queries of its own whatever the number of hits: the category tree and
the districts for the filters (a municipality's name only when the URL filters by one).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import pgettext_lazy
from django_stubs_ext import StrOrPromise

from teilhabe.centres.models import Centre
from teilhabe.network.models import LANGUAGES as SPOKEN
from teilhabe.territory.models import District, Municipality

from . import public_labels as labels
from .models import Category
from .public import Card, Place, direction
from .search import Hit, MapPoint, ParamError, SearchPage, SearchQuery
from .search import query as q
from .search.places import district_of_postcode, similar_towns

VIEW = "view"
MAP = "map"
TRUE, FALSE = "true", "false"
RADII = (5, 10, 25, 50, 100)
WEEKS = (2, 4, 8, 12, 26)
MAX_ECHO = 1000  # characters of a typed value shown again (the inputs allow far less)
# Every parameter the page reads, in the order of its links (the search's, and the view).
PARAMS = (*(p for p in q.PARAMS if p not in ("lang", "page")), VIEW)
# The filters inside "Filters" (the words, the place and the radius are above them).
FILTERS = (
    "category", "languages", "district", "target_group", "free", "step_free",
    "starts_within_weeks", "free_places", "level", "class_format",
)  # fmt: skip
# Parameters without a control of their own: kept as hidden fields.
HIDDEN = ("municipality", "lat", "lon", "page_size")

ALL = pgettext_lazy("wegweiser", "All")  # Translators: the choice "any" of a filter
SEARCH_OFFERS = pgettext_lazy("wegweiser", "Search offers")
DISTRICT_OR_CITY = pgettext_lazy("wegweiser", "District or city")
ONLY_STEP_FREE = pgettext_lazy("wegweiser", "Only step-free access")
ONLY_FREE_PLACES = pgettext_lazy("wegweiser", "Only with free places")
# Translators: the choices of "Sort by".
RELEVANCE = pgettext_lazy("wegweiser", "Relevance")
DISTANCE = pgettext_lazy("wegweiser", "Distance")
LABELS: dict[str, StrOrPromise] = {
    "q": labels.SEARCH_FOR,
    "near": labels.PLACE_OR_POSTCODE,
    "radius_km": labels.RADIUS,
    "category": pgettext_lazy("wegweiser", "Topic"),
    "languages": pgettext_lazy("wegweiser", "Languages of the offer"),
    "district": DISTRICT_OR_CITY,
    "municipality": DISTRICT_OR_CITY,
    "target_group": pgettext_lazy("wegweiser", "For"),
    "free": labels.COST,
    "step_free": ONLY_STEP_FREE,
    "starts_within_weeks": pgettext_lazy("wegweiser", "Start"),
    "free_places": ONLY_FREE_PLACES,
    "level": labels.LEVEL,
    "class_format": labels.CLASS_FORMAT,
    "sort": labels.SORT_BY,
    "lat": labels.PLACE_OR_POSTCODE,
    "lon": labels.PLACE_OR_POSTCODE,
    "page": pgettext_lazy("wegweiser", "Pages"),
    "page_size": pgettext_lazy("wegweiser", "Pages"),
}

# The messages of the search's stable codes (search/query.py), per parameter where the code
# alone does not say enough; `%(max)s` is the parameter's bound.
_CHOOSE = pgettext_lazy("wegweiser", "Choose one of the options in the list.")
_MUNICIPALITY = pgettext_lazy("wegweiser", "There is no municipality with this key.")
_POSITION = pgettext_lazy(
    "wegweiser", "The position is incomplete or not in North Rhine-Westphalia."
)
MESSAGES: dict[str, StrOrPromise] = {
    "too_long": pgettext_lazy("wegweiser", "Enter at most %(max)s characters."),
    "too_many": pgettext_lazy("wegweiser", "Choose at most %(max)s languages."),
    "invalid_district": _CHOOSE,
    "unknown_district": _CHOOSE,
    "unknown_category": _CHOOSE,
    "unknown_language": _CHOOSE,
    "invalid_target_group": _CHOOSE,
    "invalid_level": _CHOOSE,
    "invalid_class_format": _CHOOSE,
    "invalid_sort": _CHOOSE,
    "invalid_boolean": _CHOOSE,
    "invalid_municipality": _MUNICIPALITY,
    "unknown_municipality": _MUNICIPALITY,
    "unknown_postcode": pgettext_lazy(
        "wegweiser", "This postcode is not one of North Rhine-Westphalia."
    ),
    "unknown_place": pgettext_lazy(
        "wegweiser",
        "We do not know a town of this name in North Rhine-Westphalia. Check the spelling, "
        "or enter the postcode.",
    ),
    "invalid_near": pgettext_lazy("wegweiser", "Enter a town or a postcode (5 digits)."),
    "place_twice": pgettext_lazy(
        "wegweiser", "Enter either a town or postcode, or a position, not both."
    ),
    "lat_lon_both": _POSITION,
    "distance_needs_place": pgettext_lazy(
        "wegweiser", "To sort by distance, enter a town or a postcode."
    ),
    "invalid_page": pgettext_lazy("wegweiser", "There is no page with this number."),
}
BY_PARAM: dict[tuple[str, str], StrOrPromise] = {
    ("step_free", "invalid_boolean"): pgettext_lazy("wegweiser", "Tick the box or leave it empty."),
    ("free_places", "invalid_boolean"): pgettext_lazy(
        "wegweiser", "Tick the box or leave it empty."
    ),
    **{
        ("starts_within_weeks", code): pgettext_lazy(
            "wegweiser", "Choose a number of weeks from 1 to %(max)s."
        )
        for code in ("invalid_number", "out_of_range")
    },
    **{
        ("radius_km", code): pgettext_lazy("wegweiser", "Choose a radius from 1 to %(max)s km.")
        for code in ("invalid_number", "out_of_range")
    },
    **{
        ("page_size", code): pgettext_lazy(
            "wegweiser", "Choose from 1 to %(max)s results per page."
        )
        for code in ("invalid_number", "out_of_range")
    },
    **{("lat", code): _POSITION for code in ("invalid_number", "out_of_range", "lat_lon_both")},
    **{("lon", code): _POSITION for code in ("invalid_number", "out_of_range")},
}
BOUNDS = {
    "q": q.MAX_Q,
    "languages": q.MAX_LANGUAGES,
    "starts_within_weeks": q.MAX_WEEKS,
    "radius_km": q.MAX_RADIUS_KM,
    "page_size": q.MAX_PAGE_SIZE,
}
FALLBACK = pgettext_lazy("wegweiser", "This value is not valid.")


def message(param: str, code: str) -> str:
    """The message of a bad parameter in the active (the visitor's) language."""
    text = BY_PARAM.get((param, code)) or MESSAGES.get(code) or FALLBACK
    return str(text) % {"max": BOUNDS.get(param, "")} if "%(max)s" in str(text) else str(text)


def field_id(param: str) -> str:
    return f"search-{param}"


class Typed:
    """The query string as typed: each value as given (cut to MAX_ECHO), `languages` a list
    (repeated or comma-separated), the yes/no values read as the search reads them."""

    def __init__(self, params: QueryDict) -> None:
        self.params = params

    def get(self, name: str) -> str:
        return (self.params.get(name) or "")[:MAX_ECHO]

    def languages(self) -> list[str]:
        values = [v[:MAX_ECHO] for v in self.params.getlist("languages")][: q.MAX_LANGUAGES + 5]
        return [p.strip() for v in values for p in v.split(",") if p.strip()]

    def yes_no(self, name: str) -> str:
        value = self.get(name).strip().lower()
        return TRUE if value in q.TRUE else FALSE if value in q.FALSE else ""

    def pairs(self) -> list[tuple[str, str]]:
        """The given parameters the page reads, without empty ones and `page`: what every
        link of the page keeps."""
        found = []
        for name in PARAMS:
            for value in self.params.getlist(name)[: q.MAX_LANGUAGES + 5]:
                if value.strip():
                    found.append((name, value[:MAX_ECHO]))
        return found


def url(pairs: list[tuple[str, str]], *, lang: str, page: int | None = None) -> str:
    """The search page's address with these parameters (and `lang` unless German)."""
    query = list(pairs)
    if lang != "de":
        query.append(("lang", lang))
    if page is not None and page > 1:
        query.append(("page", str(page)))
    base = reverse("guide:public_search")
    return f"{base}?{urlencode(query)}" if query else base


@dataclass
class Option:
    value: str
    label: str
    count: int | None = None
    selected: bool = False
    lang: str = ""


@dataclass
class Field:
    name: str
    label: str
    options: list[Option] = field(default_factory=list)
    error: str = ""
    value: str = ""  # a text field's typed value
    checked: bool = False  # a box's

    @property
    def error_id(self) -> str:
        return f"{self.id}-error"

    @property
    def id(self) -> str:
        return field_id(self.name)


@dataclass
class Problem:
    """A bad parameter: its message, and the field it belongs to, or (a parameter without a
    control, as `lat`) the link to the same search without it."""

    param: str
    code: str
    message: str
    label: str = ""
    field_id: str = ""
    without: str = ""


@dataclass
class Chip:
    label: str
    value: str
    without: str  # the same search without this filter


@dataclass
class ResultCard(Card):
    """A hit as the card template (`_public_card.html`) shows it: a landing page's card with
    the category by name and the distance."""

    category_label: str
    distance_km: Any


def _counts(facet: list[tuple[Any, str, int]] | None) -> dict[str, int]:
    if facet is None:
        return {}
    return {(TRUE if v is True else FALSE if v is False else str(v)): n for v, _label, n in facet}


def _options(
    choices: list[tuple[str, str]] | list[tuple[str, str, str]],
    chosen: list[str],
    facet: list[tuple[Any, str, int]] | None,
    *,
    counted: set[str] | None = None,
) -> list[Option]:
    """The options of a filter, "All" first. Counts come from the facet (over every filter,
    also this one): with nothing chosen here, each option's count (0 when absent); with a
    choice, only the chosen one's (the others' counts would need their own search)."""
    counts = _counts(facet)
    options = [Option("", str(ALL), selected=not chosen)]
    for choice in choices:
        value, label = choice[0], choice[1]
        lang = choice[2] if len(choice) > 2 else ""
        count: int | None = None
        countable = facet is not None and (counted is None or value in counted)
        if countable and (not chosen or value in chosen):
            count = counts.get(value, 0)
        options.append(Option(value, label, count, value in chosen, lang))
    return options


def _bounded_choices(values: tuple[int, ...], typed: str, label: Any) -> list[tuple[str, str]]:
    numbers = list(values)
    if typed.isdigit() and int(typed) not in numbers and len(typed) < 10:
        numbers = sorted([*numbers, int(typed)])
    return [(str(n), str(label(n))) for n in numbers]


def _categories() -> list[tuple[str, str, bool]]:
    """(code, label, top-level) of the active tree, each top level followed by its children."""
    rows = list(Category.objects.filter(is_active=True).order_by("order", "code"))
    tops = [c for c in rows if c.parent_id is None]
    found: list[tuple[str, str, bool]] = []
    for top in tops:
        found.append((top.code, top.public_name, True))
        found += [(c.code, "\u2003" + c.public_name, False) for c in rows if c.parent_id == top.pk]
    return found


def districts() -> list[tuple[str, str]]:
    return list(District.objects.order_by("name").values_list("key", "name"))


def fields(typed: Typed, page: SearchPage | None, problems: list[Problem]) -> dict[str, Field]:
    """Every control of the form with its options, what was typed selected, and its error."""
    facets = page.facets if page is not None else {}

    def facet(name: str) -> list[tuple[Any, str, int]] | None:
        return facets.get(name) if page is not None else None

    categories = _categories()
    sort = typed.get("sort") or ("relevance" if typed.get("q").strip() else "next_start")
    radius = typed.get("radius_km") or str(q.DEFAULT_RADIUS_KM)
    spoken = [(code, labels.ENDONYMS.get(code, str(name)), code) for code, name in SPOKEN.items()]
    found = {
        "q": Field("q", str(LABELS["q"]), value=typed.get("q")),
        "near": Field("near", str(LABELS["near"]), value=typed.get("near")),
        "radius_km": Field(
            "radius_km",
            str(LABELS["radius_km"]),
            [
                Option(v, label, selected=v == radius)
                for v, label in _bounded_choices(RADII, radius, lambda n: f"{n} {labels.KM}")
            ],
        ),
        "category": Field(
            "category",
            str(LABELS["category"]),
            _options(
                [(c, label) for c, label, _top in categories],
                [typed.get("category")] if typed.get("category") else [],
                facet("category"),
                counted={c for c, _label, top in categories if top},
            ),
        ),
        "languages": Field(
            "languages",
            str(LABELS["languages"]),
            _options(spoken, typed.languages()[:1], facet("languages")),
        ),
        "district": Field(
            "district",
            str(LABELS["district"]),
            _options(districts(), _chosen(typed, "district"), facet("district")),
        ),
        "target_group": Field(
            "target_group",
            str(LABELS["target_group"]),
            _options(
                [(k, str(v)) for k, v in labels.TARGET_GROUPS.items()],
                _chosen(typed, "target_group"),
                facet("target_group"),
            ),
        ),
        "free": Field(
            "free",
            str(LABELS["free"]),
            _options(
                [(TRUE, str(labels.COST_KINDS["free"])), (FALSE, str(labels.COST_KINDS["amount"]))],
                [typed.yes_no("free")] if typed.yes_no("free") else [],
                facet("free"),
            ),
        ),
        "starts_within_weeks": Field(
            "starts_within_weeks",
            str(LABELS["starts_within_weeks"]),
            _options(
                _bounded_choices(WEEKS, typed.get("starts_within_weeks"), labels.starts_within),
                _chosen(typed, "starts_within_weeks"),
                None,
            ),
        ),
        "level": Field(
            "level",
            str(LABELS["level"]),
            _options(
                [(k, str(v)) for k, v in labels.LEVELS.items()],
                _chosen(typed, "level"),
                facet("level"),
            ),
        ),
        "class_format": Field(
            "class_format",
            str(LABELS["class_format"]),
            _options(
                [(k, str(v)) for k, v in labels.CLASS_FORMATS.items()],
                _chosen(typed, "class_format"),
                facet("class_format"),
            ),
        ),
        "step_free": Field(
            "step_free", str(LABELS["step_free"]), checked=typed.yes_no("step_free") == TRUE
        ),
        "free_places": Field(
            "free_places", str(LABELS["free_places"]), checked=typed.yes_no("free_places") == TRUE
        ),
        "sort": Field(
            "sort",
            str(LABELS["sort"]),
            [
                Option(v, str(label), selected=v == sort)
                for v, label in (
                    ("relevance", RELEVANCE),
                    ("next_start", labels.NEXT_START),
                    ("distance", DISTANCE),
                )
            ],
        ),
    }
    for problem in problems:
        if problem.param in found:
            control = found[problem.param]
            control.error = " ".join(filter(None, [control.error, problem.message]))
    return found


def _chosen(typed: Typed, name: str) -> list[str]:
    value = typed.get(name).strip()
    return [value] if value else []


def hidden(typed: Typed, problems: list[Problem]) -> list[tuple[str, str]]:
    """What the URL holds that no control shows, kept for the next search: the parameters
    without a control, a second language, a "no" of a yes-only box; never a bad value."""
    bad = {p.param for p in problems}
    kept = [(name, typed.get(name)) for name in HIDDEN if typed.get(name) and name not in bad]
    if "languages" not in bad:
        kept += [("languages", code) for code in typed.languages()[1:]]
    for name in ("step_free", "free_places"):
        if typed.yes_no(name) == FALSE and name not in bad:
            kept.append((name, FALSE))
    return kept


def problems_of(error: ParamError, typed: Typed, *, lang: str) -> list[Problem]:
    """The bad parameters, each with its message in the visitor's language, linked to its
    field, or (no field of its own) to the same search without it."""
    found = []
    for param, code, _staff_message in error.errors:
        problem = Problem(param, code, message(param, code), str(LABELS.get(param, param)))
        if param in FILTERS or param in ("q", "near", "radius_km", "sort"):
            problem.field_id = field_id(param)
        else:
            drop = (
                {param, "lon"} if param == "lat" else {param, "lat"} if param == "lon" else {param}
            )
            problem.without = url([(n, v) for n, v in typed.pairs() if n not in drop], lang=lang)
        found.append(problem)
    return found


def suggestions(typed: Typed, problems: list[Problem], *, lang: str) -> list[tuple[str, str]]:
    """For a town not known: (name, the same search near it) of similar names."""
    if not any(p.code == "unknown_place" for p in problems):
        return []
    rest = [(n, v) for n, v in typed.pairs() if n != "near"]
    return [
        (town.name, url([("near", town.name), *rest], lang=lang))
        for town in similar_towns(typed.get("near"))
    ]


def chips(
    typed: Typed, query: SearchQuery | None, fields_: dict[str, Field], *, lang: str
) -> list[Chip]:
    """The search's words, place and filters, each with a link to the search without it."""
    pairs = typed.pairs()
    shown: list[Chip] = []

    def without(*names: str) -> str:
        return url([(n, v) for n, v in pairs if n not in names], lang=lang)

    def option_label(name: str, value: str) -> str:
        for option in fields_[name].options if name in fields_ else []:
            if option.value == value:
                return option.label.strip()
        return value

    if typed.get("q").strip():
        shown.append(Chip(str(LABELS["q"]), typed.get("q").strip(), without("q")))
    if typed.get("near").strip():
        place = typed.get("near").strip()
        if query is not None and query.radius_km:
            place = f"{place}, {query.radius_km} {labels.KM}"
        shown.append(Chip(str(LABELS["near"]), place, without("near", "radius_km", "sort")))
    if typed.get("lat") and typed.get("lon"):
        position = f"{typed.get('lat')}, {typed.get('lon')}"
        shown.append(Chip(str(LABELS["lat"]), position, without("lat", "lon", "sort")))
    for name in FILTERS:
        if name == "languages":
            for code in typed.languages():
                rest = [(n, v) for n, v in pairs if n != "languages"]
                rest += [("languages", c) for c in typed.languages() if c != code]
                label = labels.ENDONYMS.get(code, code)
                shown.append(Chip(str(LABELS[name]), label, url(rest, lang=lang)))
        elif name in ("step_free", "free_places"):
            value = typed.yes_no(name)
            if value == TRUE:
                shown.append(Chip(str(LABELS[name]), str(labels.YES), without(name)))
            elif value == FALSE:
                shown.append(Chip(str(LABELS[name]), str(labels.NO), without(name)))
        elif name == "free" and typed.yes_no("free"):
            value = option_label("free", typed.yes_no("free"))
            shown.append(Chip(str(LABELS[name]), value, without(name)))
        elif name != "free" and typed.get(name).strip():
            value = option_label(name, typed.get(name).strip())
            shown.append(Chip(str(LABELS[name]), value, without(name)))
    municipality = typed.get("municipality").strip()
    if municipality:
        town = (
            Municipality.objects.filter(ags=municipality[:8])
            .values_list("short_name", flat=True)
            .first()
        )
        shown.append(
            Chip(str(LABELS["municipality"]), town or municipality, without("municipality"))
        )
    return shown


def filters_open(typed: Typed, problems: list[Problem]) -> bool:
    """Whether "Filters" starts open: a filter or an order is chosen, or one is wrong."""
    names = (*FILTERS, "sort")
    return any(typed.get(n).strip() for n in names) or any(p.param in names for p in problems)


def filters_active(typed: Typed) -> int:
    """How many filters are chosen (the number next to "Filters")."""
    chosen = [n for n in FILTERS if n != "languages" and typed.get(n).strip()]
    return len(chosen) + len(typed.languages())


def filters_reset(typed: Typed, *, lang: str) -> str:
    """The same words and place without any filter."""
    keep = {"q", "near", "radius_km", "lat", "lon", "sort", VIEW}
    return url([(n, v) for n, v in typed.pairs() if n in keep], lang=lang)


def cards(page: SearchPage) -> list[ResultCard]:
    return [_card(hit) for hit in page.hits]


def _card(hit: Hit) -> ResultCard:
    return ResultCard(
        uuid=hit.uuid,
        title=hit.title,
        summary=hit.summary,
        language=hit.language,
        direction=direction(hit.language),
        next_start=hit.next_start.isoformat() if hit.next_start else None,
        free_of_charge=hit.free_of_charge,
        step_free=hit.step_free is True,
        places=[hit.address] if hit.address else [],
        category=None,
        category_label=labels.category_name(hit.category, hit.category_name),
        distance_km=hit.distance_km,
    )


def places(points: list[MapPoint]) -> list[Place]:
    """The map's places (`search.map_points`), one per coordinate pair, each with its offers
    (an offer once per place, also when it lists the same address twice)."""
    found: dict[tuple[float, float], tuple[str, list[tuple[str, str]]]] = {}
    for point in points:
        spot = (round(float(point.lat), 5), round(float(point.lon), 5))
        entry = found.setdefault(spot, (point.address, []))
        if (point.uuid, point.title) not in entry[1]:
            entry[1].append((point.uuid, point.title))
    return [
        Place(name=name, lat=lat, lon=lon, offers=tuple(items))
        for (lat, lon), (name, items) in found.items()
    ]


def centre_for(query: SearchQuery | None, typed: Typed) -> Centre | None:
    """The KI of the district searched in, or of the place searched near (one query; none
    when the search names neither)."""
    keys: list[str] = []
    if query is not None and query.municipality:
        keys += [query.municipality, query.municipality[:5]]
    if query is not None and query.district:
        keys.append(query.district)
    if query is not None and len(query.near) == 8:
        keys += [query.near, query.near[:5]]
    elif query is not None and len(query.near) == 5:
        district = district_of_postcode(query.near)
        keys += [district] if district else []
    if not keys:
        return None
    centres = {
        c.grantee.key: c
        for c in Centre.objects.select_related("grantee").filter(grantee__key__in=keys)
    }
    return next((centres[k] for k in keys if k in centres), None)
