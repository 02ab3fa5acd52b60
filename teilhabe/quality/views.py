"""The pages of the quality status: the overview of every KI for a year (coordination office,
grant authority, ministry), a KI's own status by year, its history, and the coordination
office's recomputation. Thin: reads are `access`'s and `display`'s, the write the service's."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from teilhabe.accounts.auth import AuthenticatedHttpRequest
from teilhabe.centres.models import Centre
from teilhabe.core.forms import run_service

from . import access, display, services
from .forms import OverviewFilter, RecomputeForm
from .models import Overall, QualityChange, QualityStatus

HISTORY_PAGE = 50


def _overview(
    request: HttpRequest, filters: OverviewFilter, form: RecomputeForm | None, status: int = 200
) -> HttpResponse:
    year, bezirk = filters.value("year"), filters.value("bezirk")
    centres = Centre.objects.for_listing().order_by("name")
    if bezirk is not None:
        centres = centres.filter(grantee__district__regierungsbezirk=bezirk)
    found = {s.centre_id: s for s in QualityStatus.objects.computed().filter(year=year)}
    pillars = display.columns()
    rows: list[dict[str, Any]] = []
    for centre in centres:
        found_status = found.get(centre.pk)
        if filters.value("unfulfilled") and (
            found_status is None or found_status.overall != Overall.UNFULFILLED
        ):
            continue
        rows.append(
            {
                "centre": centre,
                "status": found_status,
                "cells": display.cells(found_status, pillars),
                "icon": display.overall_icon(found_status.overall if found_status else ""),
            }
        )
    counts = Counter(r["status"].overall if r["status"] else "" for r in rows)
    context: dict[str, Any] = {
        "filters": filters,
        "year": year,
        "pillars": pillars,
        "rows": rows,
        "counts": {o: counts.get(o.value, 0) for o in Overall},
        "not_computed": counts.get("", 0),
        "computed_at": max((s.computed_at for s in found.values() if s.computed_at), default=None),
        "form": form,
    }
    return render(request, "quality/overview.html", context, status=status)


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    if not access.may_see_all(request.user):
        raise Http404
    filters = OverviewFilter(request.GET or None)
    form = RecomputeForm(initial={"year": filters.value("year")})
    return _overview(request, filters, form if access.may_recompute(request.user) else None)


@login_required
@require_POST
def recompute(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.may_recompute(request.user):
        raise Http404
    form = RecomputeForm(request.POST)
    if form.is_valid():
        year = form.cleaned_data["year"]
        outcome = run_service(form, lambda: services.recompute_statuses(year, by=request.user))
        if outcome is not None:
            messages.success(
                request,
                _("The quality status %(year)s is recomputed: %(changed)s of %(n)s KIs changed.")
                % {"year": year, "changed": outcome.changed, "n": outcome.statuses},
            )
            return redirect(reverse("quality:overview") + f"?year={year}")
    return _overview(request, OverviewFilter(request.GET or None), form, status=422)


@login_required
@require_GET
def centre(request: HttpRequest, centre_pk: int) -> HttpResponse:
    found = access.centre_for(request.user, centre_pk)
    statuses = list(QualityStatus.objects.computed().filter(centre=found).order_by("-year"))
    years = [
        {
            "status": s,
            "rows": display.rows_of(s.values),
            "icon": display.overall_icon(s.overall),
        }
        for s in statuses
    ]
    return render(
        request,
        "quality/centre.html",
        {"centre": found, "years": years, "may_see_all": access.may_see_all(request.user)},
    )


@login_required
@require_GET
def history(request: HttpRequest, centre_pk: int) -> HttpResponse:
    found = access.centre_for(request.user, centre_pk)
    changes = QualityChange.objects.for_centre(found.pk).order_by("-changed_at", "-pk")
    page = Paginator(changes, HISTORY_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "quality/history.html",
        {"centre": found, "page": page, "rows": display.history_rows(page.object_list)},
    )
