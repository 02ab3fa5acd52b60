"""Recording audit events. Every service that writes calls `record` once per operation."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .middleware import current_request_id
from .models import AuditEvent

if TYPE_CHECKING:
    from .roles import AnyUser

Changes = dict[str, dict[str, Any]]


def _plain(value: Any) -> Any:
    """A JSON-safe form of a field value (money and dates as strings, objects by pk)."""
    if isinstance(value, Decimal | datetime.date | datetime.datetime | datetime.time):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The current values of `fields` (foreign keys by id), to compare after a change."""
    values = {}
    for name in fields:
        field = obj._meta.get_field(name)
        attname = getattr(field, "attname", name)
        value = getattr(obj, attname)
        if isinstance(field, models.DecimalField) and isinstance(value, Decimal):
            # 0.5 and 0.50 are the same value in a column of two places: no change to record.
            value = value.quantize(Decimal(1).scaleb(-field.decimal_places))
        values[name] = _plain(value)
    return values


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> Changes:
    """Fields whose value changed, as {field: {"from": old, "to": new}}."""
    return {
        name: {"from": before.get(name), "to": after.get(name)}
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    }


def created(obj: models.Model, fields: Iterable[str]) -> Changes:
    return {name: {"from": None, "to": value} for name, value in snapshot(obj, fields).items()}


def _actor_label(actor: AnyUser | None) -> str:
    if actor is None:
        return "system"
    if not actor.is_authenticated:
        return "anonymous"
    username = str(getattr(actor, "username", "") or actor)
    full_name = getattr(actor, "get_full_name", lambda: "")()
    return f"{username} ({full_name or username})"[:200]


def record(
    obj: models.Model | type[models.Model],
    action: str,
    *,
    actor: AnyUser | None,
    changes: Changes | None = None,
    centre_id: int | None = None,
    label: str = "",
) -> AuditEvent:
    """Write one immutable event: who did `action` to `obj`, what changed, in which request.

    `obj` may be a model instead of a row, for an event about no row (a failed login for a
    name that is no account): the object is then `label`."""
    row: Any = actor if actor is not None and actor.is_authenticated else None  # the user model
    is_row = isinstance(obj, models.Model)
    return AuditEvent.objects.create(
        actor=row,
        actor_label=_actor_label(actor),
        action=action,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk) if is_row else "",
        object_label=(str(obj) if is_row else label)[:300],
        centre_id=centre_id,
        changes=changes or {},
        request_id=current_request_id.get(),
    )
