"""Writes of the repayment decisions: propose, return, sign (four eyes), record a receipt.

The grant officer proposes from the check of the proof of use — a partial revocation signed by an
approver hands over the decision, the funding year, the eligible amount and its reasons — or, for a
repayment of another cause, from a decision and a funding year with the eligible amount typed; and
the day the decision became ineffective (default: `default_ineffective_on`). A grant approver who
did not propose it and has passed the second factor signs: the PDF is rendered before the
transaction (as funding's decisions are), compared again under the row lock, stored once with its
SHA-256, and the receivable is booked on the budget line the year's payments came from. The officer
records what the KI pays; the interest on the open principal up to that day is booked with the
receipt (`repayment.schedule` is the same rule). Every function checks its caller itself; one audit
event each. Rules: `proofs/repayment.py`; docs/proof-of-use.md.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teilhabe.core import audit, money
from teilhabe.core.actions import locked, require, require_status, transition
from teilhabe.core.files import save_on_commit
from teilhabe.core.money import ZERO
from teilhabe.funding.models import (
    BudgetLine,
    Commitment,
    Decision,
    DecisionKind,
    Payment,
    PaymentStatus,
    Receipt,
    Receivable,
)
from teilhabe.funding.services import receivables

from . import access, repayment
from .models import BaseRate
from .repayment_models import Repayment, RepaymentStatus
from .repayment_pdf import RepaymentData, render_repayment_pdf
from .use_models import CheckResult, CheckStatus, ProofCheck

if TYPE_CHECKING:
    from teilhabe.accounts.models import User

FIELDS = [
    "proof_check",
    "fiscal_year",
    "paid",
    "eligible",
    "principal",
    "ineffective_on",
    "due_days",
    "reasons",
]
LATE_FIELDS = ["late_amount", "late_paid_on", "late_used_on", "late_permitted_days"]
MIN_DUE_DAYS, MAX_DUE_DAYS = 14, 90


@dataclass(frozen=True)
class LateUseInput:
    """§ 49a (4): `amount` paid on `paid_on` was used for its purpose only on `used_on`."""

    amount: Decimal | str
    paid_on: date
    used_on: date
    permitted_days: int


def _released(decision: Decision, year: int) -> QuerySet[Payment]:
    return Payment.objects.filter(
        application_id=decision.application_id, fiscal_year=year, status=PaymentStatus.RELEASED
    )


def paid_for(decision: Decision, year: int) -> Decimal:
    """What was paid out for `year` of the decision's application (released payments)."""
    return _released(decision, year).aggregate(total=Sum("amount"))["total"] or ZERO


def default_ineffective_on(decision: Decision, year: int) -> date | None:
    """The proposed day the decision became ineffective: the day of the year's last payment.

    **Assumption** (docs/proof-of-use.md): a partial revocation for the past takes effect back
    to the payment of the money reclaimed (§ 49 (3) VwVfG NRW "mit Wirkung für die
    Vergangenheit"), and interest cannot run before money was paid; of several payments the
    last is the one most favourable to the KI. The officer enters another day where the
    decision says so."""
    last = _released(decision, year).order_by("-decided_at").values_list("decided_at", flat=True)
    first = last.first()
    return timezone.localtime(first).date() if first else None


def _error(field: str, message: object, code: str, **params: object) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code, params=params or None)})  # type: ignore[arg-type]


def _number(decision: Decision, year: int) -> str:
    """ "36.05711-2025/R1": Dezernat, grantee key, funding year, running number of the KI's."""
    grantee = decision.application.centre.grantee
    prefix = f"36.{grantee.key}-{year}/R"
    running = Repayment.objects.filter(number__startswith=prefix).count() + 1
    return f"{prefix}{running}"


