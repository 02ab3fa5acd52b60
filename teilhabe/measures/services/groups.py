"""Writes to the parent groups of Griffbereit and Rucksack: the KI's parent companions, the
groups of a measure and the sessions they held.

Each function checks its caller itself (`require` with `access.may_manage_measures`), is
atomic, validates (`full_clean` and the rules below, each with a stable code) and records one
audit event with the changed fields (companions of a group as a list of ids). A group is
edited under its row lock and its `lock_version`: two people editing the same group do not
overwrite each other (`stale`); sessions are added under the group's lock, so two people
recording the same day get one session and a clear refusal (`duplicate_session`). Nothing
is added to or changed on a cancelled measure (`measure_cancelled`); a session recorded by
mistake can still be removed.

A parent companion is a person: the records keep only what the programme needs — the name,
the languages and the date of the qualification (and whether the KI still works with her).
Families and their children are counts, never names.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from teilhabe.centres.models import Centre
from teilhabe.core import audit
from teilhabe.core.actions import locked, reject_unknown, require
from teilhabe.network.models import LANGUAGES, MAX_LANGUAGES, Organisation, validate_codes

from .. import access
from ..models import GroupSession, Measure, ParentCompanion, ParentGroup, RecordKind
from ..validation import MAX_LINKS, checked_municipalities, refuse_if_cancelled

if TYPE_CHECKING:
    from teilhabe.accounts.models import User

COMPANION_FIELDS = ("name", "languages", "qualified_on", "is_active")
GROUP_FIELDS = (
    "site",
    "institution",
    "municipality",
    "languages",
    "starts_on",
    "ends_on",
    "families",
)
SESSION_FIELDS = ("held_on", "families_present", "topic")


def _today(today: date | None) -> date:
    return today if today is not None else timezone.localdate()


def _german(day: date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _languages(obj: Any, errors: dict[str, Any]) -> None:
    try:
        obj.languages = validate_codes(
            obj.languages, LANGUAGES, limit=MAX_LANGUAGES, code="invalid_choice"
        )
    except ValidationError as e:
        errors["languages"] = e


def _clean(obj: Any, errors: dict[str, Any]) -> None:
    """`full_clean` with its errors added to `errors`; the fields already in `errors` are
    skipped (a list that is no list of codes is not checked twice)."""
    try:
        obj.full_clean(exclude=list(errors))
    except ValidationError as e:
        for name, messages in e.error_dict.items():
            errors.setdefault(name, messages)


def _raise(errors: dict[str, Any]) -> None:
    if errors:
        raise ValidationError(errors)


# --- parent companions -----------------------------------------------------------------------


def _check_companion(companion: ParentCompanion, today: date) -> None:
    errors: dict[str, Any] = {}
    _languages(companion, errors)
    _clean(companion, errors)
    qualified_on = companion.qualified_on
    if qualified_on is not None and "qualified_on" not in errors and qualified_on > today:
        errors["qualified_on"] = ValidationError(
            _("The qualification date cannot be in the future."), code="in_future"
        )
    _raise(errors)


@transaction.atomic
def add_companion(
    centre: Centre, *, by: User, data: dict[str, Any], today: date | None = None
) -> ParentCompanion:
    """Add a trained parent companion to the KI (name, languages, qualification date)."""
    require(by, access.may_manage_measures, centre.pk)
    reject_unknown(data, COMPANION_FIELDS)
    companion = ParentCompanion(centre=centre, **data)
    _check_companion(companion, _today(today))
    companion.save()
    audit.record(
        companion,
        "companion.added",
        actor=by,
        changes=audit.created(companion, data),
        centre_id=centre.pk,
    )
    return companion


@transaction.atomic
def update_companion(
    companion: ParentCompanion, *, by: User, data: dict[str, Any], today: date | None = None
) -> ParentCompanion:
    """Change a parent companion's data (or mark that the KI no longer works with her)."""
    require(by, access.may_manage_measures, companion.centre_id)
    reject_unknown(data, COMPANION_FIELDS)
    companion = locked(ParentCompanion, companion.pk)
    before = audit.snapshot(companion, data)
    for name, value in data.items():
        setattr(companion, name, value)
    _check_companion(companion, _today(today))
    changes = audit.diff(before, audit.snapshot(companion, data))
    if not changes:
        return companion
    companion.save(update_fields=list(changes))
    audit.record(
        companion, "companion.updated", actor=by, changes=changes, centre_id=companion.centre_id
    )
    return companion


# --- groups ------------------------------------------------------------------------------------


def _check_kind(measure: Measure) -> None:
    if measure.programme_type.record_kind != RecordKind.PARENT_GROUPS:
        raise ValidationError(
            _("This measure's programme keeps no parent groups."), code="not_parent_groups"
        )


