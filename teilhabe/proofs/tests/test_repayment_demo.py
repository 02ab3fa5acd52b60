"""The repayment demo: Bielefeld's 2025 repayment, signed, its receivable partly settled on the
2025 line, the interest across 1 July 2025; a second run changes nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from teilhabe.core.demo import seed_demo
from teilhabe.core.models import AuditEvent
from teilhabe.funding.models import BudgetLine, Receivable, ReceivableStatus, with_receivables
from teilhabe.proofs.repayment_models import Repayment, RepaymentStatus

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_seeds_a_partly_settled_repayment_once(territory):
    seed_demo()
    row = Repayment.objects.get()
    assert row.status == RepaymentStatus.SIGNED and row.number == "36.05711-2025/R1"
    assert row.principal == Decimal("12500.00")
    assert row.pdf.storage.exists(row.pdf.name)
    receivable = Receivable.objects.get()
    assert receivable.interest == Decimal("267.69")  # 16.03.-30.06. at 5,27 %, then 4,27 %
    assert receivable.status == ReceivableStatus.PARTLY_SETTLED
    line = with_receivables(BudgetLine.objects.filter(pk=receivable.budget_line_id)).get()
    assert line.fiscal_year == 2025 and Decimal(line.receivables_open).quantize(
        Decimal("0.01")
    ) == Decimal("267.69")
    events = AuditEvent.objects.count()
    seed_demo()
    assert Repayment.objects.count() == 1 and AuditEvent.objects.count() == events
