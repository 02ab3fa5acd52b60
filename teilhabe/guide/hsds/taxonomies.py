"""The stable HSDS ids of the guide and the taxonomies its codes become.

Every id the HSDS export serves is a UUID that does not change between requests: the offer's,
location's and organisation's own `uuid`, or a UUID 5 derived from a fixed name. `NAMESPACE`
is the one namespace of the derived ids of taxonomies and their terms; ids of nested objects
(an address, a phone, an attribute) are UUID 5 of their parent's id and a fixed name
(`child_id`). A KI that provides an offer itself (no partner organisation) is the organisation
`ki_organization_id(district key)`.

Classification taxonomies (a term per code, attached to a service as an attribute without a
value): the category tree, target groups, federal course types, CEFR levels, class formats.
The value taxonomy `teilhabe-attributes` holds one term per guide field that HSDS has no field
for (`teilhabe:places` …); an attribute with that term carries the value as a string.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import translation

from ..models import Category, ClassFormat, CourseType, Level, TargetGroup

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://teilhabe.nrw/hsds")
KI_URL = "https://teilhabe.nrw/ki/{key}"

CATEGORY, TARGET_GROUP, COURSE_TYPE, LEVEL, CLASS_FORMAT, VALUE = (
    "category",
    "target_group",
    "course_type",
    "level",
    "class_format",
    "attribute",
)


def ki_organization_id(district_key: str) -> uuid.UUID:
    """The HSDS organization of a KI (for offers without a partner organisation as provider):
    5 digits for a district's KI, 05334002 for the City of Aachen's."""
    return uuid.uuid5(uuid.NAMESPACE_URL, KI_URL.format(key=district_key))


def child_id(parent: uuid.UUID | str, name: str) -> uuid.UUID:
    """The id of an object nested in `parent` (an address of a location, a phone of a
    contact …): stable as long as the parent's id is."""
    return uuid.uuid5(parent if isinstance(parent, uuid.UUID) else uuid.UUID(parent), name)


@dataclass(frozen=True)
class Taxonomy:
    name: str
    kind: str
    title: str
    description: str

    @property
    def id(self) -> uuid.UUID:
        return uuid.uuid5(NAMESPACE, self.name)

    def as_hsds(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "name": self.title,
            "description": self.description,
            "version": "1",
        }


TAXONOMIES: tuple[Taxonomy, ...] = (
    Taxonomy(
        "teilhabe-categories",
        CATEGORY,
        "Teilhabe offer categories",
        "The category tree of the NRW integration guide (language courses with the federal "
        "course types, counselling, education, childcare, work, health, housing, …).",
    ),
    Taxonomy(
        "teilhabe-target-groups",
        TARGET_GROUP,
        "Teilhabe target groups",
        "Whom an offer of the NRW integration guide is meant for.",
    ),
    Taxonomy(
        "teilhabe-course-types",
        COURSE_TYPE,
        "Federal language course types",
        "The integration-course types of § 13 IntV and the job-related language course "
        "(§ 45a AufenthG).",
    ),
    Taxonomy(
        "teilhabe-levels",
        LEVEL,
        "CEFR target levels",
        "The target level of a language course (Common European Framework of Reference).",
    ),
    Taxonomy(
        "teilhabe-class-formats",
        CLASS_FORMAT,
        "Teilhabe class formats",
        "When and how a language course takes place.",
    ),
    Taxonomy(
        "teilhabe-attributes",
        VALUE,
        "Teilhabe data attributes",
        "Fields of the NRW integration guide that HSDS 3.0 has no field for; an attribute "
        "with one of these terms carries the value as a string.",
    ),
)
BY_KIND = {t.kind: t for t in TAXONOMIES}
BY_ID = {str(t.id): t for t in TAXONOMIES}

# The value terms: code → (English name, description of the value).
VALUE_TERMS: dict[str, tuple[str, str]] = {
    "teilhabe:source_language": ("Source language", "The language the offer was written in."),
    "teilhabe:text_language": (
        "Language of this text",
        "The language of the service's name, description and teilhabe:summary.",
    ),
    "teilhabe:summary": ("Summary", "A short summary in the language of teilhabe:text_language."),
    "teilhabe:translation": (
        "Translation",
        'The offer\'s text in another language: JSON {"language", "title", "summary", '
        '"description", "registration_how", "recurrence", "duration", "opening_hours"} '
        "(description as sanitised HTML).",
    ),
    "teilhabe:registration_until": ("Register until", "ISO date."),
    "teilhabe:free_places": ("Free places", "Integer."),
    "teilhabe:duration": ("Duration", "Free text."),
    "teilhabe:hours_per_week": ("Hours per week", "Decimal number with a point."),
    "teilhabe:places": ("Course places", "Integer."),
    "teilhabe:places_taken": ("Course places taken", "Integer."),
    "teilhabe:registration_deadline": ("Course registration deadline", "ISO date."),
    "teilhabe:childcare": ("Childcare during the course", "true or false."),
    "teilhabe:free_with_entitlement": (
        "Free with an entitlement",
        "true or false (§ 44, § 44a AufenthG).",
    ),
    "teilhabe:step_free": ("Step-free access", "On a location's accessibility: true or false."),
    "teilhabe:schedule_kind": (
        "Kind of schedule",
        "On a schedule: dates (the offer's dates) or opening_hours (the contact's opening hours).",
    ),
}

CHOICES: dict[str, Any] = {
    TARGET_GROUP: TargetGroup,
    COURSE_TYPE: CourseType,
    LEVEL: Level,
    CLASS_FORMAT: ClassFormat,
}


def term_id(kind: str, code: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"{kind}:{code}")


def term_language(lang: str) -> str:
    """The language of the terms' names: German for German (and easy German), else English."""
    return "de" if lang.startswith("de") else "en"


def _term(
    kind: str, code: str, name: str, description: str, lang: str, parent: str | None = None
) -> dict[str, Any]:
    taxonomy = BY_KIND[kind]
    term: dict[str, Any] = {
        "id": str(term_id(kind, code)),
        "code": code,
        "name": name,
        "description": description,
        "taxonomy": taxonomy.name,
        "taxonomy_id": str(taxonomy.id),
        "language": term_language(lang),
    }
    if parent is not None:
        term["parent_id"] = str(term_id(kind, parent))
    return term


def category_term(category: Category, parent_code: str | None, lang: str) -> dict[str, Any]:
    name = category.name_de if term_language(lang) == "de" else category.name_en
    return _term(CATEGORY, category.code, name, name, lang, parent_code)


def choice_term(kind: str, code: str, lang: str) -> dict[str, Any]:
    labels = dict(CHOICES[kind].choices)
    with translation.override(term_language(lang)):
        name = str(labels[code])
    return _term(kind, code, name, name, lang)


def value_term(code: str, lang: str) -> dict[str, Any]:
    name, description = VALUE_TERMS[code]
    term = _term(VALUE, code, name, description, lang)
    term["language"] = "en"  # these names are not translated
    return term


def all_terms(categories: Iterable[Category], lang: str) -> list[dict[str, Any]]:
    """Every term of every taxonomy, in taxonomy order (categories in tree order)."""
    rows = list(categories)
    codes = {c.pk: c.code for c in rows}
    terms = [category_term(c, codes.get(c.parent_id) if c.parent_id else None, lang) for c in rows]
    for kind, choices in CHOICES.items():
        terms += [choice_term(kind, code, lang) for code in choices.values]
    terms += [value_term(code, lang) for code in VALUE_TERMS]
    return terms
