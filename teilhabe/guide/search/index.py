"""The search table: `SearchEntry` rows built from an offer's published snapshot, plus the
full-text index of the database (SQLite FTS5 rows, or PostgreSQL's tsvector column)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import Value
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from teilhabe.territory.models import Municipality

from .. import rules
from ..models import MAX_LOCATIONS, Category, Offer, SearchEntry, SearchPlace, SearchRevision
from . import compounds, text, topics

BATCH = 500


def _date(value: Any) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None


def _joined(codes: Iterable[str]) -> str:
    codes = [c for c in codes if c]
    return "," + ",".join(codes) + "," if codes else ""


def _branch(category: Category, categories: dict[int, Category]) -> Category:
    node, seen = category, set()
    while node.parent_id is not None and node.parent_id in categories and node.pk not in seen:
        seen.add(node.pk)
        node = categories[node.parent_id]
    return node


def _coordinate(value: Any) -> float | None:
    return float(Decimal(value)) if value not in (None, "") else None


def places_of(offer: Offer, municipalities: dict[int, Municipality]) -> list[SearchPlace]:
    """The offer's locations as its snapshot says, in their order (at most MAX_LOCATIONS)."""
    locations = ((offer.published_snapshot or {}).get("locations") or [])[:MAX_LOCATIONS]
    places = []
    for position, location in enumerate(locations):
        municipality = municipalities.get(location.get("municipality") or 0)
        town = " ".join(
            p for p in (location.get("postcode"), getattr(municipality, "short_name", "")) if p
        )
        address = ", ".join(
            p for p in (location.get("name") or "", location.get("street") or "", town) if p
        )
        places.append(
            SearchPlace(
                offer=offer,
                position=position,
                district_key=municipality.district.key if municipality else "",
                district_name=municipality.district.name if municipality else "",
                municipality_key=municipality.ags if municipality else "",
                step_free=location.get("step_free"),
                lat=_coordinate(location.get("lat")),
                lon=_coordinate(location.get("lon")),
                address=address[:450],
            )
        )
    return places


def entries_of(
    offer: Offer,
    categories: dict[int, Category],
    municipalities: dict[int, Municipality],
    places: list[SearchPlace] | None = None,
) -> list[SearchEntry]:
    """The rows of one offer as its snapshot says (none for an offer the public cannot see);
    `places` are its `places_of` when the caller has them."""
    published = offer.published_snapshot or {}
    fields = published.get("offer") or {}
    texts: dict[str, dict[str, str]] = published.get("texts") or {}
    category = categories.get(fields.get("category") or 0)
    if not texts or category is None:
        return []
    branch = _branch(category, categories)
    course = published.get("course") or None
    if places is None:
        places = places_of(offer, municipalities)
    first = places[0] if places else SearchPlace()
    if course:
        free_places: int | None = rules.free_places(
            int(course.get("places") or 0), int(course.get("places_taken") or 0)
        )
        next_start = _date(course.get("starts_on")) or _date(fields.get("next_start"))
    else:
        free_places = fields.get("free_places")
        next_start = _date(fields.get("next_start"))
    source = fields.get("source_language") or "de"
    common: dict[str, Any] = {
        "offer": offer,
        "offer_uuid": offer.uuid,
        "text_languages": _joined(sorted(texts)),
        "category_code": category.code,
        "category_name_de": category.name_de,
        "category_name_en": category.name_en,
        "branch_code": branch.code,
        "branch_name_de": branch.name_de,
        "branch_name_en": branch.name_en,
        "district_key": first.district_key,
        "district_name": first.district_name,
        "municipality_key": first.municipality_key,
        "district_keys": _joined(dict.fromkeys(p.district_key for p in places)),
        "place_count": len(places),
        "languages": _joined(fields.get("languages") or []),
        "target_groups": _joined(fields.get("target_groups") or []),
        "free_of_charge": fields.get("cost") != "amount",
        "step_free": first.step_free,
        "next_start": next_start,
        "free_places": free_places,
        "level": (course or {}).get("target_level") or "",
        "class_format": (course or {}).get("class_format") or "",
        "lat": first.lat,
        "lon": first.lon,
        "address": first.address,
    }
    return [
        SearchEntry(
            language=language,
            is_source=language == source,
            config=text.config_of(language),
            title=(values.get("title") or "")[:200],
            summary=(values.get("summary") or "")[:500],
            body=_body(
                values,
                text.config_of(language),
                topics.words(
                    category.code,
                    branch.code,
                    language,
                    text.config_of(language),
                    category.name_de,
                ),
            ),
            **common,
        )
        for language, values in sorted(texts.items())
    ]


