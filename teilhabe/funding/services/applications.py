"""The KI's side of an application: create, save drafts, ask the lead to sign, submit, answer,
withdraw, attach.

Each function is atomic, checks who may do it (the views check first and answer 404; these
checks are the last line), validates with stable `ValidationError` codes, records one audit
event on the application and mails only after the commit (`notifications.notify`).

Concurrent edits: `save_draft` writes with `UPDATE … WHERE pk = … AND lock_version = expected`
and refuses with `stale_edit` when someone saved in between (see docs/funding-applications.md).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.centres.models import Centre, PositionCategory, StaffFunction, StaffMember
from teilhabe.concepts.models import IntegrationConcept
from teilhabe.core import audit
from teilhabe.core.actions import (
    locked,
    reject_unknown,
    require,
    require_status,
    transition,
)
from teilhabe.core.dates import german_datetime
from teilhabe.core.files import save_on_commit
from teilhabe.core.models import AuditEvent
from teilhabe.core.uploads import check_pdf
from teilhabe.funding import access, computation, eligibility, notifications, windows
from teilhabe.funding.models import (
    EDITABLE_STATUSES,
    Application,
    ApplicationAttachment,
    ApplicationPosition,
    ApplicationStatus,
    ApplicationWindow,
    InformationRequest,
)

if TYPE_CHECKING:
    from teilhabe.accounts.models import User

DRAFT_FIELDS = (
    "concept",
    "council_resolution_date",
    "teachers_requested",
    "interpreter_pool_cost",
    "own_rooms",
    "own_administration",
    "own_materials",
    "own_project_funds",
    "own_contribution_notes",
    "work_plan_education",
    "work_plan_cross_cutting",
)
POSITION_FIELDS = ("title", "category", "fte", "start_date", "end_date", "annual_cost")
WITHDRAWABLE_STATUSES = frozenset(
    {ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED, ApplicationStatus.IN_REVIEW}
)
FIRST_YEAR, LAST_YEAR = 2012, 2100
# Staff categories the calculator knows; seconded teachers are counted, not costed.
FUNDED_CATEGORIES = (
    PositionCategory.PEDAGOGICAL,
    PositionCategory.ADMINISTRATIVE,
    PositionCategory.ASSISTANT,
)
FUNCTION_RANK: dict[str, int] = {StaffFunction.HEAD: 0, StaffFunction.DEPUTY_HEAD: 1}


def _require_member(by: User, application: Application) -> None:
    require(
        by,
        access.may_prepare_application,
        application.centre_id,
        message=_("Only the staff of this KI may change its application."),
    )


def _require_lead(by: User, application: Application) -> None:
    require(
        by,
        access.may_sign_application,
        application.centre_id,
        message=_("Only the head of the KI may sign, submit or withdraw the application."),
        code="lead_only",
    )


def _raise_all(errors: list[ValidationError]) -> None:
    """One error is raised as itself (so `.code` works), several as a list."""
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise ValidationError(errors)


# --- create -----------------------------------------------------------------------------


def _check_years(first_year: int, last_year: int) -> None:
    if not (FIRST_YEAR <= first_year <= LAST_YEAR and FIRST_YEAR <= last_year <= LAST_YEAR):
        raise ValidationError(
            _("Funding years must lie between %(first)s and %(last)s."),
            code="year_out_of_range",
            params={"first": FIRST_YEAR, "last": LAST_YEAR},
        )
    if last_year < first_year:
        raise ValidationError(
            _("The last funding year must not be before the first."), code="years_reversed"
        )
    limit = settings.FUNDING_MAX_YEARS
    if last_year - first_year + 1 > limit:
        raise ValidationError(
            _("An application covers at most %(limit)s funding years."),
            code="too_many_years",
            params={"limit": limit},
        )


def _positions_from_staff(
    centre: Centre, first_year: int, last_year: int
) -> tuple[list[ApplicationPosition], int]:
    """The staff working in the funding period as positions (cost left for the KI), teachers."""
    start, end = date(first_year, 1, 1), date(last_year, 12, 31)
    staff = StaffMember.objects.filter(centre=centre, start_date__lte=end).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=start)
    )
    members = sorted(
        staff,
        key=lambda m: (FUNCTION_RANK.get(m.function, 2), m.category, m.last_name, m.first_name),
    )
    teachers = sum(1 for m in members if m.category == PositionCategory.TEACHER)
    positions = [
        ApplicationPosition(
            order=order,
            title=f"{m.first_name} {m.last_name} ({m.get_function_display()})"[:200],
            category=m.category,
            fte=min(m.fte, Decimal("1.00")),
            start_date=m.start_date if m.start_date > start else None,
            end_date=m.end_date if m.end_date is not None and m.end_date < end else None,
            annual_cost=Decimal("0.00"),
        )
        for order, m in enumerate((m for m in members if m.category in FUNDED_CATEGORIES), start=1)
    ]
    return positions, teachers


# What a new year's draft takes over from the KI's application for the year before (not the
# concept, which is the current one, nor the council resolution, signature, dates or status).
COPIED_FIELDS = tuple(f for f in DRAFT_FIELDS if f not in {"concept", "council_resolution_date"})


def _previous_application(centre: Centre, first_year: int) -> Application | None:
    """The KI's newest application covering the year before `first_year` (not withdrawn)."""
    return (
        Application.objects.filter(centre=centre)
        .covering(first_year - 1)
        .exclude(status=ApplicationStatus.WITHDRAWN)
        .order_by("-created_at", "-pk")
        .first()
    )


