"""The proof of use's pages: the list (the KI's proofs due and started; the grant authority's
queue), a proof with its statement, report and check, the forms, and the stored check note."""

from __future__ import annotations

import hashlib
import logging
from io import BytesIO
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from teilhabe.accounts.auth import AuthenticatedHttpRequest
from teilhabe.core import money, roles
from teilhabe.core.forms import add_service_errors, run_service
from teilhabe.funding.decision_pdf import proof_of_use_due
from teilhabe.funding.models import Decision

from . import access, repayment_services, statement, use_access, use_services
from .use_forms import (
    ConcludeForm,
    FindingForm,
    PositionFormSet,
    ReceiptForm,
    ReportForm,
    SignForm,
    StatementForm,
    SubmitForm,
)
from .use_models import CheckResult, CheckStatus, ProofCheck, ProofOfUse, ProofStatus, Receipt

logger = logging.getLogger(__name__)
STATES = ("waiting", "open", "all")


@login_required
def use_list(request: HttpRequest) -> HttpResponse:
    if not use_access.may_see_proofs(request.user):
        raise Http404
    state = request.GET.get("state", "")
    state = (
        state if state in STATES else ("waiting" if use_access.may_check(request.user) else "all")
    )
    rows = use_access.proofs_visible_to(request.user).order_by("-year", "centre__name", "pk")
    if state == "waiting":
        rows = rows.filter(status__in=[ProofStatus.SUBMITTED, ProofStatus.IN_CHECK])
    elif state == "open":
        rows = rows.exclude(status=ProofStatus.CHECKED)
    proofs = list(rows[:200])
    today = timezone.localdate()
    return render(
        request,
        "proofs/use_list.html",
        {
            "rows": [
                (
                    p,
                    proof_of_use_due(p.year),
                    p.status == ProofStatus.DRAFT and proof_of_use_due(p.year) < today,
                )
                for p in proofs
            ],
            "to_start": statement.due_to_start(roles.centre_id_of(request.user), proofs),
            "state": state,
            "may_start": roles.role_of(request.user) in roles.CENTRE_ROLES,
        },
    )


@login_required
@require_POST
def use_start(request: AuthenticatedHttpRequest, decision_pk: int, year: int) -> HttpResponse:
    decision = get_object_or_404(Decision.objects.select_related("application"), pk=decision_pk)
    if not use_access.may_prepare(request.user, decision.application.centre_id):
        raise Http404
    try:
        proof = use_services.start_proof(decision, by=request.user, year=year)
    except ValidationError as e:  # a refusal: shown on the list
        messages.error(request, " ".join(e.messages))
        return redirect("proofs:uses")
    return redirect("proofs:use_statement", pk=proof.pk)


def _repayment_context(proof: ProofOfUse, check: ProofCheck | None, user: Any) -> dict[str, Any]:
    """For a signed partial revocation: the repayments that follow from it as far as `user` may
    see them (the grant authority and the ministry all, the KI its own once signed), and for the
    grant officer the link that proposes one while none is live."""
    revoked = (
        check is not None
        and check.status == CheckStatus.DONE
        and check.result == CheckResult.PARTIAL_REVOCATION
    )
    if not revoked:
        return {"repayments": [], "propose_repayment_url": "", "repayment_pending": False}
    assert check is not None
    rows = list(
        access.repayments_visible_to(user).filter(proof_check=check).order_by("-proposed_at", "-pk")
    )
    propose = (
        access.may_propose_repayment(user)
        and repayment_services.check_refusal(check, proof.decision) is None
    )
    url = reverse("proofs:repayment_new", args=[proof.decision_id]) + f"?check={check.pk}"
    return {
        "repayments": rows,
        "propose_repayment_url": url if propose else "",
        # Signed revocation, nothing yet to show: the KI learns who takes the next step.
        "repayment_pending": bool(check.repayable) and not rows and not propose,
    }


def _detail_context(proof: ProofOfUse, user: Any) -> dict[str, Any]:
    evaluation = statement.evaluate(proof) if proof.status != ProofStatus.DRAFT else None
    check = getattr(proof, "proof_check", None)
    return {
        **_repayment_context(proof, check, user),
        "proof": proof,
        "positions": list(proof.positions.order_by("order")),
        "conditions": [
            (c, (proof.condition_answers or {}).get(str(c.pk), ""))
            for c in proof.decision.conditions.all()
        ],
        "paid": statement.paid_in(proof.application, proof.year),
        "due": proof_of_use_due(proof.year),
        "evaluation": evaluation,
        "check": check,
        "may_edit": proof.is_editable and use_access.may_prepare(user, proof.centre_id),
        "may_sign": proof.is_editable and use_access.may_sign(user, proof.centre_id),
        "may_check": use_access.may_check(user) and proof.status != ProofStatus.DRAFT,
        "may_second": check is not None
        and check.status == CheckStatus.PROPOSED
        and use_access.may_sign_revocation(user),
    }


