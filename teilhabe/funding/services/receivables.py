"""Receivables on the budget ledger and the receipts against them: never more than owed.

A receivable is booked by the step that establishes it (the second signature of a repayment
decision: `access.may_sign_decision`); the grant officer records what the KI pays
(`access.may_review`). A receipt locks the receivable's row first (`select_for_update`; on
SQLite the IMMEDIATE transaction serialises writers), books the interest the caller computes on
the open principal up to the receipt's day (`accrue`, from the app that knows the rule), and is
refused if it would pay more than is then owed; the check constraints on `Receivable` are the
last line of defence. Credited to the interest first, then the principal (models/receivables.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teilhabe.core import audit, money
from teilhabe.core.actions import locked, require
from teilhabe.core.money import ZERO
from teilhabe.funding import access
from teilhabe.funding.models import (
    BudgetLine,
    Decision,
    DecisionKind,
    Receipt,
    Receivable,
    ReceivableStatus,
)
from teilhabe.funding.models.receivables import status_for

if TYPE_CHECKING:
    from teilhabe.accounts.models import User

# What a receipt books as interest before it is credited: (receivable under its lock, the day
# received) → the interest on its open principal from `interest_from` to that day.
Accrual = Callable[[Receivable, date], Decimal]

FIELDS = ["principal", "interest", "received", "status", "due_date", "interest_from"]


def _positive(value: Decimal | str, field: str) -> Decimal:
    amount = money.parse(value, field)
    if amount <= ZERO:
        raise ValidationError(
            {
                field: ValidationError(
                    _("The amount must be more than 0 EUR."), code="amount_not_positive"
                )
            }
        )
    return amount


@transaction.atomic
def book_receivable(
    decision: Decision,
    *,
    by: User,
    budget_line: BudgetLine,
    fiscal_year: int,
    principal: Decimal,
    reason: str,
    reference: str,
    source_url: str,
    due_date: date,
    interest: Decimal = ZERO,
    interest_from: date | None = None,
) -> Receivable:
    """Book what the state claims back for `fiscal_year` of `decision` on `budget_line`.

    `interest` is interest already due when it is booked (§ 49a (4) VwVfG NRW); with
    `interest_from` the open principal earns interest after that day until it is paid, booked
    with each receipt. Refusals: `amount_not_positive`, `negative_amount`, `wrong_year` (the
    line is of another fiscal year), `amend_rejection` (a rejection paid nothing)."""
    require(by, access.may_sign_decision)
    amount = _positive(principal, "principal")
    booked_interest = money.parse(interest, "interest")
    if booked_interest < ZERO:
        raise ValidationError(
            {
                "interest": ValidationError(
                    _("The amount must not be negative."), code="negative_amount"
                )
            }
        )
    if decision.kind == DecisionKind.REJECTION:
        raise ValidationError(_("A rejection paid nothing to reclaim."), code="amend_rejection")
    line = locked(BudgetLine, budget_line.pk)
    if line.fiscal_year != fiscal_year:
        raise ValidationError(
            _("The budget line is of %(line_year)s, the receivable of %(year)s."),
            code="wrong_year",
            params={"line_year": line.fiscal_year, "year": fiscal_year},
        )
    receivable = Receivable.objects.create(
        budget_line=line,
        decision=decision,
        fiscal_year=fiscal_year,
        principal=amount,
        interest=booked_interest,
        interest_accrues=interest_from is not None,
        interest_from=interest_from,
        reason=reason.strip(),
        reference=reference.strip(),
        source_url=source_url,
        due_date=due_date,
        booked_by=by,
    )
    audit.record(
        receivable,
        "receivable.booked",
        actor=by,
        changes=audit.created(
            receivable, ["budget_line", "fiscal_year", *FIELDS, "reason", "reference"]
        ),
        centre_id=decision.application.centre_id,
    )
    return receivable


def _refuse(field: str, message: Any, code: str, **params: object) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code, params=params or None)})


@transaction.atomic
def record_receipt(
    receivable: Receivable,
    *,
    by: User,
    received_on: date,
    amount: Decimal | str,
    accrue: Accrual | None = None,
    note: str = "",
) -> Receipt:
    """The grant officer records a payment the KI made on `received_on`.

    Under the receivable's lock: the interest on the open principal up to that day is booked
    first (`accrue`, where the receivable accrues interest), then the amount is credited, never
    more than is then owed. Receipts come in the order of their days. Refusals:
    `already_settled`, `receipt_in_future`, `receipt_out_of_order`, `amount_not_positive`,
    `over_settled` (naming what is owed)."""
    require(by, access.may_review)
    value = _positive(amount, "amount")
    row = locked(Receivable.objects.select_related("decision__application"), receivable.pk)
    if row.status == ReceivableStatus.SETTLED:
        raise ValidationError(_("This receivable is settled."), code="already_settled")
    if received_on > timezone.localdate():
        raise _refuse("received_on", _("The day lies in the future."), "receipt_in_future")
    last = row.receipts.order_by("-received_on").values_list("received_on", flat=True).first()
    earliest = max((d for d in (last, row.interest_from) if d is not None), default=None)
    if earliest is not None and received_on < earliest:
        raise _refuse(
            "received_on",
            _("Receipts are recorded in order: not before %(day)s."),
            "receipt_out_of_order",
            day=earliest.strftime("%d.%m.%Y"),
        )
    before = audit.snapshot(row, FIELDS)
    interest = ZERO
    if accrue is not None and row.interest_accrues and row.principal_open > ZERO:
        interest = accrue(row, received_on)
        if interest < ZERO:
            raise ValueError("accrued interest must not be negative")
    owed = row.open_amount + interest
    if value > owed:
        raise _refuse(
            "amount",
            _("At most %(owed)s EUR are owed on %(day)s."),
            "over_settled",
            owed=money.german(owed),
            day=received_on.strftime("%d.%m.%Y"),
        )
    row.interest += interest
    row.received += value
    if row.interest_accrues:
        row.interest_from = received_on
    row.status = status_for(row.owed, row.received)
    row.lock_version += 1
    try:
        with transaction.atomic():
            row.save(
                update_fields=[
                    "interest",
                    "received",
                    "status",
                    "interest_from",
                    "lock_version",
                    "updated_at",
                ]
            )
    except IntegrityError as exc:  # the check constraint: never over-settled
        raise _refuse(
            "amount", _("The receivable would be over-settled."), "over_settled", owed=""
        ) from exc
    receipt = Receipt.objects.create(
        receivable=row,
        received_on=received_on,
        amount=value,
        interest=interest,
        note=(note or "").strip(),
        recorded_by=by,
    )
    audit.record(
        row,
        "receivable.receipt_recorded",
        actor=by,
        changes={
            **audit.diff(before, audit.snapshot(row, FIELDS)),
            **audit.created(receipt, ["received_on", "amount", "interest"]),
        },
        centre_id=row.decision.application.centre_id,
    )
    return receipt