def _positions_from(
    previous: Application, first_year: int, last_year: int
) -> list[ApplicationPosition]:
    """The previous staffing plan with its costs, in its order; a position that ended before
    the new period is left out, dates outside the new period are cleared."""
    start, end = date(first_year, 1, 1), date(last_year, 12, 31)
    rows = [
        p for p in previous.positions.order_by("order") if p.end_date is None or p.end_date >= start
    ]
    return [
        ApplicationPosition(
            order=order,
            title=p.title,
            category=p.category,
            fte=p.fte,
            start_date=p.start_date if p.start_date and p.start_date > start else None,
            end_date=p.end_date if p.end_date and p.end_date < end else None,
            annual_cost=p.annual_cost,
        )
        for order, p in enumerate(rows, start=1)
    ]


@transaction.atomic
def create_application(centre: Centre, *, by: User, first_year: int, last_year: int) -> Application:
    """A draft for the years first_year..last_year, prefilled from the KI's concept and, where
    the KI has an application for the year before, its figures (`COPIED_FIELDS` and the staffing
    plan with costs), else the staff list.

    One open application per KI and funding year: the KI's row is locked first, so two people
    creating at the same moment are serialised and the second one finds the first's draft.
    """
    require(
        by,
        access.may_prepare_application,
        centre.pk,
        message=_("Only the staff of this KI may prepare its application."),
    )
    _check_years(first_year, last_year)
    windows.check_open(first_year, timezone.localdate())
    centre = locked(Centre, centre.pk)
    existing = (
        Application.objects.open()
        .filter(centre=centre, first_year__lte=last_year, last_year__gte=first_year)
        .order_by("first_year")
        .first()
    )
    if existing is not None:
        raise ValidationError(
            _(
                "There is already an open application of this KI for %(years)s "
                "(no. %(pk)s, %(status)s). Continue that one or withdraw it first."
            ),
            code="application_exists",
            params={
                "years": existing.years_label,
                "pk": existing.pk,
                "status": existing.get_status_display(),
            },
        )
    previous = _previous_application(centre, first_year)
    application = Application(
        centre=centre,
        first_year=first_year,
        last_year=last_year,
        concept=IntegrationConcept.objects.current_for(centre),
        created_by=by if by.is_authenticated else None,
    )
    if previous is None:
        positions, application.teachers_requested = _positions_from_staff(
            centre, first_year, last_year
        )
    else:
        positions = _positions_from(previous, first_year, last_year)
        application.copied_from = previous
        for name in COPIED_FIELDS:
            setattr(application, name, getattr(previous, name))
    application.full_clean()
    application.save()
    for position in positions:
        position.application = application
    ApplicationPosition.objects.bulk_create(positions)
    changes = audit.created(
        application,
        ["first_year", "last_year", "concept", "copied_from"]
        + (list(COPIED_FIELDS) if previous else ["teachers_requested"]),
    )
    changes["positions"] = {"from": None, "to": len(positions)}
    audit.record(application, "application.created", actor=by, changes=changes, centre_id=centre.pk)
    return application


