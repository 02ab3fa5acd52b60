"""The pages of the catalogue, a KI's measures (list, export, forms, page with targets,
records panel, documents and history), the state-wide list and the partner matrix. Thin: the
reads are `access`'s, the writes the services'."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from teilhabe.accounts.auth import AuthenticatedHttpRequest
from teilhabe.core import exports
from teilhabe.core.audit_display import ChangeLine, change_lines
from teilhabe.core.forms import add_service_errors
from teilhabe.core.models import AuditEvent
from teilhabe.network.models import Organisation

from . import access, figures, panels
from .exports import measure_columns
from .forms import DocumentForm, MeasureFilter, MeasureForm, ProgrammeTypeForm, TargetForm
from .models import Measure, MeasureDocument, MeasureStatus, MeasureTarget, ProgrammeType
from .services import measures as services

logger = logging.getLogger(__name__)
PAGE_SIZE = 50
HISTORY_SIZE = 50
STEP_LABELS = {
    "start": gettext_lazy("Start the measure"),
    "complete": gettext_lazy("Mark as completed"),
    "cancel": gettext_lazy("Cancel the measure"),
    "reopen": gettext_lazy("Reopen (running again)"),
}


def _run(form: Any, write: Any) -> Any:
    try:
        return write()
    except ValidationError as e:
        add_service_errors(form, e)
        return None


# --- the catalogue -----------------------------------------------------------------------------


@login_required
@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    if not access.may_see_catalogue(request.user):
        raise Http404
    programmes = ProgrammeType.objects.annotate(measure_count=Count("measures")).order_by(
        "order", "name", "pk"
    )
    page = Paginator(programmes, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "measures/catalogue.html",
        {"page": page, "may_keep": access.may_keep_catalogue(request.user)},
    )


def _programme_form(
    request: AuthenticatedHttpRequest, programme: ProgrammeType | None
) -> HttpResponse:
    form = ProgrammeTypeForm(request.POST or None, instance=programme)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.programme_data()
            if programme is None:
                saved = _run(form, lambda: services.add_programme_type(by=request.user, data=data))
            else:
                saved = _run(
                    form,
                    lambda: services.update_programme_type(
                        programme,
                        by=request.user,
                        data=data,
                        expected_version=form.cleaned_data["lock_version"],
                    ),
                )
            if saved is not None:
                messages.success(request, _("The catalogue is saved."))
                return redirect("measures:catalogue")
    return render(
        request,
        "measures/programme_form.html",
        {"form": form, "programme": programme},
        status=status,
    )


@login_required
def programme_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.may_keep_catalogue(request.user):
        raise Http404
    return _programme_form(request, None)


@login_required
def programme_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _programme_form(request, access.programme_type_for(request.user, pk, keep=True))


# --- lists -------------------------------------------------------------------------------------


def _filtered(request: HttpRequest, measures: Any, *, statewide: bool = False) -> Any:
    filters = MeasureFilter(request.GET or None, statewide=statewide)
    return filters, filters.apply(measures)


@login_required
@require_GET
def measure_list(request: HttpRequest, centre_pk: int) -> HttpResponse:
    centre = access.centre_for_measures(request.user, centre_pk)
    filters, measures = _filtered(request, access.measures_of(request.user, centre))
    page = Paginator(measures, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "centre": centre,
        "filters": filters,
        "page": page,
        "may_manage": access.may_manage_measures(request.user, centre.pk),
        "export_links": exports.export_links(request, "measures:list_export", centre_pk=centre.pk),
        "statewide": False,
    }
    template = (
        "measures/_results.html" if request.headers.get("HX-Request") else "measures/list.html"
    )
    return render(request, template, context)


@login_required
@require_GET
def measure_export(request: HttpRequest, centre_pk: int, fmt: str) -> HttpResponseBase:
    """The list as the page shows it (search, filters, sorting; every page)."""
    centre = access.centre_for_measures(request.user, centre_pk)
    _filters, measures = _filtered(request, access.measures_of(request.user, centre))
    return exports.export(
        request,
        measures,
        measure_columns(),
        fmt=fmt,
        filename="massnahmen",
        title=_("Measures"),
        subject=Measure,
        back=reverse("measures:list", args=[centre.pk]),
    )


def _statewide(request: HttpRequest) -> Any:
    if not access.may_see_all_measures(request.user):
        raise Http404
    return Measure.objects.for_listing()


@login_required
@require_GET
def statewide_list(request: HttpRequest) -> HttpResponse:
    """Every KI's measures for the coordination office (filter by KI and programme)."""
    filters, measures = _filtered(request, _statewide(request), statewide=True)
    page = Paginator(measures, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "centre": None,
        "filters": filters,
        "page": page,
        "may_manage": False,
        "export_links": exports.export_links(request, "measures:all_export"),
        "statewide": True,
    }
    template = (
        "measures/_results.html" if request.headers.get("HX-Request") else "measures/list.html"
    )
    return render(request, template, context)


