"""Payments (Mittelabruf): the KI requests instalments, the grant officer releases or refuses.

Nothing beyond the grant is ever payable. Three guards, from the outside in:

1. A request is refused when it exceeds what the decision in force grants for the year minus
   what is released and what is requested and still open (`exceeds_grant`). The application's
   row is locked, so two requests of the same KI are counted one after the other.
2. A release locks the application, the payment and the budget line, and checks again against
   the decision in force *now* (an amendment may have reduced the grant since the request).
3. The line's `paid` may never exceed its `committed` (check constraint): a release that slipped
   past both checks fails in the database instead of paying out.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Subquery, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teilhabe.core import audit, money
from teilhabe.core.actions import locked, require, require_status, transition
from teilhabe.core.money import CENT, ZERO
from teilhabe.funding import access
from teilhabe.funding.models import (
    Application,
    ApplicationStatus,
    BudgetLine,
    Commitment,
    Decision,
    DecisionAmount,
    DecisionKind,
    Payment,
    PaymentStatus,
)
from teilhabe.funding.notifications import notify

if TYPE_CHECKING:
    from teilhabe.accounts.models import User


def decision_in_force(application: Application) -> Decision | None:
    """The granting decision in force (grant or amendment) of `application` with its amounts;
    None if the newest decision is a rejection or there is none.

    One query: the newest decision's amount rows with the decision joined. A granting decision
    has an amount for every funding year (0 for a year an amendment cuts to nothing); a
    rejection has none.
    """
    newest = application.decisions.order_by("-issued_at", "-pk").values("pk")[:1]
    rows = list(
        DecisionAmount.objects.filter(decision_id=Subquery(newest))
        .exclude(decision__kind=DecisionKind.REJECTION)
        .select_related("decision")
        .order_by("year")
    )
    if not rows:
        return None
    decision = rows[0].decision
    decision.amounts_by_year = {row.year: row.amount for row in rows}
    return decision


def _sum(payments: list[Payment], year: int, status: str) -> Decimal:
    return sum((p.amount for p in payments if p.fiscal_year == year and p.status == status), ZERO)


def _amount(value: Decimal | str | int) -> Decimal:
    amount = money.parse(value, "amount")
    if amount <= 0:
        raise ValidationError(
            {
                "amount": ValidationError(
                    _("The amount must be more than 0 EUR."), code="amount_not_positive"
                )
            }
        )
    return amount.quantize(CENT)


@transaction.atomic
def request_payment(
    application: Application,
    *,
    by: User,
    year: int,
    amount: Decimal | str,
    note: str = "",
) -> Payment:
    """The KI lead requests an instalment of the grant for `year` (Mittelabruf).

    At most what the decision in force grants for the year, minus what is released and what is
    requested but not yet decided.
    """
    require(by, access.may_request_payment, application.centre_id)
    application = locked(Application, application.pk)
    require_status(
        application,
        {ApplicationStatus.APPROVED},
        wrong=lambda: ValidationError(
            _("Payments can be requested only for an approved application."),
            code="not_approved",
        ),
    )
    decision = decision_in_force(application)
    if decision is None:
        raise ValidationError(
            _("There is no funding decision for this application."), code="no_decision"
        )
    granted = decision.amount_for(year)
    if granted <= 0:
        raise ValidationError(
            {
                "year": ValidationError(
                    _("The decision %(decision)s grants nothing for %(year)s."),
                    code="year_not_granted",
                    params={"decision": decision.number, "year": year},
                )
            }
        )
    amount = _amount(amount)
    payments = list(Payment.objects.filter(application=application, fiscal_year=year))
    available = (
        granted
        - _sum(payments, year, PaymentStatus.RELEASED)
        - _sum(payments, year, PaymentStatus.REQUESTED)
    )
    if amount > available:
        raise ValidationError(
            {
                "amount": ValidationError(
                    _(
                        "This exceeds the grant: at most %(available)s EUR can still be "
                        "requested for %(year)s."
                    ),
                    code="exceeds_grant",
                    params={"available": money.german(max(available, ZERO)), "year": year},
                )
            }
        )
    payment = Payment.objects.create(
        application=application,
        decision=decision,
        fiscal_year=year,
        amount=amount,
        requested_by=by,
        note=note.strip(),
    )
    audit.record(
        payment,
        "payment.requested",
        actor=by,
        changes=audit.created(payment, ["fiscal_year", "amount", "decision", "status"]),
        centre_id=application.centre_id,
    )
    notify(
        "payment_requested",
        application,
        actor=by,
        path=reverse("funding:payment_queue"),  # where the officers release it
        amount=amount,
        year=year,
        message=payment.note,
    )
    return payment


def _locked_payment(payment: Payment) -> tuple[Application, Payment]:
    """Lock the application first, then the payment: the same order as request_payment."""
    application = locked(Application, payment.application_id)
    payment = locked(Payment, payment.pk)
    require_status(payment, {PaymentStatus.REQUESTED}, wrong=lambda: _decided(payment))
    return application, payment


def _decided(payment: Payment) -> ValidationError:
    return ValidationError(
        _("This payment has already been %(status)s."),
        code="payment_decided",
        params={"status": payment.get_status_display()},
    )


def _line_for(application: Application, year: int, amount: Decimal) -> BudgetLine:
    """The budget line the year's commitment went to that still carries `amount`, locked.

    Usually one line; if the grant (or an amendment) was charged to several lines of the year,
    the first line (by code) on which this application's commitment minus what was released
    from it still covers the amount.
    """
    committed: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for line_id, total in (
        Commitment.objects.filter(decision__application=application, budget_line__fiscal_year=year)
        .values_list("budget_line_id")
        .annotate(total=Sum("amount"))
    ):
        committed[line_id] += total
    for line_id, total in (
        Payment.objects.filter(
            application=application, fiscal_year=year, status=PaymentStatus.RELEASED
        )
        .values_list("budget_line_id")
        .annotate(total=Sum("amount"))
    ):
        if line_id is not None:
            committed[line_id] -= total
    lines = list(
        BudgetLine.objects.select_for_update(of=("self",))
        .filter(pk__in=[pk for pk, room in committed.items() if room > 0])
        .order_by("code", "pk")
    )
    for line in lines:
        if committed[line.pk] >= amount:
            return line
    raise ValidationError(
        _(
            "No budget line carries a commitment for %(year)s that covers %(amount)s EUR; "
            "the grant was not committed to the budget."
        ),
        code="no_commitment",
        params={"year": year, "amount": money.german(amount)},
    )


@transaction.atomic
def release_payment(payment: Payment, *, by: User) -> Payment:
    """The grant officer releases a requested payment; it is charged to the line as paid.

    Checked again under lock against the decision in force now, so a payment requested before
    an amendment that reduced the grant is not released beyond the new amount.
    """
    require(by, access.may_review)
    application, payment = _locked_payment(payment)
    year = payment.fiscal_year
    decision = decision_in_force(application)
    granted = decision.amount_for(year) if decision is not None else ZERO
    released = (
        Payment.objects.filter(
            application=application, fiscal_year=year, status=PaymentStatus.RELEASED
        ).aggregate(total=Sum("amount"))["total"]
        or ZERO
    )
    if released + payment.amount > granted:
        raise ValidationError(
            _(
                "This exceeds the grant in force: %(granted)s EUR are granted for %(year)s, "
                "%(released)s EUR are released already; at most %(available)s EUR can be "
                "released."
            ),
            code="exceeds_grant",
            params={
                "granted": money.german(granted),
                "year": year,
                "released": money.german(released),
                "available": money.german(max(granted - released, ZERO)),
            },
        )
    line = _line_for(application, year, payment.amount)
    before_line = audit.snapshot(line, ["paid"])
    line.paid += payment.amount
    try:
        with transaction.atomic():
            line.save(update_fields=["paid", "updated_at"])
    except IntegrityError as exc:  # the check constraint: never paid beyond the commitment
        raise ValidationError(
            _("The budget line %(line)s would be paid beyond its commitments."),
            code="budget_over_paid",
            params={"line": str(line)},
        ) from exc
    transition(
        payment,
        to=PaymentStatus.RELEASED,
        allowed={PaymentStatus.REQUESTED},
        fields={"budget_line": line, "decided_by": by, "decided_at": timezone.now()},
        by=by,
        action="payment.released",
        centre_id=application.centre_id,
    )
    audit.record(
        line,
        "budget.paid",
        actor=by,
        changes=audit.diff(before_line, audit.snapshot(line, ["paid"])),
        centre_id=application.centre_id,
    )
    notify("payment_released", application, actor=by, amount=payment.amount, year=year)
    return payment


@transaction.atomic
def refuse_payment(payment: Payment, *, by: User, reason: str) -> Payment:
    """The grant officer refuses a requested payment, with the reason the KI is told."""
    require(by, access.may_review)
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {
                "reason": ValidationError(
                    _("Give the reason for the refusal; the KI is told."), code="reason_required"
                )
            }
        )
    application, payment = _locked_payment(payment)
    transition(
        payment,
        to=PaymentStatus.REFUSED,
        allowed={PaymentStatus.REQUESTED},
        fields={"refusal_reason": reason, "decided_by": by, "decided_at": timezone.now()},
        by=by,
        action="payment.refused",
        centre_id=application.centre_id,
    )
    notify(
        "payment_refused",
        application,
        actor=by,
        amount=payment.amount,
        year=payment.fiscal_year,
        message=reason,
    )
    return payment


# --- the ledger ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LedgerYear:
    year: int
    granted: Decimal
    requested: Decimal  # requested and not yet decided
    released: Decimal
    payments: tuple[Payment, ...] = field(default=())

    @property
    def open(self) -> Decimal:
        """What can still be requested: granted - released - requested (never below 0)."""
        return max(self.granted - self.released - self.requested, ZERO)

    @property
    def over_requested(self) -> Decimal:
        """What released and requested exceed the grant by (after a reducing amendment)."""
        return max(self.released + self.requested - self.granted, ZERO)


@dataclass(frozen=True)
class Ledger:
    decision: Decision | None
    years: tuple[LedgerYear, ...]

    @property
    def granted(self) -> Decimal:
        return sum((y.granted for y in self.years), ZERO)

    @property
    def requested(self) -> Decimal:
        return sum((y.requested for y in self.years), ZERO)

    @property
    def released(self) -> Decimal:
        return sum((y.released for y in self.years), ZERO)

    @property
    def open(self) -> Decimal:
        return sum((y.open for y in self.years), ZERO)


def ledger(application: Application) -> Ledger:
    """The payment ledger of an application per funding year (two queries: the decision in
    force with its amounts, the payments).

    Granted is what the decision in force grants; every payment ever requested is listed with
    its status, refused ones included (they count for nothing).
    """
    decision = decision_in_force(application)
    payments = list(  # through the relation: each payment knows its application, no query
        application.payments.select_related(
            "decision", "requested_by", "decided_by", "budget_line"
        ).order_by("fiscal_year", "requested_at", "pk")
    )
    years = set(application.years) | {p.fiscal_year for p in payments}
    if decision is not None:
        years |= set(decision.amounts_by_year)
    rows = []
    for year in sorted(years):
        rows.append(
            LedgerYear(
                year=year,
                granted=decision.amount_for(year) if decision is not None else ZERO,
                requested=_sum(payments, year, PaymentStatus.REQUESTED),
                released=_sum(payments, year, PaymentStatus.RELEASED),
                payments=tuple(p for p in payments if p.fiscal_year == year),
            )
        )
    return Ledger(decision=decision, years=tuple(rows))