@transaction.atomic
def set_application_window(
    year: int, *, by: User, opens_on: date, closes_on: date
) -> ApplicationWindow:
    """The ministry sets (or moves) the period in which applications for `year` are made."""
    require(
        by,
        access.may_manage_guidelines,
        message=_("Only the ministry sets the application periods."),
    )
    if closes_on > date(year, 12, 31):
        raise ValidationError(
            {
                "closes_on": ValidationError(
                    _("Applications for %(year)s must close by 31.12.%(year)s at the latest."),
                    code="window_after_year",
                    params={"year": year},
                )
            }
        )
    row = ApplicationWindow.objects.select_for_update().filter(year=year).first()
    is_new = row is None
    if row is None:
        row = ApplicationWindow(year=year, opens_on=opens_on, closes_on=closes_on)
        before: dict[str, Any] = {}
    else:
        before = audit.snapshot(row, ["opens_on", "closes_on"])
        row.opens_on, row.closes_on = opens_on, closes_on
    row.full_clean()
    if not is_new and not audit.diff(before, audit.snapshot(row, ["opens_on", "closes_on"])):
        return row
    row.save()
    changes = (
        audit.created(row, ["year", "opens_on", "closes_on"])
        if is_new
        else audit.diff(before, audit.snapshot(row, ["opens_on", "closes_on"]))
    )
    audit.record(row, "application_window.set", actor=by, changes=changes)
    return row


# --- drafts -----------------------------------------------------------------------------


def last_change(application: Application) -> AuditEvent | None:
    """The newest audit event on `application`: who changed it last, and when."""
    return (
        AuditEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(Application),
            object_id=str(application.pk),
        )
        .select_related("actor")
        .order_by("-created_at", "-pk")
        .first()
    )


def _stale(application: Application) -> ValidationError:
    event = last_change(application)
    if event is None:
        return ValidationError(
            _(
                "Someone else has saved this application since you opened it. Your entries are "
                "kept below; check them against the current version and save again."
            ),
            code="stale_edit",
        )
    who = (event.actor.get_full_name() or event.actor.get_username()) if event.actor else None
    return ValidationError(
        _(
            "%(who)s changed this application on %(when)s, after you opened it. Your entries "
            "are kept below; check them against the current version and save again to replace "
            "those changes with yours."
        ),
        code="stale_edit",
        params={
            "who": who or event.actor_label,
            "when": german_datetime(event.created_at),
        },
    )


def _not_editable(application: Application) -> ValidationError:
    return ValidationError(
        _("The application cannot be changed while it is %(status)s."),
        code="not_editable",
        params={"status": application.get_status_display()},
    )


def _build_positions(
    application: Application, positions: list[dict[str, Any]]
) -> list[ApplicationPosition]:
    rows = []
    errors: list[ValidationError] = []
    for order, values in enumerate(positions, start=1):
        reject_unknown(values, POSITION_FIELDS)
        row = ApplicationPosition(application=application, order=order, **values)
        try:
            row.full_clean(exclude=["application"], validate_constraints=False)
        except ValidationError as e:
            errors.extend(
                ValidationError(
                    _("Position %(n)s: %(message)s") % {"n": order, "message": " ".join(m)},
                    code="invalid_position",
                )
                for m in e.message_dict.values()
            )
        if row.start_date and row.end_date and row.end_date < row.start_date:
            errors.append(
                ValidationError(
                    _("Position %(n)s: the end date must not be before the start date.")
                    % {"n": order},
                    code="period_reversed",
                )
            )
        rows.append(row)
    _raise_all(errors)
    return rows


def _position_snapshot(rows: Any) -> list[dict[str, Any]]:
    return [audit.snapshot(row, POSITION_FIELDS) for row in rows]


@transaction.atomic
def save_draft(
    application: Application,
    *,
    by: User,
    data: dict[str, Any],
    positions: list[dict[str, Any]],
    expected_version: int,
) -> Application:
    """Save what the KI has entered so far; completeness is checked only on submission.

    `positions` replaces the staffing plan, in the order given (it decides which position is
    cut at a group maximum). `expected_version` is the `lock_version` the user's form was
    built from; if someone saved in between, nothing is written and `stale_edit` names them.
    """
    _require_member(by, application)
    reject_unknown(data, DRAFT_FIELDS)
    current = Application.objects.get(pk=application.pk)
    if current.status not in EDITABLE_STATUSES:
        raise _not_editable(current)
    concept = data.get("concept")
    if concept is not None and concept.centre_id != current.centre_id:
        raise ValidationError(
            _("Choose an integration concept of this KI."), code="concept_foreign"
        )

    before = audit.snapshot(current, data)
    before_positions = _position_snapshot(current.positions.order_by("order"))
    for name, value in data.items():
        setattr(current, name, value)
    current.full_clean(exclude=["centre", "created_by", "signed_by", "reviewer"])
    rows = _build_positions(current, positions)
    changes = audit.diff(before, audit.snapshot(current, data))
    after_positions = _position_snapshot(rows)
    if after_positions != before_positions:
        changes["positions"] = {"from": before_positions, "to": after_positions}

    if not changes:
        if current.lock_version != expected_version:
            raise _stale(current)
        return current

    fields = {name: getattr(current, name) for name in changes if name != "positions"}
    updated = Application.objects.filter(
        pk=current.pk, lock_version=expected_version, status__in=EDITABLE_STATUSES
    ).update(**fields, lock_version=F("lock_version") + 1, updated_at=timezone.now())
    if updated == 0:
        current.refresh_from_db()
        raise _stale(current) if current.status in EDITABLE_STATUSES else _not_editable(current)
    if "positions" in changes:
        current.positions.all().delete()
        ApplicationPosition.objects.bulk_create(rows)
    current.refresh_from_db()
    audit.record(
        current, "application.draft_saved", actor=by, changes=changes, centre_id=current.centre_id
    )
    return current