@login_required
@require_GET
def statewide_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    _filters, measures = _filtered(request, _statewide(request), statewide=True)
    return exports.export(
        request,
        measures,
        measure_columns(statewide=True),
        fmt=fmt,
        filename="massnahmen-nrw",
        title=_("Measures of all KIs"),
        subject=Measure,
        back=reverse("measures:all"),
    )


# --- a measure ---------------------------------------------------------------------------------


def _measure_form(
    request: AuthenticatedHttpRequest, centre: Any, measure: Measure | None
) -> HttpResponse:
    form = MeasureForm(request.POST or None, instance=measure, centre=centre)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.measure_data()
            if measure is None:
                saved = _run(form, lambda: services.add_measure(centre, by=request.user, data=data))
                text = _("The measure is added.")
            else:
                saved = _run(
                    form,
                    lambda: services.update_measure(
                        measure,
                        by=request.user,
                        data=data,
                        expected_version=form.cleaned_data["lock_version"],
                    ),
                )
                text = _("The measure is saved.")
            if saved is not None:
                messages.success(request, text)
                return redirect(saved)
    return render(
        request,
        "measures/form.html",
        {"centre": centre, "form": form, "measure": measure},
        status=status,
    )


@login_required
def measure_add(request: AuthenticatedHttpRequest, centre_pk: int) -> HttpResponse:
    centre = access.centre_for_measures(request.user, centre_pk, manage=True)
    return _measure_form(request, centre, None)


@login_required
def measure_edit(request: AuthenticatedHttpRequest, centre_pk: int, pk: int) -> HttpResponse:
    measure = access.measure_for(request.user, centre_pk, pk, manage=True)
    return _measure_form(request, measure.centre, measure)


def targets_with_actuals(measure: Measure, targets: list[MeasureTarget]) -> list[dict[str, Any]]:
    """Each target with its actual value: counted from the records where it names a figure
    (`figures.for_measure`, never typed), else the typed one."""
    today = timezone.localdate()
    labels = dict(figures.target_figure_choices())
    rows = []
    for target in targets:
        counted = bool(target.figure)
        actual = (
            figures.for_measure(target.figure, measure, today=today) if counted else target.actual
        )
        rows.append(
            {
                "target": target,
                "actual": actual,
                "counted": counted,
                "figure_label": labels.get(target.figure, ""),
            }
        )
    return rows


def history_of(measure: Measure, target_ids: list[int], document_ids: list[int]) -> list[Any]:
    """The measure's audit events with those of its targets and documents, newest first."""
    types = ContentType.objects.get_for_models(Measure, MeasureTarget, MeasureDocument)
    events = list(
        AuditEvent.objects.for_display()
        .filter(
            Q(content_type=types[Measure], object_id=str(measure.pk))
            | Q(content_type=types[MeasureTarget], object_id__in=[str(i) for i in target_ids])
            | Q(content_type=types[MeasureDocument], object_id__in=[str(i) for i in document_ids])
        )
        .exclude(action="list.exported")[:HISTORY_SIZE]
    )
    figure_labels = dict(figures.target_figure_choices())
    for event in events:
        lines = change_lines(event)
        if event.content_type_id == types[MeasureTarget].pk and "figure" in event.changes:
            # A target's figure is recorded by its code; the history names it in words.
            label = str(MeasureTarget._meta.get_field("figure").verbose_name)
            lines = [
                ChangeLine(
                    line.label,
                    figure_labels.get(line.before, line.before),
                    figure_labels.get(line.after, line.after),
                )
                if line.label == label
                else line
                for line in lines
            ]
        event.lines = lines  # type: ignore[attr-defined]
    return events


@login_required
@require_GET
def measure_detail(request: HttpRequest, centre_pk: int, pk: int) -> HttpResponse:
    measure = access.measure_for(request.user, centre_pk, pk)
    may_manage = access.may_manage_measures(request.user, measure.centre_id)
    targets = list(measure.targets.all())
    documents = list(measure.documents.all())
    panel = panels.panel_for(request.user, measure)
    context = {
        "centre": measure.centre,
        "measure": measure,
        "partners": list(measure.partners.order_by("name")),
        "municipalities": list(measure.municipalities.order_by("short_name")),
        "targets": targets_with_actuals(measure, targets),
        "documents": documents,
        "panel": panel,
        "history": history_of(measure, [t.pk for t in targets], [d.pk for d in documents]),
        "may_manage": may_manage,
        "steps": [(step, STEP_LABELS[step]) for step in services.steps_from(measure.status)]
        if may_manage
        else [],
    }
    if panel is not None:
        # The records panel's template reads its context as `panel` and, where no key of the
        # page has its name, by its own names.
        for key, value in panel["context"].items():
            context.setdefault(key, value)
    return render(request, "measures/detail.html", context)


@login_required
@require_POST
def measure_status(request: AuthenticatedHttpRequest, centre_pk: int, pk: int) -> HttpResponse:
    measure = access.measure_for(request.user, centre_pk, pk, manage=True)
    try:
        services.change_measure_status(measure, by=request.user, step=request.POST.get("step", ""))
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        measure.refresh_from_db(fields=["status"])
        messages.success(
            request,
            _("The measure is now “%(status)s”.") % {"status": measure.get_status_display()},
        )
    return redirect(measure)


