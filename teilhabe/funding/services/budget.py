"""Budget lines and the commitments decisions charge to them: never over-committed.

Every change of a line's running sums happens here, inside a transaction, after locking the
line's row (`select_for_update`; on SQLite the IMMEDIATE transaction mode serialises writers).
The check constraints on BudgetLine are the last line of defence: a write that slipped past the
lock would fail there, not over-commit.

Who may: the ministry manages the lines (`access.may_manage_budget`); a decision's commitment is
charged with the second signature (`access.may_sign_decision`). Each function checks it itself.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from teilhabe.core import audit, money
from teilhabe.core.actions import require
from teilhabe.core.money import ZERO
from teilhabe.funding import access
from teilhabe.funding.models import BudgetLine, BudgetPurpose, Commitment, Decision

if TYPE_CHECKING:
    from teilhabe.accounts.models import User


def year_deltas(decision: Decision) -> dict[int, Decimal]:
    """What `decision` adds per year to what the decision it amends had granted."""
    previous = decision.amends
    years = set(decision.amounts_by_year) | (set(previous.amounts_by_year) if previous else set())
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
        params={"year": year, "amount": money.german(delta), "available": money.german(available)},
    )


def commit_decision(decision: Decision, *, by: User) -> list[Commitment]:
    """Charge `decision`'s amounts (the difference, for an amendment) to the budget lines.

    An internal step of `review.sign_proposal` (inside its transaction, after its checks), not
    an action of its own; it still refuses anyone but an approver. All years or none: one year
    that does not fit fails the whole decision. Rows are locked in the order of the years, so two
    approvals never wait for each other crosswise.
    """
    require(by, access.may_sign_decision)
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


def _money(value: Decimal | int | str, field: str) -> Decimal:
    """A non-negative amount in whole cents, or a ValidationError on `field`."""
    amount = money.parse(value, field)
    if amount < 0:
        raise ValidationError(
            {field: ValidationError(_("The amount must not be negative."), code="negative_amount")}
        )
    return amount


@transaction.atomic
def add_budget_line(
    *,
    by: User,
    fiscal_year: int,
    code: str,
    title: str,
    purpose: str,
    planned: Decimal,
) -> BudgetLine:
    """Add a budget line of a fiscal year (e.g. the state budget's title for the KIs).

    The code is unique per year; nothing is committed or paid yet.
    """
    require(by, access.may_manage_budget)
    line = BudgetLine(
        fiscal_year=fiscal_year,
        code=code.strip(),
        title=title.strip(),
        purpose=purpose,
        planned=_money(planned, "planned"),
    )
    if not 2012 <= fiscal_year <= 2100:
        raise ValidationError(
            {
                "fiscal_year": ValidationError(
                    _("Enter a fiscal year between 2012 and 2100."), code="year_out_of_range"
                )
            }
        )
    if BudgetLine.objects.filter(fiscal_year=fiscal_year, code=line.code).exists():
        raise ValidationError(
            {
                "code": ValidationError(
                    _("%(year)s already has a budget line with the code %(code)s."),
                    code="duplicate_budget_line",
                    params={"year": fiscal_year, "code": line.code},
                )
            }
        )
    line.full_clean()
    line.save()
    audit.record(
        line,
        "budget.line_added",
        actor=by,
        changes=audit.created(line, ["fiscal_year", "code", "title", "purpose", "planned"]),
    )
    return line


@transaction.atomic
def change_planned(line: BudgetLine, *, by: User, planned: Decimal) -> BudgetLine:
    """Change what a line plans; never below what is already committed to it.

    The row is locked first, so an approval committing at the same moment is either counted
    before the check or waits until the new plan is saved.
    """
    require(by, access.may_manage_budget)
    amount = _money(planned, "planned")
    line = BudgetLine.objects.select_for_update().get(pk=line.pk)
    if amount < line.committed:
        raise ValidationError(
            {
                "planned": ValidationError(
                    _(
                        "%(committed)s EUR are already committed to this line; the plan cannot "
                        "be lower."
                    ),
                    code="below_committed",
                    params={"committed": money.german(line.committed)},
                )
            }
        )
    before = audit.snapshot(line, ["planned"])
    if amount == line.planned:
        return line
    line.planned = amount
    line.save(update_fields=["planned", "updated_at"])
    audit.record(
        line,
        "budget.planned_changed",
        actor=by,
        changes=audit.diff(before, audit.snapshot(line, ["planned"])),
    )
    return line