# --- submit -----------------------------------------------------------------------------


def missing_items(
    application: Application, results: list[computation.YearResult] | None = None
) -> list[tuple[str, str]]:
    """The mandatory items not yet given, as (code, message), in the order of the form
    (`eligibility.ITEMS`; pass `computation.compute`'s results to save a query)."""
    return eligibility.missing_items(computation.eligibility_facts(application, results))


def submission_problems(application: Application, *, signed: bool = True) -> list[ValidationError]:
    """Everything that stands in the way of submitting, each once with its code (for page and
    API): the missing items, the rules failed (a rule still waiting for a missing item is not
    reported again), the years without a guideline, an open request, the signature."""
    results = computation.compute(application)
    facts = computation.eligibility_facts(application, results)
    problems = [
        ValidationError(message, code=code) for code, message in eligibility.missing_items(facts)
    ]
    for check in eligibility.evaluate(facts):
        if check.outcome == eligibility.Outcome.FAILED:
            problems.append(
                ValidationError(
                    f"{check.label}: {check.reason} ({check.citation})",
                    code=check.code,
                )
            )
    for result in results:
        if result.guideline is None:
            problems.append(
                ValidationError(
                    _("No version of the guideline is in force for %(year)s."),
                    code="no_guideline_in_force",
                    params={"year": result.year},
                )
            )
    if application.status == ApplicationStatus.INFO_REQUESTED and any(
        r.is_open for r in application.information_requests.all()
    ):
        problems.append(
            ValidationError(
                _("Answer the grant authority's request for information first."),
                code="information_unanswered",
            )
        )
    if not signed:
        problems.append(
            ValidationError(
                _("Confirm that you sign the application as head of the KI."),
                code="sign_required",
            )
        )
    return problems


# A second request to sign within this time says when the first went out instead of mailing.
SIGNATURE_REQUEST_INTERVAL = timedelta(hours=24)


def _name(user: User) -> str:
    return user.get_full_name() or user.get_username()


@transaction.atomic
def request_signature(application: Application, *, by: User) -> list[User]:
    """A KI staff member asks the KI's lead to sign and submit an application that is ready
    (nothing missing, every check met: `submission_problems`). Every lead of the KI is notified
    in the inbox and by mail, with a link to the submission page; the lead's start page lists it
    among her tasks. At most once per SIGNATURE_REQUEST_INTERVAL and application: a second
    request is refused with the time of the first. Returns the leads notified."""
    require(
        by,
        access.may_ask_for_signature,
        application.centre_id,
        message=_("Only the staff of this KI ask its head to sign; the head signs herself."),
    )
    application = locked(Application, application.pk)
    require_status(
        application,
        EDITABLE_STATUSES,
        wrong=lambda: ValidationError(
            _("The application cannot be submitted while it is %(status)s."),
            code="not_submittable",
            params={"status": application.get_status_display()},
        ),
    )
    problems = submission_problems(application)
    if problems:
        raise ValidationError(
            _("The application is not ready to be signed: %(problems)s"),
            code="not_ready",
            params={"problems": " ".join(m for p in problems for m in p.messages)},
        )
    now = timezone.now()
    last, asker = application.signature_requested_at, application.signature_requested_by
    if (
        last is not None
        and asker is not None
        and application.signature_pending
        and now - last < SIGNATURE_REQUEST_INTERVAL
    ):
        raise ValidationError(
            _(
                "%(who)s asked the head of the KI to sign on %(when)s already. You can ask again "
                "from %(again)s."
            ),
            code="signature_requested_recently",
            params={
                "who": _name(asker),
                "when": german_datetime(last),
                "again": german_datetime(last + SIGNATURE_REQUEST_INTERVAL),
            },
        )
    if not notifications.recipients(notifications.KI_LEAD, application):
        raise ValidationError(
            _(
                "Your KI has no head with an account in Teilhabe. Ask the coordination office to "
                "set one up."
            ),
            code="no_lead",
        )
    fields = ("signature_requested_at", "signature_requested_by")
    before = audit.snapshot(application, fields)
    application.signature_requested_at = now
    application.signature_requested_by = by
    # No change of the content: lock_version and updated_at stay, no open edit form turns stale.
    application.save(update_fields=fields)
    audit.record(
        application,
        "application.signature_requested",
        actor=by,
        changes=audit.diff(before, audit.snapshot(application, fields)),
        centre_id=application.centre_id,
    )
    return notifications.notify(
        "signature_requested",
        application,
        actor=by,
        path=reverse("funding:application_submit", args=[application.pk]),
    )


