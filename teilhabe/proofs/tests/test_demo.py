"""The proofs demo, in one test because loading it is expensive (the funding demo beneath it
renders nine decision PDFs): only the seeders it needs (`seed_demo(only=…)`), then again.

Proofs of use: a confirmed check, a signed partial revocation with a repayable amount, one
proof waiting. Repayment: Bielefeld's 2025 repayment follows from that revocation, ineffective
on the day of the year's last payment, signed, its receivable open on the 2025 line while the
base-rate table ends on 30.06.2026; the interest runs across 1 July 2025. A second run changes
nothing."""

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
from teilhabe.proofs.use_models import CheckResult, CheckStatus, ProofOfUse, ProofStatus

ONLY = ["proofs", "proofs-repayment"]


def _proofs_of_use() -> None:
    proofs = {
        (p.centre.grantee.key, p.year): p
        for p in ProofOfUse.objects.select_related("centre__grantee", "proof_check")
    }
    assert set(proofs) == {("05711", 2024), ("05711", 2025), ("05913", 2025)}
    confirmed = proofs[("05711", 2024)].proof_check
    assert (confirmed.status, confirmed.result) == (CheckStatus.DONE, CheckResult.CONFIRMED)
    revoked = proofs[("05711", 2025)].proof_check
    assert (revoked.status, revoked.result) == (CheckStatus.DONE, CheckResult.PARTIAL_REVOCATION)
    assert revoked.granted_amount - revoked.eligible_amount == Decimal("15996.00")
    assert revoked.repayable == Decimal("15996.00")
    assert revoked.note_sha256 and revoked.approver.username == "guel"
    assert proofs[("05913", 2025)].status == ProofStatus.SUBMITTED


def _repayment() -> None:
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


@pytest.mark.django_db
def test_it_seeds_every_state_and_the_repayment_from_the_revoked_check_once(
    territory: None, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # the PDFs follow the commit
        seed_demo(only=ONLY)
    _proofs_of_use()
    _repayment()
    counts = (ProofOfUse.objects.count(), Repayment.objects.count(), AuditEvent.objects.count())
    with django_capture_on_commit_callbacks(execute=True):
        seed_demo(only=ONLY)
    assert (
        ProofOfUse.objects.count(),
        Repayment.objects.count(),
        AuditEvent.objects.count(),
    ) == counts
