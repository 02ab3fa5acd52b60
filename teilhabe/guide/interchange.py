"""The guide's exchange record: one offer as the open-data exports write it and the imports
read it, whatever the file format (CSV, Open Referral HSDS 3.0 JSON).

A reader turns a file into `ParsedRow`s (a record or the errors of its row, never both
missing); the import writes the records through `services`; a writer turns published offers
into records (`record_from_offer`) and then into its format. Keeping one record between the
formats is what lets a town move its data in from another HSDS system and a neighbour take
it back out: every format maps to the same fields, and what a source has that the guide lacks
travels in `extra` (stored as `Offer.hsds_extra`, written back out by the exports).

Values are plain Python: codes instead of model instances (the category's `code`, the
municipality's official key, language codes), `datetime.date` and `Decimal`.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django_stubs_ext import StrOrPromise

from .services import OFFER_FIELDS

# The offer's own fields a record carries in `OfferRecord.data` (those of
# `services.OFFER_FIELDS` that are not references: category, provider and source language
# have fields of their own).
DATA_FIELDS = tuple(
    name for name in OFFER_FIELDS if name not in ("category", "provider", "source_language")
)
DATE_FIELDS = frozenset({"registration_until", "next_start"})
DECIMAL_FIELDS = frozenset({"cost_amount", "hours_per_week"})
COURSE_DATE_FIELDS = frozenset({"starts_on", "ends_on", "registration_deadline"})


@dataclass
class ProviderRecord:
    """The organisation that provides the offer: by its stable id where the source has one,
    else by name (matched among the KI's partner organisations)."""

    name: str
    id: uuid.UUID | None = None


@dataclass
class LocationRecord:
    street: str
    postcode: str
    municipality_key: str  # the 8-digit Amtlicher Gemeindeschlüssel
    id: uuid.UUID | None = None
    name: str = ""
    lat: Decimal | None = None
    lon: Decimal | None = None
    step_free: bool | None = None
    languages: list[str] = field(default_factory=list)


@dataclass
class OfferRecord:
    category: str  # Category.code
    source_language: str
    # language → its `models.TEXT_FIELDS` (description as sanitised HTML); a CSV's only with
    # the columns the file has
    texts: dict[str, dict[str, str]]
    id: uuid.UUID | None = None
    provider: ProviderRecord | None = None
    data: dict[str, Any] = field(default_factory=dict)  # keys from DATA_FIELDS
    locations: list[LocationRecord] = field(default_factory=list)
    # keys from models.COURSE_FIELDS (dates as date), for offers in the language-course branch
    course: dict[str, Any] | None = None
    last_reviewed_on: datetime.date | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    # The languages the source speaks for: a CSV's with columns in the file (an update keeps
    # the texts of the others); None for a whole record (HSDS), whose texts are all it has.
    text_languages: frozenset[str] | None = field(default=None, compare=False)
    # A text field read from a column of another name than `<field>_<language>` (an older
    # CSV's single `registration_how`): {(language, field): column}, so an error names the
    # column the file has.
    text_columns: dict[tuple[str, str], str] = field(default_factory=dict, compare=False)


@dataclass
class RowError:
    """What is wrong with one row of a file: its number (1 = the first record, as a person
    counts; a CSV's header is row 0), the field or column, a stable code and a sentence."""

    row: int
    field: str
    code: str
    message: StrOrPromise


@dataclass
class ParsedRow:
    row: int
    record: OfferRecord | None
    errors: list[RowError] = field(default_factory=list)


def _date(value: Any) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _decimal(value: Any) -> Decimal | None:
    return Decimal(value) if value not in (None, "") else None


def record_from_offer(
    offer: Any,
    *,
    category_codes: dict[int, str],
    municipality_keys: dict[int, str],
    providers: dict[int, tuple[uuid.UUID, str]],
) -> OfferRecord:
    """The published version of `offer` (its snapshot) as a record. The lookups map primary
    keys to codes, so a whole export reads them once instead of once per offer."""
    published = offer.published_snapshot
    values = published["offer"]
    data = {name: values.get(name) for name in DATA_FIELDS}
    for name in DATE_FIELDS:
        data[name] = _date(data[name])
    for name in DECIMAL_FIELDS:
        data[name] = _decimal(data[name])
    provider = None
    if values.get("provider") is not None and values["provider"] in providers:
        provider_id, provider_name = providers[values["provider"]]
        provider = ProviderRecord(name=provider_name, id=provider_id)
    course = published.get("course")
    if course is not None:
        course = {
            name: _date(value) if name in COURSE_DATE_FIELDS else value
            for name, value in course.items()
        }
    return OfferRecord(
        id=offer.uuid,
        category=category_codes[values["category"]],
        source_language=values["source_language"],
        texts={language: dict(text) for language, text in (published.get("texts") or {}).items()},
        provider=provider,
        data=data,
        locations=[
            LocationRecord(
                id=uuid.UUID(place["uuid"]),
                name=place.get("name") or "",
                street=place["street"],
                postcode=place["postcode"],
                municipality_key=municipality_keys[place["municipality"]],
                lat=_decimal(place.get("lat")),
                lon=_decimal(place.get("lon")),
                step_free=place.get("step_free"),
                languages=list(place.get("languages") or []),
            )
            for place in published.get("locations") or []
        ],
        course=course,
        last_reviewed_on=offer.last_reviewed_on,
        extra=dict(offer.hsds_extra or {}),
    )
