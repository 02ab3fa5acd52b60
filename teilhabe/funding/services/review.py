"""The grant authority's side of the funding chain: review, information requests, proposals, the
second signature (four eyes), amendments, and the KI's fulfilment of conditions.

Every function is atomic (`sign_proposal` renders its PDF before its transaction begins),
checks the actor's permission itself (`core.actions.require` with the rules of
`funding.access`), changes status through the kit (`core.actions.transition`/`move`: allowed
from-states, optimistic version, one audit event with from/to), raises `ValidationError` with a
stable code and mails after the commit (`notifications.notify`).
Status flow: `models/applications.py`; the authority's steps: docs/funding-decisions.md.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from teilhabe.core import audit, money
from teilhabe.core.actions import locked, move, require, require_status, transition
from teilhabe.core.files import save_on_commit
from teilhabe.core.money import ZERO
from teilhabe.funding import access, computation
from teilhabe.funding.checklist import NOTE_MAX_LENGTH, State, Tick, open_items, tick_from
from teilhabe.funding.models import (
    Application,
    ApplicationStatus,
    Condition,
    Decision,
    DecisionKind,
    InformationRequest,
    Proposal,
    ProposalAmount,
    ProposalKind,
    ProposalStatus,
    ProposedCondition,
)
from teilhabe.funding.notifications import notify
from teilhabe.funding.services import budget

if TYPE_CHECKING:
    from teilhabe.accounts.models import User
    from teilhabe.funding.decision_pdf import DecisionData

AUTHORITY_UNIT = "36"  # Dezernat 36 of the Bezirksregierung Arnsberg: the first part of a number

# The officer's own review items, beside the eligibility checks (codes from `eligibility`).
# Sources: domain.md "Who is funded" (organisationally independent unit, staff not used
# elsewhere, head and deputy full time) and "What the municipality pays itself".
REVIEW_ITEMS: dict[str, Promise] = {
    "budget_plausible": _("The staffing and cost plan is plausible (positions, costs, months)"),
    "staff_independent": _(
        "The KI is an independent unit: head and deputy full time, its staff not used elsewhere"
    ),
    "own_contribution": _(
        "The municipality's own contribution is stated (rooms, administration, materials, "
        "project funds)"
    ),
    "documents_complete": _("The documents are complete and legible"),
}

# (text, deadline) of a condition as the proposal form and the API hand it over.
ConditionInput = tuple[str, date]


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    label: str
    citation: str
    suggested: bool | None  # the eligibility check's outcome; None for the officer's own items
    reason: str
    checked: bool  # as the form shows it: the officer's tick, else the suggestion
    note: str  # why the item is open, in the officer's words
    state: State  # what the officer saved: done, explained, or open (never saved counts open)


def _today() -> date:
    return timezone.localdate()


def _locked(application: Application) -> Application:
    return locked(Application.objects.select_related("centre", "centre__grantee"), application.pk)


def checklist_codes(application: Application) -> list[str]:
    return [c.code for c in computation.eligibility_checks(application)] + list(REVIEW_ITEMS)


def _saved_ticks(application: Application) -> dict[str, Tick | None]:
    return {code: tick_from(v) for code, v in (application.review_checklist or {}).items()}


def checklist(
    application: Application, results: list[computation.YearResult] | None = None
) -> list[ChecklistItem]:
    """The review checklist: the eligibility checks (with their outcome as a suggestion), then
    the officer's own items, each with what the officer saved (`computation.compute`'s
    `results`, when at hand, spare the guideline's queries)."""
    saved = _saved_ticks(application)
    rows: list[tuple[str, str, str, bool | None, str]] = [
        (c.code, c.label, c.citation, c.passed, c.reason)
        for c in computation.eligibility_checks(application, results)
    ]
    rows += [(code, str(label), "", None, "") for code, label in REVIEW_ITEMS.items()]
    items = []
    for code, label, citation, suggested, reason in rows:
        tick = saved.get(code)
        state = tick.state if tick is not None else State.OPEN
        checked = tick.done if tick is not None else bool(suggested)
        note = tick.note if tick is not None else ""
        items.append(ChecklistItem(code, label, citation, suggested, reason, checked, note, state))
    return items


