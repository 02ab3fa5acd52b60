"""Pages of the repayment decisions: the list (grant authority, ministry), a new one from a
decision, the repayment page (amounts, interest segments, receipts), signing and returning
(approver), recording a receipt (officer), the stored PDF. Reads through `access`, writes
through `repayment_services`; whoever may not gets 404."""

from __future__ import annotations

import hashlib
import logging
from datetime import date
from io import BytesIO

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.accounts.auth import AuthenticatedHttpRequest
from teilhabe.core import money
from teilhabe.core.forms import add_service_errors, run_service
from teilhabe.funding import access as funding_access

from . import access, check_pdf, interest, repayment, repayment_start, use_access
from . import repayment_services as services
from .models import BaseRate
from .repayment_forms import ReceiptForm, RepaymentForm, ReturnForm
from .repayment_models import Repayment, RepaymentStatus
from .use_models import ProofCheck

logger = logging.getLogger(__name__)


@login_required
def repayment_list(request: HttpRequest) -> HttpResponse:
    if not access.may_see_repayments(request.user):
        raise Http404
    rows = list(access.repayments_visible_to(request.user).for_listing()[:200])
    awaiting = (
        [(c, repayment_start.propose_url(c)) for c in repayment_start.awaiting_repayment()]
        if access.may_propose_repayment(request.user)
        else []
    )
    return render(
        request,
        "proofs/repayment_list.html",
        {
            "rows": rows,
            "awaiting": awaiting,
            "may_propose": access.may_propose_repayment(request.user),
        },
    )


def _check_for(request: HttpRequest) -> ProofCheck | None:
    """The check named by `?check=<pk>`, through the proofs the user may see; 404 otherwise."""
    pk = request.GET.get("check", "")
    if not pk:
        return None
    if not pk.isdigit() or len(pk) > 18:
        raise Http404
    proof = use_access.proofs_visible_to(request.user).filter(proof_check__pk=int(pk)).first()
    if proof is None:
        raise Http404
    return proof.proof_check


@login_required
def repayment_new(request: AuthenticatedHttpRequest, decision_pk: int) -> HttpResponse:
    """The officer proposes a repayment for a year of the decision: from the check of the proof
    of use (`?check=<pk>`: the year, the eligible amount and the reasons are the check's, the
    amount shown read-only), or for another cause with the eligible amount typed."""
    if not access.may_propose_repayment(request.user):
        raise Http404
    decision = funding_access.decision_for(request.user, decision_pk)
    check = _check_for(request)
    years = list(decision.application.years)
    year = int(request.GET.get("year", "")) if request.GET.get("year", "").isdigit() else years[0]
    year = year if year in years else years[0]
    refusal = services.check_refusal(check, decision) if check is not None else None
    initial: dict[str, object] = {"due_days": 30}
    if check is not None:
        assert check.eligible_amount is not None or refusal is not None
        year = check.proof.year if check.proof.year in years else year
        initial |= {
            "eligible": money.german(check.eligible_amount)
            if check.eligible_amount is not None
            else "",
            "reasons": check.reasons,
        }
    initial |= {
        "fiscal_year": year,
        "ineffective_on": services.default_ineffective_on(decision, year),
    }
    form = RepaymentForm(
        request.POST or None, years=years, initial=initial, from_check=check is not None
    )
    if request.method == "POST" and refusal is None and form.is_valid():
        data = form.cleaned_data
        late = None
        if data["include_late"]:
            late = services.LateUseInput(
                amount=data["late_amount"],
                paid_on=data["late_paid_on"],
                used_on=data["late_used_on"],
                permitted_days=data["late_permitted_days"]
                if data["late_permitted_days"] is not None
                else repayment.two_months_days(data["late_paid_on"]),
            )
        row = run_service(
            form,
            lambda: services.propose_repayment(
                decision,
                by=request.user,
                fiscal_year=None if check is not None else data["fiscal_year"],
                eligible=None if check is not None else data["eligible"],
                ineffective_on=data["ineffective_on"],
                reasons=data["reasons"],
                due_days=data["due_days"],
                late=late,
                check=check,
            ),
        )
        if row is not None:
            messages.success(request, _("The repayment is proposed for the second signature."))
            return redirect(row)
    return render(
        request,
        "proofs/repayment_form.html",
        {
            "form": form,
            "decision": decision,
            "check": check,
            "check_number": check_pdf.note_number(check) if check is not None else "",
            "refusal": " ".join(refusal.messages) if refusal is not None else "",
            "paid": {y: services.paid_for(decision, y) for y in years},
        },
        status=422 if form.errors or (refusal is not None and request.method == "POST") else 200,
    )


