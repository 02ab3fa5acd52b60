"""The evaluation's writes: questionnaires and their questions, sending them for a measurement
point, and a KI's answers (draft, submission). Each checks its caller, runs in one transaction
and writes one audit event; the answers are locked while they change (two editors of one KI)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teilhabe.centres.models import Centre
from teilhabe.core import audit
from teilhabe.core.actions import locked, reject_unknown, require

from . import access, rules
from .models import (
    CHOICE_KINDS,
    MeasurementPoint,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnaireStatus,
    Response,
    ResponseStatus,
)

if TYPE_CHECKING:
    from teilhabe.accounts.models import User

QUESTIONNAIRE_FIELDS = ("title", "purpose", "description")
QUESTION_FIELDS = (
    "order",
    "code",
    "text",
    "hint",
    "kind",
    "required",
    "choices",
    "minimum",
    "maximum",
    "scale_labels",
)
POINT_FIELDS = ("name", "opens_on", "closes_on")
MAX_OPTIONS = 20
MAX_QUESTIONS = 100


def _stale() -> ValidationError:
    return ValidationError(
        _(
            "Someone else saved this meanwhile. Reload the page to see their version; what you "
            "typed is still in the form below."
        ),
        code="stale",
    )


def _require_draft(questionnaire: Questionnaire) -> None:
    if not questionnaire.is_draft:
        raise ValidationError(
            _("The questionnaire was sent and is frozen; make a new version to change it."),
            code="frozen",
        )


def _check_version(obj: Any, expected: int | None) -> None:
    if expected is not None and obj.lock_version != expected:
        raise _stale()


# --- questionnaires ----------------------------------------------------------------------


@transaction.atomic
def create_questionnaire(*, by: User, data: Mapping[str, Any]) -> Questionnaire:
    """A new questionnaire (version 1, a draft) with title, purpose and introduction."""
    require(by, access.may_evaluate)
    reject_unknown(data, QUESTIONNAIRE_FIELDS)
    questionnaire = Questionnaire(created_by=by, **data)
    questionnaire.full_clean()
    questionnaire.save()
    audit.record(
        questionnaire,
        "questionnaire.created",
        actor=by,
        changes=audit.created(questionnaire, QUESTIONNAIRE_FIELDS),
    )
    return questionnaire


@transaction.atomic
def update_questionnaire(
    questionnaire: Questionnaire,
    *,
    by: User,
    data: Mapping[str, Any],
    expected_version: int | None = None,
) -> Questionnaire:
    """Title, purpose and introduction of a draft."""
    require(by, access.may_evaluate)
    reject_unknown(data, QUESTIONNAIRE_FIELDS)
    questionnaire = locked(Questionnaire, questionnaire.pk)
    _require_draft(questionnaire)
    _check_version(questionnaire, expected_version)
    before = audit.snapshot(questionnaire, data)
    for name, value in data.items():
        setattr(questionnaire, name, value)
    questionnaire.full_clean()
    questionnaire.lock_version += 1
    questionnaire.save(update_fields=[*data, "lock_version", "updated_at"])
    audit.record(
        questionnaire,
        "questionnaire.updated",
        actor=by,
        changes=audit.diff(before, audit.snapshot(questionnaire, data)),
    )
    return questionnaire


def _check_question(question: Question) -> None:
    """The settings a question of its kind needs (`options_needed`, `too_many_options`,
    `duplicate_option`, `range_reversed`, `scale_labels`)."""
    kind = question.kind
    if kind in CHOICE_KINDS:
        options = [str(o).strip() for o in question.choices if str(o).strip()]
        if len(options) < 2:
            raise ValidationError(
                {"choices": ValidationError(_("Give at least two options."), code="options_needed")}
            )
        if len(options) > MAX_OPTIONS:
            raise ValidationError(
                {
                    "choices": ValidationError(
                        _("At most %(n)d options, please.") % {"n": MAX_OPTIONS},
                        code="too_many_options",
                    )
                }
            )
        if len({o.casefold() for o in options}) != len(options):
            raise ValidationError(
                {"choices": ValidationError(_("Each option only once."), code="duplicate_option")}
            )
        question.choices = options
    else:
        question.choices = []
    if kind == QuestionKind.NUMBER:
        low, high = question.minimum, question.maximum
        if low is not None and high is not None and high < low:
            raise ValidationError(
                {
                    "maximum": ValidationError(
                        _("The largest value must not be below the smallest."),
                        code="range_reversed",
                    )
                }
            )
    else:
        question.minimum = question.maximum = None
    if kind == QuestionKind.SCALE:
        labels = [str(label).strip() for label in question.scale_labels][:5]
        if len(labels) != 5 or any(len(label) > 60 for label in labels):
            raise ValidationError(
                {
                    "scale_labels": ValidationError(
                        _("Give a label of at most 60 characters for each of 1 to 5."),
                        code="scale_labels",
                    )
                }
            )
        if not labels[0] or not labels[4]:
            raise ValidationError(
                {
                    "scale_labels": ValidationError(
                        _("Name at least the two ends of the scale (1 and 5)."),
                        code="scale_labels",
                    )
                }
            )
        question.scale_labels = labels
    else:
        question.scale_labels = []


@transaction.atomic
def add_question(
    questionnaire: Questionnaire,
    *,
    by: User,
    data: Mapping[str, Any],
    expected_version: int | None = None,
) -> Question:
    """A question of one kind (choice, number, text, scale) added to a draft."""
    require(by, access.may_evaluate)
    reject_unknown(data, QUESTION_FIELDS)
    questionnaire = locked(Questionnaire, questionnaire.pk)
    _require_draft(questionnaire)
    _check_version(questionnaire, expected_version)
    if questionnaire.questions.count() >= MAX_QUESTIONS:
        raise ValidationError(
            _("A questionnaire has at most %(n)d questions.") % {"n": MAX_QUESTIONS},
            code="too_many_questions",
        )
    question = Question(questionnaire=questionnaire, **data)
    _check_question(question)
    question.full_clean()
    question.save()
    questionnaire.lock_version += 1
    questionnaire.save(update_fields=["lock_version", "updated_at"])
    audit.record(
        questionnaire,
        "question.added",
        actor=by,
        changes={"question": {"from": None, "to": question.code}},
    )
    return question


@transaction.atomic
def remove_question(question: Question, *, by: User) -> None:
    """A question taken out of a draft (a sent questionnaire keeps every question)."""
    require(by, access.may_evaluate)
    questionnaire = locked(Questionnaire, question.questionnaire_id)
    _require_draft(questionnaire)
    code = question.code
    Question.objects.filter(pk=question.pk).delete()
    questionnaire.lock_version += 1
    questionnaire.save(update_fields=["lock_version", "updated_at"])
    audit.record(
        questionnaire,
        "question.removed",
        actor=by,
        changes={"question": {"from": code, "to": None}},
    )


@transaction.atomic
def new_version(questionnaire: Questionnaire, *, by: User) -> Questionnaire:
    """A draft copy of a sent questionnaire, one version up, with the same questions (codes
    kept, so the answers of both versions can be compared question by question)."""
    require(by, access.may_evaluate)
    questionnaire = locked(Questionnaire, questionnaire.pk)
    if questionnaire.is_draft:
        raise ValidationError(
            _("This version is still a draft: change it directly."), code="still_draft"
        )
    latest = Questionnaire.objects.filter(title=questionnaire.title).order_by("-version").first()
    assert latest is not None
    copy = Questionnaire.objects.create(
        title=questionnaire.title,
        purpose=questionnaire.purpose,
        description=questionnaire.description,
        version=latest.version + 1,
        previous=questionnaire,
        created_by=by,
    )
    Question.objects.bulk_create(
        Question(
            questionnaire=copy,
            **{name: getattr(q, name) for name in QUESTION_FIELDS},
        )
        for q in questionnaire.questions.all()
    )
    audit.record(
        copy,
        "questionnaire.versioned",
        actor=by,
        changes={"version": {"from": questionnaire.version, "to": copy.version}},
    )
    return copy


@transaction.atomic
def send_questionnaire(
    questionnaire: Questionnaire,
    *,
    by: User,
    data: Mapping[str, Any],
    today: date | None = None,
) -> MeasurementPoint:
    """Send the questionnaire to every KI for a measurement point (name, opens, closes): it
    is frozen from now on. A frozen one may be sent again for a later point (the second
    measurement reuses the questionnaire)."""
    require(by, access.may_evaluate)
    reject_unknown(data, POINT_FIELDS)
    questionnaire = locked(Questionnaire, questionnaire.pk)
    today = today or timezone.localdate()
    if not questionnaire.questions.exists():
        raise ValidationError(
            _("Add at least one question before sending the questionnaire."),
            code="no_questions",
        )
    point = MeasurementPoint(questionnaire=questionnaire, sent_by=by, **data)
    if point.closes_on and point.opens_on and point.closes_on < point.opens_on:
        raise ValidationError(
            {
                "closes_on": ValidationError(
                    _("The survey must not close before it opens."), code="closes_before_opens"
                )
            }
        )
    if point.closes_on and point.closes_on < today:
        raise ValidationError(
            {
                "closes_on": ValidationError(
                    _("The closing day has passed: the KIs could not answer."),
                    code="closes_in_past",
                )
            }
        )
    point.full_clean()
    point.save()
    changes = {"point": {"from": None, "to": point.name}}
    if questionnaire.is_draft:
        questionnaire.status = QuestionnaireStatus.FROZEN
        questionnaire.frozen_at = timezone.now()
        questionnaire.lock_version += 1
        questionnaire.save(update_fields=["status", "frozen_at", "lock_version", "updated_at"])
        changes["status"] = {"from": QuestionnaireStatus.DRAFT, "to": QuestionnaireStatus.FROZEN}
    audit.record(point, "survey.sent", actor=by, changes=changes)
    return point


# --- a KI's answers ----------------------------------------------------------------------


def _answerable(point: MeasurementPoint, response: Response | None, today: date) -> None:
    if response is not None and response.is_submitted:
        raise ValidationError(
            _("Your KI has submitted its answers; they can no longer be changed."),
            code="already_submitted",
        )
    if not point.is_open(today):
        raise ValidationError(
            _("This survey is not open: it runs from %(opens)s to %(closes)s.")
            % {
                "opens": point.opens_on.strftime("%d.%m.%Y"),
                "closes": point.closes_on.strftime("%d.%m.%Y"),
            },
            code="survey_closed",
        )


@transaction.atomic
def save_answers(
    point: MeasurementPoint,
    *,
    by: User,
    centre: Centre,
    raw: Mapping[str, Any],
    expected_version: int | None = None,
    today: date | None = None,
) -> Response:
    """The KI's answers kept as a draft (staff and head): every answer is checked by its
    question's kind, an empty one is fine until submission."""
    require(by, access.may_answer, centre.pk)
    return _store(
        point,
        by=by,
        centre=centre,
        raw=raw,
        expected_version=expected_version,
        today=today or timezone.localdate(),
        submit=False,
    )


