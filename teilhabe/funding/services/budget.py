"""Budget lines and the commitments decisions charge to them: never over-committed.

Every change of a line's running sums happens here, inside a transaction, after locking the
line's row (`select_for_update`; on SQLite the IMMEDIATE transaction mode serialises writers).
The check constraints on BudgetLine are the last line of defence: a write that slipped past the
lock would fail there, not over-commit.

Who may: the ministry manages the lines (`access.may_manage_budget`); a decision's commitment is
charged with the second signature (`access.may_sign_decision`). Each function checks it itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
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


def deltas(amounts: Mapping[int, Decimal], amends: Decision | None) -> dict[int, Decimal]:
    """What `amounts` add per year to what the decision they amend (if any) had granted."""
    years = set(amounts) | (set(amends.amounts_by_year) if amends else set())
    changes = {}
    for year in sorted(years):
        delta = amounts.get(year, ZERO) - (amends.amount_for(year) if amends else ZERO)
        if delta:
            changes[year] = delta
    return changes


def year_deltas(decision: Decision) -> dict[int, Decimal]:
    """What `decision` adds per year to what the decision it amends had granted."""
    return deltas(decision.amounts_by_year, decision.amends)


def line_for(lines: Sequence[BudgetLine], delta: Decimal) -> BudgetLine | None:
    """The first of a year's KI lines (in the order of their codes) that can carry `delta`:
    neither over-committed nor, for a reduction, below what it has paid out."""
    return next((ln for ln in lines if ln.paid <= ln.committed + delta <= ln.planned), None)


def pick_line(year: int, lines: Sequence[BudgetLine], delta: Decimal) -> BudgetLine:
    """The line of `lines` signing charges `delta` to, or the refusal signing gives."""
    if not lines:
        raise ValidationError(
            _("There is no budget line for Kommunale Integrationszentren in %(year)s."),
            code="no_budget_line",
            params={"year": year},
        )
    line = line_for(lines, delta)
    if line is not None:
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


def _locked_line(year: int, delta: Decimal) -> BudgetLine:
    """The KI budget line of `year` that can carry `delta`, locked; ValidationError if none."""
    lines = list(
        BudgetLine.objects.select_for_update()
        .filter(fiscal_year=year, purpose=BudgetPurpose.CENTRES)
        .order_by("code")
    )
    return pick_line(year, lines, delta)


@dataclass(frozen=True)
class Charge:
    """What a decision would charge to the budget in one year (an amendment: the difference),
    the line signing would take — or, where none can carry it, the year's line with the most
    still available — and why signing would refuse (`refusal`, empty if it fits)."""

    year: int
    amount: Decimal
    line: BudgetLine | None
    refusal: str

    @property
    def available_after(self) -> Decimal | None:
        return None if self.line is None else self.line.available - self.amount


def charges(amounts: Mapping[int, Decimal], amends: Decision | None = None) -> list[Charge]:
    """The budget as signing would find it now: per year, `commit_decision`'s choice of line
    for these amounts (`pick_line`, without a lock), in one query."""
    changes = deltas(amounts, amends)
    lines: dict[int, list[BudgetLine]] = {year: [] for year in changes}
    for line in BudgetLine.objects.filter(
        fiscal_year__in=list(changes), purpose=BudgetPurpose.CENTRES
    ).order_by("fiscal_year", "code"):
        lines[line.fiscal_year].append(line)
    result = []
    for year, delta in changes.items():
        try:
            result.append(Charge(year, delta, pick_line(year, lines[year], delta), ""))
        except ValidationError as refusal:
            best = max(lines[year], key=lambda ln: ln.available, default=None)
            result.append(Charge(year, delta, best, " ".join(refusal.messages)))
    return result


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
