"""The repayment demo: Bielefeld's 2025 repayment follows from the check of its proof of use
2025 (the proofs demo's signed partial revocation), ineffective on the day of the year's last
payment, signed, its receivable open on the 2025 line while the base-rate table ends on
30.06.2026; the interest runs across 1 July 2025; a second run changes nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from teilhabe.core.demo import seed_demo
from teilhabe.core.models import AuditEvent
from teilhabe.funding.models import BudgetLine, Receivable, ReceivableStatus, with_receivables
from teilhabe.proofs import repayment
from teilhabe.proofs.models import BaseRate
from teilhabe.proofs.repayment_models import Repayment, RepaymentStatus
from teilhabe.proofs.use_models import CheckResult

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_seeds_the_repayment_from_the_revoked_check_once(territory):
    seed_demo()
    row = Repayment.objects.select_related("proof_check__proof").get()
    assert row.status == RepaymentStatus.SIGNED and row.number == "36.05711-2025/R1"
    check = row.proof_check
    assert check is not None and check.result == CheckResult.PARTIAL_REVOCATION
    assert (check.proof.year, row.fiscal_year, row.decision_id) == (
        2025,
        2025,
        check.proof.decision_id,
    )
    assert row.eligible == check.eligible_amount and row.principal == check.repayable
    assert row.principal == Decimal("15996.00")
    assert row.ineffective_on == date(2025, 2, 10)  # the day of the year's last payment
    assert row.pdf.storage.exists(row.pdf.name)
    receivable = Receivable.objects.get()
    assert receivable.status == ReceivableStatus.OPEN and receivable.interest == Decimal("0.00")
    line = with_receivables(BudgetLine.objects.filter(pk=receivable.budget_line_id)).get()
    assert line.fiscal_year == 2025
    assert Decimal(line.receivables_open).quantize(Decimal("0.01")) == Decimal("15996.00")
    # The interest the page shows: across 1 July 2025, up to the table's last day.
    plan = repayment.schedule(
        row.principal, row.ineffective_on, [], BaseRate.objects.as_rates(), until=date(2026, 6, 30)
    )
    (period,) = plan.periods
    assert [(s.first, s.last, s.days, s.rate) for s in period.result.segments] == [
        (date(2025, 2, 11), date(2025, 6, 30), 140, Decimal("5.27")),
        (date(2025, 7, 1), date(2026, 6, 30), 365, Decimal("4.27")),
    ]
    assert period.interest == Decimal("1006.37")
    events = AuditEvent.objects.count()
    seed_demo()
    assert Repayment.objects.count() == 1 and AuditEvent.objects.count() == events
