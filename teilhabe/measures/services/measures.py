"""Writes to the measures and the catalogue. Each function checks its caller itself (`require`
with a rule of `access`), is atomic, validates, and records one audit event with the changed
fields (links to partners and municipalities as lists of ids)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from teilhabe.centres.models import Centre
from teilhabe.core import audit
from teilhabe.core.actions import locked, reject_unknown, require, transition
from teilhabe.core.files import save_on_commit
from teilhabe.core.uploads import check_pdf
from teilhabe.network.models import Stage, validate_codes

from .. import access
from ..figures import TARGET_FIGURES
from ..models import (
    Measure,
    MeasureDocument,
    MeasureStatus,
    MeasureTarget,
    ProgrammeType,
    RecordKind,
)
from ..validation import checked_municipalities, checked_partners

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from teilhabe.accounts.models import User

MEASURE_FIELDS = (
    "programme_type",
    "title",
    "goals",
    "starts_on",
    "ends_on",
    "location_notes",
    "budget",
    "funding_source",
    "funding_notes",
)
LINK_FIELDS = ("partners", "municipalities")


def _check_programme(programme: ProgrammeType, *, before: ProgrammeType | None) -> None:
    if not programme.is_active and (before is None or before.pk != programme.pk):
        message = _("This programme is no longer offered for new measures.")
        raise ValidationError(
            {"programme_type": ValidationError(message, code="programme_inactive")}
        )


def _validated_links(centre: Centre, data: dict[str, Any]) -> dict[str, list[int]]:
    links: dict[str, list[int]] = {}
    errors: dict[str, Any] = {}
    for name, check in (
        ("partners", checked_partners),
        ("municipalities", checked_municipalities),
    ):
        if name in data:
            try:
                links[name] = check(centre, data[name])
            except ValidationError as e:
                errors.update(e.error_dict if hasattr(e, "error_dict") else {name: e})
    if errors:
        raise ValidationError(errors)
    return links


@transaction.atomic
def add_measure(centre: Centre, *, by: User, data: dict[str, Any]) -> Measure:
    """Add a measure to the KI (status `planned`); `data` holds MEASURE_FIELDS and, as lists of
    organisations or municipalities (or their ids), `partners` and `municipalities`."""
    require(by, access.may_manage_measures, centre.pk)
    reject_unknown(data, (*MEASURE_FIELDS, *LINK_FIELDS))
    fields = {k: v for k, v in data.items() if k in MEASURE_FIELDS}
    measure = Measure(centre=centre, **fields)
    errors: dict[str, Any] = {}
    try:
        measure.full_clean()
    except ValidationError as e:
        errors.update(e.error_dict)
    if "programme_type" not in errors and measure.programme_type_id is not None:
        try:
            _check_programme(measure.programme_type, before=None)
        except ValidationError as e:
            errors.update(e.error_dict)
    try:
        links = _validated_links(centre, data)
    except ValidationError as e:
        errors.update(e.error_dict)
    if errors:
        raise ValidationError(errors)
    measure.save()
    changes = audit.created(measure, fields)
    for name, ids in links.items():
        getattr(measure, name).set(ids)
        if ids:
            changes[name] = {"from": None, "to": ids}
    audit.record(measure, "measure.added", actor=by, changes=changes, centre_id=centre.pk)
    return measure


def _stale(kind: str) -> ValidationError:
    """The refusal of a form whose `lock_version` is no longer the row's: the user's entries
    stay in the form (the view shows it again)."""
    messages = {
        "measure": _(
            "Someone else has saved a change to this measure meanwhile. Your entries are kept "
            "below; open the measure in a new tab, compare, and save again."
        ),
        "programme": _(
            "Someone else has saved a change to this programme meanwhile. Your entries are kept "
            "below; open the catalogue in a new tab, compare, and save again."
        ),
        "target": _(
            "Someone else has saved a change to this target meanwhile. Your entries are kept "
            "below; open the measure in a new tab, compare, and save again."
        ),
    }
    return ValidationError(messages[kind], code="stale")


def _clean_into(obj: Any, errors: dict[str, Any], **kwargs: Any) -> None:
    try:
        obj.full_clean(**kwargs)
    except ValidationError as e:
        errors.update(e.error_dict)


# --- the catalogue -----------------------------------------------------------------------------

PROGRAMME_FIELDS = (
    "code",
    "name",
    "name_en",
    "description",
    "record_kind",
    "field_of_action",
    "stages",
    "is_active",
    "order",
)
# The code names the programme for the demo and the records modules: fixed once added.
PROGRAMME_UPDATE_FIELDS = tuple(f for f in PROGRAMME_FIELDS if f != "code")


def _check_stages(programme: ProgrammeType, errors: dict[str, Any]) -> None:
    try:
        programme.stages = validate_codes(
            programme.stages, Stage, limit=len(Stage), code="invalid_stage"
        )
    except ValidationError as e:
        errors["stages"] = [e]


@transaction.atomic
def add_programme_type(*, by: User, data: dict[str, Any]) -> ProgrammeType:
    """Add a programme to the catalogue (the coordination office)."""
    require(by, access.may_keep_catalogue)
    reject_unknown(data, PROGRAMME_FIELDS)
    programme = ProgrammeType(**data)
    errors: dict[str, Any] = {}
    _check_stages(programme, errors)
    _clean_into(programme, errors, exclude=list(errors))
    if errors:
        raise ValidationError(errors)
    programme.save()
    audit.record(
        programme,
        "programme_type.added",
        actor=by,
        changes=audit.created(programme, [f for f in PROGRAMME_FIELDS if f in data]),
    )
    return programme


@transaction.atomic
def update_programme_type(
    programme: ProgrammeType,
    *,
    by: User,
    data: dict[str, Any],
    expected_version: int | None = None,
) -> ProgrammeType:
    """Change a catalogue entry; `is_active=False` withdraws it from new measures (an entry is
    never deleted). Its records kind is fixed once a measure uses it (`record_kind_in_use`)."""
    require(by, access.may_keep_catalogue)
    reject_unknown(data, PROGRAMME_UPDATE_FIELDS)
    programme = locked(ProgrammeType, programme.pk)
    if expected_version is not None and programme.lock_version != expected_version:
        raise _stale("programme")
    before = audit.snapshot(programme, PROGRAMME_UPDATE_FIELDS)
    for name, value in data.items():
        setattr(programme, name, value)
    errors: dict[str, Any] = {}
    _check_stages(programme, errors)
    if programme.record_kind != before["record_kind"] and programme.measures.exists():
        errors["record_kind"] = [
            ValidationError(
                _("Measures of this programme keep their records already; this cannot change."),
                code="record_kind_in_use",
            )
        ]
    _clean_into(programme, errors, exclude=list(errors))
    if errors:
        raise ValidationError(errors)
    changes = audit.diff(before, audit.snapshot(programme, PROGRAMME_UPDATE_FIELDS))
    if not changes:
        return programme
    programme.lock_version += 1
    programme.save()
    audit.record(programme, "programme_type.updated", actor=by, changes=changes)
    return programme


# --- a measure ----------------------------------------------------------------------------------


@transaction.atomic
def update_measure(
    measure: Measure,
    *,
    by: User,
    data: dict[str, Any],
    expected_version: int | None = None,
) -> Measure:
    """Change a measure's data (MEASURE_FIELDS, `partners`, `municipalities`). With
    `expected_version` (the form's `lock_version`), a change someone else saved meanwhile is
    refused (`stale`) instead of silently overwritten."""
    require(by, access.may_manage_measures, measure.centre_id)
    reject_unknown(data, (*MEASURE_FIELDS, *LINK_FIELDS))
    measure = locked(
        Measure.objects.select_related("centre__grantee", "programme_type"), measure.pk
    )
    if expected_version is not None and measure.lock_version != expected_version:
        raise _stale("measure")
    before_programme = measure.programme_type
    before = audit.snapshot(measure, MEASURE_FIELDS)
    for name in MEASURE_FIELDS:
        if name in data:
            setattr(measure, name, data[name])
    errors: dict[str, Any] = {}
    _clean_into(measure, errors)
    if "programme_type" not in errors:
        programme = measure.programme_type
        try:
            _check_programme(programme, before=before_programme)
        except ValidationError as e:
            errors.update(e.error_dict)
        if programme.record_kind != before_programme.record_kind and _has_records(measure):
            # Its records would lose their page: name what it keeps, so the user knows
            # which programmes remain open to it.
            kept = before_programme.get_record_kind_display()
            errors["programme_type"] = [
                ValidationError(
                    _(
                        "This measure already keeps records (%(kind)s). Choose a programme "
                        "that keeps the same kind of records, or keep its programme."
                    )
                    % {"kind": kept},
                    code="records_kept",
                )
            ]
    links: dict[str, list[int]] = {}
    try:
        links = _validated_links(measure.centre, data)
    except ValidationError as e:
        errors.update(e.error_dict)
    if errors:
        raise ValidationError(errors)
    changes = audit.diff(before, audit.snapshot(measure, MEASURE_FIELDS))
    for name, ids in links.items():
        current = sorted(getattr(measure, name).values_list("pk", flat=True))
        if current != ids:
            getattr(measure, name).set(ids)
            changes[name] = {"from": current, "to": ids}
    if not changes:
        return measure
    measure.lock_version += 1
    measure.save()
    audit.record(measure, "measure.updated", actor=by, changes=changes, centre_id=measure.centre_id)
    return measure


def _has_records(measure: Measure) -> bool:
    return any(
        getattr(measure, related).exists()
        for related in ("groups", "schools", "assignments", "counselling")
    )


# The steps of a measure's life: the status it goes to, from where, and the audit action.
STEPS: dict[str, tuple[str, tuple[str, ...], str]] = {
    "start": (MeasureStatus.RUNNING, (MeasureStatus.PLANNED,), "measure.started"),
    "complete": (MeasureStatus.COMPLETED, (MeasureStatus.RUNNING,), "measure.completed"),
    "cancel": (
        MeasureStatus.CANCELLED,
        (MeasureStatus.PLANNED, MeasureStatus.RUNNING),
        "measure.cancelled",
    ),
    "reopen": (MeasureStatus.RUNNING, (MeasureStatus.COMPLETED,), "measure.reopened"),
}


def steps_from(status: str) -> list[str]:
    """The steps a measure in `status` may take (for the buttons on its page)."""
    return [step for step, (_to, allowed, _action) in STEPS.items() if status in allowed]


@transaction.atomic
def change_measure_status(measure: Measure, *, by: User, step: str) -> Measure:
    """One step of the measure's life (STEPS): planned → running → completed, planned or
    running → cancelled, completed → running again (reopened)."""
    require(by, access.may_manage_measures, measure.centre_id)
    if step not in STEPS:
        raise ValidationError(_("Unknown step."), code="unknown_step")
    to, allowed, action = STEPS[step]
    measure = locked(Measure, measure.pk)
    return transition(measure, to=to, allowed=allowed, by=by, action=action)


# --- targets ------------------------------------------------------------------------------------

TARGET_FIELDS = ("label", "figure", "target", "actual")
# Which figures a target of a measure may be counted as: those of its programme's records.
FIGURES_OF_KIND: dict[str, tuple[str, ...]] = {
    RecordKind.GENERAL: (),
    RecordKind.PARENT_GROUPS: (
        "measures.parent_groups",
        "measures.families",
        "measures.group_sessions",
    ),
    RecordKind.SCHOOL_NETWORK: ("measures.member_schools", "measures.school_projects"),
    RecordKind.INTERPRETING: ("measures.interpreter_assignments", "measures.interpreter_hours"),
    RecordKind.COUNSELLING: ("measures.counselling_contacts", "measures.counselled_schools"),
}


def figures_for(measure: Measure) -> tuple[str, ...]:
    return tuple(
        code
        for code in FIGURES_OF_KIND.get(measure.programme_type.record_kind, ())
        if code in TARGET_FIGURES
    )


def _checked_target(target: MeasureTarget) -> None:
    errors: dict[str, Any] = {}
    if target.figure:
        if target.figure not in figures_for(target.measure):
            errors["figure"] = [
                ValidationError(
                    _("This figure is not counted from this measure's records."),
                    code="figure_not_counted",
                )
            ]
        elif target.actual is not None:
            errors["actual"] = [
                ValidationError(
                    _("The actual value is counted from the records; it cannot be typed."),
                    code="actual_counted",
                )
            ]
    _clean_into(target, errors, exclude=list(errors))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def add_target(measure: Measure, *, by: User, data: dict[str, Any]) -> MeasureTarget:
    """A target of the measure: counted from the records (`figure`) or with a typed actual."""
    require(by, access.may_manage_measures, measure.centre_id)
    reject_unknown(data, TARGET_FIELDS)
    target = MeasureTarget(measure=measure, **data)
    _checked_target(target)
    target.save()
    audit.record(
        target,
        "measure_target.added",
        actor=by,
        changes=audit.created(target, [f for f in TARGET_FIELDS if f in data]),
        centre_id=measure.centre_id,
    )
    return target


@transaction.atomic
def update_target(
    target: MeasureTarget,
    *,
    by: User,
    data: dict[str, Any],
    expected_version: int | None = None,
) -> MeasureTarget:
    """Change a target. With `expected_version` (the form's `lock_version`), a change someone
    else saved meanwhile is refused (`stale`) instead of silently overwritten."""
    require(by, access.may_manage_measures, target.measure.centre_id)
    reject_unknown(data, TARGET_FIELDS)
    target = locked(MeasureTarget.objects.select_related("measure__programme_type"), target.pk)
    if expected_version is not None and target.lock_version != expected_version:
        raise _stale("target")
    before = audit.snapshot(target, TARGET_FIELDS)
    for name, value in data.items():
        setattr(target, name, value)
    _checked_target(target)
    changes = audit.diff(before, audit.snapshot(target, TARGET_FIELDS))
    if not changes:
        return target
    target.lock_version += 1
    target.save()
    audit.record(
        target,
        "measure_target.updated",
        actor=by,
        changes=changes,
        centre_id=target.measure.centre_id,
    )
    return target


@transaction.atomic
def remove_target(target: MeasureTarget, *, by: User, expected_version: int | None = None) -> None:
    """Remove a target. Its event is the measure's (the target row is gone afterwards), so the
    measure's history keeps it. With `expected_version` (the page's `lock_version`), a target
    someone changed meanwhile is not removed unseen (`stale`)."""
    require(by, access.may_manage_measures, target.measure.centre_id)
    target = locked(MeasureTarget.objects.select_related("measure"), target.pk)
    if expected_version is not None and target.lock_version != expected_version:
        raise _stale("target")
    audit.record(
        target.measure,
        "measure_target.removed",
        actor=by,
        changes={"targets": {"from": f"{target.label} ({target.target})", "to": None}},
        centre_id=target.measure.centre_id,
    )
    target.delete()


# --- documents ----------------------------------------------------------------------------------


@transaction.atomic
def add_document(
    measure: Measure, *, by: User, title: str, upload: UploadedFile | None
) -> MeasureDocument:
    """A document of the measure: a PDF checked by its content, stored after the commit."""
    require(by, access.may_manage_measures, measure.centre_id)
    document = MeasureDocument(measure=measure, title=title)
    errors: dict[str, Any] = {}
    pdf = None
    if upload is None:
        errors["document"] = [ValidationError(_("Choose a PDF file."), code="required")]
    else:
        try:
            pdf = check_pdf(upload)
        except ValidationError as e:
            errors["document"] = [e]
    _clean_into(document, errors, exclude=["document", *errors])
    if errors or pdf is None:
        raise ValidationError(errors)
    document.document_name = pdf.name
    document.document_size = pdf.size
    document.document_sha256 = pdf.sha256
    save_on_commit(document.document, pdf.name, pdf.content)
    document.save()
    audit.record(
        document,
        "measure_document.added",
        actor=by,
        changes=audit.created(document, ("title", "document_name", "document_size")),
        centre_id=measure.centre_id,
    )
    return document
