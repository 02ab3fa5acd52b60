"""Decisions (details, the stored PDF, amendment) and conditions as the KI's tasks."""

from __future__ import annotations

import hashlib
import logging
from io import BytesIO
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from teilhabe.accounts.auth import AuthenticatedHttpRequest
from teilhabe.centres.models import Centre
from teilhabe.core import exports, roles
from teilhabe.core.forms import run_service
from teilhabe.core.registry import registry
from teilhabe.funding import access, computation
from teilhabe.funding import exports as funding_exports
from teilhabe.funding.forms.review import (
    AmountsForm,
    ConditionFilterForm,
    FulfilForm,
    adding_condition_row,
    condition_formset,
    conditions_from,
)
from teilhabe.funding.models import Decision
from teilhabe.funding.models.decisions import DecisionQuerySet
from teilhabe.funding.services import review as services
from teilhabe.funding.views.payments import payment_links

logger = logging.getLogger(__name__)


def _number(value: str, digits: int) -> int | None:
    """A filter's whole number (?year=2026, ?centre=12); anything else is no filter."""
    return int(value) if value.isdigit() and len(value) <= digits else None


def listed_decisions(request: HttpRequest) -> tuple[DecisionQuerySet, int | None, int | None]:
    """The decisions the user may see, newest first, filtered by a covered funding year and
    (state-wide readers) a KI; 404 for whom the funding pages are not."""
    if access.funding_scope(request.user) is None:
        raise Http404
    year = _number(request.GET.get("year", ""), 4)
    centre = None
    if roles.role_of(request.user) in access.FUNDING_READ_ALL_ROLES:
        centre = _number(request.GET.get("centre", ""), 18)
    return access.decisions_listed(request.user, year=year, centre=centre), year, centre


@login_required
def decision_list(request: HttpRequest) -> HttpResponse:
    decisions, year, centre = listed_decisions(request)
    statewide = roles.role_of(request.user) in access.FUNDING_READ_ALL_ROLES
    page = Paginator(decisions, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "funding/decisions/list.html",
        {
            "page": page,
            "year": "" if year is None else str(year),
            "centre": centre,
            "centres": Centre.objects.order_by("name").only("pk", "name") if statewide else None,
            "export_links": exports.export_links(request, "funding:decisions_export"),
        },
    )


@login_required
def decision_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """The decisions as filtered on the page, as CSV or XLSX (`funding.exports`)."""
    decisions, _year, _centre = listed_decisions(request)
    return exports.export(
        request,
        decisions,
        funding_exports.decision_columns(),
        fmt=fmt,
        filename="bescheide",
        title=gettext_lazy("Decisions"),
        subject=Decision,
        back=reverse("funding:decisions"),
    )


@login_required
def decision(request: HttpRequest, pk: int) -> HttpResponse:
    row = access.decision_for(request.user, pk)
    row = (
        Decision.objects.select_related(
            "application__centre__grantee", "amends", "proposed_by", "signed_by", "guideline"
        )
        .prefetch_related("conditions", "amended_by", "amounts")
        .get(pk=row.pk)
    )
    in_force = services.decision_in_force(row.application)
    today = timezone.localdate()
    return render(
        request,
        "funding/decisions/detail.html",
        {
            "decision": row,
            "amounts": list(row.amounts_by_year.items()),
            "conditions": [(c, c.status(today)) for c in row.conditions.all()],
            "in_force": in_force,
            "may_amend": access.may_review(request.user)
            and in_force is not None
            and in_force.pk == row.pk
            and row.kind != "rejection"
            and not row.application.proposals.filter(status="pending").exists(),
            **payment_links(request.user, row.application, row),
            # what is claimed back from this decision (booked by repayment decisions)
            "receivables": list(row.receivables.order_by("booked_at", "pk")),
            # what the apps above add (the proofs of use and repayments of its years)
            "panels": registry.panels_for_decision(request.user, row),
        },
    )


