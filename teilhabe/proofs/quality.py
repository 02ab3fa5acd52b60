"""The proof-of-use pillar of a KI's quality status: was the proof of use of a year checked?"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teilhabe.core.registry import QualityPillar
from teilhabe.funding.decision_pdf import proof_of_use_due
from teilhabe.funding.models import Decision, DecisionKind

from .use_models import CheckStatus, ProofOfUse


def proofs_checked(
    year: int, centre_ids: Collection[int] | None = None, *, today: date | None = None
) -> dict[int, bool | None]:
    """Per KI (centre id) with a grant for `year`: True once the check of its proof of use for
    that year is concluded, None while the proof is not due yet (until its deadline, and not
    checked), False after the deadline without a concluded check. KIs without a granting
    decision for the year are not in the answer. Two queries."""
    today = today or timezone.localdate()
    decisions = (
        Decision.objects.filter(amounts__year=year, amounts__amount__gt=0)
        .exclude(kind=DecisionKind.REJECTION)
        .values_list("application__centre_id", flat=True)
    )
    if centre_ids is not None:
        decisions = decisions.filter(application__centre_id__in=centre_ids)
    funded = set(decisions)
    checked = set(
        ProofOfUse.objects.filter(
            year=year, centre_id__in=funded, proof_check__status=CheckStatus.DONE
        ).values_list("centre_id", flat=True)
    )
    due = proof_of_use_due(year)
    return {
        centre: True if centre in checked else (None if today <= due else False)
        for centre in sorted(funded)
    }


PILLAR = QualityPillar(
    code="proofs.proof_checked",
    order=10,
    label=_("Proof of use checked"),
    description=_(
        "The grant authority concluded the check of the KI's proof of use for the funding year "
        "(confirmed or partly revoked). Source: the proofs of use and their checks in this "
        "platform; not due before the proof's deadline."
    ),
    read=proofs_checked,
)