def _body(values: dict[str, Any], config: str, topic: str = "") -> str:
    """The description's text and the words of the offer's topic (topics.py: "Deutschkurs"
    finds every language course), and for German the parts of its compounds and the title's
    and summary's ("Jugendintegrationskurs" → … kurs, integration: compounds.py), so "Kurs"
    finds every course. The body is only searched, never shown."""
    body = " ".join(p for p in (text.plain(values.get("description") or ""), topic) if p)
    if config != "german":
        return body
    words = text.tokens(" ".join((values.get("title") or "", values.get("summary") or "", body)))
    extra = compounds.extra_words(words[:2000])  # bounded: a description is at most so long
    return f"{body} {' '.join(extra)}" if extra else body


def _fts_rows(entries: list[SearchEntry]) -> Iterator[tuple[Any, ...]]:
    for e in entries:
        yield (
            e.pk,
            e.config,
            *(" ".join(text.stem(text.tokens(v), e.config)) for v in (e.title, e.summary, e.body)),
        )


def _delete(offer_ids: list[int]) -> None:
    entries = SearchEntry.objects.filter(offer_id__in=offer_ids)
    if connection.vendor == "sqlite":
        ids = list(entries.values_list("pk", flat=True))
        with connection.cursor() as cursor:
            for start in range(0, len(ids), BATCH):
                chunk = ids[start : start + BATCH]
                marks = ",".join("%s" for _ in chunk)
                sql = f"DELETE FROM guide_search_fts WHERE rowid IN ({marks})"  # noqa: S608
                cursor.execute(sql, chunk)  # only placeholders are formatted in
    entries.delete()
    SearchPlace.objects.filter(offer_id__in=offer_ids).delete()


def _vector(entry: SearchEntry) -> Any:
    """The row's tsvector as an expression of its own values (title A, summary B, body C, in
    its config), so the INSERT writes it: one write per row, not an INSERT and an UPDATE that
    left every row twice in the table until a vacuum (bench/RESULTS.md)."""
    return (
        SearchVector(Value(entry.title), weight="A", config=entry.config)
        + SearchVector(Value(entry.summary), weight="B", config=entry.config)
        + SearchVector(Value(entry.body), weight="C", config=entry.config)
    )


def _write(entries: list[SearchEntry], places: list[SearchPlace] | None = None) -> None:
    SearchPlace.objects.bulk_create(places or [], batch_size=BATCH)
    if connection.vendor == "postgresql":
        for entry in entries:
            entry.vector = _vector(entry)
    created = SearchEntry.objects.bulk_create(entries, batch_size=BATCH)
    if created and connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO guide_search_fts (rowid, config, title, summary, body) "
                "VALUES (%s, %s, %s, %s, %s)",
                list(_fts_rows(created)),
            )


def _lookups(offers: list[Offer]) -> tuple[dict[int, Category], dict[int, Municipality]]:
    categories = {c.pk: c for c in Category.objects.all()}
    wanted = {
        loc.get("municipality")
        for o in offers
        for loc in ((o.published_snapshot or {}).get("locations") or [])[:MAX_LOCATIONS]
    }
    municipalities = {
        m.pk: m for m in Municipality.objects.select_related("district").filter(pk__in=wanted)
    }
    return categories, municipalities


