"""Writes to the member schools of "Schule ohne Rassismus – Schule mit Courage": a school joins
the measure when at least 70 % of its pupils and staff have signed (`rules`), its yearly
projects are recorded as evidence, it may leave (and keeps its history), and the scheduled
reminder tells the KI when a school has gone a year without a project.

Each write checks its caller itself (`require` with a rule of `access`), is atomic, validates
and records one audit event with the changed fields; edits lock the row and compare the
`lock_version` the form was built from; nothing is added to or changed on a cancelled
measure (`measure_cancelled`). The reads at the end (due dates, overdue schools) are
shared by the pages, the start page's tasks and the reminder command.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q, QuerySet
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teilhabe.core import audit, dates
from teilhabe.core.actions import locked, reject_unknown, require
from teilhabe.network.models import Organisation, OrganisationType

from .. import access, rules
from ..models import (
    Measure,
    MeasureStatus,
    RecordKind,
    SchoolMembership,
    SchoolProject,
    SchoolReminder,
)
from ..validation import refuse_if_cancelled

if TYPE_CHECKING:
    from teilhabe.accounts.models import User

logger = logging.getLogger(__name__)

MEMBERSHIP_FIELDS = ("school", "title_awarded_on", "signatures", "school_members", "patron")
EDIT_FIELDS = ("title_awarded_on", "signatures", "school_members", "patron")
PROJECT_FIELDS = ("held_on", "title", "description")
REMINDER_EVENT = "school_project_overdue"


def _today(today: date | None) -> date:
    return today if today is not None else timezone.localdate()


def _errors(e: ValidationError) -> dict[str, list[ValidationError]]:
    return dict(e.error_dict) if hasattr(e, "error_dict") else {"__all__": [e]}


def _merge(errors: dict[str, list[ValidationError]], field: str, error: ValidationError) -> None:
    errors.setdefault(field, []).append(error)


def _check_kind(measure: Measure) -> None:
    if measure.programme_type.record_kind != RecordKind.SCHOOL_NETWORK:
        raise ValidationError(_("This measure keeps no member schools."), code="wrong_record_kind")


def share_text(signatures: int, members: int) -> str:
    """The share of pupils and staff who signed, as the active language writes it, one
    decimal, rounded down ("68,4 %"): a refused share never reads "70,0 %"."""
    share = rules.signature_share(signatures, members) * 100
    return f"{formats.number_format(share.quantize(Decimal('0.1'), 'ROUND_DOWN'), 1)} %"


def signatures_missing(signatures: int, members: int) -> int:
    """How many more signatures reach 70 %: the least n with 100 · (s + n) ≥ 70 · m."""
    needed = -(-rules.SIGNATURE_PERCENT_REQUIRED * members // 100)
    return max(needed - signatures, 0)


def _signature_errors(membership: SchoolMembership) -> ValidationError | None:
    """The 70 % rule, for counts the model's own checks have passed."""
    s, m = membership.signatures, membership.school_members
    if rules.signature_share_sufficient(s, m):
        return None
    return ValidationError(
        _(
            "Only %(share)s of pupils and staff have signed; at least 70 %% are needed. "
            "%(missing)s more signatures are missing."
        )
        % {"share": share_text(s, m), "missing": signatures_missing(s, m)},
        code="signatures_below_required",
    )


# The model's constraints refuse for the whole row; the form shows them at their field.
CONSTRAINT_FIELDS = {"duplicate_school": "school", "signatures_exceed_members": "signatures"}


def _at_fields(e: ValidationError) -> dict[str, list[ValidationError]]:
    errors: dict[str, list[ValidationError]] = {}
    for name, field_errors in _errors(e).items():
        for error in field_errors:
            target = CONSTRAINT_FIELDS.get(str(error.code), name) if name == "__all__" else name
            errors.setdefault(target, []).append(error)
    return errors