def _late_use(late: LateUseInput, *, paid: Decimal) -> tuple[dict[str, object], Decimal]:
    amount = money.parse(late.amount, "late_amount")
    if amount <= ZERO or amount > paid:
        raise _error(
            "late_amount",
            _("Enter more than 0 and at most what was paid (%(paid)s EUR)."),
            "invalid_amount",
            paid=money.german(paid),
        )
    result = repayment.late_use_interest(
        amount, late.paid_on, late.used_on, late.permitted_days, BaseRate.objects.as_rates()
    )
    values = {
        "late_amount": amount,
        "late_paid_on": late.paid_on,
        "late_used_on": late.used_on,
        "late_permitted_days": late.permitted_days,
    }
    return values, result.interest


def check_refusal(check: ProofCheck, decision: Decision) -> ValidationError | None:
    """Why a repayment cannot follow from `check` for `decision`, or None: the check must be
    concluded as a partial revocation with the approver's signature (`check_not_revoked`),
    leave something to repay (`check_nothing_repayable`), be the check of this decision's proof
    (`check_of_another_decision`), and have no live repayment yet (`check_repayment_exists`;
    a returned one makes room). The repayment page asks the same before the officer types."""
    if check.status != CheckStatus.DONE or check.result != CheckResult.PARTIAL_REVOCATION:
        return ValidationError(
            _(
                "A repayment follows only from a check concluded as a partial revocation with "
                "the second signature."
            ),
            code="check_not_revoked",
        )
    if not check.repayable:
        return ValidationError(
            _("The check leaves nothing to repay: what was paid is not above the eligible amount."),
            code="check_nothing_repayable",
        )
    if check.proof.decision_id != decision.pk:
        return ValidationError(
            _("This check belongs to the proof of use of another decision."),
            code="check_of_another_decision",
        )
    live = Repayment.objects.live().filter(proof_check=check).first()
    if live is not None:
        return ValidationError(
            _("The repayment %(number)s follows from this check already."),
            code="check_repayment_exists",
            params={"number": live.number},
        )
    return None


def _from_check(
    check: ProofCheck,
    decision: Decision,
    *,
    fiscal_year: int | None,
    eligible: Decimal | str | None,
) -> tuple[int, Decimal]:
    """The year and the eligible amount the check hands over; what the caller passed must agree
    (`check_of_another_year`, `eligible_not_the_checks`)."""
    check = locked(ProofCheck.objects.select_related("proof"), check.pk)
    refusal = check_refusal(check, decision)
    if refusal is not None:
        raise refusal
    year = check.proof.year
    if fiscal_year is not None and fiscal_year != year:
        raise _error(
            "fiscal_year",
            _("The check is of the funding year %(year)s."),
            "check_of_another_year",
            year=year,
        )
    assert check.eligible_amount is not None  # a concluded check has one
    if eligible is not None and money.parse(eligible, "eligible") != check.eligible_amount:
        raise _error(
            "eligible",
            _("The eligible amount is the check's: %(eligible)s EUR."),
            "eligible_not_the_checks",
            eligible=money.german(check.eligible_amount),
        )
    return year, check.eligible_amount


