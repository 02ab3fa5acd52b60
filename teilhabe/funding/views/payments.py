"""The payment ledger of an application, the KI lead's request, the grant officer's decision.

The ledger is seen by whoever sees the application (`access.application_for`: the KI's own
staff and lead, the grant authority, the ministry, the coordination office); the others get 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teilhabe.accounts.auth import AuthenticatedHttpRequest
from teilhabe.core import exports
from teilhabe.core.forms import add_service_errors
from teilhabe.core.roles import AnyUser
from teilhabe.funding import access
from teilhabe.funding import exports as funding_exports
from teilhabe.funding.forms.budget import PaymentRequestForm, RefuseForm
from teilhabe.funding.models import (
    Application,
    ApplicationStatus,
    Decision,
    Payment,
    PaymentStatus,
)
from teilhabe.funding.services import payments as services


def _ledger_url(application_pk: int) -> str:
    return reverse("funding:payments", args=[application_pk])


def _back_url(request: HttpRequest, payment: Payment) -> str:
    """Where a decision returns to: the queue if the officer came from there, else the ledger
    (a fixed choice, never a URL from the request)."""
    if (request.POST.get("back") or request.GET.get("back")) == "queue":
        return reverse("funding:payment_queue")
    return _ledger_url(payment.application_id)


def payment_links(
    user: AnyUser, application: Application, decision: Decision | None = None
) -> dict[str, Any]:
    """The payment links on an application's or a decision's page: the ledger for whoever sees
    an approved application, "request a payment" for the KI lead while something is open (on a
    decision's page only the decision in force offers it)."""
    if application.status != ApplicationStatus.APPROVED:
        return {"payments_url": None, "payment_request_url": None}
    request_url = None
    if access.may_request_payment(user, application.centre_id):
        ledger = services.ledger(application)
        in_force = decision is None or (
            ledger.decision is not None and ledger.decision.pk == decision.pk
        )
        if in_force and ledger.open > 0:
            request_url = reverse("funding:payment_request", args=[application.pk])
    return {"payments_url": _ledger_url(application.pk), "payment_request_url": request_url}


def _request_form(
    application: Application, ledger: services.Ledger, data: QueryDict | None = None
) -> PaymentRequestForm:
    years = [y.year for y in ledger.years if y.granted > 0]
    return PaymentRequestForm(data, years=years, initial={"year": years[0] if years else None})


def _may_request(request: HttpRequest, application: Application) -> bool:
    return (
        access.may_request_payment(request.user, application.centre_id)
        and application.status == ApplicationStatus.APPROVED
    )


@login_required
def payment_ledger(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = access.application_for(request.user, pk)
    ledger = services.ledger(application)
    may_request = _may_request(request, application) and ledger.open > 0
    return render(
        request,
        "funding/payments/ledger.html",
        {
            "application": application,
            "ledger": ledger,
            "form": _request_form(application, ledger) if may_request else None,
            "may_decide": access.may_review(request.user),
            "export_links": exports.export_links(request, "funding:payments_export", pk=pk)
            if any(year.payments for year in ledger.years)
            else None,
        },
    )


@login_required
def payment_ledger_export(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> HttpResponseBase:
    """Every payment of the ledger, by year as the page lists them, as CSV or XLSX."""
    application = access.application_for(request.user, pk)
    payments = [p for year in services.ledger(application).years for p in year.payments]
    return exports.export(
        request,
        payments,
        funding_exports.payment_columns(),
        fmt=fmt,
        filename=f"zahlungen-antrag-{application.pk}",
        title=gettext_lazy("Payments"),
        subject=Payment,
        back=_ledger_url(application.pk),
    )


@login_required
def payment_request(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = access.application_for(request.user, pk)
    if not access.may_request_payment(request.user, application.centre_id):
        raise Http404
    ledger = services.ledger(application)
    form = _request_form(application, ledger, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_payment(application, by=request.user, **form.cleaned_data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The payment is requested. The grant authority is told."))
            return redirect(_ledger_url(application.pk))
    return render(
        request,
        "funding/payments/request.html",
        {"application": application, "ledger": ledger, "form": form},
    )


def _payment_for_decision(request: HttpRequest, pk: int) -> Payment:
    """A payment the grant officer may decide on; 404 for everyone else."""
    if not access.may_review(request.user):
        raise Http404
    return get_object_or_404(access.payments_visible_to(request.user), pk=pk)


def _queue_year(request: HttpRequest) -> int | None:
    """The year filter of the queue (?year=2026); anything that is no year is ignored."""
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and len(value) == 4 else None


def queued_payments(request: HttpRequest) -> tuple[QuerySet[Payment], int | None]:
    """The payment requests waiting for release, oldest first, of the chosen year; 404 for
    everyone but the grant officer."""
    if not access.may_review(request.user):
        raise Http404
    year = _queue_year(request)
    pending = (
        access.payments_visible_to(request.user)
        .filter(status=PaymentStatus.REQUESTED)
        .select_related("application__centre__grantee", "decision", "requested_by", "decided_by")
        .order_by("requested_at", "pk")
    )
    if year is not None:
        pending = pending.filter(fiscal_year=year)
    return pending, year


@login_required
def payment_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The grant officer's payment requests waiting for release, oldest first (one query)."""
    pending, year = queued_payments(request)
    return render(
        request,
        "funding/payments/queue.html",
        {
            "payments": list(pending),
            "year": year,
            "export_links": exports.export_links(request, "funding:payment_queue_export"),
        },
    )


@login_required
def payment_queue_export(request: AuthenticatedHttpRequest, fmt: str) -> HttpResponseBase:
    """The queue as the page shows it, as CSV or XLSX."""
    pending, _year = queued_payments(request)
    return exports.export(
        request,
        pending,
        funding_exports.payment_columns(),
        fmt=fmt,
        filename="zahlungsabrufe",
        title=gettext_lazy("Payment requests to decide"),
        subject=Payment,
        back=reverse("funding:payment_queue"),
    )


@login_required
def payment_release(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Release in two steps: GET (or a POST without `confirm=1`) shows what is paid to whom;
    only the confirming POST releases."""
    payment = _payment_for_decision(request, pk)
    back = _back_url(request, payment)
    if payment.status != PaymentStatus.REQUESTED:
        messages.info(request, _("This payment has already been decided."))
        return redirect(back)
    if request.method == "POST" and request.POST.get("confirm") == "1":
        try:
            services.release_payment(payment, by=request.user)
        except ValidationError as e:
            for message in e.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The payment is released. The KI is told."))
        return redirect(back)
    year = next(
        (y for y in services.ledger(payment.application).years if y.year == payment.fiscal_year),
        None,
    )
    return render(
        request,
        "funding/payments/release.html",
        {
            "payment": payment,
            "year": year,
            "back": "queue" if back == reverse("funding:payment_queue") else "",
            "back_url": back,
        },
    )


@login_required
def payment_refuse(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    payment = _payment_for_decision(request, pk)
    if payment.status != PaymentStatus.REQUESTED:
        messages.info(request, _("This payment has already been decided."))
        return redirect(_back_url(request, payment))
    form = RefuseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.refuse_payment(payment, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The payment is refused. The KI is told why."))
            return redirect(_back_url(request, payment))
    back = _back_url(request, payment)
    return render(
        request,
        "funding/payments/refuse.html",
        {
            "payment": payment,
            "form": form,
            "back": "queue" if back == reverse("funding:payment_queue") else "",
            "back_url": back,
        },
    )
