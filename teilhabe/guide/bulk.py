"""Published offers written in bulk, for the demo's other KIs and the benchmark's data set
(`bench/guide_dataset.py`, 100,000 offers). Not for people's edits: those go through
`services`, which check the caller and write an audit event each; rows written here carry no
audit event, which is why only the demo and the benchmark use it.

Each batch is one transaction: the offers, their texts, locations and course details, then the
published snapshot composed in memory (`services.compose_snapshot`, no query per offer).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from django.db import transaction
from django.utils import timezone

from teilhabe.centres.models import Centre

from . import services
from .models import Category, LanguageCourse, Location, Offer, OfferStatus, OfferText


@dataclass
class BulkOffer:
    centre: Centre
    category: Category
    texts: dict[str, dict[str, str]]  # language → its models.TEXT_FIELDS (those it has)
    locations: list[dict[str, Any]]  # services.LOCATION_FIELDS, municipality as an instance
    course: dict[str, Any] | None = None  # models.COURSE_FIELDS
    data: dict[str, Any] = field(default_factory=dict)  # further Offer fields


def _batches(items: Iterable[BulkOffer], size: int) -> Iterator[list[BulkOffer]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def publish_in_bulk(items: Iterable[BulkOffer], *, batch_size: int = 1000) -> list[int]:
    """Write `items` as published offers; the primary keys of the new offers."""
    now = timezone.now()
    written: list[int] = []
    for chunk in _batches(items, batch_size):
        with transaction.atomic():
            offers = [
                Offer(
                    centre=item.centre,
                    category=item.category,
                    status=OfferStatus.PUBLISHED,
                    published_at=now,
                    last_reviewed_on=now.date(),
                    **item.data,
                )
                for item in chunk
            ]
            Offer.objects.bulk_create(offers)
            parts = []
            for offer, item in zip(offers, chunk, strict=True):
                texts = [
                    OfferText(offer=offer, language=language, **values)
                    for language, values in sorted(item.texts.items())
                ]
                places = [Location(offer=offer, **place) for place in item.locations]
                course = (
                    LanguageCourse(offer=offer, **item.course) if item.course is not None else None
                )
                parts.append((texts, places, course))
            OfferText.objects.bulk_create([t for texts, _, _ in parts for t in texts])
            Location.objects.bulk_create([p for _, places, _ in parts for p in places])
            LanguageCourse.objects.bulk_create([c for _, _, c in parts if c is not None])
            for offer, (texts, places, course) in zip(offers, parts, strict=True):
                offer.published_snapshot = services.compose_snapshot(offer, places, texts, course)
            Offer.objects.bulk_update(offers, ["published_snapshot"])
        written.extend(offer.pk for offer in offers)
    return written