def checklist_refusal(
    application: Application, items: list[ChecklistItem] | None = None
) -> ValidationError | None:
    """Why no proposal may be made yet, naming the items neither ticked nor explained (the rule
    of `funding.checklist`); None when every item is done or explained."""
    items = checklist(application) if items is None else items
    ticks = _saved_ticks(application)
    still_open = set(open_items(ticks, [i.code for i in items]))
    labels = [i.label for i in items if i.code in still_open]
    if not labels:
        return None
    return ValidationError(
        _(
            "The checklist is not complete. Tick each item or explain why it is open, then "
            "make the proposal. Still open: %(items)s"
        ),
        code="checklist_incomplete",
        params={"items": "; ".join(labels)},
    )


@transaction.atomic
def start_review(application: Application, *, by: User) -> Application:
    """submitted → in_review; the officer becomes the application's reviewer."""
    require(by, access.may_review)
    application = transition(
        _locked(application),
        to=ApplicationStatus.IN_REVIEW,
        allowed={ApplicationStatus.SUBMITTED},
        fields={"reviewer": by},
        by=by,
        action="application.review_started",
    )
    notify("review_started", application, actor=by)
    return application


@transaction.atomic
def save_review(
    application: Application,
    *,
    by: User,
    checklist: Mapping[str, bool],
    notes: str,
    explanations: Mapping[str, str] | None = None,
) -> Application:
    """Store the officer's checklist while in review: per item whether it is done
    ({check code: done}) and, for an item left open, why (`explanations`, {code: text}); and
    the review notes."""
    require(by, access.may_review)
    application = _locked(application)
    require_status(application, {ApplicationStatus.IN_REVIEW})
    explanations = {code: (text or "").strip() for code, text in (explanations or {}).items()}
    codes = checklist_codes(application)
    allowed = set(codes)
    unknown = sorted((set(checklist) | set(explanations)) - allowed)
    if unknown:
        raise ValidationError(
            _("Unknown checklist items: %(codes)s"),
            code="unknown_check",
            params={"codes": ", ".join(unknown)},
        )
    too_long = sorted(c for c, text in explanations.items() if len(text) > NOTE_MAX_LENGTH)
    if too_long:
        raise ValidationError(
            {
                f"note_{code}": ValidationError(
                    _("At most %(limit)s characters; longer text belongs in the notes."),
                    code="explanation_too_long",
                    params={"limit": NOTE_MAX_LENGTH},
                )
                for code in too_long
            }
        )
    fields = ["review_checklist", "review_notes", "reviewer"]
    before = audit.snapshot(application, fields)
    application.review_checklist = {
        code: Tick(bool(checklist.get(code, False)), explanations.get(code, "")).as_json()
        for code in codes
    }
    application.review_notes = notes.strip()
    application.reviewer = by
    changes = audit.diff(before, audit.snapshot(application, fields))
    if not changes:
        return application
    application.save(update_fields=[*fields, "updated_at"])
    audit.record(
        application,
        "application.review_saved",
        actor=by,
        changes=changes,
        centre_id=application.centre_id,
    )
    return application


def _require_future(day: date, field: str) -> None:
    if day <= _today():
        raise ValidationError(
            {field: ValidationError(_("The deadline must be in the future."), code="due_past")}
        )


@transaction.atomic
def request_information(
    application: Application, *, by: User, message: str, due_date: date
) -> InformationRequest:
    """in_review → info_requested: the KI answers by `due_date` and resubmits."""
    require(by, access.may_review)
    application = _locked(application)
    require_status(application, {ApplicationStatus.IN_REVIEW})
    message = message.strip()
    if not message:
        raise ValidationError(
            {"message": ValidationError(_("Say what is needed."), code="required")}
        )
    _require_future(due_date, "due_date")
    request = InformationRequest.objects.create(
        application=application, message=message, due_date=due_date, requested_by=by
    )
    transition(
        application,
        to=ApplicationStatus.INFO_REQUESTED,
        allowed={ApplicationStatus.IN_REVIEW},
        by=by,
        action="application.information_requested",
        audit_obj=request,
        changes=audit.created(request, ["message", "due_date"]),
    )
    notify(
        "information_requested",
        application,
        actor=by,
        due_date=due_date,
        message=message,
    )
    return request


