"""The evaluation's pages. Thin: reads are `access`'s, `surveys`'s and `topics`'s, writes the
services'. Forbidden answers like missing (404)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from teilhabe.accounts.auth import AuthenticatedHttpRequest
from teilhabe.centres.models import Centre
from teilhabe.core import audit, roles
from teilhabe.core.exports import FORMATS, MAX_ROWS
from teilhabe.core.forms import run_service

from . import access, files, services, surveys, topics
from .forms import AnswerForm, PointForm, QuestionForm, QuestionnaireForm
from .models import MeasurementPoint, Question, Questionnaire, Response


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The evaluator's and the coordination office's overview: the measurement points with
    their response rates (and, for the evaluator, the questionnaires and exports)."""
    if not access.may_see_rates(request.user):
        raise Http404
    points = list(MeasurementPoint.objects.select_related("questionnaire"))
    rated = [(point, surveys.rates(point)[0]) for point in points]
    return render(
        request,
        "evaluation/index.html",
        {
            "rated": rated,
            "may_evaluate": access.may_evaluate(request.user),
            "questionnaires": Questionnaire.objects.all()
            if access.may_evaluate(request.user)
            else [],
        },
    )


# --- exports -----------------------------------------------------------------------------


@login_required
@require_GET
def exports(request: HttpRequest) -> HttpResponse:
    if not access.may_evaluate(request.user):
        raise Http404
    return render(request, "evaluation/exports.html", {"topics": topics.TOPICS.values()})


def _topic(request: HttpRequest, slug: str) -> topics.Topic:
    topic = topics.topic_for(slug)
    if topic is None or not access.may_evaluate(request.user):
        raise Http404
    return topic


@login_required
@require_GET
def dictionary(request: HttpRequest, topic: str) -> HttpResponse:
    found = _topic(request, topic)
    return render(request, "evaluation/dictionary.html", {"topic": found, "fields": found.fields()})


@login_required
@require_GET
def dictionary_export(request: HttpRequest, topic: str) -> HttpResponse:
    found = _topic(request, topic)
    return files.dictionary_response(found.fields(), stem=found.stem)


def _audited_export(
    request: HttpRequest, subject: Model | type[Model], what: str, fmt: str, count: int
) -> None:
    """One audit event per export: what, in which format, how many rows."""
    audit.record(
        subject,
        "evaluation.exported",
        actor=request.user,
        centre_id=roles.centre_id_of(request.user),
        label=f"{what} ({fmt.upper()}, {count})",
        changes={"format": {"from": None, "to": fmt}, "rows": {"from": None, "to": count}},
    )


def _too_many(request: HttpRequest, count: int, fmt: str, back: str) -> HttpResponse:
    messages.error(
        request,
        _("This data set has %(rows)s rows; one %(format)s holds at most %(max)s. Use the CSV.")
        % {
            "rows": formats.number_format(count, force_grouping=True),
            "format": fmt.upper(),
            "max": formats.number_format(MAX_ROWS[fmt], force_grouping=True),
        },
    )
    return redirect(back)


@login_required
@require_GET
def export(request: HttpRequest, topic: str, fmt: str) -> HttpResponse | StreamingHttpResponse:
    """One topic's data set: the CSV streamed, the XLSX with its dictionary as a second sheet;
    bounded like every export (core.exports.MAX_ROWS)."""
    found = _topic(request, topic)
    if fmt not in FORMATS:
        raise Http404
    rows = found.rows()
    count = topics.row_count(rows)
    if count > MAX_ROWS[fmt]:
        return _too_many(request, count, fmt, "evaluation:exports")
    _audited_export(request, found.subject, f"Evaluation: {found.slug}", fmt, count)
    return files.data_response(
        topics.bounded(rows, MAX_ROWS[fmt]), found.fields(), fmt=fmt, stem=found.stem
    )


# --- questionnaires ----------------------------------------------------------------------


@login_required
def questionnaire_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.may_evaluate(request.user):
        raise Http404
    form = QuestionnaireForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.data_for_service()
            saved = run_service(
                form, lambda: services.create_questionnaire(by=request.user, data=data)
            )
            if saved is not None:
                messages.success(request, _("The questionnaire is saved as a draft."))
                return redirect(saved)
    return render(request, "evaluation/questionnaire_form.html", {"form": form}, status=status)


@login_required
def questionnaire_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    questionnaire = access.questionnaire_for(request.user, pk)
    form = QuestionnaireForm(request.POST or None, instance=questionnaire)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.data_for_service()
            version = form.cleaned_data.get("lock_version")
            saved = run_service(
                form,
                lambda: services.update_questionnaire(
                    questionnaire, by=request.user, data=data, expected_version=version
                ),
            )
            if saved is not None:
                messages.success(request, _("The questionnaire is saved."))
                return redirect(saved)
    return render(
        request,
        "evaluation/questionnaire_form.html",
        {"form": form, "questionnaire": questionnaire},
        status=status,
    )


@login_required
@require_GET
def questionnaire(request: HttpRequest, pk: int) -> HttpResponse:
    found = access.questionnaire_for(request.user, pk)
    return render(
        request,
        "evaluation/questionnaire.html",
        {
            "questionnaire": found,
            "questions": found.questions.all(),
            "points": found.points.all(),
        },
    )


