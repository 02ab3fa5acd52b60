"""How audit events read in the UI: a sentence per action, field names as their labels."""

from __future__ import annotations

from typing import Any, Protocol

from django import template
from django.contrib.contenttypes.models import ContentType
from django.utils.text import capfirst

from teilhabe.core.audit_display import label_of, model_field
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
    fields = ((name, model_field(model, name)) for name in event.changes)
    return ", ".join(label_of(field) if field is not None else name for name, field in fields)