def computed_amounts(application: Application) -> dict[int, Decimal]:
    """The calculator's amount per funding year; a year without a guideline version refuses."""
    amounts = {}
    for r in computation.compute(application):
        if r.result is None:
            raise ValidationError(
                _("No guideline version is in force for %(year)s."),
                code="no_guideline_in_force",
                params={"year": r.year},
            )
        amounts[r.year] = r.total
    return amounts


def _check_amounts(
    application: Application,
    amounts: Mapping[int, Any] | None,
    computed: Mapping[int, Decimal],
    *,
    allow_zero: bool,
) -> dict[int, Decimal]:
    """An amount for every funding year, within 0 (exclusive unless `allow_zero`)..computed."""
    amounts = {int(y): v for y, v in (amounts or {}).items()}
    unknown = sorted(set(amounts) - set(application.years))
    if unknown:
        raise ValidationError(
            _("%(years)s is not a funding year of this application."),
            code="unknown_year",
            params={"years": ", ".join(map(str, unknown))},
        )
    checked = {}
    for year in application.years:
        field = f"amount_{year}"
        if amounts.get(year) in (None, ""):
            raise ValidationError(
                {field: ValidationError(_("Enter the amount for this year."), code="required")}
            )
        amount = money.parse(amounts[year], field)
        if amount < ZERO or (amount == ZERO and not allow_zero):
            raise ValidationError(
                {
                    field: ValidationError(
                        _("The amount must be more than 0."), code="amount_not_positive"
                    )
                }
            )
        if amount > computed[year]:
            raise ValidationError(
                {
                    field: ValidationError(
                        _("At most the computed %(computed)s EUR."),
                        code="amount_above_computed",
                        params={"computed": money.german(computed[year])},
                    )
                }
            )
        checked[year] = amount
    return checked


def _check_conditions(conditions: Iterable[ConditionInput]) -> list[ConditionInput]:
    checked = []
    for text, due_date in conditions:
        text = (text or "").strip()
        if not text:
            raise ValidationError(
                {"conditions": ValidationError(_("A condition needs a text."), code="required")}
            )
        if due_date is None:
            raise ValidationError(
                {"conditions": ValidationError(_("A condition needs a deadline."), code="required")}
            )
        if due_date <= _today():
            raise ValidationError(
                {
                    "conditions": ValidationError(
                        _("The deadline of a condition must be in the future."),
                        code="due_past",
                    )
                }
            )
        checked.append((text, due_date))
    return checked


def _require_reasons(reasons: str) -> str:
    reasons = (reasons or "").strip()
    if not reasons:
        raise ValidationError(
            {"reasons": ValidationError(_("Give the reasons."), code="reasons_required")}
        )
    return reasons


def _create_proposal(
    application: Application,
    *,
    by: User,
    kind: str,
    amounts: Mapping[int, Decimal],
    reasons: str,
    conditions: list[ConditionInput],
    amends: Decision | None = None,
) -> Proposal:
    try:
        with transaction.atomic():
            proposal = Proposal.objects.create(
                application=application,
                kind=kind,
                reasons=reasons,
                proposed_by=by,
                amends=amends,
            )
    except IntegrityError as exc:  # funding_one_pending_proposal
        raise ValidationError(
            _("A proposal for this application is already awaiting its second signature."),
            code="proposal_pending",
        ) from exc
    ProposalAmount.objects.bulk_create(
        ProposalAmount(proposal=proposal, year=year, amount=amount)
        for year, amount in sorted(amounts.items())
    )
    proposal.amounts_by_year = dict(sorted(amounts.items()))
    ProposedCondition.objects.bulk_create(
        ProposedCondition(proposal=proposal, text=text, due_date=due) for text, due in conditions
    )
    return proposal


