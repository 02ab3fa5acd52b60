"""The pages of the KIs' controlling reports: the KI's list per period, a report with its values,
findings, completeness and steps, the lead's submission, the coordination office's inbox and
decision, and a correction. Thin: reads are `access`'s, writes `reports`'s."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from teilhabe.accounts.auth import AuthenticatedHttpRequest
from teilhabe.core import roles
from teilhabe.core.forms import run_service
from teilhabe.core.models import AuditEvent
from teilhabe.core.registry import registry

from . import access, reports
from .models import Report, ReportingPeriod, ReportStatus
from .report_forms import CorrectionForm, DecisionForm, ReportForm, SubmitForm

PAGE_SIZE = 50
STEP_ACTIONS = (
    "report.created",
    "report.submitted",
    "report.resubmitted",
    "report.returned",
    "report.accepted",
    "report.correction_started",
)


def with_counts(qs: QuerySet[Report]) -> QuerySet[Report]:
    """Each report with how many values it has (`total`) and how many are entered (`done`)."""
    return qs.annotate(
        total=Count("values", distinct=True),
        done=Count("values", filter=Q(values__value__isnull=False), distinct=True),
    )


@dataclass
class PeriodRow:
    period: ReportingPeriod
    report: Report | None
    first_submitted: date | None
    today: date

    @property
    def on_time(self) -> bool | None:
        """Submitted (first) by the deadline; False once the deadline passed without; None
        before."""
        if self.first_submitted is not None:
            return self.first_submitted <= self.period.deadline
        return False if self.period.deadline < self.today else None

    @property
    def overdue(self) -> bool:
        return self.on_time is False and self.first_submitted is None


@login_required
@require_GET
def reports_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The KI's reports per period (the state-wide roles go to the reports of all KIs)."""
    centre_id = roles.centre_id_of(request.user)
    if centre_id is None:
        if roles.is_statewide(request.user):
            return redirect("controlling:report_inbox")
        raise Http404
    today = timezone.localdate()
    periods = [p for p in ReportingPeriod.objects.in_order() if p.starts_on <= today]
    periods.sort(key=lambda p: (-p.starts_on.year, p.kind, p.starts_on))
    current: dict[int, Report] = {}
    first: dict[int, date] = {}
    for report in with_counts(access.reports_visible_to(request.user)).order_by("revision"):
        current[report.period_id] = report
        if report.submitted_at is not None:
            day = timezone.localdate(report.submitted_at)
            first[report.period_id] = min(day, first.get(report.period_id, day))
    rows = [PeriodRow(p, current.get(p.pk), first.get(p.pk), today) for p in periods]
    return render(
        request,
        "controlling/reports.html",
        {"rows": rows, "may_open": access.may_edit_report(request.user, centre_id)},
    )


@login_required
@require_POST
def report_open(request: AuthenticatedHttpRequest, period_pk: int) -> HttpResponse:
    """Begin (or find) the KI's report on a period."""
    centre_id = roles.centre_id_of(request.user)
    if centre_id is None or not access.may_edit_report(request.user, centre_id):
        raise Http404
    period = get_object_or_404(ReportingPeriod, pk=period_pk)
    centre = request.user.centre
    assert centre is not None
    try:
        report = reports.open_report(centre, period, by=request.user)
    except ValidationError as e:
        for message in e.messages:
            messages.error(request, message)
        return redirect("controlling:reports")
    return redirect("controlling:report", pk=report.pk)


def _history(user: Any, chain: list[Report]) -> list[dict[str, Any]]:
    """The steps of every revision, oldest first (one query); names and free text are left out
    for the evaluator (pseudonymised reading)."""
    labels = registry.action_labels()
    names = access.may_read_names_in_reports(user)
    events = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(Report),
        object_id__in=[str(r.pk) for r in chain],
        action__in=STEP_ACTIONS,
    ).order_by("created_at", "pk")
    revision = {str(r.pk): r.revision for r in chain}
    steps = []
    for event in events:
        changes = event.changes or {}
        note = ""
        if names:
            for key in ("return_comment", "correction_reason"):
                note = (changes.get(key) or {}).get("to") or note
        steps.append(
            {
                "at": event.created_at,
                "what": labels.get(event.action, event.action),
                "who": event.actor_label if names else "",
                "revision": revision.get(event.object_id),
                "note": note,
            }
        )
    return steps


def _report_page(
    request: AuthenticatedHttpRequest,
    report: Report,
    form: ReportForm | None,
    lines: list[reports.Line],
    *,
    status: int = 200,
    submit_form: SubmitForm | None = None,
) -> HttpResponse:
    user = request.user
    chain = list(
        access.reports_visible_to(user)
        .filter(centre_id=report.centre_id, period_id=report.period_id)
        .order_by("revision")
    )
    editable = report.status in reports.EDITABLE
    latest = chain[-1].pk == report.pk if chain else True
    context = {
        "report": report,
        "form": form,
        "lines": lines,
        "completeness": reports.completeness(lines),
        "history": _history(user, chain),
        "chain": chain,
        "free_text": access.may_read_names_in_reports(user),
        "may_submit": editable and access.may_submit_report(user, report.centre_id),
        "may_edit": editable and access.may_edit_report(user, report.centre_id),
        "may_decide": report.status == ReportStatus.SUBMITTED and access.may_decide_reports(user),
        "may_correct": report.status == ReportStatus.ACCEPTED
        and latest
        and access.may_submit_report(user, report.centre_id),
        "period_over": report.period.is_past(timezone.localdate()),
        "submit_form": submit_form or SubmitForm(initial={"lock_version": report.lock_version}),
        "problems": reports.submission_problems(lines),
        "unexplained": [line for line in lines if line.unexplained],
        "first_submitted": reports.first_submitted(report.centre_id, report.period_id),
    }
    return render(request, "controlling/report.html", context, status=status)


