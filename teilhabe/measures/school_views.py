"""The member schools of a "Schule ohne Rassismus – Schule mit Courage" measure: the list (with
search, filter, sorting, pages and export), a school with its yearly projects and next due
date, and the forms (add, edit, left the network, add a project). Thin: the services decide.

Every page asks `access.measure_for(…, kind=RecordKind.SCHOOL_NETWORK)`: another KI's measure,
a measure of another kind and a role without access all answer 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from teilhabe.accounts.auth import AuthenticatedHttpRequest
from teilhabe.core import exports
from teilhabe.core.forms import run_service

from . import access, rules
from .models import Measure, RecordKind, SchoolMembership
from .school_forms import SORTS, LeftForm, ProjectForm, SchoolFilter, SchoolForm
from .school_panels import annotate_due
from .services import schools

PAGE_SIZE = 50


def _measure(request: HttpRequest, centre_pk: int, pk: int, *, manage: bool = False) -> Measure:
    return access.measure_for(
        request.user, centre_pk, pk, manage=manage, kind=RecordKind.SCHOOL_NETWORK
    )


def _membership(measure: Measure, school_pk: int) -> SchoolMembership:
    qs = schools.with_due_dates(
        SchoolMembership.objects.select_related("school").filter(measure=measure)
    )
    membership = get_object_or_404(qs, pk=school_pk)
    membership.measure = measure
    return membership


def _base(request: HttpRequest, measure: Measure) -> dict[str, Any]:
    return {
        "centre": measure.centre,
        "measure": measure,
        "measure_url": measure.get_absolute_url(),
        "may_manage": access.may_manage_measures(request.user, measure.centre_id),
    }


def _filtered(request: HttpRequest, measure: Measure) -> tuple[SchoolFilter, list[Any]]:
    filters = SchoolFilter(request.GET or None)
    today = timezone.localdate()
    qs = SchoolMembership.objects.filter(measure=measure).select_related("school")
    if q := filters.value("q").strip():
        qs = qs.filter(Q(school__name__icontains=q) | Q(patron__icontains=q))
    status = filters.value("status")
    if status == "left":
        qs = qs.filter(left_on__isnull=False, left_on__lte=today)
    elif status != "all":
        qs = qs.filter(Q(left_on__isnull=True) | Q(left_on__gt=today))
    qs = schools.with_due_dates(qs).order_by(*SORTS[filters.value("sort") or "name"])
    rows = annotate_due(list(qs), today=today)
    if status == "overdue":
        rows = [m for m in rows if m.overdue]  # type: ignore[attr-defined]
    return filters, rows


@login_required
@require_GET
def school_list(request: HttpRequest, centre_pk: int, pk: int) -> HttpResponse:
    measure = _measure(request, centre_pk, pk)
    filters, rows = _filtered(request, measure)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "measures/schools/list.html",
        {
            **_base(request, measure),
            "filters": filters,
            "page": page,
            "export_links": exports.export_links(
                request, "measures:schools_export", centre_pk=measure.centre_id, pk=measure.pk
            ),
        },
    )


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


COLUMNS = [
    exports.Column(gettext_lazy("School"), lambda m: m.school.name),
    exports.Column(gettext_lazy("Title awarded on"), lambda m: m.title_awarded_on, "date"),
    exports.Column(gettext_lazy("Signatures"), lambda m: m.signatures, "integer"),
    exports.Column(gettext_lazy("Pupils and staff"), lambda m: m.school_members, "integer"),
    exports.Column(
        gettext_lazy("Share of signatures in percent"),
        lambda m: rules.signature_share(m.signatures, m.school_members) * 100,
        "decimal",
        places=2,
    ),
    exports.Column(gettext_lazy("Patron"), lambda m: m.patron),
    exports.Column(gettext_lazy("Last project"), lambda m: m.last_project_on, "date"),
    exports.Column(gettext_lazy("Next project due"), lambda m: m.due, "date"),
    exports.Column(gettext_lazy("Project overdue"), lambda m: _yes_no(m.overdue)),
    exports.Column(gettext_lazy("Left the network on"), lambda m: m.left_on, "date"),
]


@login_required
@require_GET
def school_export(request: HttpRequest, centre_pk: int, pk: int, fmt: str) -> HttpResponseBase:
    """The list as the page shows it (search, filter, sorting; every page)."""
    measure = _measure(request, centre_pk, pk)
    _filters, rows = _filtered(request, measure)
    return exports.export(
        request,
        rows,
        COLUMNS,
        fmt=fmt,
        filename="mitgliedsschulen",
        title=_("Member schools"),
        subject=SchoolMembership,
        back=reverse("measures:schools", args=[measure.centre_id, measure.pk]),
    )


@login_required
@require_GET
def school_detail(request: HttpRequest, centre_pk: int, pk: int, school_pk: int) -> HttpResponse:
    measure = _measure(request, centre_pk, pk)
    membership = _membership(measure, school_pk)
    annotate_due([membership], today=timezone.localdate())
    return render(
        request,
        "measures/schools/detail.html",
        {
            **_base(request, measure),
            "membership": membership,
            "projects": list(membership.projects.all()),
        },
    )


@login_required
def school_add(request: AuthenticatedHttpRequest, centre_pk: int, pk: int) -> HttpResponse:
    measure = _measure(request, centre_pk, pk, manage=True)
    form = SchoolForm(request.POST or None, measure=measure)
    if request.method == "POST" and form.is_valid():
        data = form.data_for_service()
        membership = run_service(
            form, lambda: schools.add_school(measure, by=request.user, data=data)
        )
        if membership is not None:
            messages.success(request, _("The school is added to the network."))
            return redirect("measures:school", measure.centre_id, measure.pk, membership.pk)
    return render(
        request,
        "measures/schools/form.html",
        {**_base(request, measure), "form": form, "membership": None},
    )


@login_required
def school_edit(
    request: AuthenticatedHttpRequest, centre_pk: int, pk: int, school_pk: int
) -> HttpResponse:
    measure = _measure(request, centre_pk, pk, manage=True)
    membership = _membership(measure, school_pk)
    form = SchoolForm(
        request.POST or None, instance=_membership(measure, school_pk), measure=measure
    )
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form,
            lambda: schools.update_school(
                membership,
                by=request.user,
                data=form.changed_values(),
                expected_version=form.cleaned_data["lock_version"],
            ),
        )
        if saved is not None:
            messages.success(request, _("The school's data are saved."))
            return redirect("measures:school", measure.centre_id, measure.pk, membership.pk)
    return render(
        request,
        "measures/schools/form.html",
        {**_base(request, measure), "form": form, "membership": membership},
    )


@login_required
def school_left(
    request: AuthenticatedHttpRequest, centre_pk: int, pk: int, school_pk: int
) -> HttpResponse:
    measure = _measure(request, centre_pk, pk, manage=True)
    membership = _membership(measure, school_pk)
    form = LeftForm(
        request.POST or None,
        initial={"left_on": timezone.localdate(), "lock_version": membership.lock_version},
    )
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form,
            lambda: schools.record_school_left(
                membership,
                by=request.user,
                left_on=form.cleaned_data["left_on"],
                expected_version=form.cleaned_data["lock_version"],
            ),
        )
        if saved is not None:
            messages.success(request, _("The school is recorded as having left the network."))
            return redirect("measures:school", measure.centre_id, measure.pk, membership.pk)
    return render(
        request,
        "measures/schools/left.html",
        {**_base(request, measure), "form": form, "membership": membership},
    )


@login_required
def project_add(
    request: AuthenticatedHttpRequest, centre_pk: int, pk: int, school_pk: int
) -> HttpResponse:
    measure = _measure(request, centre_pk, pk, manage=True)
    membership = _membership(measure, school_pk)
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.data_for_service()
        project = run_service(
            form, lambda: schools.add_project(membership, by=request.user, data=data)
        )
        if project is not None:
            messages.success(request, _("The project is recorded."))
            return redirect("measures:school", measure.centre_id, measure.pk, membership.pk)
    return render(
        request,
        "measures/schools/project_form.html",
        {**_base(request, measure), "form": form, "membership": membership},
    )
