"""How an audit event reads for people: the action in words, the changed fields by their labels,
the values before and after as German text (dates, numbers, yes/no, choices), never a raw
dictionary, `None` or a code.

Core knows no app: the labels come from the models (verbose names, through the event's content
type, selected with the event; the words for codes from a field's choices or, for a JSON list of
codes, which carries no choices, from the model's `value_labels`), from the rows the foreign keys
a model names in `named_relations` point to (their `str`, e.g. the municipality's name), and from
the action labels the apps register (`templatetags.audit.action_label`)."""

from __future__ import annotations

import datetime
import threading
from collections import defaultdict
from collections.abc import Iterable, Mapping
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

from .middleware import current_request_id
from .models import AuditEvent

NOTHING = "–"
# The rows foreign keys name, by (related model, pk) → the row's text.
RelatedNames = Mapping[tuple[type[models.Model], str], str]


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


def code_labels(model: type[models.Model] | None, name: str) -> Mapping[str, Any] | None:
    """The words for the codes a field holds: the model's own `value_labels` for the field (a
    JSON list of codes, e.g. the languages an organisation works in), else the field's choices."""
    declared = getattr(model, "value_labels", None)
    if isinstance(declared, Mapping) and name in declared:
        return {str(code): label for code, label in dict(declared[name]).items()}
    field = model_field(model, name)
    if field is not None and getattr(field, "flatchoices", None):
        return {str(code): label for code, label in field.flatchoices}
    return None


def _related_model(model: type[models.Model] | None, name: str) -> type[models.Model] | None:
    """The model a foreign key points to, if its model names it in `named_relations` (opt-in:
    each named row costs a lookup, and not every row's name is for every reader)."""
    if name not in getattr(model, "named_relations", ()):
        return None
    field = model_field(model, name)
    if isinstance(field, models.ForeignKey | models.ManyToManyField) and isinstance(
        field.related_model, type
    ):
        return field.related_model
    return None


Key = tuple[type[models.Model], str]


def _wanted(events: Iterable[AuditEvent]) -> set[Key]:
    wanted = set()
    for event in events:
        model = model_of(event.content_type)
        for name, change in _pairs(event):
            related = _related_model(model, name)
            if related is None:
                continue
            for value in change:
                # a foreign key's id, or the ids of a many-to-many link (the measure's partners)
                for one in value if isinstance(value, list) else [value]:
                    if isinstance(one, int | str) and not isinstance(one, bool) and one != "":
                        wanted.add((related, str(one)))
    return wanted


def _lookup(wanted: Iterable[Key]) -> dict[Key, str]:
    by_model: dict[type[models.Model], list[str]] = defaultdict(list)
    for related, pk in wanted:
        if not _integer_pk(related) or (pk.isdigit() and len(pk) < 19):
            by_model[related].append(pk)
    names = {}
    for related, pks in by_model.items():
        for row in related._base_manager.filter(pk__in=pks):
            names[(related, str(row.pk))] = str(row)
    return names


def related_names(events: Iterable[AuditEvent]) -> RelatedNames:
    """The rows the events' named foreign keys point to (the municipality), as their text: one
    query per related model for all the events together (a page's events)."""
    return _lookup(_wanted(events))


_memo = threading.local()
MEMO_SIZE = 5_000


def _names_in_request(event: AuditEvent) -> RelatedNames:
    """The names one event needs, remembered for the rest of the request (an export of many
    events asks once per row named, not once per event); outside a request, looked up."""
    wanted = _wanted([event])
    if not wanted:
        return {}
    request_id = current_request_id.get()
    if not request_id:
        return _lookup(wanted)
    if getattr(_memo, "request_id", None) != request_id or len(_memo.names) > MEMO_SIZE:
        _memo.request_id, _memo.names = request_id, {}
    names: dict[Key, str] = _memo.names
    missing = [key for key in wanted if key not in names]
    if missing:
        found = _lookup(missing)
        names.update({key: found.get(key, "") for key in missing})
    return {key: names[key] for key in wanted if names[key]}


def _integer_pk(model: type[models.Model]) -> bool:
    return isinstance(model._meta.pk, models.AutoField | models.BigAutoField | models.IntegerField)


def value_text(
    model: type[models.Model] | None,
    name: str,
    value: Any,
    related: RelatedNames | None = None,
) -> str:
    """One recorded value as German text, formatted by the model field it belongs to; a
    foreign key by the row's text where `related` has it."""
    if value is None or value == "" or value == [] or value == {}:
        return NOTHING
    field = model_field(model, name)
    if isinstance(value, list):
        if all(isinstance(v, dict | list) for v in value):
            n = len(value)
            return ngettext("%(n)s entry", "%(n)s entries", n) % {"n": n}
        return ", ".join(value_text(model, name, v, related) for v in value)
    if isinstance(value, dict):
        return "; ".join(
            f"{k.replace('_', ' ')}: {value_text(None, k, v)}" for k, v in value.items()
        )
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    labels = code_labels(model, name)
    if labels is not None and str(value) in labels:
        return str(labels[str(value)])
    if isinstance(field, models.BooleanField):
        return _("yes") if value in (1, "true", "True") else _("no")
    if isinstance(field, models.DateField | models.DateTimeField) and isinstance(value, str):
        return _date(value) or value
    if isinstance(field, models.ForeignKey | models.ManyToManyField):
        related_model = _related_model(model, name)
        text = (related or {}).get((related_model, str(value))) if related_model else None
        return text if text is not None else _("No. %(n)s") % {"n": value}
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


def _pairs(event: AuditEvent) -> list[tuple[str, tuple[Any, Any]]]:
    """The event's changes as (field, (before, after)); a value not in the {"from", "to"}
    shape is the new one."""
    changes = event.changes if isinstance(event.changes, dict) else {}
    pairs = []
    for name, change in changes.items():
        if isinstance(change, dict) and ("from" in change or "to" in change):
            pairs.append((name, (change.get("from"), change.get("to"))))
        else:
            pairs.append((name, (None, change)))
    return pairs


def change_lines(event: AuditEvent, related: RelatedNames | None = None) -> list[ChangeLine]:
    """The event's changes as lines: label, before, after. The model comes from the cache (no
    query); the rows its named foreign keys point to from `related` (`related_names` of the
    whole page), else looked up once per request and row."""
    model = model_of(event.content_type)  # selected with the event: no query
    if related is None:
        related = _names_in_request(event)
    return [
        ChangeLine(
            field_label(model, name),
            value_text(model, name, before, related),
            value_text(model, name, after, related),
        )
        for name, (before, after) in _pairs(event)
    ]


def actor_text(event: AuditEvent) -> str:
    """Who acted, as recorded at the time (a snapshot: the name then); "system" and "anonymous"
    in words."""
    return {"system": _("the system"), "anonymous": _("not logged in")}.get(
        event.actor_label, event.actor_label
    )