@login_required
def report(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A report: its values (a form while the KI may edit it), findings, completeness, steps.
    Opening an open report reads its computed values anew."""
    found = access.report_for(request.user, pk)
    may_edit = found.status in reports.EDITABLE and access.may_edit_report(
        request.user, found.centre_id
    )
    if request.method == "POST" and not access.may_edit_report(request.user, found.centre_id):
        raise Http404
    if request.method == "GET" and may_edit:
        reports.refresh_computed(found, by=request.user)
    lines = reports.report_lines(found)
    if not may_edit and request.method != "POST":
        return _report_page(request, found, None, lines)
    form = ReportForm(request.POST or None, lines=lines, lock_version=found.lock_version)
    if request.method == "POST":
        if form.is_valid():
            saved = run_service(
                form,
                lambda: reports.save_report(
                    found,
                    by=request.user,
                    values=form.values(),
                    expected_version=form.cleaned_data["lock_version"],
                ),
            )
            if saved is not None:
                messages.success(request, _("The report is saved."))
                return redirect("controlling:report", pk=found.pk)
        return _report_page(request, found, form, lines, status=422)
    return _report_page(request, found, form, lines)


@login_required
@require_POST
def report_submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The lead signs and submits; what stands in the way is shown on the report."""
    found = access.report_for(request.user, pk)
    if not access.may_submit_report(request.user, found.centre_id):
        raise Http404
    form = SubmitForm(request.POST)
    signed = form.is_valid() and form.cleaned_data["signed"]
    version = form.cleaned_data.get("lock_version") if form.is_valid() else None
    try:
        reports.submit_report(found, by=request.user, signed=signed, expected_version=version)
    except ValidationError as e:
        if any(error.code == "stale" for error in e.error_list):
            for message in e.messages:  # the page anew: someone else's values, a fresh version
                messages.error(request, message)
            return redirect(f"{found.get_absolute_url()}#submit")
        return _submit_refused(request, found, form, e)
    messages.success(request, _("The report is signed and submitted to the coordination office."))
    return redirect("controlling:report", pk=found.pk)


def _submit_refused(
    request: AuthenticatedHttpRequest, found: Report, form: SubmitForm, error: ValidationError
) -> HttpResponse:
    """The report's page again (422) with what stands in the way in its error summary: the
    missing signature beside its box, the rest above; the box stays as it was ticked."""
    for one in error.error_list:
        form.add_error("signed" if one.code == "sign_required" else None, one)
    lines = reports.report_lines(found)
    editable = found.status in reports.EDITABLE and access.may_edit_report(
        request.user, found.centre_id
    )
    values = ReportForm(lines=lines, lock_version=found.lock_version) if editable else None
    return _report_page(request, found, values, lines, status=422, submit_form=form)


@login_required
def report_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The coordination office accepts a submitted report or sends it back with a comment."""
    if not access.may_decide_reports(request.user):
        raise Http404
    found = access.report_for(request.user, pk)
    form = DecisionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            accept = form.cleaned_data["decision"] == DecisionForm.ACCEPT
            comment = form.cleaned_data["comment"]
            done = run_service(
                form,
                lambda: (
                    reports.accept_report(found, by=request.user)
                    if accept
                    else reports.return_report(found, by=request.user, comment=comment)
                ),
            )
            if done is not None:
                messages.success(
                    request,
                    _("The report is accepted.") if accept else _("The report is sent back."),
                )
                return redirect("controlling:report_inbox")
    lines = reports.report_lines(found)
    return render(
        request,
        "controlling/report_decide.html",
        {
            "report": found,
            "form": form,
            "completeness": reports.completeness(lines),
            "findings": sum(len(line.findings) for line in lines),
        },
        status=status,
    )


@login_required
def report_correct(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The lead starts a correction of an accepted report: a new revision with a reason."""
    found = access.report_for(request.user, pk)
    if not access.may_submit_report(request.user, found.centre_id):
        raise Http404
    form = CorrectionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            reason = form.cleaned_data["reason"]
            correction = run_service(
                form, lambda: reports.correct_report(found, by=request.user, reason=reason)
            )
            if correction is not None:
                messages.success(
                    request,
                    _("Revision %(n)d is begun; correct its values and submit it.")
                    % {"n": correction.revision},
                )
                return redirect("controlling:report", pk=correction.pk)
    return render(
        request, "controlling/report_correct.html", {"report": found, "form": form}, status=status
    )


@login_required
@require_GET
def report_inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every KI's submitted reports (to accept or send back), or the accepted ones; by period."""
    if not roles.is_statewide(request.user):
        raise Http404
    shown = request.GET.get("status")
    if shown not in (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED):
        shown = ReportStatus.SUBMITTED
    periods = list(ReportingPeriod.objects.in_order())
    found = with_counts(access.reports_visible_to(request.user).filter(status=shown))
    period_id = request.GET.get("period", "")
    if period_id.isdigit() and any(p.pk == int(period_id) for p in periods):
        found = found.filter(period_id=int(period_id))
    else:
        period_id = ""
    found = found.order_by("submitted_at", "centre__name", "pk")
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "controlling/report_inbox.html",
        {
            "page": page,
            "periods": periods,
            "shown": shown,
            "period_id": period_id,
            "statuses": [
                (ReportStatus.SUBMITTED, _("waiting for acceptance")),
                (ReportStatus.ACCEPTED, _("accepted")),
            ],
            "may_decide": access.may_decide_reports(request.user),
        },
    )