def _interest_view(row: Repayment) -> tuple[repayment.Schedule | None, str]:
    """The interest as it stands today: the periods booked with each receipt and what accrues
    on the open principal (until today, or the last day the table covers)."""
    rates = BaseRate.objects.as_rates()
    receivable = row.receivable
    receipts = list(receivable.receipts.order_by("received_on", "pk")) if receivable else []
    today = timezone.localdate()
    covered = interest.covered_until(rates)
    until = min(today, covered) if covered else None
    try:
        plan = repayment.schedule(
            row.principal,
            row.ineffective_on,
            [(r.received_on, r.amount) for r in receipts],
            rates,
            until=until,
            interest_due=row.late_interest,
        )
    except ValidationError as e:
        return None, " ".join(e.messages)
    return plan, ""


def rates_end(row: Repayment) -> date | None:
    """The last day the base-rate table covers, where interest on this repayment still runs
    beyond it (today is later and principal is open): the page says that the interest is shown
    up to that day and runs on until the ministry enters the next base rate. None otherwise."""
    covered = interest.covered_until(BaseRate.objects.as_rates())
    receivable = row.receivable
    if covered is None or covered >= timezone.localdate() or row.status == RepaymentStatus.RETURNED:
        return None
    if receivable is not None and receivable.principal_open <= 0:
        return None
    return covered


@login_required
def repayment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    row = access.repayment_for(request.user, pk)
    plan, problem = _interest_view(row)
    receivable = row.receivable
    return render(
        request,
        "proofs/repayment_detail.html",
        {
            "row": row,
            "plan": plan,
            "interest_problem": problem,
            "receivable": receivable,
            "receipts": list(receivable.receipts.select_related("recorded_by"))
            if receivable
            else [],
            "may_sign": access.may_sign_repayment(request.user)
            and row.status == RepaymentStatus.PROPOSED,
            "may_record": access.may_propose_repayment(request.user)
            and row.status == RepaymentStatus.SIGNED
            and receivable is not None
            and receivable.status != "settled",
            "today": timezone.localdate(),
            "rates_end": rates_end(row),
            "may_list": access.may_see_repayments(request.user),
        },
    )


@login_required
def repayment_sign(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The approver signs or returns; the proposer sees why he cannot."""
    if not access.may_sign_repayment(request.user):
        raise Http404
    row = access.repayment_for(request.user, pk)
    form = ReturnForm(request.POST or None)
    refusal = ""
    if row.proposed_by_id == request.user.pk:
        refusal = _("You proposed this repayment; a second person must sign or return it.")
    elif row.status != RepaymentStatus.PROPOSED:
        refusal = _("This repayment is no longer awaiting a signature.")
    if request.method == "POST" and form.is_valid():
        if request.POST.get("action") == "return":
            if run_service(
                form,
                lambda: services.return_repayment(
                    row, by=request.user, reason=form.cleaned_data["reason"]
                ),
            ):
                messages.success(request, _("The repayment is returned to the grant officer."))
                return redirect(row)
        else:
            try:
                services.sign_repayment(row, by=request.user)
            except ValidationError as e:
                add_service_errors(form, e)
            else:
                messages.success(request, _("The repayment decision is signed and booked."))
                return redirect(row)
    plan, problem = _interest_view(row)
    return render(
        request,
        "proofs/repayment_sign.html",
        {
            "row": row,
            "form": form,
            "refusal": refusal,
            "plan": plan,
            "problem": problem,
            "rates_end": rates_end(row),
        },
        status=422 if form.errors else 200,
    )


@login_required
def repayment_receipt(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The officer records what the KI paid; the interest to that day is booked with it."""
    if not access.may_propose_repayment(request.user):
        raise Http404
    row = access.repayment_for(request.user, pk)
    if row.status != RepaymentStatus.SIGNED:
        raise Http404
    form = ReceiptForm(request.POST or None, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        receipt = run_service(
            form,
            lambda: services.record_repayment_receipt(
                row,
                by=request.user,
                received_on=data["received_on"],
                amount=data["amount"],
                note=data["note"],
            ),
        )
        if receipt is not None:
            messages.success(request, _("The receipt is recorded."))
            return redirect(row)
    return render(
        request,
        "proofs/repayment_receipt.html",
        {"row": row, "form": form, "receivable": row.receivable, "rates_end": rates_end(row)},
        status=422 if form.errors else 200,
    )


@login_required
def repayment_pdf(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The stored PDF, only if its checksum still matches the one recorded at signing."""
    row = access.repayment_for(request.user, pk)
    if row.status != RepaymentStatus.SIGNED:
        raise Http404
    try:
        with row.pdf.open("rb") as f:
            content = f.read()
    except OSError:
        logger.error("repayment %s: the PDF %s is missing", row.pk, row.pdf.name)
        return render(request, "500.html", status=500)
    if hashlib.sha256(content).hexdigest() != row.pdf_sha256:
        logger.error("repayment %s: the PDF does not match its checksum", row.pk)
        return render(request, "500.html", status=500)
    return FileResponse(
        BytesIO(content),
        content_type="application/pdf",
        filename=f"Rueckforderung-{row.number.replace('/', '-')}.pdf",
    )
