"""The kit every service uses to guard and change state (docs/architecture.md, "Write path").

- `require(by, rule, *args)`: the caller's permission, asked of the app's `access.py` rule;
  refuses with the one exception, `Refusal` (code `not_permitted`), for anyone without it —
  also for a missing or anonymous `by`.
- `locked(queryset, pk)`: the row under `SELECT … FOR UPDATE` (only its own table locked).
- `transition(obj, to=, allowed=, by=, action=)`: a guarded state change — checks the allowed
  from-states, bumps the optimistic `lock_version`, saves exactly the changed fields and writes
  the audit event with status from/to, in one call.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import audit
from .roles import Principal

M = TypeVar("M", bound=models.Model)


class Refusal(ValidationError):
    """The caller may not do this. One exception for every service's permission check.

    A ValidationError, so forms show it and the API answers it like any rule (422 with the
    stable code `not_permitted`); views only offer what the user may do, so people rarely see it.
    """

    def __init__(self, message: Any = None, code: str = "not_permitted") -> None:
        super().__init__(message or _("You may not do this."), code=code)


def require(
    by: Principal | None,
    rule: Callable[..., bool],
    *args: Any,
    message: Any = None,
    code: str = "not_permitted",
) -> None:
    """Refuse unless `by` is a logged-in user for whom `rule(by, *args)` holds; `message` and
    `code` say more where a step has its own wording (e.g. `lead_only`)."""
    if by is None or not by.is_authenticated or not rule(by, *args):
        raise Refusal(message, code)


def reject_unknown(data: Mapping[str, Any], allowed: Iterable[str]) -> None:
    """Refuse fields a service does not change (`unknown_field`, naming them): a caller that
    sends more than the service takes never has it silently ignored."""
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise ValidationError(
            gettext("These fields cannot be changed here: %(fields)s")
            % {"fields": ", ".join(unknown)},
            code="unknown_field",
        )


def locked(queryset: models.QuerySet[M] | type[M], pk: Any) -> M:
    """The row `pk` of `queryset` (or a model), locked until the transaction ends."""
    qs = queryset._default_manager.all() if isinstance(queryset, type) else queryset
    return qs.select_for_update(of=("self",)).get(pk=pk)


def wrong_status(obj: models.Model, field: str = "status") -> ValidationError:
    display = getattr(obj, f"get_{field}_display", lambda: getattr(obj, field))()
    return ValidationError(
        _("Not possible in the status “%(status)s” (%(object)s)."),
        code="wrong_status",
        params={"object": obj._meta.verbose_name, "status": display},
    )


def require_status(
    obj: models.Model,
    allowed: Collection[str],
    field: str = "status",
    *,
    wrong: Callable[[], ValidationError] | None = None,
) -> None:
    """Refuse unless `obj` is in one of the `allowed` states (`wrong()` for a step's own code)."""
    if getattr(obj, field) not in allowed:
        raise wrong() if wrong is not None else wrong_status(obj, field)


def move(
    obj: M,
    *,
    to: str,
    allowed: Collection[str],
    fields: Mapping[str, Any] | None = None,
    field: str = "status",
    wrong: Callable[[], ValidationError] | None = None,
) -> audit.Changes:
    """The state change of `transition` without its audit event, for a step that changes two
    rows in one event (a proposal signed and its application approved): returns the changes."""
    require_status(obj, allowed, field, wrong=wrong)
    values = {field: to, **(fields or {})}
    before = audit.snapshot(obj, values)
    for name, value in values.items():
        setattr(obj, name, value)
    diff = audit.diff(before, audit.snapshot(obj, values))
    update = list(values)
    names = {f.name for f in obj._meta.get_fields()}
    if "lock_version" in names:
        obj.lock_version += 1  # type: ignore[attr-defined]
        update.append("lock_version")
    if "updated_at" in names:
        update.append("updated_at")
    obj.save(update_fields=update)
    return diff


def transition(
    obj: M,
    *,
    to: str,
    allowed: Collection[str],
    by: Principal | None,
    action: str,
    fields: Mapping[str, Any] | None = None,
    changes: Mapping[str, Any] | None = None,
    centre_id: int | None = None,
    audit_obj: models.Model | None = None,
    field: str = "status",
    wrong: Callable[[], ValidationError] | None = None,
) -> M:
    """Move `obj` from one of `allowed` to `to`, with `fields` set alongside, in one save.

    Bumps `lock_version` where the model has one (so an open edit form notices), saves only the
    given fields (plus `updated_at` where the model has it) and records one audit event `action`
    on `audit_obj` (default `obj`) with the status and every changed field from/to; `changes`
    adds entries (e.g. of a row created in the same step). The caller holds the row's lock.
    """
    diff = move(obj, to=to, allowed=allowed, fields=fields, field=field, wrong=wrong)
    audit.record(
        audit_obj or obj,
        action,
        actor=by,
        changes={**diff, **(changes or {})},
        centre_id=centre_id if centre_id is not None else getattr(obj, "centre_id", None),
    )
    return obj
