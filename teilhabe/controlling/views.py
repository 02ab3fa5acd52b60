"""The pages of the indicator catalogue and the reporting periods. Thin: reads are `access`'s
and `catalogue`'s, writes the services'."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from teilhabe.accounts.auth import AuthenticatedHttpRequest
from teilhabe.core.forms import run_service

from . import access, catalogue, services
from .catalogue import Entry
from .forms import IndicatorFilter, IndicatorForm, PeriodForm
from .models import Indicator, ReportingPeriod

PAGE_SIZE = 50


@login_required
@require_GET
def indicators(request: HttpRequest) -> HttpResponse:
    if not access.may_see_catalogue(request.user):
        raise Http404
    filters = IndicatorFilter(request.GET or None)
    found = filters.apply(catalogue.entries(timezone.localdate()))
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filters": filters,
        "page": page,
        "may_keep": access.may_keep_catalogue(request.user),
    }
    template = (
        "controlling/_indicator_results.html"
        if request.headers.get("HX-Request")
        else "controlling/indicators.html"
    )
    return render(request, template, context)


@login_required
@require_GET
def indicator(request: HttpRequest, pk: int) -> HttpResponse:
    found = access.indicator_for(request.user, pk)
    entry = catalogue.entry(found, timezone.localdate())
    return render(
        request,
        "controlling/indicator.html",
        {
            "entry": entry,
            "versions": list(reversed(entry.versions)),
            "may_keep": access.may_keep_catalogue(request.user),
        },
    )


def _save_indicator(
    request: AuthenticatedHttpRequest, entry: Entry | None, form: IndicatorForm, data: Any
) -> Indicator:
    """The indicator added, or the one a new version was added to; says which."""
    if entry is None:
        added = services.add_indicator(by=request.user, data=data)
        messages.success(request, _("The indicator is added."))
        return added
    version = services.add_indicator_version(
        entry.indicator,
        by=request.user,
        data=data,
        expected_version=form.cleaned_data["lock_version"],
    )
    if version is None:
        messages.info(request, _("Nothing was changed, so no new version was made."))
    else:
        messages.success(
            request,
            _("The new version is saved, valid from %(period)s.") % {"period": version.from_period},
        )
    return entry.indicator


def _indicator_form(request: AuthenticatedHttpRequest, found: Indicator | None) -> HttpResponse:
    today = timezone.localdate()
    entry = catalogue.entry(found, today) if found is not None else None
    form = IndicatorForm(request.POST or None, entry=entry, others=catalogue.entries(today))
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.indicator_data()
            saved = run_service(form, lambda: _save_indicator(request, entry, form, data))
            if saved is not None:
                return redirect(saved)
    return render(
        request, "controlling/indicator_form.html", {"form": form, "entry": entry}, status=status
    )


@login_required
def indicator_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.may_keep_catalogue(request.user):
        raise Http404
    return _indicator_form(request, None)


@login_required
def indicator_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _indicator_form(request, access.indicator_for(request.user, pk, keep=True))


@login_required
@require_GET
def periods(request: HttpRequest) -> HttpResponse:
    if not access.may_see_catalogue(request.user):
        raise Http404
    found = ReportingPeriod.objects.in_order()
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "controlling/periods.html",
        {
            "page": page,
            "may_keep": access.may_keep_catalogue(request.user),
            "today": timezone.localdate(),
        },
    )


@login_required
def period_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.may_keep_catalogue(request.user):
        raise Http404
    form = PeriodForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = {k: form.cleaned_data[k] for k in services.PERIOD_FIELDS}
            saved = run_service(
                form, lambda: services.add_reporting_period(by=request.user, data=data)
            )
            if saved is not None:
                messages.success(request, _("The reporting period is saved."))
                return redirect("controlling:periods")
    return render(request, "controlling/period_form.html", {"form": form}, status=status)
