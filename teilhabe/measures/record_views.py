"""The pages of the interpreter pool's assignments and the school-counselling log (a measure's
records, reached from its page through the panels of `record_panels.py`), and the figures
pages: a KI's figures by half-year and year, and the coordination office's state view of every
KI. Views are thin: reads through `access` and `figures`, writes through `services.records`."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet, Sum
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from teilhabe.accounts.auth import AuthenticatedHttpRequest
from teilhabe.centres.models import Centre
from teilhabe.core import exports, roles
from teilhabe.core.forms import run_service
from teilhabe.core.registry import Figure, registry
from teilhabe.core.roles import AnyUser

from . import access, figures, rules
from .models import (
    CounsellingContact,
    InterpreterAssignment,
    Measure,
    RecordKind,
)
from .record_exports import assignment_columns, counselling_columns, state_columns
from .record_forms import (
    ASSIGNMENT_SORTS,
    COUNSELLING_SORTS,
    PERIODS,
    AssignmentFilter,
    AssignmentForm,
    CounsellingFilter,
    CounsellingForm,
    YearForm,
)
from .record_panels import assignment_totals, counselling_totals
from .services import records

PAGE_SIZE = 50


# --- links back to the measure's pages (built in urls_measures) -------------------------------


def _trail(measure: Measure) -> dict[str, Any]:
    return {
        "centre": measure.centre,
        "measure": measure,
        "measure_url": measure.get_absolute_url(),
        "measures_url": reverse("measures:list", args=[measure.centre_id]),
    }


# --- the interpreter pool ---------------------------------------------------------------------


def _month(value: str) -> tuple[date, date] | None:
    if not value:
        return None
    year, month = (int(part) for part in value.split("-"))
    last = date(year + month // 12, month % 12 + 1, 1).toordinal() - 1
    return date(year, month, 1), date.fromordinal(last)


def _period(filters: Any, measure: Measure) -> tuple[date, date] | None:
    """The period the filters name (a month, or from/to), else the measure's so far."""
    today = timezone.localdate()
    month = _month(filters.value("month")) if "month" in filters.fields else None
    if month is not None:
        return month
    start, end = filters.value("start"), filters.value("end")
    if start or end:
        start = start or measure.starts_on
        end = end or today
        return (start, end) if start <= end else None
    return figures.measure_period(measure, today=today)


def _in_period(qs: QuerySet[Any], period: tuple[date, date] | None, named: bool) -> Any:
    if not named:
        return qs
    if period is None:
        return qs.none()
    return qs.filter(held_on__range=period)


def _period_named(filters: Any) -> bool:
    return bool(
        (filters.value("month") if "month" in filters.fields else "")
        or filters.value("start")
        or filters.value("end")
    )


def _assignments(
    request: HttpRequest, measure: Measure
) -> tuple[AssignmentFilter, Any, tuple[date, date] | None, bool]:
    filters = AssignmentFilter(request.GET or None, measure=measure)
    period = _period(filters, measure)
    qs = InterpreterAssignment.objects.filter(measure=measure).select_related("institution")
    qs = _in_period(qs, period, _period_named(filters))
    narrowed = False
    if language := filters.value("language"):
        qs, narrowed = qs.filter(language=language), True
    if purpose := filters.value("purpose"):
        qs, narrowed = qs.filter(purpose=purpose), True
    if institution := filters.value("institution"):
        qs, narrowed = qs.filter(institution_id=int(institution)), True
    return (
        filters,
        qs.order_by(*ASSIGNMENT_SORTS[filters.value("sort") or "-date"]),
        period,
        narrowed,
    )


@login_required
@require_GET
def assignment_list(request: HttpRequest, centre_pk: int, pk: int) -> HttpResponse:
    measure = access.measure_for(request.user, centre_pk, pk, kind=RecordKind.INTERPRETING)
    filters, qs, period, narrowed = _assignments(request, measure)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    matching = qs.order_by().aggregate(n=Count("pk"), h=Sum("hours")) if narrowed else None
    context = {
        **_trail(measure),
        "filters": filters,
        "page": page,
        "totals": assignment_totals(measure, period),
        "matching": matching,
        "may_manage": access.may_manage_measures(request.user, measure.centre_id),
        "export_links": exports.export_links(
            request, "measures:assignments_export", centre_pk=measure.centre_id, pk=measure.pk
        ),
    }
    return render(request, "measures/records/assignments.html", context)


