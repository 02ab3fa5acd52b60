"""The section the proofs add to a funding decision's page (`registry.decision_panel`): per
funding year of the decision its proof of use (status and link; "not begun" with the KI's start
button where the year has ended and the decision is in force) and its repayments (status and
link; for the grant officer the link that proposes one — from the check where a signed partial
revocation leaves something to repay, else for another cause).

Two queries (the proofs, the repayments), a third for the KI (the decision in force): the
funding decision page's query pin counts them (`proofs/tests/test_decision_panel.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils import timezone

from teilhabe.core.roles import AnyUser
from teilhabe.funding.models import Decision, DecisionKind

from . import access, statement, use_access
from .repayment_models import Repayment, RepaymentStatus
from .use_models import CheckResult, CheckStatus, ProofOfUse

TEMPLATE = "proofs/_decision_panel.html"


@dataclass
class YearRow:
    year: int
    proof: ProofOfUse | None
    repayments: list[Repayment] = field(default_factory=list)
    may_start: bool = False
    propose_url: str = ""
    propose_from_check: str = ""  # the check note's number, where the link starts from it


def _revoked(proof: ProofOfUse | None, decision: Decision) -> Any:
    """The proof's check where it is a signed partial revocation of this decision that leaves
    something to repay, else None (the same conditions as `check_refusal`, from loaded rows)."""
    check = getattr(proof, "proof_check", None) if proof is not None else None
    if (
        check is None
        or check.status != CheckStatus.DONE
        or check.result != CheckResult.PARTIAL_REVOCATION
        or not check.repayable
        or proof is None
        or proof.decision_id != decision.pk
    ):
        return None
    return check


def decision_panel(user: AnyUser, decision: Decision) -> dict[str, Any] | None:
    """The panel's context for `user` on `decision`'s page, or None: nothing for a rejection,
    nor for whom neither proofs of use nor repayments are (the coordination office)."""
    if decision.kind == DecisionKind.REJECTION:
        return None
    application = decision.application
    sees_proofs = use_access.may_see_proofs(user)
    may_propose = access.may_propose_repayment(user)
    if not sees_proofs and not may_propose:
        return None
    proofs = {
        p.year: p for p in use_access.proofs_visible_to(user).filter(application_id=application.pk)
    }
    repayments = list(
        access.repayments_visible_to(user)
        .filter(decision=decision)
        .select_related("receivable")
        .order_by("fiscal_year", "-proposed_at", "-pk")
    )
    may_prepare = use_access.may_prepare(user, application.centre_id)
    in_force = statement.decision_in_force(application) if may_prepare else None
    today = timezone.localdate()
    rows = []
    for year in application.years:
        row = YearRow(year, proofs.get(year), [r for r in repayments if r.fiscal_year == year])
        row.may_start = (
            row.proof is None
            and may_prepare
            and year < today.year
            and in_force is not None
            and in_force.pk == decision.pk
        )
        live = [r for r in row.repayments if r.status != RepaymentStatus.RETURNED]
        if may_propose and not live:
            url = reverse("proofs:repayment_new", args=[decision.pk])
            check = _revoked(row.proof, decision)
            if check is not None:
                row.propose_url = f"{url}?check={check.pk}"
                row.propose_from_check = check.note_number
            else:
                row.propose_url = f"{url}?year={year}"
        rows.append(row)
    return {
        "decision": decision,
        "rows": rows,
        "sees_drafts": may_prepare,
        "sees_proofs": sees_proofs,
    }