@transaction.atomic
def propose_repayment(
    decision: Decision,
    *,
    by: User,
    fiscal_year: int | None = None,
    eligible: Decimal | str | None = None,
    ineffective_on: date,
    reasons: str,
    due_days: int = 30,
    late: LateUseInput | None = None,
    check: ProofCheck | None = None,
) -> Repayment:
    """Propose the repayment of what was paid for `fiscal_year` beyond `eligible`.

    With `check` (the check of the proof of use), the year and the eligible amount are the
    check's, and the repayment names it: refusals of `check_refusal` and, where the caller
    passed them and they differ, `check_of_another_year`, `eligible_not_the_checks`. Without a
    check (a repayment of another cause) both are required (`required`).

    Refusals: `not_a_grant` (a rejection), `unknown_year`, `nothing_to_repay` (paid ≤
    eligible), `ineffective_in_future`, `due_days_out_of_range` (14–90), `reasons_required`,
    `repayment_exists` (one live per decision and year), and § 49a (4)'s (`invalid_amount`,
    `used_before_paid`, `invalid_days`, `no_base_rate`)."""
    require(by, access.may_propose_repayment)
    decision = locked(Decision.objects.select_related("application__centre__grantee"), decision.pk)
    if decision.kind == DecisionKind.REJECTION:
        raise ValidationError(_("A rejection paid nothing to reclaim."), code="not_a_grant")
    if check is not None:
        fiscal_year, eligible = _from_check(
            check, decision, fiscal_year=fiscal_year, eligible=eligible
        )
    if fiscal_year is None:
        raise _error("fiscal_year", _("This field is required."), "required")
    if eligible is None:
        raise _error("eligible", _("This field is required."), "required")
    if fiscal_year not in decision.application.years:
        raise _error(
            "fiscal_year",
            _("%(year)s is not a funding year of this decision."),
            "unknown_year",
            year=fiscal_year,
        )
    paid = paid_for(decision, fiscal_year)
    value = money.parse(eligible, "eligible")
    principal = repayment.repayment_amount(paid, value)
    if principal <= ZERO:
        raise _error(
            "eligible",
            _("Nothing to repay: %(paid)s EUR were paid, %(eligible)s EUR are eligible."),
            "nothing_to_repay",
            paid=money.german(paid),
            eligible=money.german(value),
        )
    if ineffective_on > timezone.localdate():
        raise _error(
            "ineffective_on", _("The day must not lie in the future."), "ineffective_in_future"
        )
    if not MIN_DUE_DAYS <= due_days <= MAX_DUE_DAYS:
        raise _error(
            "due_days",
            _("Between %(min)s and %(max)s days."),
            "due_days_out_of_range",
            min=MIN_DUE_DAYS,
            max=MAX_DUE_DAYS,
        )
    if not (reasons or "").strip():
        raise _error("reasons", _("Give the reasons."), "reasons_required")
    late_values, late_interest = _late_use(late, paid=paid) if late else ({}, ZERO)
    row = Repayment(
        decision=decision,
        proof_check=check,
        centre=decision.application.centre,
        fiscal_year=fiscal_year,
        number=_number(decision, fiscal_year),
        paid=paid,
        eligible=value,
        principal=principal,
        ineffective_on=ineffective_on,
        due_days=due_days,
        reasons=reasons.strip(),
        proposed_by=by,
        late_interest=late_interest,
        **late_values,
    )
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as exc:
        raise ValidationError(
            _("A repayment for this decision and year exists already."), code="repayment_exists"
        ) from exc
    audit.record(
        row,
        "repayment.proposed",
        actor=by,
        changes=audit.created(row, ["number", *FIELDS, *LATE_FIELDS, "late_interest"]),
        centre_id=row.centre_id,
    )
    return row


def _require_four_eyes(row: Repayment, by: User) -> None:
    if by.pk == row.proposed_by_id:
        raise ValidationError(
            _("You proposed this repayment; a second person must sign or return it (four eyes)."),
            code="four_eyes",
        )


def _locked(row: Repayment) -> Repayment:
    return locked(
        Repayment.objects.select_related(
            "decision__application__centre__grantee",
            "proposed_by",
            "centre",
            "proof_check__proof__centre__grantee",
        ),
        row.pk,
    )


@transaction.atomic
def return_repayment(row: Repayment, *, by: User, reason: str) -> Repayment:
    """The approver sends a proposal back with a reason; the officer may propose anew."""
    require(by, access.may_sign_repayment)
    if not (reason or "").strip():
        raise _error("reason", _("Say why it is returned."), "reason_required")
    row = _locked(row)
    _require_four_eyes(row, by)
    return transition(
        row,
        to=RepaymentStatus.RETURNED,
        allowed={RepaymentStatus.PROPOSED},
        fields={"return_reason": reason.strip()},
        by=by,
        action="repayment.returned",
    )


def _line_for(row: Repayment) -> BudgetLine:
    """The budget line the year's payments came from (the latest), else the decision's line of
    the year; `no_budget_line` if neither exists."""
    payment = (
        _released(row.decision, row.fiscal_year)
        .filter(budget_line__isnull=False)
        .select_related("budget_line")
        .order_by("-decided_at")
        .first()
    )
    if payment is not None and payment.budget_line is not None:
        return payment.budget_line
    commitment = (
        Commitment.objects.filter(
            decision__application_id=row.decision.application_id,
            budget_line__fiscal_year=row.fiscal_year,
        )
        .select_related("budget_line")
        .order_by("-created_at")
        .first()
    )
    if commitment is None:
        raise ValidationError(
            _("No budget line of %(year)s carries this grant."),
            code="no_budget_line",
            params={"year": row.fiscal_year},
        )
    return commitment.budget_line


