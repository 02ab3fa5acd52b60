"""The public pages of the proofs of use: the interest calculator beside the grant calculator
(`/nachweise/zinsrechner/`, on `api.compute`, like `POST /api/v1/proofs/interest`) and the
base-rate table (`/nachweise/basiszinssatz/`)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from teilhabe.core import money
from teilhabe.core.forms import run_service

from . import access, interest, services
from .api import compute
from .forms import BaseRateForm, InterestForm
from .models import BaseRate


def interest_calculator(request: HttpRequest) -> HttpResponse:
    form = InterestForm(request.POST if request.method == "POST" else None)
    result = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            result, errors = compute(
                form.cleaned_data["amount"], form.cleaned_data["start"], form.cleaned_data["until"]
            )
            _show(errors, form)
        if form.errors:
            status = 422
    return render(
        request,
        "proofs/interest_calculator.html",
        {"form": form, "result": result, "citation": interest.CITATION},
        status=status,
    )


def _show(errors: list[dict[str, Any]], form: InterestForm) -> None:
    """Put the API's errors ("from", "until", "amount") on the fields they are about."""
    for e in errors:
        form.add_error(InterestForm.API_FIELDS.get(e["field"] or ""), e["message"])


def base_rates(request: HttpRequest) -> HttpResponse:
    """Every rate with the days it holds for: until the day before the next entry, the last one
    for its own half-year (one query)."""
    rates = list(BaseRate.objects.order_by("valid_from"))
    rows = [
        (
            rate,
            nxt.valid_from - timedelta(days=1) if nxt else interest.half_year_end(rate.valid_from),
        )
        for rate, nxt in zip(rates, [*rates[1:], None] if rates else [], strict=True)
    ]
    return render(
        request,
        "proofs/base_rates.html",
        {
            "rows": rows[::-1],
            "covered_until": rows[-1][1] if rows else None,
            "may_add": access.may_keep_base_rates(request.user),
        },
    )


@login_required
def base_rate_add(request: HttpRequest) -> HttpResponse:
    """The ministry enters a new half-year's rate; everyone else gets 404."""
    if not access.may_keep_base_rates(request.user):
        raise Http404
    form = BaseRateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        row = run_service(
            form,
            lambda: services.add_base_rate(
                by=request.user,  # type: ignore[arg-type]
                valid_from=data["valid_from"],
                rate=money.german_to_plain(data["rate"], "rate"),
                source=data["source"],
            ),
        )
        if row is not None:
            messages.success(
                request,
                _("The base rate from %(day)s is entered.")
                % {"day": row.valid_from.strftime("%d.%m.%Y")},
            )
            return redirect("proofs:base_rates")
    return render(request, "proofs/base_rate_form.html", {"form": form})
