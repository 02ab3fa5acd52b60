"""Writes to the interpreter pool's assignments and the school-counselling log. Each function
checks its caller itself (`require` with `access.may_manage_measures`: the KI's own staff and
lead), is atomic, validates (`full_clean` and the checks below, each with a stable code) and
records one audit event with the changed fields. A change that changes nothing records nothing.

Checks beyond the model's:
- `wrong_kind`: the measure's programme keeps other records;
- `measure_cancelled`: nothing is added to or changed on a cancelled measure (an entry
  recorded by mistake can still be removed);
- `in_future`: an assignment or contact is recorded once it took place, never ahead;
- `outside_period`: an assignment lies inside its measure's period;
- `unknown_institution` / `not_a_school`: the institution is one of the KI's own active network
  organisations, the counselled school one of type school;
- hours are read with the one number parser (`money.parse_decimal`, German "1,5" too), between
  0,25 and 24 (`out_of_range`, `too_many_places`, `invalid_number`).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.core import audit, money
from teilhabe.core.actions import locked, reject_unknown, require
from teilhabe.network.models import Organisation, OrganisationType

from .. import access
from ..models import (
    HOURS_MAX,
    CounsellingContact,
    InterpreterAssignment,
    Measure,
    RecordKind,
)
from ..validation import refuse_if_cancelled

if TYPE_CHECKING:
    from teilhabe.accounts.models import User

ASSIGNMENT_FIELDS = ("held_on", "language", "purpose", "institution", "hours", "interpreter")
COUNSELLING_FIELDS = ("held_on", "school", "topic", "form", "outcome")
HOURS_MIN = Decimal("0.25")


def _parse_hours(value: Any) -> Decimal:
    """Hours as typed ("1,5", "1.5", "0,25") or given (Decimal, int), within 0,25–24."""
    return money.parse_decimal(
        value,
        "hours",
        max_digits=4,
        places=2,
        min=HOURS_MIN,
        max=HOURS_MAX,
        invalid_message=_("Enter the hours as a number, e.g. 1,5."),
        german=True,
    )


def _error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _check_kind(measure: Measure, kind: RecordKind) -> None:
    if measure.programme_type.record_kind != kind:
        raise ValidationError(_("This measure's programme keeps other records."), code="wrong_kind")


def _check_date(held_on: Any, measure: Measure | None, today: date) -> None:
    if not isinstance(held_on, date):
        return  # full_clean names a missing or malformed date
    if held_on > today:
        raise _error("held_on", _("Enter a day that has passed, not one ahead."), "in_future")
    if measure is not None and (
        held_on < measure.starts_on or (measure.ends_on is not None and held_on > measure.ends_on)
    ):
        raise _error("held_on", _("Enter a day within the measure's period."), "outside_period")


def _organisation_id(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(getattr(value, "pk", value))
    except (TypeError, ValueError):
        return -1


def _check_institution(measure: Measure, value: Any) -> None:
    pk = _organisation_id(value)
    if pk is None:
        return
    if not Organisation.objects.filter(
        centre_id=measure.centre_id, pk=pk, is_active=True, merged_into__isnull=True
    ).exists():
        raise _error(
            "institution",
            _("Choose an organisation of this KI's network."),
            "unknown_institution",
        )


def _check_school(measure: Measure, value: Any) -> None:
    pk = _organisation_id(value)
    if pk is None:
        return  # full_clean says the school is needed
    if not Organisation.objects.filter(
        centre_id=measure.centre_id,
        pk=pk,
        type=OrganisationType.SCHOOL,
        merged_into__isnull=True,
    ).exists():
        raise _error("school", _("Choose a school of this KI's network."), "not_a_school")


def _collect(*checks: Any) -> dict[str, Any]:
    errors: dict[str, Any] = {}
    for check in checks:
        try:
            check()
        except ValidationError as e:
            if hasattr(e, "error_dict"):
                for name, errs in e.error_dict.items():
                    errors.setdefault(name, []).extend(errs)
            else:
                errors.setdefault("__all__", []).extend(e.error_list)
    return errors


def _assignment_values(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The fields with the hours parsed, and the errors of parsing them."""
    values = dict(data)
    errors: dict[str, Any] = {}
    if "hours" in values and values["hours"] not in (None, ""):
        try:
            values["hours"] = _parse_hours(values["hours"])
        except ValidationError as e:
            errors.update(e.error_dict)
            del values["hours"]
    if "institution" in values and values["institution"] == "":
        values["institution"] = None
    return values, errors


def _validated(row: Any, measure: Measure, errors: dict[str, Any], *checks: Any) -> None:
    exclude = list(errors)
    try:
        row.full_clean(exclude=exclude)
    except ValidationError as e:
        for name, errs in e.error_dict.items():
            errors.setdefault(name, []).extend(errs)
    for name, errs in _collect(*checks).items():
        if name not in errors:
            errors[name] = errs
    if errors:
        raise ValidationError(errors)


def _assign(row: Any, values: dict[str, Any]) -> None:
    for name, value in values.items():
        field = row._meta.get_field(name)
        if field.is_relation:
            setattr(row, f"{name}_id", _organisation_id(value))
        else:
            setattr(row, name, value)


def _today(today: date | None) -> date:
    return today if today is not None else timezone.localdate()


# --- the interpreter pool ---------------------------------------------------------------------


