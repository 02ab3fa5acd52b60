"""How audit events read in the UI: a sentence per action, field names as their labels."""

from __future__ import annotations

from typing import Any, Protocol

from django import template
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst

from teilhabe.core.registry import registry

register = template.Library()

# The labels of the actions come from the apps that record them (`registry.audit_actions`).


@register.filter
def action_label(action: str) -> str:
    """The action in words; an unknown code (from a newer app) readable: "guide.offer_published"
    reads "guide: offer published"."""
    label = registry.action_labels().get(action)
    if label is not None:
        return str(label)
    subject, _dot, verb = action.partition(".")
    readable = f"{subject}: {verb}" if verb else subject
    return readable.replace("_", " ")


def action_choices() -> list[tuple[str, str]]:
    """Every known action as (code, label), sorted by the label, for the trail's filter."""
    return sorted(
        ((code, str(capfirst(label))) for code, label in registry.action_labels().items()),
        key=lambda choice: choice[1].casefold(),
    )


class Changed(Protocol):
    """An audit event, or anything that shows one's changes (a collapsed history line)."""

    changes: Any
    content_type_id: Any


@register.filter
def changed_fields(event: Changed) -> str:
    """The labels of the fields an event changed, as the forms call them."""
    if not event.changes:
        return ""
    # get_for_id is served from ContentType's cache: no query per event.
    model: Any = (
        ContentType.objects.get_for_id(event.content_type_id).model_class()
        if event.content_type_id
        else None
    )
    return ", ".join(_field_label(model, name) for name in event.changes)


def _field_label(model: Any, name: str) -> str:
    if model is None:
        return name
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    if field.is_relation and field.auto_created:  # a reverse relation, e.g. the positions
        return str(field.related_model._meta.verbose_name_plural)
    return str(field.verbose_name)