def _data(row: Repayment, by: User, today: date) -> RepaymentData:
    return RepaymentData.build(
        row, signed_by=by, issued_on=today, rates=BaseRate.objects.as_rates()
    )


def sign_repayment(row: Repayment, *, by: User) -> Repayment:
    """The second signature: store the PDF once with its checksum, book the receivable.

    Only a grant approver who passed the second factor and did not propose it (four eyes; the
    database backs it). The PDF is rendered before the transaction opens and compared again
    under the lock (`signing_conflict` if it changed meanwhile)."""
    require(by, access.may_sign_repayment)
    today = timezone.localdate()
    current = Repayment.objects.select_related(
        "decision__application__centre__grantee",
        "proposed_by",
        "centre",
        "proof_check__proof__centre__grantee",
    ).get(pk=row.pk)
    _require_four_eyes(current, by)
    require_status(current, {RepaymentStatus.PROPOSED})
    data = _data(current, by, today)
    return _sign(row, by=by, today=today, rendered=data, content=render_repayment_pdf(data))


@transaction.atomic
def _sign(
    row: Repayment, *, by: User, today: date, rendered: RepaymentData, content: bytes
) -> Repayment:
    row = _locked(row)
    _require_four_eyes(row, by)
    require_status(row, {RepaymentStatus.PROPOSED})
    if _data(row, by, today) != rendered:
        raise ValidationError(
            _("The repayment changed while it was being prepared; please sign again."),
            code="signing_conflict",
        )
    due_date = today + timedelta(days=row.due_days)
    receivable = receivables.book_receivable(
        row.decision,
        by=by,
        budget_line=_line_for(row),
        fiscal_year=row.fiscal_year,
        principal=row.principal,
        interest=row.late_interest,
        interest_from=row.ineffective_on,
        reason=f"Teilwiderruf {row.decision.number}, Haushaltsjahr {row.fiscal_year}",
        reference=row.number,
        source_url=row.get_absolute_url(),
        due_date=due_date,
    )
    save_on_commit(row.pdf, "", content)
    return transition(
        row,
        to=RepaymentStatus.SIGNED,
        allowed={RepaymentStatus.PROPOSED},
        fields={
            "signed_by": by,
            "signed_at": timezone.now(),
            "due_date": due_date,
            "receivable": receivable,
            "pdf": row.pdf.name,
            "pdf_sha256": hashlib.sha256(content).hexdigest(),
            "pdf_size": len(content),
        },
        by=by,
        action="repayment.signed",
    )


def _accrue(receivable: Receivable, day: date) -> Decimal:
    """§ 49a (3) on the principal open since the last receipt (or the day of ineffectiveness)."""
    assert receivable.interest_from is not None
    return repayment.interest_on(
        receivable.principal_open, receivable.interest_from, day, BaseRate.objects.as_rates()
    ).interest


def record_repayment_receipt(
    row: Repayment, *, by: User, received_on: date, amount: Decimal | str, note: str = ""
) -> Receipt:
    """The officer records a payment of the KI: the interest to that day is booked on the
    receivable, then the amount credited (interest first), never more than owed. Refusals:
    `wrong_status` (not signed) and those of `funding.services.receivables.record_receipt` and
    of the interest (`no_base_rate`)."""
    require(by, access.may_propose_repayment)
    with transaction.atomic():
        current = locked(Repayment, row.pk)
        require_status(current, {RepaymentStatus.SIGNED})
        assert current.receivable_id is not None
        return receivables.record_receipt(
            Receivable(pk=current.receivable_id),
            by=by,
            received_on=received_on,
            amount=amount,
            accrue=_accrue,
            note=note,
        )
