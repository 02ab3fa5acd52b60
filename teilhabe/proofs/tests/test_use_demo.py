"""The proof-of-use demo: a confirmed check, a signed partial revocation with a repayable
amount, one proof waiting; idempotent. Loads every app's demo (expensive: one test)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from teilhabe.core.demo import seed_demo
from teilhabe.proofs.use_models import CheckResult, CheckStatus, ProofOfUse, ProofStatus


@pytest.mark.django_db
def test_it_shows_every_state_and_runs_twice(territory, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        seed_demo()
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
    count = ProofOfUse.objects.count()
    seed_demo()
    assert ProofOfUse.objects.count() == count