def _companion_ids(
    centre: Centre, values: Any, *, already: set[int], errors: dict[str, Any]
) -> list[int] | None:
    """Ids of the KI's own companions; one who is no longer active only if she is already on
    the group (an old group keeps who led it)."""
    try:
        ids = sorted({int(getattr(v, "pk", v)) for v in values})
    except (TypeError, ValueError):
        errors["companions"] = ValidationError(_("Choose from the list."), code="invalid_choice")
        return None
    if len(ids) > MAX_LINKS:
        errors["companions"] = ValidationError(
            _("Choose at most %(n)d.") % {"n": MAX_LINKS}, code="too_many"
        )
        return None
    rows = dict(
        ParentCompanion.objects.filter(centre=centre, pk__in=ids).values_list("pk", "is_active")
    )
    if set(rows) != set(ids):
        errors["companions"] = ValidationError(
            _("Choose parent companions of this KI."), code="unknown_companion"
        )
        return None
    if any(not active and pk not in already for pk, active in rows.items()):
        errors["companions"] = ValidationError(
            _("A parent companion who is no longer active cannot join a group."),
            code="companion_inactive",
        )
        return None
    return ids


def _check_institution(group: ParentGroup, centre: Centre, errors: dict[str, Any]) -> None:
    if group.institution_id is None or "institution" in errors:
        return
    own = Organisation.objects.filter(
        pk=group.institution_id, centre=centre, is_active=True, merged_into__isnull=True
    ).exists()
    if not own:
        errors["institution"] = ValidationError(
            _("Choose an institution of this KI's network."), code="unknown_institution"
        )


def _check_municipality(group: ParentGroup, centre: Centre, errors: dict[str, Any]) -> None:
    if group.municipality_id is None or "municipality" in errors:
        return
    try:
        checked_municipalities(centre, [group.municipality_id])
    except ValidationError as e:
        errors["municipality"] = e.error_dict["municipalities"]


def _check_period(group: ParentGroup, measure: Measure, errors: dict[str, Any]) -> None:
    """The group runs inside its measure's period; a measure with an end needs a group end."""
    if "starts_on" in errors or "ends_on" in errors or group.starts_on is None:
        return
    params = {"start": _german(measure.starts_on)}
    if measure.ends_on is not None:
        params["end"] = _german(measure.ends_on)
        message = _("The group must run within the measure's period (%(start)s to %(end)s).")
    else:
        message = _("The group cannot start before the measure (%(start)s).")
    outside = ValidationError(message % params, code="outside_measure")
    if group.starts_on < measure.starts_on or (
        measure.ends_on is not None and group.starts_on > measure.ends_on
    ):
        errors["starts_on"] = outside
    if measure.ends_on is not None:
        if group.ends_on is None:
            errors["ends_on"] = ValidationError(
                _("Give the group's end; the measure ends on %(end)s.") % params,
                code="end_required",
            )
        elif group.ends_on > measure.ends_on:
            errors["ends_on"] = outside


def _check_sessions(group: ParentGroup, errors: dict[str, Any]) -> None:
    """A changed group keeps its recorded sessions inside its period and within its families."""
    if group.pk is None or {"starts_on", "ends_on", "families", NON_FIELD_ERRORS} & set(errors):
        return
    sessions = GroupSession.objects.filter(group_id=group.pk)
    outside = Q(held_on__lt=group.starts_on)
    if group.ends_on is not None:
        outside |= Q(held_on__gt=group.ends_on)
    if sessions.filter(outside).exists():
        errors[NON_FIELD_ERRORS] = ValidationError(
            _("Sessions are recorded outside this period; remove them first."),
            code="sessions_outside_period",
        )
    most = max(sessions.values_list("families_present", flat=True), default=0)
    if group.families < most:
        errors["families"] = ValidationError(
            _("A session recorded %(n)d families present; the group cannot have fewer.")
            % {"n": most},
            code="families_below_present",
        )


def _check_group(
    group: ParentGroup, measure: Measure, errors: dict[str, Any] | None = None
) -> dict[str, Any]:
    errors = errors if errors is not None else {}
    _languages(group, errors)
    _clean(group, errors)
    _check_institution(group, measure.centre, errors)
    _check_municipality(group, measure.centre, errors)
    _check_period(group, measure, errors)
    _check_sessions(group, errors)
    return errors