def _proposal_content(
    application: Application,
    *,
    kind: str,
    amounts: Mapping[int, Decimal] | None,
    reasons: str,
    conditions: Iterable[ConditionInput],
) -> tuple[dict[int, Decimal], str, list[ConditionInput]]:
    """A proposal's amounts, reasons and conditions, checked for its kind."""
    conditions = list(conditions)
    if kind == ProposalKind.APPROVE_FULL:
        checked = computed_amounts(application)
        if any(a <= ZERO for a in checked.values()):
            raise ValidationError(
                _("The computed amount is 0 for a year: propose a rejection or a partial grant."),
                code="nothing_computed",
            )
        reasons = (reasons or "").strip()
    elif kind == ProposalKind.APPROVE_PARTIAL:
        reasons = _require_reasons(reasons)
        checked = _check_amounts(
            application, amounts, computed_amounts(application), allow_zero=False
        )
    elif kind == ProposalKind.REJECT:
        reasons = _require_reasons(reasons)
        if amounts and any(v not in (None, "", 0, ZERO) for v in amounts.values()):
            raise ValidationError(_("A rejection grants no amount."), code="amounts_with_rejection")
        if conditions:
            raise ValidationError(
                _("A rejection carries no conditions."), code="conditions_with_rejection"
            )
        checked = {}
    else:
        raise ValidationError(
            {
                "kind": ValidationError(
                    _("Choose approval, partial approval or rejection."), code="invalid_choice"
                )
            }
        )
    return checked, reasons, _check_conditions(conditions)


@transaction.atomic
def propose(
    application: Application,
    *,
    by: User,
    kind: str,
    amounts: Mapping[int, Decimal] | None = None,
    reasons: str = "",
    conditions: Iterable[ConditionInput] = (),
) -> Proposal:
    """in_review → proposed: approval in full (the computed amount per year), partial approval
    (0 < amount ≤ computed per year, with reasons) or rejection (reasons, no amounts).

    Whatever the kind, only once every checklist item is ticked or its being open explained
    (`checklist_incomplete`, naming the open items, together with any other refusal)."""
    require(by, access.may_review)
    application = _locked(application)
    require_status(application, {ApplicationStatus.IN_REVIEW})
    incomplete = checklist_refusal(application)
    try:
        checked, reasons, conditions = _proposal_content(
            application, kind=kind, amounts=amounts, reasons=reasons, conditions=conditions
        )
    except ValidationError as error:
        # The officer sees every reason at once: the checklist's and the proposal's own.
        if incomplete is None:
            raise
        raise ValidationError(error.update_error_dict(incomplete.update_error_dict({}))) from error
    if incomplete is not None:
        raise incomplete
    proposal = _create_proposal(
        application, by=by, kind=kind, amounts=checked, reasons=reasons, conditions=conditions
    )
    transition(
        application,
        to=ApplicationStatus.PROPOSED,
        allowed={ApplicationStatus.IN_REVIEW},
        by=by,
        action="proposal.made",
        audit_obj=proposal,
        changes={
            **audit.created(proposal, ["kind", "reasons"]),
            "amounts": {"from": None, "to": proposal.amounts_plain},
            "conditions": {"from": None, "to": [[t, str(d)] for t, d in conditions]},
        },
    )
    notify("proposal_made", application, actor=by, proposal=ProposalKind(proposal.kind).label)
    return proposal


def decision_in_force(application: Application) -> Decision | None:
    """The newest decision of `application` (an amendment replaces the one it amends)."""
    return application.decisions.order_by("-issued_at", "-pk").first()


