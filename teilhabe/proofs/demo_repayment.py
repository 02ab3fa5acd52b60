"""The repayment in the demo: KI Bielefeld's 2025 grant, partly revoked, repaid with interest.

Bielefeld's 2025 grant (170.000,00 EUR) is the history the platform starts from: its application
window closed at the end of 2025, so the application, the proposal and the decision are written
as records of that year (the decision's PDF rendered by the funding decision's renderer); from
there on everything goes through the real services — the commitment on the 2025 line, the
payment request and its release (dated 10.02.2025, when it was paid), the repayment proposed by
Bernd (eligible 157.500,00 EUR: a position stood empty for three months; ineffective since
15.03.2025), signed by Gül, and the receipt of 12.500,00 EUR on 20.08.2025. The interest runs
across the base-rate change of 1 July 2025 (2,27 % → 1,27 %): 267,69 EUR are booked with the
receipt, which goes to them first, so 267,69 EUR of principal stay open and the receivable is
partly settled — the 2025 budget line shows it.

Idempotent: nothing happens when Bielefeld has a repayment for 2025 already.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.concepts.models import IntegrationConcept
from teilhabe.core.files import save_on_commit
from teilhabe.funding.decision_pdf import DecisionData, render_decision_pdf
from teilhabe.funding.models import (
    Application,
    ApplicationPosition,
    ApplicationStatus,
    Decision,
    DecisionKind,
    Payment,
    PaymentStatus,
    Proposal,
    ProposalAmount,
    ProposalKind,
    ProposalStatus,
)
from teilhabe.funding.services import budget, payments, review

from . import repayment_services as services
from .repayment_models import Repayment

YEAR = 2025
GRANT = Decimal("170000.00")
POSITIONS = (
    ("Leitung", "pedagogical", "1.00", "68000.00"),
    ("Bildungsreferentin", "pedagogical", "1.00", "62000.00"),
    ("Verwaltung", "administrative", "1.00", "52000.00"),
    ("Assistenz", "assistant", "0.50", "24000.00"),
)
REASONS = (
    "Die Prüfung des Verwendungsnachweises 2025 hat ergeben, dass die Stelle der "
    "Bildungsreferentin vom 01.01. bis 31.03.2025 unbesetzt war. Zuwendungsfähig sind daher "
    "157.500,00 EUR; der darüber hinaus ausgezahlte Betrag von 12.500,00 EUR ist zu erstatten. "
    "Der Zuwendungsbescheid wird insoweit mit Wirkung vom 15.03.2025 widerrufen (§ 49 Abs. 3 "
    "Satz 1 Nr. 1 VwVfG NRW)."
)


def _aware(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, 0))


def _verified(user: User) -> User:
    """The demo acts for Gül, who has passed her second factor (the loader is the operator)."""
    user.is_verified = lambda: True  # type: ignore[attr-defined]
    return user


def _grant_2025(centre: Centre, *, officer: User, approver: User, lead: User) -> Decision:
    """The 2025 application, proposal and decision as the records of 2024/2025 they are."""
    application = Application.objects.create(
        centre=centre,
        first_year=YEAR,
        last_year=YEAR,
        status=ApplicationStatus.PROPOSED,
        concept=IntegrationConcept.objects.filter(centre=centre).order_by("-version").first(),
        council_resolution_date=date(2012, 9, 27),
        teachers_requested=2,
        work_plan_education="Griffbereit und Rucksack in allen Stadtbezirken; Seiteneinsteiger.",
        work_plan_cross_cutting="Koordination der Ämter in der Lenkungsgruppe Integration.",
        own_rooms=Decimal("18000.00"),
        own_administration=Decimal("9500.00"),
        own_materials=Decimal("4000.00"),
        own_project_funds=Decimal("15000.00"),
        submitted_at=_aware(date(2024, 10, 15)),
        reviewer=officer,
    )
    for order, (title, category, fte, cost) in enumerate(POSITIONS, start=1):
        ApplicationPosition.objects.create(
            application=application,
            order=order,
            title=title,
            category=category,
            fte=Decimal(fte),
            annual_cost=Decimal(cost),
        )
    proposal = Proposal.objects.create(
        application=application,
        kind=ProposalKind.APPROVE_FULL,
        reasons="Alle Voraussetzungen erfüllt.",
        proposed_by=officer,
        status=ProposalStatus.SIGNED,
        decided_by=approver,
        decided_at=_aware(date(2024, 12, 12)),
    )
    ProposalAmount.objects.create(proposal=proposal, year=YEAR, amount=GRANT)
    snapshot, guideline = review.computation_snapshot(application, {YEAR: GRANT})
    decision = Decision(
        application=application,
        proposal=proposal,
        number=review.decision_number(application),
        kind=DecisionKind.GRANT,
        guideline=guideline,
        computation=snapshot,
        reasons=proposal.reasons,
        proposed_by=officer,
        signed_by=approver,
        issued_at=_aware(date(2024, 12, 12)),
    )
    decision.amounts_by_year = {YEAR: GRANT}
    content = render_decision_pdf(DecisionData.build(decision, []))
    decision.pdf_sha256 = hashlib.sha256(content).hexdigest()
    decision.pdf_size = len(content)
    save_on_commit(decision.pdf, "", content)
    decision.save()
    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.APPROVED)
    budget.commit_decision(decision, by=approver)
    application.refresh_from_db()
    payment = payments.request_payment(
        application, by=lead, year=YEAR, amount=GRANT, note="Abruf 2025 (ganzes Jahr)"
    )
    payments.release_payment(payment, by=officer)
    # Paid in February 2025: the release's day as it happened.
    Payment.objects.filter(pk=payment.pk, status=PaymentStatus.RELEASED).update(
        decided_at=_aware(date(2025, 2, 10)), requested_at=_aware(date(2025, 2, 3))
    )
    return decision


@transaction.atomic
def seed_repayment_demo() -> list[str]:
    centre = Centre.objects.select_related("grantee").get(grantee__key="05711")
    if Repayment.objects.filter(centre=centre, fiscal_year=YEAR).exists():
        return []
    officer, approver = User.objects.get(username="bernd"), User.objects.get(username="guel")
    lead = User.objects.get(username="anna")
    decision = (
        Decision.objects.filter(application__centre=centre, application__first_year=YEAR)
        .order_by("-issued_at")
        .first()
    )
    if decision is None:
        if Application.objects.filter(
            centre=centre, first_year__lte=YEAR, last_year__gte=YEAR
        ).exists():
            return []  # someone made a 2025 application meanwhile: left alone
        decision = _grant_2025(centre, officer=officer, approver=approver, lead=lead)
    row = services.propose_repayment(
        decision,
        by=officer,
        fiscal_year=YEAR,
        eligible="157500.00",
        ineffective_on=date(2025, 3, 15),
        reasons=REASONS,
    )
    row = services.sign_repayment(row, by=_verified(approver))
    services.record_repayment_receipt(
        row,
        by=officer,
        received_on=date(2025, 8, 20),
        amount="12500.00",
        note="Überweisung der Stadt Bielefeld",
    )
    return [f"repayment {row.number}: 12.500,00 EUR with interest, partly settled"]