@login_required
@require_GET
def assignment_export(request: HttpRequest, centre_pk: int, pk: int, fmt: str) -> HttpResponseBase:
    measure = access.measure_for(request.user, centre_pk, pk, kind=RecordKind.INTERPRETING)
    _filters, qs, _p, _n = _assignments(request, measure)
    return exports.export(
        request,
        qs,
        assignment_columns(),
        fmt=fmt,
        filename="dolmetscheinsaetze",
        title=_("Interpreter-pool assignments"),
        subject=InterpreterAssignment,
        back=reverse("measures:assignments", args=[measure.centre_id, measure.pk]),
    )


def _assignments_url(measure: Measure) -> str:
    return reverse("measures:assignments", args=[measure.centre_id, measure.pk])


@login_required
def assignment_add(request: AuthenticatedHttpRequest, centre_pk: int, pk: int) -> HttpResponse:
    measure = access.measure_for(
        request.user, centre_pk, pk, manage=True, kind=RecordKind.INTERPRETING
    )
    form = AssignmentForm(request.POST or None, measure=measure)
    if request.method == "POST" and form.is_valid():
        added = run_service(
            form, lambda: records.add_assignment(measure, by=request.user, data=form.values())
        )
        if added is not None:
            messages.success(request, _("The assignment is recorded."))
            return redirect(_assignments_url(measure))
    return render(
        request,
        "measures/records/assignment_form.html",
        {**_trail(measure), "form": form, "assignment": None},
    )


@login_required
def assignment_edit(
    request: AuthenticatedHttpRequest, centre_pk: int, pk: int, record_pk: int
) -> HttpResponse:
    measure = access.measure_for(
        request.user, centre_pk, pk, manage=True, kind=RecordKind.INTERPRETING
    )
    assignment = get_object_or_404(InterpreterAssignment, measure=measure, pk=record_pk)
    if request.method == "POST" and request.POST.get("action") == "remove":
        records.remove_assignment(assignment, by=request.user)
        messages.success(request, _("The assignment is removed."))
        return redirect(_assignments_url(measure))
    form = AssignmentForm(request.POST or None, instance=assignment, measure=measure)
    if request.method == "POST" and form.is_valid():
        data = form.changed_values()
        saved = run_service(
            form,
            lambda: records.update_assignment(
                InterpreterAssignment.objects.get(pk=record_pk), by=request.user, data=data
            ),
        )
        if saved is not None:
            messages.success(request, _("The assignment is saved."))
            return redirect(_assignments_url(measure))
    return render(
        request,
        "measures/records/assignment_form.html",
        {**_trail(measure), "form": form, "assignment": assignment},
    )


# --- the school-counselling log ---------------------------------------------------------------


def _counselling(request: HttpRequest, measure: Measure) -> tuple[CounsellingFilter, Any]:
    filters = CounsellingFilter(request.GET or None, measure=measure)
    qs = CounsellingContact.objects.filter(measure=measure).select_related("school", "created_by")
    qs = _in_period(qs, _period(filters, measure), _period_named(filters))
    if q := str(filters.value("q")).strip():
        qs = qs.filter(outcome__icontains=q)
    if school := filters.value("school"):
        qs = qs.filter(school_id=int(school))
    if topic := filters.value("topic"):
        qs = qs.filter(topic=topic)
    if form := filters.value("form"):
        qs = qs.filter(form=form)
    return filters, qs.order_by(*COUNSELLING_SORTS[filters.value("sort") or "-date"])