def _check_membership(membership: SchoolMembership, *, today: date) -> None:
    """The model's checks, the title date and the 70 % rule, all errors at once."""
    errors: dict[str, list[ValidationError]] = {}
    try:
        membership.full_clean()
    except ValidationError as e:
        errors.update(_at_fields(e))
    awarded = membership.title_awarded_on
    if "title_awarded_on" not in errors and awarded is not None and awarded > today:
        message = _("The title date cannot be in the future.")
        _merge(errors, "title_awarded_on", ValidationError(message, code="in_future"))
    counted = not {"signatures", "school_members", "__all__"} & set(errors)
    if counted and (refused := _signature_errors(membership)) is not None:
        _merge(errors, "signatures", refused)
    if errors:
        raise ValidationError(errors)


def _check_school(measure: Measure, school: Any) -> ValidationError | None:
    """A school of the KI's own network, active and not merged away."""
    ok = (
        isinstance(school, Organisation)
        and school.centre_id == measure.centre_id
        and school.type == OrganisationType.SCHOOL
        and school.is_active
        and school.merged_into_id is None
    )
    if ok:
        return None
    return ValidationError(
        _("Choose a school of this KI's partner network."), code="unknown_school"
    )


@transaction.atomic
def add_school(
    measure: Measure, *, by: User, data: dict[str, Any], today: date | None = None
) -> SchoolMembership:
    """A school joins the measure's network: a school of the KI's own network, its title date
    (not in the future), signatures and pupils-and-staff counts (at least 70 % signed) and its
    patron."""
    require(by, access.may_manage_measures, measure.centre_id)
    _check_kind(measure)
    reject_unknown(data, MEMBERSHIP_FIELDS)
    refuse_if_cancelled(measure.pk)
    membership = SchoolMembership(measure=measure, **data)
    errors: dict[str, list[ValidationError]] = {}
    if (wrong := _check_school(measure, data.get("school"))) is not None:
        errors["school"] = [wrong]
    try:
        _check_membership(membership, today=_today(today))
    except ValidationError as e:
        for name, field_errors in e.error_dict.items():
            if name != "school":
                errors.setdefault(name, []).extend(field_errors)
            elif "school" not in errors:
                errors["school"] = list(field_errors)
    if errors:
        raise ValidationError(errors)
    membership.save()
    audit.record(
        membership,
        "school.added",
        actor=by,
        changes=audit.created(membership, MEMBERSHIP_FIELDS),
        centre_id=measure.centre_id,
    )
    return membership


def _stale(membership: SchoolMembership) -> ValidationError:
    return ValidationError(
        _(
            "Someone else has changed this school in the meantime. Please check the data "
            "shown now and enter your change again."
        ),
        code="stale_edit",
    )


def _locked_membership(membership: SchoolMembership, expected_version: int) -> SchoolMembership:
    current = locked(
        SchoolMembership.objects.select_related("measure", "measure__programme_type", "school"),
        membership.pk,
    )
    if current.lock_version != expected_version:
        raise _stale(current)
    refuse_if_cancelled(current.measure_id)
    return current


@transaction.atomic
def update_school(
    membership: SchoolMembership,
    *,
    by: User,
    data: dict[str, Any],
    expected_version: int,
    today: date | None = None,
) -> SchoolMembership:
    """Correct a member school's title date, counts or patron (the 70 % rule again). The school
    itself is not changed: a different school is a new member."""
    require(by, access.may_manage_measures, membership.measure.centre_id)
    reject_unknown(data, EDIT_FIELDS)
    current = _locked_membership(membership, expected_version)
    before = audit.snapshot(current, data)
    for name, value in data.items():
        setattr(current, name, value)
    _check_membership(current, today=_today(today))
    changes = audit.diff(before, audit.snapshot(current, data))
    if not changes:
        return current
    current.lock_version += 1
    current.save(update_fields=[*changes, "lock_version"])
    audit.record(
        current,
        "school.updated",
        actor=by,
        changes=changes,
        centre_id=current.measure.centre_id,
    )
    return current