@transaction.atomic
def submit_answers(
    point: MeasurementPoint,
    *,
    by: User,
    centre: Centre,
    raw: Mapping[str, Any],
    expected_version: int | None = None,
    today: date | None = None,
) -> Response:
    """The KI's answers submitted by its head: every needed answer given (`answers_missing`);
    submitted answers are final."""
    require(
        by,
        access.may_submit,
        centre.pk,
        message=_("Only the head of the KI submits its answers."),
        code="lead_only",
    )
    return _store(
        point,
        by=by,
        centre=centre,
        raw=raw,
        expected_version=expected_version,
        today=today or timezone.localdate(),
        submit=True,
    )


def _store(
    point: MeasurementPoint,
    *,
    by: User,
    centre: Centre,
    raw: Mapping[str, Any],
    expected_version: int | None,
    today: date,
    submit: bool,
) -> Response:
    # The first save makes the row; a refusal below rolls it back with the transaction.
    row, _created = Response.objects.get_or_create(point=point, centre=centre)
    response = locked(Response, row.pk)
    _answerable(point, response, today)
    _check_version(response, expected_version)
    questions = list(point.questionnaire.questions.all())
    answers, errors = rules.clean_answers(questions, raw)
    if errors:
        raise ValidationError(errors)
    if submit:
        absent = rules.missing(questions, answers)
        if absent:
            raise ValidationError(
                {
                    code: ValidationError(
                        _("Answer this question before submitting."), code="answers_missing"
                    )
                    for code in absent
                }
            )
    before = dict(response.answers)
    response.answers = answers
    response.updated_by = by
    response.lock_version += 1
    fields = ["answers", "updated_by", "lock_version", "updated_at"]
    if submit:
        response.status = ResponseStatus.SUBMITTED
        response.submitted_at = timezone.now()
        response.submitted_by = by
        fields += ["status", "submitted_at", "submitted_by"]
    response.save(update_fields=fields)
    changed = sorted(
        code for code in set(before) | set(answers) if before.get(code) != answers.get(code)
    )
    changes: dict[str, Any] = {"answers": {"from": None, "to": changed}}
    if submit:
        changes["status"] = {"from": ResponseStatus.DRAFT, "to": ResponseStatus.SUBMITTED}
    audit.record(
        response,
        "survey.submitted" if submit else "survey.saved",
        actor=by,
        changes=changes,
        centre_id=centre.pk,
    )
    return response