@transaction.atomic
def add_assignment(
    measure: Measure, *, by: User, data: dict[str, Any], today: date | None = None
) -> InterpreterAssignment:
    """Record an assignment of the measure's interpreter pool (ASSIGNMENT_FIELDS)."""
    require(by, access.may_manage_measures, measure.centre_id)
    _check_kind(measure, RecordKind.INTERPRETING)
    refuse_if_cancelled(measure.pk)
    reject_unknown(data, ASSIGNMENT_FIELDS)
    values, errors = _assignment_values(data)
    assignment = InterpreterAssignment(measure=measure)
    _assign(assignment, values)
    day = _today(today)
    _validated(
        assignment,
        measure,
        errors,
        lambda: _check_date(assignment.held_on, measure, day),
        lambda: _check_institution(measure, assignment.institution_id),
    )
    assignment.save()
    audit.record(
        assignment,
        "interpreter_assignment.added",
        actor=by,
        changes=audit.created(assignment, ASSIGNMENT_FIELDS),
        centre_id=measure.centre_id,
    )
    return assignment


@transaction.atomic
def update_assignment(
    assignment: InterpreterAssignment,
    *,
    by: User,
    data: dict[str, Any],
    today: date | None = None,
) -> InterpreterAssignment:
    """Change an assignment's fields (any of ASSIGNMENT_FIELDS)."""
    assignment = locked(
        InterpreterAssignment.objects.select_related("measure__programme_type"), assignment.pk
    )
    measure = assignment.measure
    require(by, access.may_manage_measures, measure.centre_id)
    reject_unknown(data, ASSIGNMENT_FIELDS)
    refuse_if_cancelled(measure.pk)
    values, errors = _assignment_values(data)
    before = audit.snapshot(assignment, ASSIGNMENT_FIELDS)
    _assign(assignment, values)
    day = _today(today)
    _validated(
        assignment,
        measure,
        errors,
        lambda: _check_date(assignment.held_on, measure, day),
        lambda: _check_institution(measure, assignment.institution_id),
    )
    changes = audit.diff(before, audit.snapshot(assignment, ASSIGNMENT_FIELDS))
    if not changes:
        return assignment
    assignment.save()
    audit.record(
        assignment,
        "interpreter_assignment.updated",
        actor=by,
        changes=changes,
        centre_id=measure.centre_id,
    )
    return assignment


@transaction.atomic
def remove_assignment(assignment: InterpreterAssignment, *, by: User) -> None:
    """Remove an assignment recorded by mistake; the trail keeps what it held."""
    assignment = locked(InterpreterAssignment.objects.select_related("measure"), assignment.pk)
    require(by, access.may_manage_measures, assignment.measure.centre_id)
    audit.record(
        assignment,
        "interpreter_assignment.removed",
        actor=by,
        changes={
            name: {"from": value, "to": None}
            for name, value in audit.snapshot(assignment, ASSIGNMENT_FIELDS).items()
        },
        centre_id=assignment.measure.centre_id,
    )
    assignment.delete()


# --- the school-counselling log ---------------------------------------------------------------


@transaction.atomic
def add_counselling_contact(
    measure: Measure, *, by: User, data: dict[str, Any], today: date | None = None
) -> CounsellingContact:
    """Record a counselling contact with a school (COUNSELLING_FIELDS); `by` is its author."""
    require(by, access.may_manage_measures, measure.centre_id)
    _check_kind(measure, RecordKind.COUNSELLING)
    refuse_if_cancelled(measure.pk)
    reject_unknown(data, COUNSELLING_FIELDS)
    contact = CounsellingContact(measure=measure, created_by=by)
    _assign(contact, data)
    day = _today(today)
    _validated(
        contact,
        measure,
        {},
        lambda: _check_date(contact.held_on, measure, day),
        lambda: _check_school(measure, contact.school_id),
    )
    contact.save()
    audit.record(
        contact,
        "counselling_contact.added",
        actor=by,
        changes=audit.created(contact, COUNSELLING_FIELDS),
        centre_id=measure.centre_id,
    )
    return contact


@transaction.atomic
def update_counselling_contact(
    contact: CounsellingContact,
    *,
    by: User,
    data: dict[str, Any],
    today: date | None = None,
) -> CounsellingContact:
    """Change a contact's fields (any of COUNSELLING_FIELDS); its author stays who recorded it."""
    contact = locked(
        CounsellingContact.objects.select_related("measure__programme_type"), contact.pk
    )
    measure = contact.measure
    require(by, access.may_manage_measures, measure.centre_id)
    reject_unknown(data, COUNSELLING_FIELDS)
    refuse_if_cancelled(measure.pk)
    before = audit.snapshot(contact, COUNSELLING_FIELDS)
    _assign(contact, data)
    day = _today(today)
    _validated(
        contact,
        measure,
        {},
        lambda: _check_date(contact.held_on, measure, day),
        lambda: _check_school(measure, contact.school_id),
    )
    changes = audit.diff(before, audit.snapshot(contact, COUNSELLING_FIELDS))
    if not changes:
        return contact
    contact.save()
    audit.record(
        contact,
        "counselling_contact.updated",
        actor=by,
        changes=changes,
        centre_id=measure.centre_id,
    )
    return contact


@transaction.atomic
def remove_counselling_contact(contact: CounsellingContact, *, by: User) -> None:
    """Remove a contact recorded by mistake; the trail keeps what it held."""
    contact = locked(CounsellingContact.objects.select_related("measure"), contact.pk)
    require(by, access.may_manage_measures, contact.measure.centre_id)
    audit.record(
        contact,
        "counselling_contact.removed",
        actor=by,
        changes={
            name: {"from": value, "to": None}
            for name, value in audit.snapshot(contact, COUNSELLING_FIELDS).items()
        },
        centre_id=contact.measure.centre_id,
    )
    contact.delete()
