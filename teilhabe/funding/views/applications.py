"""The KI's side of an application: list, create, detail, edit, submit, withdraw, attachments,
answers. Thin: reads through `access`, writes through `services.applications`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from teilhabe.accounts.auth import AuthenticatedHttpRequest
from teilhabe.centres.models import Centre
from teilhabe.core import exports, roles
from teilhabe.core.forms import add_service_errors, row_count, run_service
from teilhabe.core.models import AuditEvent
from teilhabe.funding import access, budget_check, computation, eligibility, windows
from teilhabe.funding import exports as funding_exports
from teilhabe.funding.forms.applications import (
    AnswerForm,
    ApplicationForm,
    AttachmentForm,
    PositionFormSet,
    SubmitForm,
    YearsForm,
    position_initial,
)
from teilhabe.funding.models import (
    Application,
    ApplicationAttachment,
    ApplicationStatus,
    InformationRequest,
)
from teilhabe.funding.models.applications import ApplicationQuerySet
from teilhabe.funding.services import applications as services
from teilhabe.funding.views.payments import payment_links
from teilhabe.funding.views.review import review_context

SORTS = {
    "year": ["first_year", "centre__name"],
    "-year": ["-first_year", "centre__name"],
    "centre": ["centre__name", "-first_year"],
    "status": ["status", "-first_year", "centre__name"],
    "-updated": ["-updated_at", "-pk"],
}


def _detail_queryset(user: Any) -> QuerySet[Application]:
    return access.applications_visible_to(user).select_related("concept", "signed_by")


def _for_ki(request: HttpRequest, pk: int) -> Application:
    """The application if the user works in its KI (staff or lead); 404 otherwise."""
    application = access.application_for(request.user, pk)
    if not access.may_prepare_application(request.user, application.centre_id):
        raise Http404
    return application


def _posted(request: HttpRequest) -> Any:
    """The POST data of a POST (also when empty: an empty form is still a submitted one)."""
    return request.POST if request.method == "POST" else None


@dataclass
class ApplicationList:
    """The application list as the user filtered it: the page and its export read this."""

    applications: ApplicationQuerySet
    status: str
    year: str
    centre: str
    sort: str
    statewide: bool


def listed_applications(request: HttpRequest) -> ApplicationList:
    """The applications the user may see, filtered by status, covered year and (state-wide
    readers) KI, in the chosen order; 404 for whom the funding pages are not."""
    if access.funding_scope(request.user) is None:
        raise Http404
    applications = access.applications_visible_to(request.user)
    statewide = roles.role_of(request.user) in access.FUNDING_READ_ALL_ROLES
    status = request.GET.get("status", "")
    year = request.GET.get("year", "")
    centre = request.GET.get("centre", "")
    sort = request.GET.get("sort", "-year")
    if status in ApplicationStatus.values:
        applications = applications.filter(status=status)
    if year.isdigit():
        applications = applications.covering(int(year))
    if statewide and centre.isdigit():
        applications = applications.filter(centre_id=int(centre))
    applications = applications.order_by(*SORTS.get(sort, SORTS["-year"]))
    return ApplicationList(applications, status, year, centre, sort, statewide)


@login_required
def application_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    listed = listed_applications(request)
    own_centre = getattr(request.user, "centre_id", None)
    page = Paginator(listed.applications, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "funding/applications/list.html",
        {
            "page": page,
            "statuses": ApplicationStatus.choices,
            "status": listed.status,
            "year": listed.year,
            "centre": listed.centre,
            "sort": listed.sort,
            "sorts": SORTS,
            "centres": Centre.objects.order_by("name").only("pk", "name")
            if listed.statewide
            else None,
            "may_create": own_centre is not None
            and access.may_prepare_application(request.user, own_centre),
            "export_links": exports.export_links(request, "funding:applications_export"),
        },
    )


@login_required
def application_export(request: AuthenticatedHttpRequest, fmt: str) -> HttpResponseBase:
    """The list as filtered on the page, as CSV or XLSX (`funding.exports`)."""
    applications = listed_applications(request).applications
    return exports.export(
        request,
        funding_exports.with_granted(applications).prefetch_related("positions"),
        funding_exports.application_columns(),
        fmt=fmt,
        filename="antraege",
        title=gettext_lazy("Funding applications"),
        subject=Application,
        back=reverse("funding:applications"),
    )


@login_required
def application_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    centre_id = getattr(request.user, "centre_id", None)
    if centre_id is None or not access.may_prepare_application(request.user, centre_id):
        raise Http404
    centre = get_object_or_404(Centre, pk=centre_id)
    form = YearsForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        application = run_service(
            form,
            lambda: services.create_application(
                centre,
                by=request.user,
                first_year=form.cleaned_data["first_year"],
                last_year=form.cleaned_data["last_year"],
            ),
        )
        if application is not None:
            messages.success(
                request,
                _("The draft is created from your KI's data. Check and complete every entry."),
            )
            return redirect("funding:application_edit", application.pk)
    today = timezone.localdate()
    return render(
        request,
        "funding/applications/new.html",
        {
            "form": form,
            "centre": centre,
            "open_windows": windows.open_windows(today),
            "next_window": windows.next_window(today),
        },
    )


def _concept_url(application: Application) -> str | None:
    concept = application.concept
    if concept is None:
        return None
    return concept.get_absolute_url()


def history_of(application: Application) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.for_display().filter(
        content_type=ContentType.objects.get_for_model(Application), object_id=str(application.pk)
    )


@dataclass
class HistoryEntry:
    """One line of the history: an event, or a run of drafts saved by one person in a row."""

    event: AuditEvent  # the newest of the run
    count: int = 1
    since: datetime | None = None  # when the run began
    changes: dict[str, Any] = field(default_factory=dict)

    @property
    def content_type_id(self) -> int:  # for the changed_fields filter
        return self.event.content_type_id


def collapse_drafts(events: list[AuditEvent]) -> list[HistoryEntry]:
    """Autosave records every save (the audit trail keeps them all); the history shows a run of
    saves by the same person as one line with the count and every field they changed."""
    entries: list[HistoryEntry] = []
    for event in events:  # newest first
        last = entries[-1] if entries else None
        if (
            last is not None
            and event.action == last.event.action == "application.draft_saved"
            and event.actor_id == last.event.actor_id
        ):
            last.count += 1
            last.since = event.created_at
            last.changes = {**event.changes, **last.changes}
        else:
            entries.append(HistoryEntry(event, changes=dict(event.changes or {})))
    return entries


@login_required
def application_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(
        _detail_queryset(request.user).prefetch_related("positions"), pk=pk
    )
    user = request.user
    member = access.may_prepare_application(user, application.centre_id)
    results = computation.compute(application)
    return render(
        request,
        "funding/applications/detail.html",
        {
            "application": application,
            "positions": list(application.positions.all()),
            "results": results,
            "grand_total": computation.total(results),
            "checks": computation.eligibility_checks(application, results),
            "missing": services.missing_items(application, results),
            "attachments": list(
                application.attachments.select_related("uploaded_by").order_by("uploaded_at")
            ),
            "requests": list(
                application.information_requests.select_related(
                    "requested_by", "answered_by"
                ).order_by("requested_at")
            ),
            "history": collapse_drafts(list(history_of(application))),
            **review_context(user, application),  # the authority's panel (views/review.py)
            "concept_url": _concept_url(application),
            "may_edit": member and application.is_editable,
            "may_answer": member and application.status == ApplicationStatus.INFO_REQUESTED,
            "may_withdraw": access.may_sign_application(user, application.centre_id)
            and application.status in services.WITHDRAWABLE_STATUSES,
            "is_member": member,
            **payment_links(user, application),  # the ledger, the lead's "request a payment"
        },
    )


def _edit_forms(
    request: HttpRequest, application: Application, data: Any = None
) -> tuple[ApplicationForm, Any]:
    form = ApplicationForm(data, instance=application)
    formset = PositionFormSet(data, initial=position_initial(application), prefix="positions")
    return form, formset


@login_required
def application_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = _for_ki(request, pk)
    if not application.is_editable:
        messages.error(
            request,
            _("The application cannot be changed while it is %(status)s.")
            % {"status": application.get_status_display()},
        )
        return redirect(application)
    if request.method != "POST":
        form, formset = _edit_forms(request, application)
        return _render_edit(request, application, form, formset)

    data = request.POST.copy()
    if "add_row" in data:
        # Without JavaScript: one more empty row, nothing saved yet, everything typed kept.
        total = row_count(data.get("positions-TOTAL_FORMS"), 40)
        data["positions-TOTAL_FORMS"] = str(min(total + 1, 40))
        form, formset = _edit_forms(request, application, data)
        return _render_edit(request, application, form, formset, row_added=True)

    form, formset = _edit_forms(request, application, data)
    if form.is_valid() and formset.is_valid():
        try:
            services.save_draft(
                application,
                by=request.user,
                data=form.draft_data(),
                positions=formset.positions(),
                expected_version=form.cleaned_data["lock_version"],
            )
        except ValidationError as e:
            if getattr(e, "code", None) == "stale_edit":
                # Show the message, keep the input, and let a second, deliberate save win.
                application.refresh_from_db()
                data["lock_version"] = str(application.lock_version)
                form, formset = _edit_forms(request, application, data)
                form.is_valid()
                formset.is_valid()
            form.add_error(None, e)
        else:
            messages.success(request, _("The draft is saved."))
            if "save_and_submit" in data:
                return redirect("funding:application_submit", application.pk)
            return redirect(application)
    return _render_edit(request, application, form, formset, status=422)


@login_required
@require_POST
def application_autosave(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Saves the draft as the KI types (htmx posts the form shortly after a change).

    Answers the status line, and the new edit version out of band so that the next save of the
    same form is not taken for someone else's. A form that does not validate is not saved; the
    status line says so and the marks appear on the next deliberate save.
    """
    application = _for_ki(request, pk)
    context: dict[str, Any] = {"application": application}
    if not application.is_editable:
        context["problem"] = _(
            "Not saved: the application cannot be changed while it is %(status)s."
        ) % {"status": application.get_status_display()}
        return render(request, "funding/applications/_autosave.html", context)
    form, formset = _edit_forms(request, application, request.POST)
    if not (form.is_valid() and formset.is_valid()):
        context["problem"] = _(
            "Not saved automatically: some entries need correcting. Save the draft to see which."
        )
        return render(request, "funding/applications/_autosave.html", context)
    try:
        services.save_draft(
            application,
            by=request.user,
            data=form.draft_data(),
            positions=formset.positions(),
            expected_version=form.cleaned_data["lock_version"],
        )
    except ValidationError as e:
        context["problem"] = (
            _(
                "Not saved automatically: someone else changed this application in the meantime. "
                "Press “Save draft” to see what changed; your entries stay in the form."
            )
            if getattr(e, "code", None) == "stale_edit"
            else " ".join(e.messages)
        )
        return render(request, "funding/applications/_autosave.html", context)
    application.refresh_from_db(fields=["lock_version", "updated_at"])
    context["saved"] = True
    return render(request, "funding/applications/_autosave.html", context)