@login_required
def question_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found = access.questionnaire_for(request.user, pk)
    form = QuestionForm(request.POST or None, questionnaire=found)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.data_for_service()
            try:
                services.add_question(
                    found,
                    by=request.user,
                    data=data,
                    expected_version=form.cleaned_data.get("lock_version"),
                )
            except ValidationError as e:
                form.add_service_error(e)
            else:
                messages.success(request, _("The question is added."))
                return redirect(found)
    return render(
        request,
        "evaluation/question_form.html",
        {"form": form, "questionnaire": found},
        status=status,
    )


@login_required
@require_POST
def question_remove(request: AuthenticatedHttpRequest, pk: int, question_pk: int) -> HttpResponse:
    found = access.questionnaire_for(request.user, pk)
    question = get_object_or_404(Question, pk=question_pk, questionnaire=found)
    try:
        services.remove_question(question, by=request.user)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("The question is removed."))
    return redirect(found)


@login_required
@require_POST
def questionnaire_version(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found = access.questionnaire_for(request.user, pk)
    try:
        copy = services.new_version(found, by=request.user)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
        return redirect(found)
    messages.success(
        request, _("Version %(n)d is a draft now: change it and send it.") % {"n": copy.version}
    )
    return redirect(copy)


@login_required
def point_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found = access.questionnaire_for(request.user, pk)
    form = PointForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = {k: form.cleaned_data[k] for k in services.POINT_FIELDS}
            point = run_service(
                form, lambda: services.send_questionnaire(found, by=request.user, data=data)
            )
            if point is not None:
                messages.success(request, _("The questionnaire is sent to every KI."))
                return redirect(point)
    return render(
        request,
        "evaluation/point_form.html",
        {"form": form, "questionnaire": found},
        status=status,
    )


# --- measurement points ------------------------------------------------------------------


@login_required
@require_GET
def point(request: HttpRequest, pk: int) -> HttpResponse:
    """Response rates for the evaluator and the coordination office; the answers summed up
    and the other points to compare with for the evaluator."""
    found = access.point_for(request.user, pk, answers=False)
    overall, by_region = surveys.rates(found)
    evaluator = access.may_evaluate(request.user)
    context = {
        "point": found,
        "overall": overall,
        "by_region": by_region,
        "may_evaluate": evaluator,
        "summaries": surveys.summaries(found) if evaluator else [],
        "others": MeasurementPoint.objects.exclude(pk=found.pk) if evaluator else [],
        "today": timezone.localdate(),
    }
    return render(request, "evaluation/point.html", context)


@login_required
@require_GET
def point_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse | StreamingHttpResponse:
    found = access.point_for(request.user, pk)
    if fmt not in FORMATS:
        raise Http404
    rows = surveys.submitted(found)
    _audited_export(request, found, f"Evaluation: {found.name}", fmt, len(rows))
    return files.data_response(
        rows,
        surveys.answer_fields(surveys.questions_of(found)),
        fmt=fmt,
        stem=f"evaluation-antworten-{found.pk}",
    )


@login_required
@require_GET
def compare(request: HttpRequest, pk: int, other: int) -> HttpResponse:
    first = access.point_for(request.user, pk)
    second = access.point_for(request.user, other)
    if first.pk == second.pk:
        raise Http404
    if first.opens_on > second.opens_on:
        first, second = second, first
    return render(
        request,
        "evaluation/compare.html",
        {"first": first, "second": second, "rows": surveys.comparison(first, second)},
    )


# --- the KI's side -----------------------------------------------------------------------


@login_required
@require_GET
def surveys_list(request: HttpRequest) -> HttpResponse:
    centre_id = roles.centre_id_of(request.user)
    if centre_id is None:
        raise Http404
    points = list(access.surveys_of(request.user).order_by("closes_on"))
    states = dict(
        Response.objects.filter(centre_id=centre_id, point__in=points).values_list(
            "point_id", "status"
        )
    )
    rows = [(p, states.get(p.pk)) for p in points]
    return render(
        request,
        "evaluation/surveys.html",
        {"rows": rows, "today": timezone.localdate()},
    )


def _read_only(point: MeasurementPoint, response: Response | None) -> bool:
    return (response is not None and response.is_submitted) or not point.is_open()


def _answer_form(
    request: AuthenticatedHttpRequest, point: MeasurementPoint, response: Response | None
) -> AnswerForm:
    return AnswerForm(
        request.POST if request.method == "POST" else None,
        questions=surveys.questions_of(point),
        answers=response.answers if response is not None else {},
        lock_version=response.lock_version if response is not None else 0,
        disabled=_read_only(point, response),
    )


@login_required
def answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The KI's answers to one survey: staff save drafts, the head submits; once submitted
    (or closed) the page shows them read-only."""
    found = access.survey_for(request.user, pk)
    centre = get_object_or_404(Centre, pk=roles.centre_id_of(request.user))
    response = Response.objects.filter(point=found, centre=centre).first()
    form = _answer_form(request, found, response)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            submit = request.POST.get("action") == "submit"
            step = services.submit_answers if submit else services.save_answers
            try:
                step(
                    found,
                    by=request.user,
                    centre=centre,
                    raw=form.raw_answers(),
                    expected_version=form.expected_version(),
                )
            except ValidationError as e:
                form.add_service_error(e)
            else:
                messages.success(
                    request,
                    _("Your KI's answers are submitted. Thank you!")
                    if submit
                    else _("The answers are saved as a draft."),
                )
                return redirect("evaluation:answer", pk=found.pk)
    return render(
        request,
        "evaluation/answer.html",
        {
            "point": found,
            "form": form,
            "response": response,
            "read_only": _read_only(found, response),
            "may_submit": access.may_submit(request.user, centre.pk),
        },
        status=status,
    )
