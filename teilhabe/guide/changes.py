"""The review queue's changes in words: a section and field by their names, choices by their
labels, the category, provider and municipality by name, lists joined, rich text as text, each
location as one line. `rules.diff_snapshots` compares the snapshots' raw JSON; this only reads
it for people (two queries for the names of every change on a page, whatever their number)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teilhabe.core.money import localized
from teilhabe.network.models import Organisation
from teilhabe.territory.models import Municipality

from . import rules
from .models import (
    LANGUAGES,
    Category,
    LanguageCourse,
    Location,
    Offer,
    OfferText,
    TargetGroup,
)

SECTIONS = {
    "offer": gettext_lazy("Offer"),
    "course": gettext_lazy("Language course"),
    "locations": gettext_lazy("Places"),
}
_MODELS: dict[str, type[models.Model]] = {"offer": Offer, "course": LanguageCourse}


@dataclass(frozen=True)
class Shown:
    section: str
    field: str
    before: str
    after: str


def _field(section: str, name: str) -> models.Field[Any, Any] | None:
    model = _MODELS.get(section, OfferText)
    try:
        found = model._meta.get_field(name)
    except FieldDoesNotExist:  # a field of an older snapshot: shown by its name
        return None
    return found if isinstance(found, models.Field) else None


def _names(changes: Iterable[rules.Change]) -> dict[str, dict[Any, str]]:
    """The names of the categories, providers and municipalities the changes name."""
    ids: dict[str, set[Any]] = {"category": set(), "provider": set(), "municipality": set()}
    for change in changes:
        if change.section == "offer" and change.field in ("category", "provider"):
            ids[change.field] |= {v for v in (change.before, change.after) if v is not None}
        if change.section == "locations":
            for rows in (change.before or [], change.after or []):
                ids["municipality"] |= {r.get("municipality") for r in rows} - {None}
    return {
        "category": {c.pk: str(c) for c in Category.objects.filter(pk__in=ids["category"])},
        "provider": dict(
            Organisation.objects.filter(pk__in=ids["provider"]).values_list("pk", "name")
        )
        if ids["provider"]
        else {},
        "municipality": dict(
            Municipality.objects.filter(pk__in=ids["municipality"]).values_list("pk", "name")
        )
        if ids["municipality"]
        else {},
    }


def _value(section: str, name: str, value: Any, names: Mapping[str, Mapping[Any, str]]) -> str:
    if value is None or value == "" or value == []:
        return "–"
    if section == "offer" and name in ("category", "provider"):
        return names[name].get(value, str(value))
    field = _field(section, name)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        labels: Mapping[str, Any] = {}
        if "language" in name:
            labels = LANGUAGES
        elif name == "target_groups":
            labels = dict(TargetGroup.choices)
        return ", ".join(str(labels.get(v, v)) for v in value)
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if name == "source_language":
        return str(LANGUAGES.get(value, value))
    if name == "description":
        return strip_tags(str(value))
    if name == "cost_amount":
        return f"{localized(Decimal(str(value)))} EUR"
    return str(value)


def _location(row: Mapping[str, Any], names: Mapping[str, Mapping[Any, str]]) -> str:
    place = " ".join(
        p
        for p in (row.get("postcode") or "", names["municipality"].get(row.get("municipality"), ""))
        if p
    )
    parts = [p for p in (row.get("name"), row.get("street"), place) if p]
    if row.get("step_free"):
        parts.append(str(Location._meta.get_field("step_free").verbose_name))
    if row.get("languages"):
        parts.append(", ".join(str(LANGUAGES.get(v, v)) for v in row["languages"]))
    return " · ".join(str(p) for p in parts)


def shown(changes: list[rules.Change]) -> list[Shown]:
    """The changes as the review queue shows them."""
    names = _names(changes)
    result = []
    for change in changes:
        if change.section == "locations":
            before = "; ".join(_location(r, names) for r in change.before or []) or "–"
            after = "; ".join(_location(r, names) for r in change.after or []) or "–"
            result.append(
                Shown(str(SECTIONS["locations"]), str(SECTIONS["locations"]), before, after)
            )
            continue
        section = str(SECTIONS.get(change.section) or LANGUAGES.get(change.section, change.section))
        field = _field(change.section, change.field)
        label = str(field.verbose_name) if field is not None else change.field
        result.append(
            Shown(
                section,
                label[:1].upper() + label[1:],
                _value(change.section, change.field, change.before, names),
                _value(change.section, change.field, change.after, names),
            )
        )
    return result