def _render_edit(
    request: HttpRequest,
    application: Application,
    form: ApplicationForm,
    formset: Any,
    *,
    row_added: bool = False,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "funding/applications/edit.html",
        {
            "application": application,
            "form": form,
            "formset": formset,
            "row_added": row_added,
            "may_sign": access.may_sign_application(request.user, application.centre_id),
            "budget_warnings": budget_check.budget_warnings(application),
        },
        status=status if (form.errors or formset.total_error_count()) else 200,
    )


def _unlisted(
    problems: list[ValidationError],
    checks: list[eligibility.CheckResult],
    missing: list[tuple[str, str]],
) -> list[ValidationError]:
    """`problems` for a summary beside the lists of checks and missing items: those the lists
    show already are pointed to with one sentence, so each problem is on the page once."""
    listed = {code for code, _message in missing} | {c.code for c in checks if not c.passed}
    summary = [p for p in problems if p.code not in listed]
    if len(summary) < len(problems):
        summary.insert(
            0,
            ValidationError(
                _("See the mandatory items and the checks marked “not met” above."),
                code="listed_above",
            ),
        )
    return summary


@login_required
def application_submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = _for_ki(request, pk)
    may_sign = access.may_sign_application(request.user, application.centre_id)
    form = SubmitForm(_posted(request))
    refusal: ValidationError | None = None
    if request.method == "POST" and may_sign and form.is_valid():
        try:
            services.submit(application, by=request.user, signed=form.cleaned_data["signed"])
        except ValidationError as e:
            refusal = e
        else:
            messages.success(
                request, _("The application is signed and submitted to the grant authority.")
            )
            return redirect(application)
    results = computation.compute(application)
    checks = computation.eligibility_checks(application, results)
    missing = services.missing_items(application, results)
    if refusal is not None:
        problems = list(getattr(refusal, "error_list", [refusal]))
    else:
        problems = services.submission_problems(application) if application.is_editable else []
    summary = _unlisted(problems, checks, missing)
    if refusal is not None:
        add_service_errors(form, ValidationError(summary))
    return render(
        request,
        "funding/applications/submit.html",
        {
            "application": application,
            "form": form,
            "may_sign": may_sign,
            "checks": checks,
            "missing": missing,
            "summary": summary,
            "budget_warnings": budget_check.budget_warnings(application),
        },
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def application_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = _for_ki(request, pk)
    try:
        services.withdraw(application, by=request.user)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("The application is withdrawn."))
    return redirect(application)


