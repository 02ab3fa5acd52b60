"""Rows of the funding chain for tests, made directly (not through the services under test).

Each builder makes a consistent row with sensible defaults; keyword arguments override fields.
The documents are real, tiny PDFs (made with pypdf), so content checks and downloads work.
"""

from __future__ import annotations

import hashlib
import io
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone
from pypdf import PdfWriter

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.concepts.models import REQUIRED_ACTORS, FocusArea, IntegrationConcept
from teilhabe.funding.models import (
    Application,
    ApplicationPosition,
    ApplicationStatus,
    ApplicationWindow,
    BudgetLine,
    BudgetPurpose,
    Decision,
    DecisionKind,
    Proposal,
    ProposalAmount,
    ProposalKind,
    ProposalStatus,
)


def pdf_bytes(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def concept(centre: Centre, **fields: Any) -> IntegrationConcept:
    content = pdf_bytes()
    version = fields.pop("version", centre.concepts.count() + 1)
    row = IntegrationConcept(
        centre=centre,
        version=version,
        title=fields.pop("title", f"Integrationskonzept {centre.grantee.name}"),
        adopting_body=fields.pop(
            "adopting_body", "rat" if centre.grantee.kind == "kreisfreie_stadt" else "kreistag"
        ),
        resolution_date=fields.pop("resolution_date", date(2024, 3, 14)),
        focus_areas=fields.pop("focus_areas", [FocusArea.EDUCATION, FocusArea.CROSS_CUTTING]),
        actors=fields.pop("actors", sorted(REQUIRED_ACTORS)),
        attachment=fields.pop("attachment", "Dezernat für Bildung und Integration"),
        organisation=fields.pop("organisation", "Eigenständige Organisationseinheit."),
        document_name="konzept.pdf",
        document_size=len(content),
        document_sha256=hashlib.sha256(content).hexdigest(),
        document_pages=1,
        **fields,
    )
    row.document.save("konzept.pdf", ContentFile(content), save=False)
    row.save()
    return row


DEFAULT_POSITIONS = (
    ("Leitung", "pedagogical", "1.00", "68000.00"),
    ("Bildungsreferentin", "pedagogical", "1.00", "62000.00"),
    ("Verwaltung", "administrative", "1.00", "52000.00"),
    ("Assistenz", "assistant", "0.50", "24000.00"),
)


def application(
    centre: Centre,
    *,
    year: int = 2026,
    last_year: int | None = None,
    status: str = ApplicationStatus.DRAFT,
    positions: tuple[tuple[str, str, str, str], ...] = DEFAULT_POSITIONS,
    with_concept: bool = True,
    **fields: Any,
) -> Application:
    """An application with a complete content (it passes every eligibility check)."""
    submitted = status != ApplicationStatus.DRAFT
    row = Application.objects.create(
        centre=centre,
        first_year=year,
        last_year=last_year or year,
        status=status,
        concept=fields.pop("concept", None) or (concept(centre) if with_concept else None),
        council_resolution_date=fields.pop("council_resolution_date", date(2012, 9, 27)),
        teachers_requested=fields.pop("teachers_requested", 2),
        work_plan_education=fields.pop(
            "work_plan_education", "Griffbereit und Rucksack in allen Stadtbezirken."
        ),
        work_plan_cross_cutting=fields.pop(
            "work_plan_cross_cutting", "Koordination der Ämter in der Lenkungsgruppe Integration."
        ),
        own_rooms=fields.pop("own_rooms", Decimal("18000.00")),
        own_administration=fields.pop("own_administration", Decimal("9500.00")),
        own_materials=fields.pop("own_materials", Decimal("4000.00")),
        own_project_funds=fields.pop("own_project_funds", Decimal("15000.00")),
        submitted_at=fields.pop("submitted_at", timezone.now() if submitted else None),
        **fields,
    )
    for order, (title, category, fte, cost) in enumerate(positions, start=1):
        ApplicationPosition.objects.create(
            application=row,
            order=order,
            title=title,
            category=category,
            fte=Decimal(fte),
            annual_cost=Decimal(cost),
        )
    return row


def budget_line(year: int = 2026, planned: str = "20000000.00", **fields: Any) -> BudgetLine:
    return BudgetLine.objects.create(
        fiscal_year=year,
        code=fields.pop("code", f"KI-{year}"),
        title=fields.pop("title", "Kommunale Integrationszentren"),
        purpose=fields.pop("purpose", BudgetPurpose.CENTRES),
        planned=Decimal(planned),
        **fields,
    )


def proposal(
    application_row: Application,
    *,
    proposed_by: User,
    amounts: dict[str, str] | None = None,
    kind: str = ProposalKind.APPROVE_FULL,
    **fields: Any,
) -> Proposal:
    """A proposal with its amount rows ({"2026": "170000.00"}; default 170,000 a year)."""
    amounts = {str(y): "170000.00" for y in application_row.years} if amounts is None else amounts
    if application_row.submitted_at is None:  # only a submitted application is proposed on
        application_row.submitted_at = timezone.now()
        Application.objects.filter(pk=application_row.pk).update(
            submitted_at=application_row.submitted_at
        )
    row = Proposal.objects.create(
        application=application_row, kind=kind, proposed_by=proposed_by, **fields
    )
    ProposalAmount.objects.bulk_create(
        ProposalAmount(proposal=row, year=int(year), amount=Decimal(amount))
        for year, amount in amounts.items()
    )
    return row


def decision(
    application_row: Application,
    *,
    proposed_by: User,
    signed_by: User,
    amounts: dict[str, str] | None = None,
    kind: str = DecisionKind.GRANT,
    amends: Decision | None = None,
    number: str | None = None,
) -> Decision:
    """A signed proposal and its issued decision (the PDF is a placeholder page)."""
    amounts = amounts or {str(y): "170000.00" for y in application_row.years}
    signed = proposal(
        application_row,
        kind=ProposalKind.AMEND
        if amends
        else (ProposalKind.REJECT if kind == DecisionKind.REJECTION else ProposalKind.APPROVE_FULL),
        status=ProposalStatus.SIGNED,
        amounts=amounts,
        proposed_by=proposed_by,
        decided_by=signed_by,
        decided_at=timezone.now(),
        amends=amends,
    )
    content = pdf_bytes()
    row = Decision(
        application=application_row,
        proposal=signed,
        number=number or f"36.{application_row.pk:04d}.{Decision.objects.count() + 1}",
        kind=kind,
        amends=amends,
        proposed_by=proposed_by,
        signed_by=signed_by,
        pdf_sha256=hashlib.sha256(content).hexdigest(),
        pdf_size=len(content),
    )
    row.amounts_by_year = {int(y): Decimal(a) for y, a in amounts.items()}
    row.pdf.save(f"{row.number}.pdf", ContentFile(content), save=False)
    row.save()
    if kind != DecisionKind.REJECTION:
        Application.objects.filter(pk=application_row.pk).update(status=ApplicationStatus.APPROVED)
        application_row.refresh_from_db()
    return row


def open_window(*years: int, days: int = 30) -> None:
    """Application windows for `years` open from yesterday for `days` (as the ministry sets)."""
    today = timezone.localdate()
    for year in years:
        ApplicationWindow.objects.update_or_create(
            year=year,
            defaults={
                "opens_on": today - timedelta(days=1),
                "closes_on": today + timedelta(days=days),
            },
        )
