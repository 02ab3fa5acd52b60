"""How an audit event reads for people: the action in words, the changed fields by their labels,
the values before and after as German text (dates, numbers, yes/no, choices), never a raw
dictionary, `None` or a code.

Core knows no app: the labels come from the models (verbose names, through the event's content
type, selected with the event) and from the action labels the apps
register (`templatetags.audit.action_label`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import AuditEvent

NOTHING = "–"


@dataclass(frozen=True)
class ChangeLine:
    label: str
    before: str
    after: str


def model_of(content_type: ContentType | None) -> type[models.Model] | None:
    return content_type.model_class() if content_type is not None else None


def object_type_label(content_type: ContentType | None) -> str:
    model = model_of(content_type)
    return capfirst(str(model._meta.verbose_name)) if model is not None else NOTHING


def model_field(model: type[models.Model] | None, name: str) -> Any:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def label_of(field: Any) -> str:
    """A model field as the forms call it; a reverse relation by the related model's plural."""
    if field.is_relation and field.auto_created:  # a reverse relation, e.g. the positions
        return str(field.related_model._meta.verbose_name_plural)
    return str(field.verbose_name)


def field_label(model: type[models.Model] | None, name: str) -> str:
    """The field as the forms call it; a name no model knows, readable ("no_such" → "no such")."""
    field = model_field(model, name)
    return label_of(field) if field is not None else name.replace("_", " ")


def _number(value: Decimal, places: int | None) -> str:
    if places is None:
        places = max(0, -int(value.as_tuple().exponent))
    return formats.number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def _as_decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _date(value: Any) -> str | None:
    if isinstance(value, datetime.datetime):
        moment: datetime.datetime | None = value
    elif isinstance(value, str) and ("T" in value or " " in value):
        moment = parse_datetime(value)
    else:
        moment = None
    if moment is not None:
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return formats.date_format(moment, "SHORT_DATETIME_FORMAT")
    day = value if isinstance(value, datetime.date) else parse_date(value)
    return formats.date_format(day, "SHORT_DATE_FORMAT") if day is not None else None


def value_text(model: type[models.Model] | None, name: str, value: Any) -> str:
    """One recorded value as German text, formatted by the model field it belongs to."""
    if value is None or value == "" or value == [] or value == {}:
        return NOTHING
    field = model_field(model, name)
    if isinstance(value, list):
        if all(isinstance(v, dict | list) for v in value):
            n = len(value)
            return ngettext("%(n)s entry", "%(n)s entries", n) % {"n": n}
        return ", ".join(value_text(model, name, v) for v in value)
    if isinstance(value, dict):
        return "; ".join(
            f"{k.replace('_', ' ')}: {value_text(None, k, v)}" for k, v in value.items()
        )
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if field is not None and getattr(field, "flatchoices", None):
        for key, label in field.flatchoices:
            if str(key) == str(value):
                return str(label)
    if isinstance(field, models.BooleanField):
        return _("yes") if value in (1, "true", "True") else _("no")
    if isinstance(field, models.DateField | models.DateTimeField) and isinstance(value, str):
        return _date(value) or value
    if isinstance(field, models.ForeignKey):
        return _("No. %(n)s") % {"n": value}
    if isinstance(field, models.DecimalField | models.IntegerField | models.FloatField):
        number = _as_decimal(value)
        if number is not None:
            places = field.decimal_places if isinstance(field, models.DecimalField) else None
            return _number(number, places)
    if isinstance(value, int | float | Decimal):
        number = _as_decimal(value)
        return _number(number, None) if number is not None else str(value)
    if isinstance(value, datetime.date):
        return _date(value) or str(value)
    return str(value)


def change_lines(event: AuditEvent) -> list[ChangeLine]:
    """The event's changes as lines: label, before, after (no query: the model from the cache)."""
    changes = event.changes if isinstance(event.changes, dict) else {}
    model = model_of(event.content_type)  # selected with the event: no query
    lines = []
    for name, change in changes.items():
        if isinstance(change, dict) and ("from" in change or "to" in change):
            before, after = change.get("from"), change.get("to")
        else:  # not the {"from", "to"} shape: the value as it is, as the new one
            before, after = None, change
        lines.append(
            ChangeLine(
                field_label(model, name),
                value_text(model, name, before),
                value_text(model, name, after),
            )
        )
    return lines


def actor_text(event: AuditEvent) -> str:
    """Who acted, as recorded at the time (a snapshot: the name then); "system" and "anonymous"
    in words."""
    return {"system": _("the system"), "anonymous": _("not logged in")}.get(
        event.actor_label, event.actor_label
    )
