"""Reads of the public guide: a KI's landing page, the state's start page and the map's data.

Only published offers (`Offer.objects.for_public_display()`), and of them only what the KI
published: every text, place and date comes from the offer's snapshot, in the visitor's
language with the source language as fallback (`content_language`). Queries do not grow with
the number of offers: one for the offers, one for the categories, one for the municipalities
of the places.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, IntegerField
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404

from teilhabe.centres.models import Centre
from teilhabe.territory.models import Municipality

from . import rules
from .models import DETAIL_FIELDS, RTL_LANGUAGES, Category, GuideSettings, Offer, OfferText

PAGE_SIZE = 100  # offers per page of a landing page: stays well inside the 100 KB budget
BOUNDARIES = Path(__file__).resolve().parent / "data" / "district-boundaries.json"


def content_language(wanted: str, available: list[str], source: str) -> str:
    """The visitor's language if the content has it (also its base language: `de` for
    `de-x-ls`), else the source language."""
    for candidate in (wanted, wanted.split("-")[0]):
        if candidate in available:
            return candidate
    return source


def direction(language: str) -> str:
    return "rtl" if language in RTL_LANGUAGES else "ltr"


class TextState(NamedTuple):
    """A language's live text beside the published snapshot's words."""

    outdated: bool = False  # made before its source last changed
    machine_made: bool = False
    title: str = ""


def text_state(offer: Offer, language: str) -> TextState:
    """The state of the offer's text in `language` (the default for none), read with its
    source's in one query: the snapshot has the words, the texts know whether a translation
    has fallen behind."""
    rows = {
        row[0]: row[1:]
        for row in OfferText.objects.filter(
            offer=offer, language__in={language, offer.source_language}
        ).values_list("language", "version", "source_version", "machine_made", "title")
    }
    if language not in rows:
        return TextState()
    _version, based_on, machine_made, title = rows[language]
    source = rows.get(offer.source_language)
    outdated = source is not None and rules.translation_outdated(
        is_source=language == offer.source_language, source_version=source[0], based_on=based_on
    )
    return TextState(outdated, machine_made, title)


@dataclass(frozen=True)
class Detail:
    """One of the free texts beside the description, in the language it is written in."""

    value: str
    language: str
    direction: str


def details(
    texts: Mapping[str, Mapping[str, Any]], language: str, source: str, *, outdated: bool = False
) -> dict[str, Detail]:
    """How to register, dates, duration and opening hours (`DETAIL_FIELDS`) as the public
    reads them: from the text in `language` where it has them, else from the source text (a
    translation may leave one out: the visitor then reads the original rather than nothing,
    marked with its own `lang`, WCAG 3.1.2). An `outdated` translation was made before the
    source last changed: these are facts (a new day, no more opening hours), so the source's
    are shown, never the translation's stale ones. Only those with a value."""
    shown, original = texts.get(language) or {}, texts.get(source) or {}
    if outdated and language != source:
        shown = {}
    found = {}
    for name in DETAIL_FIELDS:
        if shown.get(name):
            found[name] = Detail(shown[name], language, direction(language))
        elif original.get(name):
            found[name] = Detail(original[name], source, direction(source))
    return found


@dataclass
class Card:
    """One offer as a list shows it."""

    uuid: str
    title: str
    summary: str
    language: str
    direction: str
    next_start: str | None
    free_of_charge: bool
    step_free: bool  # at least one place with step-free access
    places: list[str]
    category: Category | None


@dataclass
class Group:
    category: Category
    cards: list[Card] = field(default_factory=list)


@dataclass(frozen=True)
class Place:
    """Where offers take place, for the map: one marker per place."""

    name: str
    lat: float
    lon: float
    offers: tuple[tuple[str, str], ...]  # (uuid, title)


def markers(places: list[Place]) -> list[dict[str, Any]]:
    """The map's markers (`guide-map.js`): one per place, each linking its entry in the list
    below the map (`#place-N`, the text alternative)."""
    return [
        {
            "name": p.name,
            "lat": p.lat,
            "lon": p.lon,
            "anchor": f"place-{i}",
            "offers": len(p.offers),
        }
        for i, p in enumerate(places, start=1)
    ]


def centre_by_key(key: str) -> Centre:
    """A KI by its grantee's official key (5 digits, the City of Aachen 8)."""
    return get_object_or_404(
        Centre.objects.select_related("grantee", "grantee__district__regierungsbezirk"),
        grantee__key=key,
    )