@transaction.atomic
def add_group(measure: Measure, *, by: User, data: dict[str, Any]) -> ParentGroup:
    """Add a parent group to a Griffbereit or Rucksack measure; `data` holds GROUP_FIELDS and
    `companions` (the KI's own, as rows or ids)."""
    require(by, access.may_manage_measures, measure.centre_id)
    _check_kind(measure)
    reject_unknown(data, (*GROUP_FIELDS, "companions"))
    refuse_if_cancelled(measure.pk)
    fields = {k: v for k, v in data.items() if k in GROUP_FIELDS}
    group = ParentGroup(measure=measure, **fields)
    errors: dict[str, Any] = {}
    companions = _companion_ids(
        measure.centre, data.get("companions", []), already=set(), errors=errors
    )
    _raise(_check_group(group, measure, errors))
    group.save()
    changes = audit.created(group, fields)
    if companions:
        group.companions.set(companions)
        changes["companions"] = {"from": None, "to": companions}
    audit.record(group, "group.added", actor=by, changes=changes, centre_id=measure.centre_id)
    return group


def _stale() -> ValidationError:
    return ValidationError(
        _("Someone else has changed this group meanwhile. Please reload the page."),
        code="stale",
    )


@transaction.atomic
def update_group(
    group: ParentGroup,
    *,
    by: User,
    data: dict[str, Any],
    expected_version: int | None = None,
) -> ParentGroup:
    """Change a group's data and companions; with `expected_version` (the form's), a change
    someone else saved meanwhile is refused (`stale`) instead of overwritten."""
    require(by, access.may_manage_measures, group.measure.centre_id)
    reject_unknown(data, (*GROUP_FIELDS, "companions"))
    group = locked(
        ParentGroup.objects.select_related(
            "measure", "measure__centre", "measure__centre__grantee", "measure__programme_type"
        ),
        group.pk,
    )
    if expected_version is not None and group.lock_version != expected_version:
        raise _stale()
    measure = group.measure
    refuse_if_cancelled(measure.pk)
    fields = {k: v for k, v in data.items() if k in GROUP_FIELDS}
    before = audit.snapshot(group, fields)
    for name, value in fields.items():
        setattr(group, name, value)
    errors: dict[str, Any] = {}
    old_companions = sorted(group.companions.values_list("pk", flat=True))
    companions = old_companions
    if "companions" in data:
        companions = (
            _companion_ids(
                measure.centre, data["companions"], already=set(old_companions), errors=errors
            )
            or []
        )
    _raise(_check_group(group, measure, errors))
    changes = audit.diff(before, audit.snapshot(group, fields))
    if companions != old_companions:
        group.companions.set(companions)
        changes["companions"] = {"from": old_companions, "to": companions}
    if not changes:
        return group
    group.lock_version += 1
    group.save(update_fields=[*(c for c in changes if c != "companions"), "lock_version"])
    audit.record(group, "group.updated", actor=by, changes=changes, centre_id=measure.centre_id)
    return group


# --- sessions ----------------------------------------------------------------------------------


@transaction.atomic
def add_session(
    group: ParentGroup, *, by: User, data: dict[str, Any], today: date | None = None
) -> GroupSession:
    """Record a session the group held: a day of the group's period, not in the future, with
    at most the group's families present; one session per group and day."""
    require(by, access.may_manage_measures, group.measure.centre_id)
    reject_unknown(data, SESSION_FIELDS)
    group = locked(ParentGroup.objects.select_related("measure"), group.pk)
    refuse_if_cancelled(group.measure_id)
    session = GroupSession(group=group, **data)
    errors: dict[str, Any] = {}
    _clean(session, errors)
    duplicate = errors.pop(NON_FIELD_ERRORS, None)
    if duplicate is not None and "held_on" not in errors:
        errors["held_on"] = duplicate  # the one constraint: one session per group and day
    held_on = session.held_on
    if held_on is not None and "held_on" not in errors:
        if held_on > _today(today):
            errors["held_on"] = ValidationError(
                _("A session cannot be recorded before it is held."), code="in_future"
            )
        elif held_on < group.starts_on or (group.ends_on is not None and held_on > group.ends_on):
            errors["held_on"] = ValidationError(
                _("The day must fall within the group's period."), code="outside_group"
            )
    if "families_present" not in errors and session.families_present > group.families:
        errors["families_present"] = ValidationError(
            _("The group has %(n)d families; no more can be present.") % {"n": group.families},
            code="more_than_families",
        )
    _raise(errors)
    session.save()
    audit.record(
        session,
        "session.added",
        actor=by,
        changes={"group": {"from": None, "to": group.pk}, **audit.created(session, data)},
        centre_id=group.measure.centre_id,
    )
    return session


@transaction.atomic
def remove_session(session: GroupSession, *, by: User) -> None:
    """Remove a session recorded by mistake; the trail keeps what it said."""
    require(by, access.may_manage_measures, session.group.measure.centre_id)
    session = locked(GroupSession.objects.select_related("group__measure"), session.pk)
    changes = {
        name: {"from": value, "to": None}
        for name, value in audit.snapshot(session, ("group", *SESSION_FIELDS)).items()
    }
    audit.record(
        session,
        "session.removed",
        actor=by,
        changes=changes,
        centre_id=session.group.measure.centre_id,
    )
    session.delete()