@transaction.atomic
def submit(application: Application, *, by: User, signed: bool) -> Application:
    """The KI lead signs and submits (or resubmits after answering an information request)."""
    _require_lead(by, application)
    application = locked(Application, application.pk)

    def not_submittable() -> ValidationError:
        return ValidationError(
            _("The application cannot be submitted while it is %(status)s."),
            code="not_submittable",
            params={"status": application.get_status_display()},
        )

    require_status(application, EDITABLE_STATUSES, wrong=not_submittable)
    _raise_all(submission_problems(application, signed=signed))
    resubmission = application.status == ApplicationStatus.INFO_REQUESTED
    transition(
        application,
        to=ApplicationStatus.SUBMITTED,
        allowed=EDITABLE_STATUSES,
        fields={"submitted_at": timezone.now(), "signed_by": by},
        by=by,
        action="application.resubmitted" if resubmission else "application.submitted",
    )
    notifications.notify(
        "application_resubmitted" if resubmission else "application_submitted",
        application,
        actor=by,
    )
    return application


@transaction.atomic
def answer_information_request(
    request: InformationRequest, *, by: User, answer: str
) -> InformationRequest:
    """The KI answers the grant authority's request; the lead then resubmits (`submit`)."""
    request = locked(InformationRequest.objects.select_related("application"), request.pk)
    application = request.application
    _require_member(by, application)
    if not request.is_open or application.status != ApplicationStatus.INFO_REQUESTED:
        raise ValidationError(
            _("This request for information is already answered or closed."),
            code="request_closed",
        )
    answer = answer.strip()
    if not answer:
        raise ValidationError(_("Enter your answer."), code="answer_required")
    request.answer = answer
    request.answered_by = by
    request.answered_at = timezone.now()
    request.save(update_fields=["answer", "answered_by", "answered_at"])
    audit.record(
        application,
        "application.information_answered",
        actor=by,
        changes={
            "information_request": {"from": None, "to": request.pk},
            "answer": {"from": "", "to": answer},
        },
        centre_id=application.centre_id,
    )
    return request


@transaction.atomic
def withdraw(application: Application, *, by: User) -> Application:
    """The KI lead withdraws the application, before the grant authority proposes a decision."""
    _require_lead(by, application)
    application = locked(Application, application.pk)
    was = application.status
    transition(
        application,
        to=ApplicationStatus.WITHDRAWN,
        allowed=WITHDRAWABLE_STATUSES,
        by=by,
        action="application.withdrawn",
        wrong=lambda: ValidationError(
            _("The application cannot be withdrawn while it is %(status)s."),
            code="not_withdrawable",
            params={"status": application.get_status_display()},
        ),
    )
    if was != ApplicationStatus.DRAFT:  # the grant authority never saw a draft
        notifications.notify("application_withdrawn", application, actor=by)
    return application


@transaction.atomic
def add_attachment(
    application: Application, *, by: User, upload: UploadedFile, description: str
) -> ApplicationAttachment:
    """Attach a PDF (checked by its content) while the KI may change the application."""
    _require_member(by, application)
    application = locked(Application, application.pk)
    require_status(application, EDITABLE_STATUSES, wrong=lambda: _not_editable(application))
    description = description.strip()
    if not description:
        raise ValidationError(_("Describe what the document is."), code="description_required")
    checked = check_pdf(upload)
    attachment = ApplicationAttachment(
        application=application,
        description=description[:200],
        name=checked.name,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=by if by.is_authenticated else None,
    )
    save_on_commit(attachment.document, checked.name, checked.content)
    attachment.save()
    audit.record(
        application,
        "application.attachment_added",
        actor=by,
        changes={"attachment": {"from": None, "to": f"{attachment.description} ({checked.name})"}},
        centre_id=application.centre_id,
    )
    return attachment