@login_required
@require_GET
def counselling_list(request: HttpRequest, centre_pk: int, pk: int) -> HttpResponse:
    measure = access.measure_for(request.user, centre_pk, pk, kind=RecordKind.COUNSELLING)
    filters, qs = _counselling(request, measure)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        **_trail(measure),
        "filters": filters,
        "page": page,
        "totals": counselling_totals(measure, _period(filters, measure)),
        "may_manage": access.may_manage_measures(request.user, measure.centre_id),
        "export_links": exports.export_links(
            request, "measures:counselling_export", centre_pk=measure.centre_id, pk=measure.pk
        ),
    }
    return render(request, "measures/records/counselling.html", context)


@login_required
@require_GET
def counselling_export(request: HttpRequest, centre_pk: int, pk: int, fmt: str) -> HttpResponseBase:
    measure = access.measure_for(request.user, centre_pk, pk, kind=RecordKind.COUNSELLING)
    _filters, qs = _counselling(request, measure)
    return exports.export(
        request,
        qs,
        counselling_columns(),
        fmt=fmt,
        filename="schulberatung",
        title=_("School counselling log"),
        subject=CounsellingContact,
        back=reverse("measures:counselling", args=[measure.centre_id, measure.pk]),
    )


def _counselling_url(measure: Measure) -> str:
    return reverse("measures:counselling", args=[measure.centre_id, measure.pk])


@login_required
def counselling_add(request: AuthenticatedHttpRequest, centre_pk: int, pk: int) -> HttpResponse:
    measure = access.measure_for(
        request.user, centre_pk, pk, manage=True, kind=RecordKind.COUNSELLING
    )
    form = CounsellingForm(request.POST or None, measure=measure)
    if request.method == "POST" and form.is_valid():
        added = run_service(
            form,
            lambda: records.add_counselling_contact(measure, by=request.user, data=form.values()),
        )
        if added is not None:
            messages.success(request, _("The counselling contact is recorded."))
            return redirect(_counselling_url(measure))
    return render(
        request,
        "measures/records/counselling_form.html",
        {**_trail(measure), "form": form, "contact": None},
    )


@login_required
def counselling_edit(
    request: AuthenticatedHttpRequest, centre_pk: int, pk: int, record_pk: int
) -> HttpResponse:
    measure = access.measure_for(
        request.user, centre_pk, pk, manage=True, kind=RecordKind.COUNSELLING
    )
    contact = get_object_or_404(
        CounsellingContact.objects.select_related("created_by"), measure=measure, pk=record_pk
    )
    if request.method == "POST" and request.POST.get("action") == "remove":
        records.remove_counselling_contact(contact, by=request.user)
        messages.success(request, _("The counselling contact is removed."))
        return redirect(_counselling_url(measure))
    form = CounsellingForm(request.POST or None, instance=contact, measure=measure)
    if request.method == "POST" and form.is_valid():
        data = form.changed_values()
        saved = run_service(
            form,
            lambda: records.update_counselling_contact(
                CounsellingContact.objects.get(pk=record_pk), by=request.user, data=data
            ),
        )
        if saved is not None:
            messages.success(request, _("The counselling contact is saved."))
            return redirect(_counselling_url(measure))
    return render(
        request,
        "measures/records/counselling_form.html",
        {**_trail(measure), "form": form, "contact": contact},
    )


# --- the figures ------------------------------------------------------------------------------


def measure_figures() -> list[Figure]:
    """Every figure registered for the measures (also those a later app adds under `measures.`)."""
    return [f for f in registry.figures() if f.code.startswith("measures.")]


def half_years(year: int) -> list[tuple[str, date, date]]:
    """The two half-years of `rules.periods_of_year` and the whole year."""
    (h1_start, h1_end), (h2_start, h2_end) = rules.periods_of_year(year)
    return [("h1", h1_start, h1_end), ("h2", h2_start, h2_end), ("year", h1_start, h2_end)]


def _year(request: HttpRequest, *, with_period: bool = False) -> YearForm:
    data = request.GET.copy()
    data.setdefault("jahr", str(timezone.localdate().year))
    if with_period:
        data.setdefault("zeitraum", "year")
    form = YearForm(data, with_period=with_period)
    form.is_valid()
    return form


