"""Budget lines per fiscal year and the planning view (grant authority and ministry).

Who sees them: `access.may_see_budget` (officer, approver, ministry); everyone else gets 404.
Only the ministry adds lines and changes what they plan (`access.may_manage_budget`).
"""

from __future__ import annotations

from decimal import Decimal
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teilhabe.accounts.auth import AuthenticatedHttpRequest
from teilhabe.core import exports
from teilhabe.core.forms import add_service_errors
from teilhabe.core.money import ZERO
from teilhabe.funding import access, planning
from teilhabe.funding import exports as funding_exports
from teilhabe.funding.forms.budget import BudgetLineForm, PlannedForm, PlanningForm
from teilhabe.funding.models import (
    BudgetLine,
    BudgetPurpose,
    Guideline,
    Payment,
    PaymentStatus,
    Receivable,
    with_receivables,
)
from teilhabe.funding.services import budget as services
from teilhabe.territory.models import DistrictKind, Grantee


def _require_budget_reader(request: HttpRequest) -> None:
    if not access.may_see_budget(request.user):
        raise Http404


def _sums(lines: list[BudgetLine]) -> dict[str, Decimal]:
    return {
        name: sum((getattr(line, name) for line in lines), ZERO)
        for name in (
            "planned",
            "committed",
            "paid",
            "available",
            "receivables_open",
            "receivables_received",
        )
    }


def listed_budget_lines(request: HttpRequest) -> tuple[QuerySet[BudgetLine], str]:
    """The lines of the chosen year (?year=2026, or all), newest year first; 404 for whom the
    budget is not."""
    _require_budget_reader(request)
    year = request.GET.get("year", "")
    lines = with_receivables(BudgetLine.objects.order_by("-fiscal_year", "code"))
    if year.isdigit():
        lines = lines.filter(fiscal_year=int(year))
    return lines, year


@login_required
def budget_lines(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every line of the chosen year (or all years), with planned, committed, paid, available."""
    lines, year = listed_budget_lines(request)
    years = list(
        BudgetLine.objects.order_by("-fiscal_year").values_list("fiscal_year", flat=True).distinct()
    )
    rows = list(lines)
    by_year = [
        {"year": y, "lines": group, "sums": _sums(group)}
        for y, group in ((y, list(g)) for y, g in groupby(rows, key=lambda line: line.fiscal_year))
    ]
    return render(
        request,
        "funding/budget/list.html",
        {
            "years": years,
            "year": int(year) if year.isdigit() else None,
            "by_year": by_year,
            "sums": _sums(rows),
            "may_manage": access.may_manage_budget(request.user),
            "export_links": exports.export_links(request, "funding:budget_export"),
        },
    )


@login_required
def budget_export(request: AuthenticatedHttpRequest, fmt: str) -> HttpResponseBase:
    """The lines as the page lists them, as CSV or XLSX."""
    lines, _year = listed_budget_lines(request)
    return exports.export(
        request,
        lines,
        funding_exports.BUDGET_COLUMNS,
        fmt=fmt,
        filename="haushaltsstellen",
        title=gettext_lazy("Budget lines"),
        subject=BudgetLine,
        back=reverse("funding:budget"),
    )


@login_required
def budget_line_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.may_manage_budget(request.user):
        raise Http404
    form = BudgetLineForm(
        request.POST or None, initial={"fiscal_year": timezone.localdate().year + 1}
    )
    if request.method == "POST" and form.is_valid():
        try:
            line = services.add_budget_line(by=request.user, **form.cleaned_data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The budget line is added."))
            return redirect(reverse("funding:budget_line", args=[line.pk]))
    return render(request, "funding/budget/line_form.html", {"form": form})


@login_required
def budget_line(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One line: the commitments and payments charged to it, the receivables booked on it; the
    ministry may change the plan."""
    _require_budget_reader(request)
    line = get_object_or_404(with_receivables(BudgetLine.objects.all()), pk=pk)
    may_manage = access.may_manage_budget(request.user)
    form = PlannedForm(request.POST or None, initial={"planned": line.planned})
    if request.method == "POST":
        if not may_manage:
            raise Http404
        if form.is_valid():
            try:
                services.change_planned(line, by=request.user, planned=form.cleaned_data["planned"])
            except ValidationError as e:
                add_service_errors(form, e)
            else:
                messages.success(request, _("The planned amount is saved."))
                return redirect(reverse("funding:budget_line", args=[line.pk]))
    commitments = line.commitments.select_related(
        "decision", "decision__application", "decision__application__centre"
    ).order_by("created_at", "pk")
    payments = line.payments.select_related("application", "application__centre").order_by(
        "decided_at", "pk"
    )
    return render(
        request,
        "funding/budget/line.html",
        {
            "line": line,
            "commitments": commitments,
            "payments": payments,
            "receivables": Receivable.objects.for_listing()
            .filter(budget_line=line)
            .order_by("booked_at", "pk"),
            "today": timezone.localdate(),
            "form": form if may_manage else None,
            # the officer's way to the requests of the year that wait for release
            "pending_payments": Payment.objects.filter(
                status=PaymentStatus.REQUESTED, fiscal_year=line.fiscal_year
            ).count()
            if access.may_review(request.user)
            else None,
        },
    )


@login_required
def planning_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """'If all 54 KIs receive full funding under version X, what does year Y cost?'"""
    _require_budget_reader(request)
    today = timezone.localdate()
    default_year = today.year + 1
    in_force = Guideline.objects.in_force_on(today.replace(year=default_year, month=1, day=1))
    default_version = in_force.first() or Guideline.objects.order_by("-valid_from").first()
    form = PlanningForm(
        request.GET or None,
        initial={
            "guideline": default_version.code if default_version else None,
            "year": default_year,
        },
    )
    if request.GET:
        if not form.is_valid():
            return render(request, "funding/budget/planning.html", {"form": form})
        version, year = form.cleaned_data["guideline"], form.cleaned_data["year"]
    elif default_version is None:
        return render(request, "funding/budget/planning.html", {"form": form})
    else:
        version, year = default_version, default_year
    version = Guideline.objects.prefetch_related("position_groups").get(pk=version.pk)
    grantees = [
        planning.GranteeRef(g.key, g.name, g.kind)
        for g in Grantee.objects.order_by("key").only("key", "name", "kind")
    ]
    funding = planning.full_funding(grantees, version.to_data(), year)
    sums = BudgetLine.objects.filter(fiscal_year=year, purpose=BudgetPurpose.CENTRES).aggregate(
        planned=Sum("planned"), committed=Sum("committed"), paid=Sum("paid")
    )
    figures = planning.BudgetFigures(**{k: v or ZERO for k, v in sums.items()})
    return render(
        request,
        "funding/budget/planning.html",
        {
            "form": form,
            "version": version,
            "year": year,
            "funding": funding,
            "kinds": [(DistrictKind(k.kind).label, k) for k in funding.kinds],
            "comparison": planning.compare(funding, figures),
        },
    )
