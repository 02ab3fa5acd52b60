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
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from teilhabe.accounts.auth import AuthenticatedHttpRequest
from teilhabe.core import roles
from teilhabe.core.forms import run_service
from teilhabe.funding import access, computation
from teilhabe.funding.forms.review import (
    AmountsForm,
    ConditionFilterForm,
    FulfilForm,
    adding_condition_row,
    condition_formset,
    conditions_from,
)
from teilhabe.funding.models import Decision
from teilhabe.funding.services import review as services
from teilhabe.funding.views.payments import payment_links

logger = logging.getLogger(__name__)


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