def centre_figures(centre: Centre, year: int) -> dict[str, Any]:
    """The KI's figures by half-year and year, and the split ones as their own tables; each
    figure's reader runs once per period for this KI alone."""
    figures_ = measure_figures()
    periods = half_years(year)
    rows = []
    splits = []
    for figure in figures_:
        values = [
            figure.read(start, end, [centre.pk]).get(centre.pk, 0) for _k, start, end in periods
        ]
        rows.append({"figure": figure, "values": values})
        if figure.read_by is not None and figure.categories is not None:
            by = [
                figure.read_by(start, end, [centre.pk]).get(centre.pk, {})
                for _k, start, end in periods
            ]
            labels: Mapping[str, Any] = figure.categories()
            codes = sorted(
                {code for values_ in by for code in values_}, key=lambda c: str(labels.get(c, c))
            )
            splits.append(
                {
                    "figure": figure,
                    "rows": [
                        {"label": labels.get(code, code), "values": [b.get(code, 0) for b in by]}
                        for code in codes
                    ],
                }
            )
    return {"rows": rows, "splits": splits, "periods": [PERIODS[k] for k, _s, _e in periods]}


@login_required
@require_GET
def figures_page(request: HttpRequest, centre_pk: int) -> HttpResponse:
    centre = access.centre_for_measures(request.user, centre_pk)
    form = _year(request)
    context: dict[str, Any] = {
        "centre": centre,
        "form": form,
        "measures_url": reverse("measures:list", args=[centre.pk]),
        "may_see_state": may_see_state_figures(request.user),
    }
    if form.is_valid():
        context["year"] = form.cleaned_data["jahr"]
        context.update(centre_figures(centre, form.cleaned_data["jahr"]))
    return render(request, "measures/records/figures.html", context)


def may_see_state_figures(user: AnyUser) -> bool:
    """The coordination office: every KI's figures side by side."""
    return roles.role_of(user) in access.MEASURES_READ_ALL_ROLES


def state_rows(year: int, period_key: str) -> tuple[list[Figure], list[dict[str, Any]]]:
    """Every KI by every figure for the period: one query per figure, whatever the number of
    KIs, and one for the KIs."""
    _k, start, end = next(p for p in half_years(year) if p[0] == period_key)
    figures_ = measure_figures()
    values = [figure.read(start, end, None) for figure in figures_]
    centres = Centre.objects.select_related("grantee").order_by("grantee__name", "pk")
    rows = [
        {"centre": centre, "values": [v.get(centre.pk, 0) for v in values]} for centre in centres
    ]
    return figures_, rows


def _state_form(request: HttpRequest) -> YearForm:
    if not may_see_state_figures(request.user):
        raise Http404
    return _year(request, with_period=True)


@login_required
@require_GET
def state_figures(request: HttpRequest) -> HttpResponse:
    form = _state_form(request)
    context: dict[str, Any] = {"form": form}
    if form.is_valid():
        year, key = form.cleaned_data["jahr"], form.cleaned_data["zeitraum"] or "year"
        figures_, rows = state_rows(year, key)
        context.update(
            {
                "year": year,
                "period": PERIODS[key],
                "figures": figures_,
                "rows": rows,
                "totals": [
                    sum((r["values"][i] for r in rows), start=0) for i in range(len(figures_))
                ],
                "export_links": exports.export_links(request, "measures:state_figures_export"),
            }
        )
    return render(request, "measures/records/state_figures.html", context)


@login_required
@require_GET
def state_figures_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    form = _state_form(request)
    back = reverse("measures:state_figures")
    if not form.is_valid():
        for error in form.errors.get("jahr", []):
            messages.error(request, str(error))
        return redirect(back)
    year, key = form.cleaned_data["jahr"], form.cleaned_data["zeitraum"] or "year"
    figures_, rows = state_rows(year, key)
    return exports.export(
        request,
        rows,
        state_columns(figures_, rows),
        fmt=fmt,
        filename=f"kennzahlen-massnahmen-{year}-{key}",
        title=_("Figures of the measures"),
        subject=Measure,
        back=back,
    )
