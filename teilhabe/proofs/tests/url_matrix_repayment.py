"""Objects behind the repayment routes for the URL matrix: a signed repayment of KI Bielefeld.

Built on the matrix's own 2025 decision of Bielefeld (`funding.tests.budget_helpers`), by the
matrix's own signatories, so no persona proposed or signed it. The PDF is a placeholder page
(rendering one per route would slow the matrix down); its file is written here, since the
service writes it only on commit."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from unittest import mock

from django.core.files.base import ContentFile
from django.utils import timezone

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.funding.models import BudgetLine, Decision, Payment, PaymentStatus
from teilhabe.funding.tests.factories import pdf_bytes

from .. import repayment_services as services
from ..repayment_models import Repayment
from .repayment_factories import verified


def released_2025(decision: Decision, officer: User, amount: str = "170000.00") -> None:
    """The whole 2025 grant of `decision` paid out on 10.02.2025 from the 2025 line."""
    line = BudgetLine.objects.get(
        fiscal_year=2025, code=decision.commitments.get().budget_line.code
    )
    Payment.objects.create(
        application=decision.application,
        decision=decision,
        fiscal_year=2025,
        amount=Decimal(amount),
        requested_by=officer,
        status=PaymentStatus.RELEASED,
        decided_by=officer,
        decided_at=timezone.make_aware(timezone.datetime(2025, 2, 10, 10, 0)),
        budget_line=line,
    )
    BudgetLine.objects.filter(pk=line.pk).update(paid=Decimal(amount))


def matrix_decision(centre: Centre) -> Decision:
    return Decision.objects.filter(application__centre=centre, application__first_year=2025).latest(
        "issued_at"
    )


def signed_repayment(centre: Centre, *, proposed: bool = False) -> Repayment:
    officer = User.objects.get(username="matrix-officer")
    approver = verified(User.objects.get(username="matrix-approver"))
    decision = matrix_decision(centre)
    if not Payment.objects.filter(decision=decision, status=PaymentStatus.RELEASED).exists():
        released_2025(decision, officer)
    row = services.propose_repayment(
        decision,
        by=officer,
        fiscal_year=2025,
        eligible="157500.00",
        ineffective_on=date(2025, 3, 15),
        reasons="Eine Stelle war drei Monate unbesetzt.",
    )
    if proposed:
        return row
    content = pdf_bytes()
    with mock.patch.object(services, "render_repayment_pdf", return_value=content):
        row = services.sign_repayment(row, by=approver)
    row.pdf.storage.save(row.pdf.name, ContentFile(content))
    return row


def objects(lead: User, centre: Centre) -> dict[str, dict[str, object]]:
    row = signed_repayment(centre)
    return {
        "proofs:repayment_new": {"decision_pk": row.decision_id},
        "proofs:repayment": {"pk": row.pk},
        "proofs:repayment_sign": {"pk": row.pk},
        "proofs:repayment_receipt": {"pk": row.pk},
        "proofs:repayment_pdf": {"pk": row.pk},
    }