def _categories() -> dict[int, Category]:
    return {c.pk: c for c in Category.objects.all()}


def _top(category: Category | None, categories: dict[int, Category]) -> Category | None:
    while category is not None and category.parent_id is not None:
        category = categories.get(category.parent_id)
    return category


def shown_top_categories(settings: GuideSettings | None) -> set[int] | None:
    """The top-level categories the KI chose (prefetched), or None for all."""
    if settings is None:
        return None
    chosen = {c.pk for c in settings.shown_categories.all()}
    return chosen or None


def _card(
    offer: Offer, wanted: str, categories: dict[int, Category], towns: dict[int, str]
) -> Card:
    published = offer.published_snapshot
    texts = published.get("texts") or {}
    fields = published.get("offer") or {}
    language = content_language(wanted, list(texts), fields.get("source_language", "de"))
    text = texts.get(language) or {}
    locations = published.get("locations") or []
    places = []
    for loc in locations:
        town = towns.get(loc.get("municipality") or 0, "")
        label = ", ".join(part for part in (loc.get("name") or "", town) if part)
        if label and label not in places:
            places.append(label)
    return Card(
        uuid=str(offer.uuid),
        title=text.get("title", ""),
        summary=text.get("summary", ""),
        language=language,
        direction=direction(language),
        next_start=fields.get("next_start") or (published.get("course") or {}).get("starts_on"),
        free_of_charge=fields.get("cost") == "free",
        step_free=any(loc.get("step_free") is True for loc in locations),
        places=places,
        category=categories.get(fields.get("category") or 0),
    )


def _towns(offers: list[Offer]) -> dict[int, str]:
    keys = {
        loc.get("municipality")
        for offer in offers
        for loc in (offer.published_snapshot.get("locations") or [])
    }
    keys.discard(None)
    return dict(Municipality.objects.filter(pk__in=keys).values_list("pk", "short_name"))


@dataclass
class Landing:
    centre: Centre
    settings: GuideSettings | None
    counts: list[tuple[Category, int]]  # the shown top-level categories with offers
    category: Category | None  # the filter
    page: Page[Offer]
    groups: list[Group]
    total: int  # published offers shown (all pages)
    places: list[Place]

    @property
    def total_all(self) -> int:
        """The offers of every shown category (the "all offers" link)."""
        return sum(n for _category, n in self.counts)


def _offers_of(centre: Centre) -> Any:
    return Offer.objects.for_public_display().filter(centre=centre)


def landing(centre: Centre, *, wanted: str, category_code: str, page_number: str | None) -> Landing:
    """The KI's landing page: its shown categories with counts, its offers grouped by
    top-level category, a page at a time; `category_code` (a shown top-level category's
    code, or empty) filters. An unknown or hidden category is missing (404)."""
    settings = (
        GuideSettings.objects.filter(centre=centre).prefetch_related("shown_categories").first()
    )
    categories = _categories()
    shown = shown_top_categories(settings)
    tops = {pk: c for pk, c in categories.items() if c.parent_id is None and c.is_active}
    if shown is not None:
        tops = {pk: c for pk, c in tops.items() if pk in shown}
    per_category = dict(
        _offers_of(centre)
        .values_list("category")
        .annotate(n=Count("pk"))
        .values_list("category", "n")
    )
    totals: dict[int, int] = {}
    for pk, n in per_category.items():
        top = _top(categories.get(pk), categories)
        if top is not None and top.pk in tops:
            totals[top.pk] = totals.get(top.pk, 0) + n
    counts = [(c, totals[pk]) for pk, c in sorted(tops.items(), key=_order) if totals.get(pk)]
    chosen: Category | None = None
    if category_code:
        chosen = next((c for c in tops.values() if c.code == category_code), None)
        if chosen is None:
            raise Http404
    in_scope = [
        pk for pk, c in categories.items() if (top := _top(c, categories)) and top.pk in tops
    ]
    if chosen is not None:
        in_scope = [pk for pk in in_scope if _top(categories[pk], categories) == chosen]
    offers = (
        _offers_of(centre)
        .filter(category__in=in_scope)
        .annotate(
            top_order=Coalesce(
                F("category__parent__order"), F("category__order"), output_field=IntegerField()
            ),
            top_pk=Coalesce(
                F("category__parent_id"), F("category_id"), output_field=IntegerField()
            ),
        )
        .order_by("top_order", "top_pk", F("next_start").asc(nulls_last=True), "pk")
    )
    page = Paginator(offers, PAGE_SIZE).get_page(page_number)
    rows = list(page.object_list)
    towns = _towns(rows)
    groups: list[Group] = []
    for offer in rows:
        card = _card(offer, wanted, categories, towns)
        top = _top(card.category, categories)
        if top is None:
            continue
        if not groups or groups[-1].category.pk != top.pk:
            groups.append(Group(category=top))
        groups[-1].cards.append(card)
    return Landing(
        centre=centre,
        settings=settings,
        counts=counts,
        category=chosen,
        page=page,
        groups=groups,
        total=page.paginator.count,
        places=_places(rows, groups, towns),
    )