@transaction.atomic
def record_school_left(
    membership: SchoolMembership,
    *,
    by: User,
    left_on: date,
    expected_version: int,
    today: date | None = None,
) -> SchoolMembership:
    """The school has left the network on `left_on` (not before its title, not in the future).
    Its data and projects stay; it is no longer counted or reminded from that day."""
    require(by, access.may_manage_measures, membership.measure.centre_id)
    current = _locked_membership(membership, expected_version)
    if current.left_on is not None:
        raise ValidationError(_("This school has already left the network."), code="already_left")
    if left_on < current.title_awarded_on:
        message = _("The school cannot leave before it was awarded the title.")
        raise ValidationError({"left_on": ValidationError(message, code="before_title")})
    if left_on > _today(today):
        message = _("The day the school left cannot be in the future.")
        raise ValidationError({"left_on": ValidationError(message, code="in_future")})
    before = audit.snapshot(current, ["left_on"])
    current.left_on = left_on
    current.lock_version += 1
    current.save(update_fields=["left_on", "lock_version"])
    audit.record(
        current,
        "school.left",
        actor=by,
        changes=audit.diff(before, audit.snapshot(current, ["left_on"])),
        centre_id=current.measure.centre_id,
    )
    return current


@transaction.atomic
def add_project(
    membership: SchoolMembership,
    *,
    by: User,
    data: dict[str, Any],
    today: date | None = None,
) -> SchoolProject:
    """Record a school's yearly project: held not before the title, not in the future, and
    not after the school left."""
    require(by, access.may_manage_measures, membership.measure.centre_id)
    reject_unknown(data, PROJECT_FIELDS)
    membership = locked(SchoolMembership.objects.select_related("measure"), membership.pk)
    refuse_if_cancelled(membership.measure_id)
    project = SchoolProject(membership=membership, **data)
    errors: dict[str, list[ValidationError]] = {}
    try:
        project.full_clean()
    except ValidationError as e:
        errors.update(_errors(e))
    held = project.held_on
    if "held_on" not in errors and held is not None:
        if held < membership.title_awarded_on:
            message = _("A project before the title date does not count for the title.")
            _merge(errors, "held_on", ValidationError(message, code="before_title"))
        elif held > _today(today):
            message = _("The project date cannot be in the future.")
            _merge(errors, "held_on", ValidationError(message, code="in_future"))
        elif membership.left_on is not None and held >= membership.left_on:
            message = _("The school had already left the network on that day.")
            _merge(errors, "held_on", ValidationError(message, code="after_leaving"))
    if errors:
        raise ValidationError(errors)
    project.save()
    audit.record(
        project,
        "school_project.added",
        actor=by,
        changes=audit.created(project, PROJECT_FIELDS),
        centre_id=membership.measure.centre_id,
    )
    return project


# --- due dates and the reminder ----------------------------------------------------------


def with_due_dates(memberships: QuerySet[SchoolMembership]) -> QuerySet[SchoolMembership]:
    """`last_project_on` on each row: the latest project on or after the title (what
    `rules.project_due_on` counts), in the same query."""
    return memberships.annotate(
        last_project_on=Max(
            "projects__held_on", filter=Q(projects__held_on__gte=F("title_awarded_on"))
        )
    )


def due_on(membership: SchoolMembership) -> date:
    """The next project's due date of a row from `with_due_dates`."""
    last = getattr(membership, "last_project_on", None)
    return rules.project_due_on(membership.title_awarded_on, [last] if last else [])


def is_overdue(membership: SchoolMembership, *, today: date) -> bool:
    last = getattr(membership, "last_project_on", None)
    return rules.project_overdue(
        membership.title_awarded_on,
        [last] if last else [],
        today=today,
        left_on=membership.left_on,
    )


def overdue_schools(
    *, today: date, centre_ids: Collection[int] | None = None
) -> list[SchoolMembership]:
    """The member schools that have gone a year without a project, in one query: current
    members of a school-network measure that is not cancelled, each with `due` set, the
    longest overdue first."""
    qs = SchoolMembership.objects.filter(
        Q(left_on__isnull=True) | Q(left_on__gt=today),
        measure__programme_type__record_kind=RecordKind.SCHOOL_NETWORK,
    ).exclude(measure__status=MeasureStatus.CANCELLED)
    if centre_ids is not None:
        qs = qs.filter(measure__centre_id__in=list(centre_ids))
    rows = []
    for membership in with_due_dates(qs.select_related("school", "measure")).order_by("pk"):
        if is_overdue(membership, today=today):
            membership.due = due_on(membership)  # type: ignore[attr-defined]
            rows.append(membership)
    return sorted(rows, key=lambda m: (m.due, m.school.name, m.pk))  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Reminder:
    membership: SchoolMembership
    due_on: date
    recipients: int


