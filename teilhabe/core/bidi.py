"""No stored text carries a bidirectional override or isolate (U+202A to U+202E, U+2066 to U+2069).

Such a character makes the text after it render right to left, so a decision, a condition or
a name could show other words than it holds ("Trojan Source"). They are removed in one place
that no write path can miss: every `CharField`, `TextField` and `JSONField` of our apps' models
(`install`, called from `CoreConfig.ready()`, going by the app registry, not by app names) strips
them when the value is prepared for the database — `save()`, `create()`, `bulk_create()`,
`bulk_update()` and `QuerySet.update()` alike, and lookups, so a search finds the stored text —
and `save()` and `bulk_create()` also clean the instance, so what the caller holds is what the
database holds. Raw SQL and the migrations' historical models are not covered.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db import models

# LRE, RLE, PDF, LRO, RLO; LRI, RLI, FSI, PDI
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_DELETE = dict.fromkeys(map(ord, BIDI_CONTROLS))
GUARDED = (models.CharField, models.TextField, models.JSONField)


def strip_bidi(value: Any) -> Any:
    """`value` without bidi controls: strings, and the strings inside lists and dicts (JSON)."""
    if isinstance(value, str):
        return value.translate(_DELETE)
    if isinstance(value, list | tuple):
        return type(value)(strip_bidi(v) for v in value)
    if isinstance(value, dict):
        return {strip_bidi(k): strip_bidi(v) for k, v in value.items()}
    return value


def is_guarded(field: models.Field[Any, Any]) -> bool:
    return getattr(field, "_strips_bidi", False)


def _guard(field: models.Field[Any, Any]) -> None:
    prepare: Callable[[Any], Any] = field.get_prep_value
    pre_save: Callable[[models.Model, bool], Any] = field.pre_save

    def get_prep_value(value: Any) -> Any:
        return strip_bidi(prepare(value))

    def clean_pre_save(instance: models.Model, add: bool) -> Any:
        value = pre_save(instance, add)
        cleaned = strip_bidi(value)
        if cleaned != value:
            setattr(instance, field.attname, cleaned)
        return cleaned

    # On the field object, not its class: the class (and so `deconstruct()` and the migrations)
    # stays Django's own, and other apps' fields are untouched.
    field.get_prep_value = get_prep_value  # type: ignore[method-assign]
    field.pre_save = clean_pre_save  # type: ignore[method-assign, assignment]
    field._strips_bidi = True  # type: ignore[attr-defined]


def install(model_classes: Iterable[type[models.Model]]) -> None:
    """Guard every text field of `model_classes` (once; inherited fields are the parent's)."""
    for model in model_classes:
        for field in model._meta.concrete_fields:
            if isinstance(field, GUARDED) and not is_guarded(field):
                _guard(field)