def _order(item: tuple[int, Category]) -> tuple[int, str]:
    return (item[1].order, item[1].code)


def _places(offers: list[Offer], groups: list[Group], towns: dict[int, str]) -> list[Place]:
    """The places of the listed offers with coordinates, one per coordinate pair."""
    titles = {card.uuid: card.title for group in groups for card in group.cards}
    found: dict[tuple[float, float], tuple[str, list[tuple[str, str]]]] = {}
    for offer in offers:
        uuid = str(offer.uuid)
        if uuid not in titles:
            continue
        for loc in offer.published_snapshot.get("locations") or []:
            if loc.get("lat") is None or loc.get("lon") is None:
                continue
            point = (round(float(loc["lat"]), 5), round(float(loc["lon"]), 5))
            town = towns.get(loc.get("municipality") or 0, "")
            name = ", ".join(p for p in (loc.get("name") or loc.get("street") or "", town) if p)
            entry = found.setdefault(point, (name, []))
            if (uuid, titles[uuid]) not in entry[1]:
                entry[1].append((uuid, titles[uuid]))
    return [
        Place(name=name, lat=lat, lon=lon, offers=tuple(items))
        for (lat, lon), (name, items) in found.items()
    ]


@dataclass
class Region:
    name: str
    centres: list[tuple[Centre, int]]  # each KI with its number of published offers


@dataclass
class State:
    regions: list[Region]
    counts: list[tuple[Category, int]]  # top-level categories with published offers
    total: int


def state() -> State:
    """All of NRW: the KIs by Regierungsbezirk with their published offers, and the top-level
    categories with state-wide counts. Four queries, whatever the number of offers."""
    per_centre = dict(
        Offer.objects.for_public_display()
        .values_list("centre")
        .annotate(n=Count("pk"))
        .values_list("centre", "n")
    )
    regions: dict[str, Region] = {}
    centres = Centre.objects.for_listing().order_by(
        "grantee__district__regierungsbezirk__key", "name"
    )
    for centre in centres:
        name = centre.grantee.district.regierungsbezirk.name
        regions.setdefault(name, Region(name=name, centres=[])).centres.append(
            (centre, per_centre.get(centre.pk, 0))
        )
    categories = _categories()
    per_category = dict(
        Offer.objects.for_public_display()
        .values_list("category")
        .annotate(n=Count("pk"))
        .values_list("category", "n")
    )
    totals: dict[int, int] = {}
    for pk, n in per_category.items():
        top = _top(categories.get(pk), categories)
        if top is not None:
            totals[top.pk] = totals.get(top.pk, 0) + n
    counts = [
        (c, totals[pk])
        for pk, c in sorted(categories.items(), key=_order)
        if c.parent_id is None and totals.get(pk)
    ]
    return State(regions=list(regions.values()), counts=counts, total=sum(per_centre.values()))


@cache
def _boundaries() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(BOUNDARIES.read_text(encoding="utf-8"))
    return data


def boundary(centre: Centre) -> dict[str, Any] | None:
    """The KI's district as a GeoJSON Feature (simplified, a few KB; see
    `scripts/guide_boundaries.py`), or None for the City of Aachen: it is no district of its
    own, and drawing the Städteregion's boundary around it would be wrong."""
    key = centre.grantee.key
    geometry = _boundaries().get(key) if len(key) == 5 else None
    if geometry is None:
        return None
    return {
        "type": "Feature",
        "properties": {"key": key, "name": centre.grantee.name},
        "geometry": geometry,
    }