@login_required
def use_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proof = use_access.proof_for(request.user, pk)
    return render(request, "proofs/use_detail.html", _detail_context(proof, request.user))


def _editable_for(request: HttpRequest, pk: int) -> ProofOfUse:
    proof = use_access.proof_for(request.user, pk)
    if not use_access.may_prepare(request.user, proof.centre_id):
        raise Http404
    return proof


def _read_only(request: HttpRequest, proof: ProofOfUse, template: str) -> HttpResponse:
    """A submitted (or checked) proof's statement or report, shown as it stands: no form that
    could only fail to save (`not_editable`)."""
    return render(
        request,
        template,
        {**_detail_context(proof, request.user), "read_only": True},
    )


@login_required
def use_statement(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proof = _editable_for(request, pk)
    if request.method != "POST" and not proof.is_editable:
        return _read_only(request, proof, "proofs/use_statement.html")
    positions = list(proof.positions.order_by("order"))
    data = request.POST if request.method == "POST" else None
    form = StatementForm(
        data,
        initial={
            "lock_version": proof.lock_version,
            "interpreter_pool_actual": money.german(proof.interpreter_pool_actual),
            "teachers_actual": proof.teachers_actual,
        },
    )
    # The figures as the pages write them ("1,00", "82.000,00"); the fields read them back.
    formset = PositionFormSet(
        data,
        initial=[
            {
                "actual_fte": money.german(p.actual_fte),
                "months_filled": p.months_filled,
                "actual_cost": money.german(p.actual_cost),
            }
            for p in positions
        ],
    )
    if data is not None and form.is_valid() and formset.is_valid():
        saved = run_service(
            form,
            lambda: use_services.save_statement(
                proof,
                by=request.user,
                positions=[row.cleaned_data for row in formset],
                data={
                    k: form.cleaned_data[k] for k in ("interpreter_pool_actual", "teachers_actual")
                },
                expected_version=form.cleaned_data["lock_version"],
            ),
        )
        if saved is not None:
            messages.success(request, _("The numerical statement is saved."))
            return redirect(proof)
    return render(
        request,
        "proofs/use_statement.html",
        {
            "proof": proof,
            "form": form,
            "formset": formset,
            "rows": list(zip(positions, formset, strict=True)),
        },
        status=422 if data is not None else 200,
    )


@login_required
def use_report(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proof = _editable_for(request, pk)
    if request.method != "POST" and not proof.is_editable:
        return _read_only(request, proof, "proofs/use_report.html")
    conditions = list(proof.decision.conditions.all())
    answers = proof.condition_answers or {}
    form = ReportForm(
        request.POST if request.method == "POST" else None,
        conditions=conditions,
        initial={
            "lock_version": proof.lock_version,
            "report_education": proof.report_education,
            "report_cross_cutting": proof.report_cross_cutting,
            **{f"condition_{c.pk}": answers.get(str(c.pk), "") for c in conditions},
        },
    )
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form,
            lambda: use_services.save_report(
                proof,
                by=request.user,
                report_education=form.cleaned_data["report_education"],
                report_cross_cutting=form.cleaned_data["report_cross_cutting"],
                condition_answers=form.answers(),
                expected_version=form.cleaned_data["lock_version"],
            ),
        )
        if saved is not None:
            messages.success(request, _("The narrative report is saved."))
            return redirect(proof)
    return render(
        request,
        "proofs/use_report.html",
        {
            "proof": proof,
            "form": form,
            "work_plans": (
                proof.application.work_plan_education,
                proof.application.work_plan_cross_cutting,
            ),
            "figures": statement.controlling_figures(proof.centre_id, proof.year),
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
def use_submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proof = _editable_for(request, pk)
    form = SubmitForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: use_services.submit_proof(
                proof, by=request.user, signed=form.cleaned_data["signed"]
            ),
        )
        if done is not None:
            messages.success(request, _("The proof of use is signed and submitted."))
            return redirect(proof)
    return render(
        request,
        "proofs/use_submit.html",
        {
            "proof": proof,
            "form": form,
            "problems": use_services.submission_problems(proof),
            "may_sign": use_access.may_sign(request.user, proof.centre_id),
        },
        status=422 if request.method == "POST" else 200,
    )


def _check_page(request: HttpRequest, proof: ProofOfUse, **forms: Any) -> HttpResponse:
    check = getattr(proof, "proof_check", None)
    context = _detail_context(proof, request.user)
    ineligible = use_services._ineligible(check) if check is not None else None
    if check is not None and ineligible:
        context["evaluation"] = statement.evaluate(proof, ineligible=ineligible)
    receipts = list(check.receipts.order_by("number")) if check is not None else []
    return render(
        request,
        "proofs/use_check.html",
        {
            **context,
            "receipts": receipts,
            "receipt_form": forms.get("receipt_form") or ReceiptForm(),
            "finding_form": forms.get("finding_form"),
            "conclude_form": forms.get("conclude_form")
            or ConcludeForm(initial={"lock_version": check.lock_version if check else 1}),
        },
        status=422 if forms else 200,
    )


@login_required
def use_check(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    if not use_access.may_check(request.user):
        raise Http404
    proof = use_access.proof_for(request.user, pk)
    if request.method != "POST":
        return _check_page(request, proof)
    action = request.POST.get("action", "")
    check = ProofCheck.objects.filter(proof=proof).first()
    form: forms.Form
    try:
        if action == "start":
            use_services.start_check(proof, by=request.user)
        elif check is None:
            raise Http404
        elif action == "receipt":
            form = ReceiptForm(request.POST)
            if not form.is_valid():
                return _check_page(request, proof, receipt_form=form)
            data = form.cleaned_data
            use_services.add_receipt(
                check,
                by=request.user,
                day=data["day"],
                payee=data["payee"],
                amount=data["amount"],
                category=data["category"],
            )
        elif action == "sample":
            use_services.draw_sample(check, by=request.user)
        elif action == "finding":
            form = FindingForm(request.POST)
            if not form.is_valid():
                return _check_page(request, proof, finding_form=form)
            receipt = get_object_or_404(Receipt, pk=form.cleaned_data["receipt"], proof_check=check)
            use_services.record_finding(
                receipt,
                by=request.user,
                verdict=form.cleaned_data["verdict"],
                ineligible_amount=form.cleaned_data["ineligible_amount"] or "0",
                note=form.cleaned_data["note"],
            )
        elif action == "conclude":
            form = ConcludeForm(request.POST)
            if (
                not form.is_valid()
                or run_service(
                    form,
                    lambda: use_services.conclude_check(
                        check,
                        by=request.user,
                        reasons=form.cleaned_data["reasons"],
                        expected_version=form.cleaned_data["lock_version"],
                    ),
                )
                is None
            ):
                return _check_page(request, proof, conclude_form=form)
            messages.success(request, _("The check is concluded."))
            return redirect(proof)
        else:
            raise Http404
    except ValidationError as e:
        form = ReceiptForm(request.POST) if action == "receipt" else ConcludeForm(request.POST)
        form.is_valid()
        add_service_errors(form, e)
        key = "receipt_form" if action == "receipt" else "conclude_form"
        return _check_page(request, proof, **{key: form})
    return redirect("proofs:use_check", pk=proof.pk)


@login_required
def use_sign(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    if not use_access.may_sign_revocation(request.user):
        raise Http404
    proof = use_access.proof_for(request.user, pk)
    check = get_object_or_404(ProofCheck, proof=proof)
    form = SignForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        returning = request.POST.get("action") == "return"
        done = run_service(
            form,
            lambda: (
                use_services.return_revocation(
                    check, by=request.user, reason=form.cleaned_data["reason"]
                )
                if returning
                else use_services.sign_revocation(check, by=request.user)
            ),
        )
        if done is not None:
            messages.success(
                request,
                _("The revocation is returned to the grant officer.")
                if returning
                else _("The partial revocation is signed; the check note is issued."),
            )
            return redirect(proof)
    return render(
        request,
        "proofs/use_sign.html",
        {**_detail_context(proof, request.user), "form": form},
        status=422 if request.method == "POST" else 200,
    )


@login_required
def use_note(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The stored check note, only if its checksum still matches the one recorded."""
    proof = use_access.proof_for(request.user, pk)
    check = getattr(proof, "proof_check", None)
    if check is None or not check.has_note:
        raise Http404
    try:
        with check.note_pdf.open("rb") as f:
            content = f.read()
    except OSError:
        logger.error("check %s: the note %s is missing", check.pk, check.note_pdf.name)
        return render(request, "500.html", status=500)
    if hashlib.sha256(content).hexdigest() != check.note_sha256:
        logger.error(
            "check %s: the note %s does not match its checksum", check.pk, check.note_pdf.name
        )
        return render(request, "500.html", status=500)
    return FileResponse(
        BytesIO(content),
        as_attachment=True,
        filename=f"Pruefvermerk-{proof.centre.grantee.key}-{proof.year}.pdf",
        content_type="application/pdf",
    )