@transaction.atomic
def propose_amendment(
    decision: Decision,
    *,
    by: User,
    amounts: Mapping[int, Decimal],
    reasons: str,
    conditions: Iterable[ConditionInput] = (),
) -> Proposal:
    """Propose an amending decision to the decision in force (0 ≤ amount ≤ computed per year)."""
    require(by, access.may_review)
    application = _locked(decision.application)
    require_status(application, {ApplicationStatus.APPROVED})
    current = decision_in_force(application)
    if current is None or current.pk != decision.pk:
        raise ValidationError(
            _("Only the decision in force can be amended (a newer one exists)."),
            code="amends_outdated",
        )
    if decision.kind == DecisionKind.REJECTION:
        raise ValidationError(_("A rejection is not amended."), code="amend_rejection")
    reasons = _require_reasons(reasons)
    checked = _check_amounts(application, amounts, computed_amounts(application), allow_zero=True)
    conditions = _check_conditions(conditions)
    if not conditions and all(checked[y] == decision.amount_for(y) for y in application.years):
        raise ValidationError(
            _("The amendment changes neither an amount nor adds a condition."), code="no_change"
        )
    proposal = _create_proposal(
        application,
        by=by,
        kind=ProposalKind.AMEND,
        amounts=checked,
        reasons=reasons,
        conditions=conditions,
        amends=decision,
    )
    audit.record(
        proposal,
        "proposal.made",
        actor=by,
        changes={
            **audit.created(proposal, ["kind", "reasons", "amends"]),
            "amounts": {"from": None, "to": proposal.amounts_plain},
            "conditions": {"from": None, "to": [[t, str(d)] for t, d in conditions]},
        },
        centre_id=application.centre_id,
    )
    notify("proposal_made", application, actor=by, proposal=ProposalKind(proposal.kind).label)
    return proposal


def _pending(proposal: Proposal, *, lock: bool) -> tuple[Application, Proposal]:
    """The application and the proposal, refused unless the proposal is pending; with `lock`
    under row locks, the application first, always: signing and returning serialise on it."""
    if lock:
        application = _locked(proposal.application)
        proposals = Proposal.objects.select_for_update(of=("self",))
    else:
        application = Application.objects.select_related("centre", "centre__grantee").get(
            pk=proposal.application_id
        )
        proposals = Proposal.objects.all()
    proposal = proposals.select_related("amends", "proposed_by").get(pk=proposal.pk)
    if proposal.status != ProposalStatus.PENDING:
        raise ValidationError(
            _("This proposal is no longer awaiting a signature (%(status)s)."),
            code="proposal_not_pending",
            params={"status": proposal.get_status_display()},
        )
    return application, proposal


def _require_four_eyes(proposal: Proposal, by: User) -> None:
    if by.pk == proposal.proposed_by_id:
        raise ValidationError(
            _("You made this proposal; a second person must sign or return it (four eyes)."),
            code="four_eyes",
        )


@transaction.atomic
def return_proposal(proposal: Proposal, *, by: User, reason: str) -> Proposal:
    """The approver sends the proposal back with a reason; the application is in review again
    (an amendment's application stays approved)."""
    _require_four_eyes(proposal, by)
    require(by, access.may_sign_decision)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": ValidationError(_("Say why it is returned."), code="reason_required")}
        )
    application, proposal = _pending(proposal, lock=True)
    returned = move(
        proposal,
        to=ProposalStatus.RETURNED,
        allowed={ProposalStatus.PENDING},
        fields={"decided_by": by, "decided_at": timezone.now(), "return_reason": reason},
    )
    changes: audit.Changes = {
        "proposal": returned["status"],
        "return_reason": returned["return_reason"],
    }
    if proposal.kind != ProposalKind.AMEND:
        changes |= move(
            application, to=ApplicationStatus.IN_REVIEW, allowed={ApplicationStatus.PROPOSED}
        )
    audit.record(
        proposal, "proposal.returned", actor=by, changes=changes, centre_id=application.centre_id
    )
    notify(
        "proposal_returned",
        application,
        actor=by,
        message=reason,
        extra_recipients=[proposal.proposed_by],
    )
    return proposal