# --- targets and documents -----------------------------------------------------------------------


def _target_form(
    request: AuthenticatedHttpRequest, measure: Measure, target: MeasureTarget | None
) -> HttpResponse:
    if target is not None and request.method == "POST" and request.POST.get("action") == "remove":
        version = request.POST.get("lock_version", "")
        try:
            services.remove_target(
                target,
                by=request.user,
                expected_version=int(version) if version.isdigit() else None,
            )
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
            return redirect(request.path)
        messages.success(request, _("The target is removed."))
        return redirect(measure.get_absolute_url() + "#targets")
    form = TargetForm(request.POST or None, instance=target, measure=measure)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.target_data()
            if target is None:
                saved = _run(form, lambda: services.add_target(measure, by=request.user, data=data))
            else:
                saved = _run(
                    form,
                    lambda: services.update_target(
                        target,
                        by=request.user,
                        data=data,
                        expected_version=form.cleaned_data["lock_version"],
                    ),
                )
            if saved is not None:
                messages.success(request, _("The target is saved."))
                return redirect(measure.get_absolute_url() + "#targets")
    return render(
        request,
        "measures/target_form.html",
        {"centre": measure.centre, "measure": measure, "form": form, "target": target},
        status=status,
    )


@login_required
def target_add(request: AuthenticatedHttpRequest, centre_pk: int, pk: int) -> HttpResponse:
    measure = access.measure_for(request.user, centre_pk, pk, manage=True)
    return _target_form(request, measure, None)


@login_required
def target_edit(
    request: AuthenticatedHttpRequest, centre_pk: int, pk: int, target_pk: int
) -> HttpResponse:
    measure = access.measure_for(request.user, centre_pk, pk, manage=True)
    return _target_form(request, measure, access.target_for(request.user, measure, target_pk))


@login_required
def document_add(request: AuthenticatedHttpRequest, centre_pk: int, pk: int) -> HttpResponse:
    measure = access.measure_for(request.user, centre_pk, pk, manage=True)
    form = DocumentForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            saved = _run(
                form,
                lambda: services.add_document(
                    measure,
                    by=request.user,
                    title=form.cleaned_data["title"],
                    upload=form.cleaned_data["document"],
                ),
            )
            if saved is not None:
                messages.success(request, _("The document is saved."))
                return redirect(measure.get_absolute_url() + "#documents")
    return render(
        request,
        "measures/document_form.html",
        {"centre": measure.centre, "measure": measure, "form": form},
        status=status,
    )


@login_required
@require_GET
def document_download(
    request: HttpRequest, centre_pk: int, pk: int, document_pk: int
) -> FileResponse:
    """The PDF as a download under its original name, for whoever may see the measure."""
    measure = access.measure_for(request.user, centre_pk, pk)
    document = access.document_for(request.user, measure, document_pk)
    if not document.document:
        raise Http404
    try:
        handle = document.document.open("rb")
    except FileNotFoundError:
        logger.error("measure document missing on disk: %s", document.document.name)
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=document.document_name, content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- the partner matrix --------------------------------------------------------------------------

OPEN_STATUSES = (MeasureStatus.PLANNED, MeasureStatus.RUNNING)
MATRIX_COLUMNS = 12  # measures per page of the matrix: wider tables do not stay readable


@login_required
@require_GET
def partner_matrix(request: HttpRequest, centre_pk: int) -> HttpResponse:
    """Which partners work together in which of the KI's planned and running measures: the
    measures as columns (a page of them), the partners in them as rows, and below the same as
    a list by measure (the table alternative)."""
    centre = access.centre_for_measures(request.user, centre_pk)
    measures = (
        access.measures_of(request.user, centre)
        .filter(status__in=OPEN_STATUSES)
        .select_related(None)
        .select_related("programme_type")
        .order_by("title", "pk")
        .prefetch_related(
            Prefetch(
                "partners",
                queryset=Organisation.objects.only("pk", "centre_id", "name").order_by("name"),
            )
        )
    )
    page = Paginator(measures, MATRIX_COLUMNS).get_page(request.GET.get("page"))
    columns = list(page.object_list)
    partners: dict[int, Organisation] = {}
    for measure in columns:
        for partner in measure.partners.all():
            partners.setdefault(partner.pk, partner)
    ordered = sorted(partners.values(), key=lambda o: (o.name.casefold(), o.pk))
    member = {m.pk: {p.pk for p in m.partners.all()} for m in columns}
    rows = [
        (
            partner,
            [partner.pk in member[m.pk] for m in columns],
            sum(partner.pk in member[m.pk] for m in columns),
        )
        for partner in ordered
    ]
    return render(
        request,
        "measures/partners.html",
        {"centre": centre, "page": page, "columns": columns, "rows": rows},
    )