@login_required
def decision_pdf(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The stored PDF, only if its checksum still matches the one recorded at issue."""
    row = access.decision_for(request.user, pk)
    try:
        with row.pdf.open("rb") as f:
            content = f.read()
    except OSError:
        logger.error("decision %s: the PDF %s is missing", row.pk, row.pdf.name)
        return render(request, "500.html", status=500)
    if hashlib.sha256(content).hexdigest() != row.pdf_sha256:
        logger.error(
            "decision %s: the stored PDF %s does not match its checksum", row.pk, row.pdf.name
        )
        return render(request, "500.html", status=500)
    filename = f"Bescheid-{row.number.replace('/', '-')}.pdf"
    return FileResponse(
        BytesIO(content), as_attachment=True, filename=filename, content_type="application/pdf"
    )


@login_required
def amendment(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    if not access.may_review(request.user):
        raise Http404
    row = access.decision_for(request.user, pk)
    application = row.application
    current = {y: row.amount_for(y) for y in application.years}
    data = request.POST if request.method == "POST" else None
    adding = adding_condition_row(data)
    form = AmountsForm(
        None if adding else data,
        years=application.years,
        initial_amounts=current,
        initial=data.dict() if adding and data is not None else None,
    )
    formset = condition_formset(data)
    proposed = (
        data is not None
        and not adding
        and form.is_valid()
        and formset.is_valid()
        and run_service(
            form,
            lambda: services.propose_amendment(
                row,
                by=request.user,
                amounts=form.amounts(),
                reasons=form.cleaned_data["reasons"],
                conditions=conditions_from(formset),
            ),
        )
    )
    if proposed:
        messages.success(request, _("The amendment awaits the second signature."))
        return redirect(row)
    results = computation.compute(application)
    return render(
        request,
        "funding/decisions/amendment.html",
        {
            "decision": row,
            "application": application,
            "form": form,
            "formset": formset,
            "results": results,
        },
    )


def _conditions_page(
    request: HttpRequest,
    *,
    fulfil_form: Any = None,
    failed_pk: int | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    if access.funding_scope(user) is None:
        raise Http404
    filters = ConditionFilterForm(request.GET or None)
    state = filters.cleaned_data.get("state") if filters.is_valid() else ""
    state = state or "open"
    today = timezone.localdate()
    rows = access.conditions_visible_to(user).select_related(
        "decision__application__centre__grantee", "fulfilled_by"
    )
    if state == "open":
        rows = rows.unfulfilled()
    elif state == "overdue":
        rows = rows.overdue(today)
    rows = rows.order_by("due_date", "pk")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "funding/decisions/conditions.html",
        {
            "page": page,
            "rows": [
                (
                    c,
                    c.status(today),
                    fulfil_form if c.pk == failed_pk else FulfilForm(prefix=f"c{c.pk}"),
                )
                for c in page.object_list
            ],
            "filters": filters,
            "state": state,
            "may_fulfil_any": roles.role_of(user) in roles.CENTRE_ROLES,
        },
        status=status,
    )


@login_required
def conditions(request: HttpRequest) -> HttpResponse:
    return _conditions_page(request)


@login_required
@require_POST
def condition_fulfil(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    condition = access.conditions_visible_to(request.user).filter(pk=pk).first()
    if condition is None or not roles.is_centre_member(
        request.user, condition.decision.application.centre_id
    ):
        raise Http404
    form = FulfilForm(request.POST, prefix=f"c{condition.pk}")
    if (
        form.is_valid()
        and run_service(
            form,
            lambda: services.fulfil_condition(
                condition, by=request.user, note=form.cleaned_data["note"]
            ),
        )
        is not None
    ):
        messages.success(request, _("The condition is reported as fulfilled."))
        return redirect("funding:conditions")
    return _conditions_page(request, fulfil_form=form, failed_pk=condition.pk)