def decision_number(application: Application) -> str:
    """ "36.05711-2026/1": Dezernat, grantee key, first funding year, running number."""
    running = application.decisions.count() + 1
    return f"{AUTHORITY_UNIT}.{application.centre.grantee.key}-{application.first_year}/{running}"


def computation_snapshot(
    application: Application, amounts: Mapping[int, Decimal]
) -> tuple[dict[str, Any], Any]:
    """The computation per year as the decision states it, and the guideline of the first year."""
    snapshot: dict[str, Any] = {}
    first_guideline = None
    # The lines' labels are the decision's text: German, whatever the signer's language.
    with translation.override("de"):
        results = computation.compute(application)
    for r in results:
        if first_guideline is None:
            first_guideline = r.guideline
        result = r.result
        snapshot[str(r.year)] = {
            "guideline": r.guideline.code if r.guideline else "",
            "guideline_title": r.guideline.title if r.guideline else "",
            "guideline_citation": r.guideline.citation if r.guideline else "",
            "lines": [
                {"label": line.label, "amount": str(line.amount), "citation": line.citation}
                for line in (result.lines if result else ())
            ],
            "computed": str(r.total),
            "granted": str(amounts.get(r.year, ZERO)),
            "teachers": result.teachers.positions if result else 0,
            "teachers_value": str(result.teachers.in_kind_value) if result else "0.00",
            "warnings": [w.code for w in (result.warnings if result else ())],
        }
    return snapshot, first_guideline


@dataclass(frozen=True)
class _Draft:
    """A decision drawn up from its proposal, not yet saved, and what its PDF shows."""

    decision: Decision
    conditions: list[ProposedCondition]
    data: DecisionData


def _draft_decision(
    application: Application, proposal: Proposal, *, by: User, issued_at: datetime
) -> _Draft:
    """The decision `proposal` leads to, if it may be signed now (by a second approver, the
    application in the right status, an amendment of the decision in force)."""
    from teilhabe.funding.decision_pdf import DecisionData

    _require_four_eyes(proposal, by)
    if proposal.kind == ProposalKind.AMEND:
        require_status(application, {ApplicationStatus.APPROVED})
        current = decision_in_force(application)
        if proposal.amends is None or current is None or current.pk != proposal.amends_id:
            raise ValidationError(
                _("The decision this amendment changes is no longer the one in force."),
                code="amends_outdated",
            )
        kind = DecisionKind.AMENDMENT
    else:
        require_status(application, {ApplicationStatus.PROPOSED})
        kind = (
            DecisionKind.REJECTION if proposal.kind == ProposalKind.REJECT else DecisionKind.GRANT
        )
    amounts = proposal.amounts_by_year
    snapshot, guideline = computation_snapshot(application, amounts)
    conditions = list(proposal.conditions.all())
    decision = Decision(
        application=application,
        proposal=proposal,
        number=decision_number(application),
        kind=kind,
        amends=proposal.amends,
        guideline=guideline,
        computation=snapshot,
        reasons=proposal.reasons,
        proposed_by=proposal.proposed_by,
        signed_by=by,
        issued_at=issued_at,
    )
    decision.amounts_by_year = dict(amounts)  # saved with the decision as its DecisionAmount rows
    data = DecisionData.build(decision, [(c.text, c.due_date) for c in conditions])
    return _Draft(decision, conditions, data)


def sign_proposal(proposal: Proposal, *, by: User) -> Decision:
    """The second signature: issue the decision with its PDF and commit its amount.

    Only an approver who did not make the proposal (four eyes; the database backs it). The PDF
    is rendered first, outside any transaction and before any row is locked: a render takes a
    second, and on SQLite a transaction holds the database's write lock from its start. Under
    the locks the decision is drawn up again; if it is not what the PDF shows (the KI's address
    changed in between, say), `signing_conflict`. The file is written after the commit,
    so a budget that does not fit — or any rollback — leaves nothing behind.
    """
    from teilhabe.funding.decision_pdf import render_decision_pdf

    _require_four_eyes(proposal, by)
    require(by, access.may_sign_decision)
    application, current = _pending(proposal, lock=False)
    draft = _draft_decision(application, current, by=by, issued_at=timezone.now())
    content = render_decision_pdf(draft.data)
    return _issue(
        proposal, by=by, rendered=draft.data, content=content, issued_at=draft.decision.issued_at
    )