SUBJECT = gettext_lazy("Project overdue: %(school)s")
TEXT = gettext_lazy(
    "%(school)s (%(measure)s) has not recorded a project since its due date %(due)s. A member "
    "school of Schule ohne Rassismus – Schule mit Courage runs at least one project a year. "
    "Please ask the school about its project and record it in Teilhabe."
)


def _texts(membership: SchoolMembership, due: date) -> dict[str, tuple[str, str]]:
    by_language = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            values = {
                "school": membership.school.name,
                "measure": membership.measure.title,
                "due": dates.localized_date(due),
            }
            by_language[language] = (str(SUBJECT) % values, str(TEXT) % values)
    return by_language


def _mail(by_language: dict[str, tuple[str, str]], path: str) -> tuple[str, str]:
    """German first, then English, each with the link (as the funding mails are)."""
    url = settings.SITE_URL.rstrip("/") + path
    parts = []
    for language in ("de", "en"):
        with translation.override(language):
            parts.append(
                "\n\n".join(
                    [
                        _("Hello,"),
                        by_language[language][1],
                        f"{_('Open it in Teilhabe:')} {url}",
                        _("This message was sent automatically by Teilhabe. Please do not reply."),
                    ]
                )
            )
    return by_language["de"][0], "\n\n---------- English ----------\n\n".join(parts) + "\n"


def _recipients(centre_id: int) -> list[User]:
    from teilhabe.accounts.models import User
    from teilhabe.core.roles import CENTRE_ROLES

    return list(
        User.objects.filter(
            is_active=True, centre_id=centre_id, role__in=sorted(CENTRE_ROLES)
        ).order_by("pk")
    )


def _school_path(membership: SchoolMembership) -> str:
    from django.urls import reverse

    measure = membership.measure
    return reverse("measures:school", args=[measure.centre_id, measure.pk, membership.pk])


def send_school_reminders(*, today: date | None = None, dry_run: bool = False) -> list[Reminder]:
    """Tell the KI's staff and lead of every member school that has gone a year without a
    project: one notification each in the inbox (German and English) and a mail after the
    commit, at most once per school and due date (`SchoolReminder`), one audit event per
    school by the system. With `dry_run`, only what would be sent. The scheduled command
    `remind_school_projects` runs it daily."""
    today = _today(today)
    from teilhabe.accounts.services import record_notifications

    sent: list[Reminder] = []
    with transaction.atomic():
        due = overdue_schools(today=today)
        reminded = set(
            SchoolReminder.objects.filter(membership_id__in=[m.pk for m in due]).values_list(
                "membership_id", "due_on"
            )
        )
        for membership in due:
            due_date = membership.due  # type: ignore[attr-defined]
            if (membership.pk, due_date) in reminded:
                continue
            people = _recipients(membership.measure.centre_id)
            sent.append(Reminder(membership, due_date, len(people)))
            if dry_run:
                continue
            # The row first: a second run racing this one waits at the unique index and then
            # skips the school instead of sending again.
            try:
                with transaction.atomic():
                    SchoolReminder.objects.create(
                        membership=membership,
                        due_on=due_date,
                        sent_at=timezone.now(),
                        recipients=len(people),
                    )
            except IntegrityError:
                sent.pop()
                continue
            path = _school_path(membership)
            by_language = _texts(membership, due_date)
            record_notifications(people, event=REMINDER_EVENT, path=path, texts=by_language)
            audit.record(
                membership,
                "school.project_reminder_sent",
                actor=None,
                changes={
                    "due_on": {"from": None, "to": str(due_date)},
                    "recipients": {"from": None, "to": len(people)},
                },
                centre_id=membership.measure.centre_id,
            )
            to = sorted({u.email for u in people if u.email})
            if to:
                subject, body = _mail(by_language, path)

                def deliver(subject: str = subject, body: str = body, to: list[str] = to) -> None:
                    messages = [
                        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
                        for address in to
                    ]
                    get_connection().send_messages(messages)

                transaction.on_commit(deliver, robust=True)
            logger.info(
                "school project reminder: membership %s due %s to %s people",
                membership.pk,
                due_date,
                len(people),
            )
    return sent
