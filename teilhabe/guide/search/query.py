"""The search's parameters: `parse_query` reads a query string (a QueryDict or a dict) into
a bounded `SearchQuery`, or raises `ParamError` naming every bad parameter with a stable code."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from teilhabe.network.models import LANGUAGES as SPOKEN
from teilhabe.territory.models import District, Municipality

from ..models import (
    LANGUAGES,
    LAT_MAX,
    LAT_MIN,
    LON_MAX,
    LON_MIN,
    Category,
    ClassFormat,
    Level,
    TargetGroup,
)
from . import places

MAX_Q = 200
MAX_PAGE = 1000  # 1000 pages of up to 100: more than anyone pages through
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
DEFAULT_RADIUS_KM = 10
MAX_RADIUS_KM = 200
MAX_WEEKS = 104
MAX_LANGUAGES = 20
SORTS = ("relevance", "next_start", "distance")
TRUE = frozenset({"true", "1", "yes", "on"})
FALSE = frozenset({"false", "0", "no", "off"})
_DIGITS5 = re.compile(r"[0-9]{5}")
_DIGITS8 = re.compile(r"[0-9]{8}")


@dataclass(frozen=True)
class SearchQuery:
    q: str = ""
    lang: str = "de"
    district: str = ""
    municipality: str = ""
    category: str = ""
    languages: tuple[str, ...] = ()
    target_group: str = ""
    free: bool | None = None
    step_free: bool | None = None
    starts_within_weeks: int | None = None
    free_places: bool = False
    level: str = ""
    class_format: str = ""
    near: str = ""
    lat: Decimal | None = None
    lon: Decimal | None = None
    radius_km: int | None = None
    sort: str = "next_start"
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    # The place's coordinates (from `near`, or lat/lon): set by parse_query.
    origin: tuple[Decimal, Decimal] | None = field(default=None, compare=False)


class ParamError(Exception):
    """Bad parameters: `errors` lists (param, code, message), one per bad parameter."""

    def __init__(self, param: str, code: str, message: str) -> None:
        super().__init__(f"{param}: {code}")
        self.errors: list[tuple[str, str, str]] = [(param, code, message)]

    @property
    def param(self) -> str:
        return self.errors[0][0]

    @property
    def code(self) -> str:
        return self.errors[0][1]

    @classmethod
    def of(cls, errors: list[tuple[str, str, str]]) -> ParamError:
        error = cls(*errors[0])
        error.errors = list(errors)
        return error


PARAMS = (
    "q", "lang", "district", "municipality", "category", "languages", "target_group", "free",
    "step_free", "starts_within_weeks", "free_places", "level", "class_format", "near", "lat",
    "lon", "radius_km", "sort", "page", "page_size",
)  # fmt: skip


class _Reader:
    def __init__(self, params: Mapping[str, Any], *, strict: bool) -> None:
        self.params = params
        self.strict = strict
        self.errors: list[tuple[str, str, str]] = []

    def fail(self, param: str, code: str, message: str) -> None:
        self.errors.append((param, code, message))

    def text(self, name: str) -> str:
        value = self.params.get(name)
        if isinstance(value, list | tuple):
            value = value[0] if value else ""
        if value is None:
            return ""
        return str(value) if self.strict else str(value).strip()

    def many(self, name: str) -> list[str]:
        getlist = getattr(self.params, "getlist", None)
        values = getlist(name) if getlist is not None else self.params.get(name)
        if values is None:
            return []
        if not isinstance(values, list | tuple):
            values = [values]
        if self.strict:  # the API: one code per value, as its schema says
            return [str(v) for v in values]
        return [part.strip() for v in values for part in str(v).split(",") if part.strip()]

    def blanks(self) -> None:
        """The API refuses a parameter given empty (a form's empty field means "any")."""
        for name in PARAMS:
            getlist = getattr(self.params, "getlist", None)
            values = getlist(name) if getlist is not None else self.params.get(name)
            if not isinstance(values, list | tuple):
                values = [] if values is None else [values]
            if any(str(v) == "" for v in values):
                self.fail(name, "blank", _("Enter a value, or leave the parameter out."))

    def boolean(self, name: str) -> bool | None:
        value = self.text(name).lower()
        if not value:
            return None
        if value in (("true",) if self.strict else TRUE):
            return True
        if value in (("false",) if self.strict else FALSE):
            return False
        self.fail(name, "invalid_boolean", _("Enter true or false."))
        return None

    def integer(self, name: str, low: int, high: int, *, code: str = "out_of_range") -> int | None:
        value = self.text(name)
        if not value:
            return None
        if not re.fullmatch(r"[0-9]{1,9}", value):
            self.fail(
                name,
                code if code != "out_of_range" else "invalid_number",
                _("Enter a whole number."),
            )
            return None
        number = int(value)
        if not low <= number <= high:
            message = _("Enter a value between %(min)s and %(max)s.") % {"min": low, "max": high}
            self.fail(name, code, message)
            return None
        return number

    def choice(self, name: str, allowed: Any, code: str, message: str) -> str:
        value = self.text(name)
        if value and value not in allowed:
            self.fail(name, code, message)
            return ""
        return value

    def coordinate(self, name: str, low: Decimal, high: Decimal) -> Decimal | None:
        value = self.text(name)
        if not value:
            return None
        try:
            number = Decimal(value[:30])
        except InvalidOperation:
            number = Decimal("NaN")
        if not number.is_finite() or len(value) > 30:
            self.fail(name, "invalid_number", _("Enter a number such as 51.5136."))
            return None
        if not low <= number <= high:
            message = _("Enter a value between %(min)s and %(max)s.") % {"min": low, "max": high}
            self.fail(name, "out_of_range", message)
            return None
        return number


_POSTCODE_IN = re.compile(r"(?<![0-9])([0-9]{5})(?![0-9])")


def _typed_place(r: _Reader, typed: str) -> tuple[str, tuple[Decimal, Decimal] | None]:
    """A place as a visitor types it: a postcode with the town ("33602 Bielefeld"), else a
    town's name; (municipality key or postcode, its coordinates), or a failure `unknown_place`
    (`places.similar_towns` suggests what was meant)."""
    postcode = _POSTCODE_IN.search(typed)
    if postcode is not None and (origin := places.of_postcode(postcode.group(1))) is not None:
        return postcode.group(1), origin
    town = places.town_named(typed)
    if town is not None:
        return town.key, (town.lat, town.lon)
    r.fail("near", "unknown_place", _("There is no town of this name in NRW."))
    return "", None


def parse_query(params: Mapping[str, Any], *, strict: bool = False) -> SearchQuery:
    """The search parameters of a query string, each checked and bounded; `ParamError` with
    every bad parameter (not only the first). An empty value means "not given" (a form's
    empty field), a list may also be comma-separated; `strict` (the API) refuses both, and
    takes only `true`/`false` for a yes/no, exactly as its OpenAPI schema says."""
    r = _Reader(params, strict=strict)
    if strict:
        r.blanks()
    raw_q = r.text("q")
    q = " ".join(raw_q.split())
    if len(raw_q) > MAX_Q:
        r.fail("q", "too_long", _("At most %(max)s characters.") % {"max": MAX_Q})
        q = ""
    lang = (
        r.choice("lang", LANGUAGES, "invalid_language", _("Choose one of the guide's languages."))
        or "de"
    )
    district = r.text("district")
    if district and not _DIGITS5.fullmatch(district):
        r.fail("district", "invalid_district", _("A district key has 5 digits, e.g. 05711."))
        district = ""
    elif district and not District.objects.filter(key=district).exists():
        r.fail("district", "unknown_district", _("There is no district with this key."))
        district = ""
    municipality = r.text("municipality")
    if municipality and not _DIGITS8.fullmatch(municipality):
        message = _("A municipality key has 8 digits, e.g. 05711000.")
        r.fail("municipality", "invalid_municipality", message)
        municipality = ""
    elif municipality and not Municipality.objects.filter(ags=municipality).exists():
        r.fail("municipality", "unknown_municipality", _("There is no municipality with this key."))
        municipality = ""
    category = r.text("category")
    if category and (
        len(category) > 50 or not Category.objects.filter(code=category, is_active=True).exists()
    ):
        r.fail("category", "unknown_category", _("There is no such category."))
        category = ""
    languages = r.many("languages")
    if len(languages) > MAX_LANGUAGES:
        r.fail("languages", "too_many", _("At most %(max)s languages.") % {"max": MAX_LANGUAGES})
        languages = []
    elif any(code not in SPOKEN for code in languages):
        r.fail("languages", "unknown_language", _("Unknown language."))
        languages = []
    target_group = r.choice(
        "target_group", TargetGroup.values, "invalid_target_group", _("Unknown target group.")
    )
    free = r.boolean("free")
    step_free = r.boolean("step_free")
    weeks = r.integer("starts_within_weeks", 1, MAX_WEEKS)
    free_places = bool(r.boolean("free_places"))
    level = r.choice("level", Level.values, "invalid_level", _("Choose a level from A1 to C2."))
    class_format = r.choice(
        "class_format", ClassFormat.values, "invalid_class_format", _("Unknown class format.")
    )
    near = r.text("near")
    origin: tuple[Decimal, Decimal] | None = None
    if near:
        if _DIGITS5.fullmatch(near):
            origin = places.of_postcode(near)
            if origin is None:
                r.fail("near", "unknown_postcode", _("This postcode is not one of NRW's."))
        elif _DIGITS8.fullmatch(near):
            origin = places.of_municipality(near)
            if origin is None:
                r.fail("near", "unknown_municipality", _("There is no municipality with this key."))
        elif not strict:  # the HTML form: a town's name, or "33602 Bielefeld"
            near, origin = _typed_place(r, near)
        else:
            message = _("Enter a postcode (5 digits) or a municipality key (8 digits).")
            r.fail("near", "invalid_near", message)
        if origin is None:
            near = ""
    lat = r.coordinate("lat", LAT_MIN, LAT_MAX)
    lon = r.coordinate("lon", LON_MIN, LON_MAX)
    if (r.text("lat") == "") != (r.text("lon") == ""):
        r.fail("lat", "lat_lon_both", _("Enter both latitude and longitude, or neither."))
    elif lat is not None and lon is not None:
        if near:
            r.fail("near", "place_twice", _("Give either near or lat and lon, not both."))
        origin = (lat, lon)
    radius = r.integer("radius_km", 1, MAX_RADIUS_KM)
    if origin is not None and radius is None:
        radius = DEFAULT_RADIUS_KM
    elif origin is None:
        radius = None  # a radius without a place filters nothing
    sort = r.text("sort") or ("relevance" if q else "next_start")
    if sort not in SORTS:
        r.fail("sort", "invalid_sort", _("Sort by relevance, next_start or distance."))
        sort = "next_start"
    elif sort == "distance" and origin is None and not r.text("near") and not r.text("lat"):
        r.fail(
            "sort",
            "distance_needs_place",
            _("Sorting by distance needs a place (near, or lat and lon)."),
        )
    page = r.integer("page", 1, MAX_PAGE, code="invalid_page") or 1
    page_size = r.integer("page_size", 1, MAX_PAGE_SIZE) or DEFAULT_PAGE_SIZE
    if r.errors:
        raise ParamError.of(r.errors)
    return SearchQuery(
        q=q,
        lang=lang,
        district=district,
        municipality=municipality,
        category=category,
        languages=tuple(dict.fromkeys(languages)),
        target_group=target_group,
        free=free,
        step_free=step_free,
        starts_within_weeks=weeks,
        free_places=free_places,
        level=level,
        class_format=class_format,
        near=near,
        lat=lat,
        lon=lon,
        radius_km=radius,
        sort=sort,
        page=page,
        page_size=page_size,
        origin=origin,
    )
