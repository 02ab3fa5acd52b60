"""The check note (Prüfvermerk) of a proof of use as a PDF/A-3b, in the decision's family.

Rendered like the funding decision (`funding.decision_pdf`: its vendored fonts, its fetcher that
serves only them, its authority and recipient), German whatever the user's language, stored once
by the service with its SHA-256 (`use_services`). `NoteData` holds everything the note shows as
plain text, so the service can render before its transaction and compare under the locks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation

from teilhabe.core import money
from teilhabe.core.dates import german_date
from teilhabe.funding import rules
from teilhabe.funding.decision_pdf import (
    AUTHORITY,
    PDF_VARIANT,
    VENDOR_DIR,
    LocalStaticFetcher,
    centre_genitive,
    legal_body,
)

from . import checking
from .use_models import CheckResult, ProofCheck

CITATIONS = {
    "proof": "§ 44 LHO NRW mit den Verwaltungsvorschriften (VVG, Nr. 11: Prüfung des "
    "Verwendungsnachweises); Nr. 7 und 8 ANBest-G",
    "revocation": "§ 49 Abs. 3 Satz 1 Nr. 1 VwVfG NRW (Widerruf, soweit die Zuwendung nicht "
    "für den bestimmten Zweck verwendet wurde); Erstattung und Verzinsung nach § 49a VwVfG NRW",
}


def euro(amount: Decimal | str) -> str:
    return money.german(amount) + " EUR"


def _name(user: Any) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def _day(moment: datetime | None) -> str:
    return german_date(timezone.localtime(moment).date()) if moment is not None else ""


@dataclass(frozen=True)
class NoteData:
    number: str
    issued: str
    centre: str
    recipient: list[str]
    address: list[str]
    decision_number: str
    decision_issued: str
    year: int
    submitted: str
    result: str
    granted: str
    recomputed: str
    ineligible: str
    eligible: str
    paid: str
    repayable: str
    positions: list[dict[str, str]]
    pool: dict[str, str]
    teachers: dict[str, str]
    flags: list[str]
    lines: list[dict[str, str]]
    sample: dict[str, str] | None
    findings: list[dict[str, str]]
    reasons: str
    officer: str
    approver: str
    guideline: str
    citations: dict[str, str] = field(default_factory=lambda: dict(CITATIONS))
    authority: dict[str, str] = field(default_factory=lambda: dict(AUTHORITY))

    @property
    def centre_of(self) -> str:
        return centre_genitive(self.centre)

    @property
    def is_revocation(self) -> bool:
        return self.result == CheckResult.PARTIAL_REVOCATION


def note_number(check: ProofCheck) -> str:
    """ "36.05711-2025/VN-12": Dezernat, grantee key, funding year, the proof's number."""
    return check.note_number


def build(
    check: ProofCheck,
    *,
    result: str,
    eligible: checking.Eligible,
    flags: list[checking.Flag],
    paid: Decimal,
    reasons: str,
    decided_at: datetime,
    approver: Any = None,
    guideline: str = "",
) -> NoteData:
    proof = check.proof
    centre = proof.centre
    grantee = centre.grantee
    receipts = list(check.receipts.order_by("number"))
    sampled = [r for r in receipts if r.sampled]
    decision = proof.decision
    positions = []
    for p in proof.positions.order_by("order"):
        positions.append(
            {
                "title": p.title or str(rules.CATEGORY_LABELS.get(p.category, p.category)),
                "planned": f"{money.german(p.planned_fte)} VZÄ, {p.planned_months} Mon.",
                "actual": f"{money.german(p.actual_fte)} VZÄ, {p.months_filled} Mon.",
                "vacancy": str(p.vacancy_months),
                "cost": euro(p.actual_cost),
            }
        )
    return NoteData(
        number=note_number(check),
        issued=german_date(timezone.localtime(decided_at).date()),
        centre=centre.name,
        recipient=[*legal_body(grantee.name, grantee.kind, grantee.key)],
        address=[p for p in (centre.street, f"{centre.postcode} {centre.city}".strip()) if p],
        decision_number=decision.number,
        decision_issued=_day(decision.issued_at),
        year=proof.year,
        submitted=_day(proof.submitted_at),
        result=result,
        granted=euro(eligible.granted),
        recomputed=euro(eligible.recomputed),
        ineligible=euro(eligible.ineligible),
        eligible=euro(eligible.amount),
        paid=euro(paid),
        repayable=euro(max(paid - eligible.amount, Decimal("0.00"))),
        positions=positions,
        pool={
            "planned": euro(proof.interpreter_pool_planned),
            "actual": euro(proof.interpreter_pool_actual),
        },
        teachers={"planned": str(proof.teachers_planned), "actual": str(proof.teachers_actual)},
        flags=[f.message for f in flags],
        lines=[{"label": line.label, "amount": euro(line.amount)} for line in eligible.lines],
        sample={
            "seed": str(check.sample_seed),
            "size": str(len(sampled)),
            "count": str(len(receipts)),
        }
        if check.sample_seed is not None
        else None,
        findings=[
            {
                "number": str(r.number),
                "payee": r.payee,
                "amount": euro(r.amount),
                "verdict": str(r.get_verdict_display()),
                "ineligible": euro(r.ineligible_amount),
                "note": r.note,
            }
            for r in sampled
        ],
        reasons=reasons,
        officer=_name(check.officer),
        approver=_name(approver),
        guideline=guideline,
    )


def render_html(data: NoteData) -> str:
    with translation.override("de"):
        return render_to_string("proofs/use_note_pdf.html", {"d": data})


def render(data: NoteData) -> bytes:
    """The note as PDF/A-3b bytes, tagged, fonts embedded (as the decision)."""
    from weasyprint import HTML as WeasyHTML

    html = WeasyHTML(
        string=render_html(data),
        base_url=VENDOR_DIR.as_uri() + "/",
        url_fetcher=LocalStaticFetcher(),
    )
    pdf = html.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)
    assert pdf is not None
    return pdf