@login_required
def attachment_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = _for_ki(request, pk)
    form = AttachmentForm(_posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        attachment = run_service(
            form,
            lambda: services.add_attachment(
                application,
                by=request.user,
                upload=form.cleaned_data["document"],
                description=form.cleaned_data["description"],
            ),
        )
        if attachment is not None:
            messages.success(request, _("The document is attached."))
            return redirect(reverse("funding:application", args=[application.pk]) + "#attachments")
    return render(
        request,
        "funding/applications/attachment_form.html",
        {"application": application, "form": form},
        status=422 if form.errors else 200,
    )


@login_required
def attachment_download(
    request: AuthenticatedHttpRequest, pk: int, attachment_pk: int
) -> FileResponse:
    application = access.application_for(request.user, pk)
    attachment = get_object_or_404(ApplicationAttachment, pk=attachment_pk, application=application)
    response = FileResponse(
        attachment.document.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def information_answer(request: AuthenticatedHttpRequest, pk: int, request_pk: int) -> HttpResponse:
    application = _for_ki(request, pk)
    info = get_object_or_404(InformationRequest, pk=request_pk, application=application)
    form = AnswerForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        answered = run_service(
            form,
            lambda: services.answer_information_request(
                info, by=request.user, answer=form.cleaned_data["answer"]
            ),
        )
        if answered is not None:
            messages.success(
                request,
                _("Your answer is saved. The head of the KI now submits the application again."),
            )
            return redirect(application)
    return render(
        request,
        "funding/applications/answer.html",
        {"application": application, "info": info, "form": form},
        status=422 if form.errors else 200,
    )