@transaction.atomic
def reindex_offers(offer_ids: list[int]) -> int:
    """Rebuild the rows of these offers from their published snapshots: the public ones get
    a row per published language, the others none. Returns the number of rows written.

    The offers' rows are locked first (in the order of their ids), so two reindexes of one
    offer at once — a publication while `rebuild_guide_search` runs — take turns: the second
    deletes what the first wrote instead of colliding with it (test_search_reindex_race.py).
    A service that reindexes holds that lock already."""
    list(
        Offer.objects.select_for_update()
        .filter(pk__in=offer_ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    offers = list(Offer.objects.for_public_display().filter(pk__in=offer_ids))
    categories, municipalities = _lookups(offers)
    _delete(offer_ids)
    entries: list[SearchEntry] = []
    places: list[SearchPlace] = []
    for offer in offers:
        found = places_of(offer, municipalities)
        rows = entries_of(offer, categories, municipalities, found)
        if rows:  # an offer without rows is not searched, nor are its places
            entries.extend(rows)
            places.extend(found)
    _write(entries, places)
    touch()
    return len(entries)


def drop_hidden() -> int:
    """Remove the rows of offers the public stopped seeing without an event of their own:
    those whose review is too old (`for_public_display` drops them by date, the public page
    404s). The daily `flag_guide_reviews` calls it; confirming an offer as current reindexes
    it. Returns the number of offers removed."""
    stale = list(
        SearchEntry.objects.exclude(offer__in=Offer.objects.for_public_display())
        .values_list("offer_id", flat=True)
        .distinct()
    )
    if stale:
        reindex_offers(stale)
    return len(stale)


def touch() -> None:
    """Note that the search table changed now (the API's Last-Modified)."""
    SearchRevision.objects.update_or_create(pk=1, defaults={"changed_at": timezone.now()})


def changed_at() -> datetime.datetime | None:
    row = SearchRevision.objects.filter(pk=1).values_list("changed_at", flat=True).first()
    return row


# Our own table and column names only; no parameter. Read on every search request (and on
# every stored API answer), so written out: the ORM's compiling of the same query was half
# of a stored answer's time (bench/RESULTS.md).
_CHANGES_SQL = (
    f"SELECT (SELECT changed_at FROM {SearchRevision._meta.db_table} WHERE id = 1), "  # noqa: S608
    f"(SELECT MAX(updated_at) FROM {Category._meta.db_table})"
)


def _moment(value: Any) -> datetime.datetime | None:
    """A timestamp as the database driver gives it: a datetime (PostgreSQL) or its text
    (SQLite), stored in UTC."""
    if value is None:
        return None
    moment = value if isinstance(value, datetime.datetime) else parse_datetime(str(value))
    if moment is None:
        return None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment, datetime.UTC)


def changes() -> tuple[datetime.datetime | None, datetime.datetime | None]:
    """(the search table's last change, the categories' last change) in one query: what a
    search answer depends on beyond its parameters, for its cache key and Last-Modified.
    None for a table never built (or no category)."""
    with connection.cursor() as cursor:
        cursor.execute(_CHANGES_SQL)
        searched, categories = cursor.fetchone()
    return _moment(searched), _moment(categories)


def reindex_offer(offer: Offer) -> None:
    """After the offer's snapshot or visibility changed (publish, republish, archive, reopen)."""
    reindex_offers([offer.pk])


def rebuild_all(*, batch: int = BATCH) -> tuple[int, int]:
    """Rebuild the whole table in batches of offers (bounded memory); idempotent. Returns
    (offers, rows)."""
    last, offers, rows = 0, 0, 0
    while True:
        ids = list(
            Offer.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:batch]
        )
        if not ids:
            break
        rows += reindex_offers(ids)
        offers += len(ids)
        last = ids[-1]
    with transaction.atomic():
        SearchEntry.objects.exclude(offer__in=Offer.objects.for_public_display()).delete()
        SearchPlace.objects.exclude(offer__in=Offer.objects.for_public_display()).delete()
        if connection.vendor == "sqlite":  # rows left by offers deleted meanwhile
            with connection.cursor() as cursor:
                cursor.execute(
                    "DELETE FROM guide_search_fts WHERE rowid NOT IN "
                    "(SELECT id FROM guide_searchentry)"
                )
        touch()
    if connection.vendor == "postgresql":  # fresh statistics, or the planner guesses wrong
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE guide_searchentry")
            cursor.execute("ANALYZE guide_searchplace")
    return offers, rows
