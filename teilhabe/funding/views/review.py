"""The grant authority's screens: review, information request, proposal, the approvers' inbox and
the second signature. Thin: reads through `access`, writes through `services.review`; only the
grant officer (review, request, propose) and the approver (sign, return) get these pages, anyone
else a 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.accounts.auth import AuthenticatedHttpRequest
from teilhabe.core import roles
from teilhabe.core.forms import run_service
from teilhabe.funding import access, budget_check, computation
from teilhabe.funding.checklist import State
from teilhabe.funding.forms.review import (
    InformationRequestForm,
    ProposalForm,
    ReturnForm,
    ReviewForm,
    adding_condition_row,
    condition_formset,
    conditions_from,
)
from teilhabe.funding.models import (
    Application,
    ApplicationStatus,
    Condition,
    Proposal,
    ProposalKind,
    ProposalStatus,
)
from teilhabe.funding.services import budget
from teilhabe.funding.services import review as services


def _officer_application(request: HttpRequest, pk: int) -> Application:
    if not access.may_review(request.user):
        raise Http404
    return access.application_for(request.user, pk)


def pending_proposals(user: Any) -> QuerySet[Proposal]:
    """Proposals awaiting a second signature that `user` may see (approvers all, officers own)."""
    visible = access.applications_visible_to(user)
    proposals = (
        Proposal.objects.filter(status=ProposalStatus.PENDING, application__in=visible)
        .with_total()
        .select_related(
            "application",
            "application__centre",
            "application__centre__grantee",
            "proposed_by",
            "amends",
        )
    )
    if access.may_sign_decision(user):
        return proposals.order_by("proposed_at")
    if access.may_review(user):
        return proposals.filter(proposed_by=user).order_by("proposed_at")
    return proposals.none()


def review_context(user: Any, application: Application) -> dict[str, Any]:
    """What the review panel on the application page needs (`funding/review/_panel.html`)."""
    if access.funding_scope(user) is None:
        return {}
    today = timezone.localdate()
    # One query for proposals (with their totals) and their decisions (one-to-one), two more
    # for the decisions' conditions and amounts only when there are decisions, one for the
    # information requests.
    proposals = list(
        application.proposals.with_total()
        .select_related("proposed_by", "decided_by", "amends", "decision", "decision__amends")
        .prefetch_related(
            Prefetch("decision__conditions", queryset=Condition.objects.order_by("due_date", "pk")),
            "decision__amounts",
        )
        .order_by("proposed_at", "pk")
    )
    decisions = sorted(
        (p.decision for p in proposals if hasattr(p, "decision")),
        key=lambda d: (d.issued_at, d.pk),
    )
    conditions = [(c, c.status(today)) for d in decisions for c in d.conditions.all()]
    in_force = decisions[-1] if decisions else None
    pending = next((p for p in proposals if p.status == ProposalStatus.PENDING), None)
    officer = access.may_review(user)
    return {
        "review_application": application,
        "review_requests": list(
            application.information_requests.select_related("requested_by").order_by("requested_at")
        ),
        "review_proposals": proposals,
        "review_pending": pending,
        "review_decisions": decisions,
        "review_in_force": in_force,
        "review_conditions": conditions,
        "review_today": today,
        "may_review": officer,
        "may_sign": access.may_sign_decision(user) and pending is not None,
        "may_fulfil": roles.is_centre_member(user, application.centre_id),
        "may_start_review": officer and application.status == ApplicationStatus.SUBMITTED,
        "may_propose": officer and application.status == ApplicationStatus.IN_REVIEW,
        "may_amend": officer
        and application.status == ApplicationStatus.APPROVED
        and pending is None
        and in_force is not None
        and in_force.kind != "rejection",
    }


@login_required
def review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = _officer_application(request, pk)
    items = services.checklist(application)
    form = ReviewForm(
        request.POST or None, items=items, initial={"notes": application.review_notes}
    )
    if request.method == "POST":
        if request.POST.get("action") == "start":
            if run_service(form, lambda: services.start_review(application, by=request.user)):
                messages.success(request, _("The review has started; the KI is informed."))
                return redirect("funding:review", pk=application.pk)
        elif (
            form.is_valid()
            and run_service(
                form,
                lambda: services.save_review(
                    application,
                    by=request.user,
                    checklist=form.checklist(),
                    notes=form.cleaned_data["notes"],
                    explanations=form.explanations(),
                ),
            )
            is not None
        ):
            messages.success(request, _("The review is saved."))
            return redirect("funding:review", pk=application.pk)
    results = computation.compute(application)
    return render(
        request,
        "funding/review/review.html",
        {
            "application": application,
            "form": form,
            "results": results,
            "grand_total": computation.total(results),
            "may_start": application.status == ApplicationStatus.SUBMITTED,
            "may_save": application.status == ApplicationStatus.IN_REVIEW,
        },
    )


@login_required
def information_request(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = _officer_application(request, pk)
    form = InformationRequestForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            form,
            lambda: services.request_information(
                application,
                by=request.user,
                message=form.cleaned_data["message"],
                due_date=form.cleaned_data["due_date"],
            ),
        )
        is not None
    ):
        messages.success(request, _("The KI is asked for the information."))
        return redirect(application)
    return render(
        request,
        "funding/review/information_request.html",
        {
            "application": application,
            "form": form,
            "possible": application.status == ApplicationStatus.IN_REVIEW,
        },
    )


@login_required
def proposal(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = _officer_application(request, pk)
    results = computation.compute(application)
    computed = {r.year: r.total for r in results}
    data = request.POST if request.method == "POST" else None
    adding = adding_condition_row(data)
    form = ProposalForm(
        None if adding else data,
        years=application.years,
        initial_amounts=computed,
        initial=data.dict() if adding and data is not None else None,
    )
    formset = condition_formset(data)
    items = services.checklist(application, results)
    if data is not None and not adding and not (form.is_valid() and formset.is_valid()):
        # The service is not asked while the form is wrong: its checklist refusal is said now
        # all the same, so the officer learns everything in one go.
        incomplete = services.checklist_refusal(application, items)
        if incomplete is not None:
            form.add_error(None, incomplete)
    elif data is not None and not adding:
        made = run_service(
            form,
            lambda: services.propose(
                application,
                by=request.user,
                kind=form.cleaned_data["kind"],
                amounts=form.amounts() if form.cleaned_data["kind"] != ProposalKind.REJECT else {},
                reasons=form.cleaned_data["reasons"],
                conditions=conditions_from(formset)
                if form.cleaned_data["kind"] != ProposalKind.REJECT
                else [],
            ),
        )
        if made:
            messages.success(request, _("The proposal awaits the second signature."))
            return redirect(application)
    return render(
        request,
        "funding/review/proposal.html",
        {
            "application": application,
            "form": form,
            "formset": formset,
            "results": results,
            "grand_total": computation.total(results),
            "possible": application.status == ApplicationStatus.IN_REVIEW,
            "budget_warnings": budget_check.budget_warnings(application),
            "open_items": [i for i in items if i.state == State.OPEN],
        },
    )


@login_required
def signatures(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not (access.may_sign_decision(user) or access.may_review(user)):
        raise Http404
    return render(
        request,
        "funding/review/signatures.html",
        {"proposals": list(pending_proposals(user)), "approver": access.may_sign_decision(user)},
    )


def _sign_refusal(error: ValidationError) -> list[str]:
    """Why signing failed, for the top of the page; a missing budget line says who must act."""
    reasons = []
    for e in error.error_list:
        if e.code == "no_budget_line" and e.params and "year" in e.params:
            reasons.append(budget_check.missing_line_message(int(e.params["year"])))
        else:
            reasons.extend(e.messages)
    return reasons


@login_required
def sign(request: AuthenticatedHttpRequest, proposal_pk: int) -> HttpResponse:
    """The approver signs or returns; the officer sees the proposal and why he cannot sign it."""
    user = request.user
    if not (access.may_sign_decision(user) or access.may_review(user)):
        raise Http404
    proposal = get_object_or_404(
        Proposal.objects.select_related(
            "application",
            "application__centre",
            "application__centre__grantee",
            "proposed_by",
            "decided_by",
            "amends",
        ).prefetch_related("conditions", "amounts", "application__positions"),
        pk=proposal_pk,
        application__in=access.applications_visible_to(user),
    )
    application = proposal.application
    form = ReturnForm(request.POST or None)
    refusal = ""
    sign_refusal: list[str] = []
    if user.pk == proposal.proposed_by_id:
        refusal = _("You made this proposal; a second person must sign or return it (four eyes).")
    elif not access.may_sign_decision(user):
        refusal = _("Only a grant approver signs decisions.")
    elif proposal.status != ProposalStatus.PENDING:
        refusal = _("This proposal is no longer awaiting a signature.")
    if request.method == "POST" and form.is_valid():
        if request.POST.get("action") == "return":
            if run_service(
                form,
                lambda: services.return_proposal(
                    proposal, by=user, reason=form.cleaned_data["reason"]
                ),
            ):
                messages.success(request, _("The proposal is returned to the grant officer."))
                return redirect("funding:signatures")
        else:
            try:
                decision = services.sign_proposal(proposal, by=user)
            except ValidationError as e:
                sign_refusal = _sign_refusal(e)
            else:
                messages.success(request, _("The decision is issued."))
                return redirect(decision)
    results = computation.compute(application)
    return render(
        request,
        "funding/review/sign.html",
        {
            "checklist": services.checklist(application, results),
            # What signing would charge: a preview, so only while the proposal is pending.
            "charges": budget.charges(proposal.amounts_by_year, proposal.amends)
            if proposal.status == ProposalStatus.PENDING and proposal.kind != ProposalKind.REJECT
            else [],
            "proposal": proposal,
            "application": application,
            "form": form,
            "refusal": refusal,
            "sign_refusal": sign_refusal,
            "budget_warnings": budget_check.budget_warnings(application),
            "results": results,
            "grand_total": computation.total(results),
            "amounts": list(proposal.amounts_by_year.items()),
        },
    )
