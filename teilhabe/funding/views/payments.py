"""The payment ledger of an application, the KI lead's request, the grant officer's decision.

The ledger is seen by whoever sees the application (`access.application_for`: the KI's own
staff and lead, the grant authority, the ministry, the coordination office); the others get 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from teilhabe.accounts.auth import AuthenticatedHttpRequest
from teilhabe.core.forms import add_service_errors
from teilhabe.funding import access
from teilhabe.funding.forms.budget import PaymentRequestForm, RefuseForm
from teilhabe.funding.models import Application, ApplicationStatus, Payment, PaymentStatus
from teilhabe.funding.services import payments as services


def _ledger_url(application_pk: int) -> str:
    return reverse("funding:payments", args=[application_pk])


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
        },
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


@login_required
@require_POST
def payment_release(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    payment = _payment_for_decision(request, pk)
    try:
        services.release_payment(payment, by=request.user)
    except ValidationError as e:
        for message in e.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The payment is released. The KI is told."))
    return redirect(_ledger_url(payment.application_id))


@login_required
def payment_refuse(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    payment = _payment_for_decision(request, pk)
    if payment.status != PaymentStatus.REQUESTED:
        messages.info(request, _("This payment has already been decided."))
        return redirect(_ledger_url(payment.application_id))
    form = RefuseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.refuse_payment(payment, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The payment is refused. The KI is told why."))
            return redirect(_ledger_url(payment.application_id))
    return render(request, "funding/payments/refuse.html", {"payment": payment, "form": form})
