"""Budget lines and the commitments decisions charge to them: never over-committed.

Every change of a line's running sums happens here, inside a transaction, after locking the
line's row (`select_for_update`; on SQLite the IMMEDIATE transaction mode serialises writers).
The check constraints on BudgetLine are the last line of defence: a write that slipped past the
lock would fail there, not over-commit.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from teilhabe.core import audit
from teilhabe.core.roles import AnyUser
from teilhabe.funding.models import BudgetLine, BudgetPurpose, Commitment, Decision

ZERO = Decimal("0.00")


def _format(amount: Decimal) -> str:
    return f"{amount:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")


def year_deltas(decision: Decision) -> dict[int, Decimal]:
    """What `decision` adds per year to what the decision it amends had granted."""
    previous = decision.amends
    years = {int(y) for y in decision.amounts} | (
        {int(y) for y in previous.amounts} if previous else set()
    )
    deltas = {}
    for year in sorted(years):
        delta = decision.amount_for(year) - (previous.amount_for(year) if previous else ZERO)
        if delta:
            deltas[year] = delta
    return deltas


def _locked_line(year: int, delta: Decimal) -> BudgetLine:
    """The KI budget line of `year` that can carry `delta`, locked; ValidationError if none."""
    lines = list(
        BudgetLine.objects.select_for_update()
        .filter(fiscal_year=year, purpose=BudgetPurpose.CENTRES)
        .order_by("code")
    )
    if not lines:
        raise ValidationError(
            _("There is no budget line for Kommunale Integrationszentren in %(year)s."),
            code="no_budget_line",
            params={"year": year},
        )
    for line in lines:
        if line.committed + delta <= line.planned and line.committed + delta >= line.paid:
            return line
    available = max(line.available for line in lines)
    raise ValidationError(
        _(
            "The budget for %(year)s is not enough: %(amount)s EUR are needed, at most "
            "%(available)s EUR are still available on one line."
        ),
        code="budget_insufficient",
        params={"year": year, "amount": _format(delta), "available": _format(available)},
    )


def commit_decision(decision: Decision, *, by: AnyUser | None) -> list[Commitment]:
    """Charge `decision`'s amounts (the difference, for an amendment) to the budget lines.

    All years or none: one year that does not fit fails the whole decision. Rows are locked in
    the order of the years, so two approvals never wait for each other crosswise.
    """
    commitments = []
    with transaction.atomic():
        for year, delta in year_deltas(decision).items():
            line = _locked_line(year, delta)
            before = audit.snapshot(line, ["committed"])
            line.committed += delta
            try:
                with transaction.atomic():
                    line.save(update_fields=["committed", "updated_at"])
            except IntegrityError as exc:  # the check constraint: never over-committed
                raise ValidationError(
                    _("The budget line %(line)s would be over-committed."),
                    code="budget_insufficient",
                    params={"line": str(line)},
                ) from exc
            commitment = Commitment.objects.create(
                budget_line=line, decision=decision, amount=delta
            )
            audit.record(
                line,
                "budget.committed",
                actor=by,
                changes=audit.diff(before, audit.snapshot(line, ["committed"])),
                centre_id=decision.application.centre_id,
            )
            commitments.append(commitment)
    return commitments
