"""The repayment in the demo: it follows from the check of KI Bielefeld's proof of use 2025.

The proofs demo (`proofs/demo.py`) leaves Bielefeld's proof of use 2025 checked as a partial
revocation signed by Gül: 15.996,00 EUR of what was paid for 2025 are not eligible. From that
check (`check=`, which hands over the decision, the year and the eligible amount) Bernd proposes
the repayment, with the day the decision became ineffective as the form proposes it: the day of
the year's last payment, 10.02.2025 (`default_ineffective_on`). Gül signs it; the receivable is
booked on the 2025 budget line. Interest runs from 11.02.2025 across the base-rate changes of
1 July 2025 and 1 January 2026; the base-rate table ends on 30.06.2026 (the rate from 1 July 2026
is not entered, and not invented), so no receipt of today can be booked yet (`no_base_rate`) and
the receivable stays open: the repayment page shows the interest up to 30.06.2026 and says that
it runs on until the ministry enters the next base rate.

Idempotent: nothing happens when Bielefeld has a repayment for 2025 already, or when there is no
signed partial revocation of its 2025 proof to start from (the proofs demo left the KI alone).
"""

from __future__ import annotations

from django.db import transaction

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.core.dates import german_date

from . import repayment_services as services
from .repayment_models import Repayment
from .use_models import CheckResult, CheckStatus, ProofCheck

YEAR = 2025


def _verified(user: User) -> User:
    """The demo acts for Gül, who has passed her second factor (the loader is the operator)."""
    user.is_verified = lambda: True  # type: ignore[attr-defined]
    return user


@transaction.atomic
def seed_repayment_demo() -> list[str]:
    centre = Centre.objects.select_related("grantee").get(grantee__key="05711")
    if Repayment.objects.filter(centre=centre, fiscal_year=YEAR).exists():
        return []
    check = (
        ProofCheck.objects.select_related("proof__decision", "proof__centre__grantee")
        .filter(
            proof__centre=centre,
            proof__year=YEAR,
            status=CheckStatus.DONE,
            result=CheckResult.PARTIAL_REVOCATION,
        )
        .first()
    )
    if check is None or not check.repayable:
        return []
    officer, approver = User.objects.get(username="bernd"), User.objects.get(username="guel")
    decision = check.proof.decision
    ineffective_on = services.default_ineffective_on(decision, YEAR)
    assert ineffective_on is not None  # the proofs demo paid 2025 out
    row = services.propose_repayment(
        decision,
        by=officer,
        check=check,
        ineffective_on=ineffective_on,
        reasons=(
            f"{check.reasons}\n\nDer Zuwendungsbescheid {decision.number} wird für das "
            f"Haushaltsjahr {YEAR} insoweit mit Wirkung vom {german_date(ineffective_on)} "
            "widerrufen (§ 49 Abs. 3 Satz 1 Nr. 1 VwVfG NRW)."
        ),
    )
    row = services.sign_repayment(row, by=_verified(approver))
    return [f"  repayment {row.number}: {row.principal} EUR from the check, open"]