@transaction.atomic
def _issue(
    proposal: Proposal, *, by: User, rendered: DecisionData, content: bytes, issued_at: datetime
) -> Decision:
    """sign_proposal under the row locks: save, charge the budget, store the rendered PDF."""
    application, proposal = _pending(proposal, lock=True)
    draft = _draft_decision(application, proposal, by=by, issued_at=issued_at)
    if draft.data != rendered:
        raise ValidationError(
            _("The decision's content changed while it was being prepared; please sign again."),
            code="signing_conflict",
        )
    decision, conditions, kind = draft.decision, draft.conditions, draft.decision.kind
    decision.pdf_sha256 = hashlib.sha256(content).hexdigest()
    decision.pdf_size = len(content)
    # The row names the file now; the bytes are written once the transaction commits.
    save_on_commit(decision.pdf, "", content)
    try:
        with transaction.atomic():
            decision.save()
    except IntegrityError as exc:  # the four-eyes constraint, or a number taken
        raise ValidationError(_("The decision could not be issued."), code="four_eyes") from exc
    if kind != DecisionKind.REJECTION:
        budget.commit_decision(decision, by=by)
    Condition.objects.bulk_create(
        Condition(decision=decision, text=c.text, due_date=c.due_date) for c in conditions
    )
    move(
        proposal,
        to=ProposalStatus.SIGNED,
        allowed={ProposalStatus.PENDING},
        fields={"decided_by": by, "decided_at": decision.issued_at},
    )
    status: audit.Changes = {"status": {"from": application.status, "to": application.status}}
    if kind != DecisionKind.AMENDMENT:
        status = move(
            application,
            to=ApplicationStatus.REJECTED
            if kind == DecisionKind.REJECTION
            else ApplicationStatus.APPROVED,
            allowed={ApplicationStatus.PROPOSED},
        )
    audit.record(
        decision,
        "decision.issued",
        actor=by,
        changes={
            **status,
            **audit.created(decision, ["number", "kind", "amends"]),
            "amounts": {"from": None, "to": decision.amounts_plain},
            "total": {"from": None, "to": money.plain(decision.total)},
            **audit.created(decision, ["pdf_sha256"]),
            "conditions": {"from": None, "to": [[c.text, str(c.due_date)] for c in conditions]},
        },
        centre_id=application.centre_id,
    )
    notify(
        "decision_issued",
        application,
        actor=by,
        decision=decision.number,
        extra_recipients=[proposal.proposed_by],
    )
    return decision


@transaction.atomic
def fulfil_condition(condition: Condition, *, by: User, note: str) -> Condition:
    """A member of the KI reports a condition as fulfilled, saying how."""
    condition = locked(Condition.objects.select_related("decision__application"), condition.pk)
    centre_id = condition.decision.application.centre_id
    require(by, access.may_fulfil_condition, centre_id)
    if condition.fulfilled_at is not None:
        raise ValidationError(
            _("This condition is already reported as fulfilled."), code="already_fulfilled"
        )
    note = (note or "").strip()
    if not note:
        raise ValidationError(
            {"note": ValidationError(_("Say how the condition was fulfilled."), code="required")}
        )
    fields = ["fulfilled_at", "fulfilled_by", "fulfilment_note"]
    before = audit.snapshot(condition, fields)
    condition.fulfilled_at = timezone.now()
    condition.fulfilled_by = by
    condition.fulfilment_note = note
    condition.save(update_fields=fields)
    audit.record(
        condition,
        "condition.fulfilled",
        actor=by,
        changes=audit.diff(before, audit.snapshot(condition, fields)),
        centre_id=centre_id,
    )
    return condition
