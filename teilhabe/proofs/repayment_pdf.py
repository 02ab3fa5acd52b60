"""The repayment decision (Teilwiderrufs- und Rückforderungsbescheid) as a PDF/A-3b.

The same family as the funding decision: its renderer (`funding.decision_pdf.render_pdf`, which
fetches only the vendored fonts), its styles (`funding/_bescheid_style.html`), its addressee,
court and authority. German whatever the user's language. Signing stores the bytes once with
their SHA-256 (`repayment_services.sign_repayment`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation

from teilhabe.core import money
from teilhabe.core.dates import german_date
from teilhabe.funding import courts
from teilhabe.funding.decision_pdf import AUTHORITY, centre_genitive, legal_body, render_pdf

from . import check_pdf, interest, repayment
from .repayment_models import Repayment


def _euro(amount: Any) -> str:
    return money.german(amount) + " EUR"


def _name(user: Any) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


@dataclass(frozen=True)
class SegmentRow:
    first: str
    last: str
    days: int
    base_rate: str
    rate: str
    interest: str


@dataclass(frozen=True)
class RepaymentData:
    """Everything the PDF shows, as plain text (compared again under the lock at signing)."""

    number: str
    issued: str
    centre: str
    grantee_key: str
    recipient: list[str]
    address: list[str]
    decision_number: str
    decision_issued: str
    fiscal_year: int
    paid: str
    eligible: str
    principal: str
    ineffective_on: str
    interest_starts: str
    due_date: str
    segments: list[SegmentRow]
    interest_until: str
    interest_so_far: str
    # The last day the base-rate table covers, where the decision is issued after it (the
    # interest runs on at a rate not announced yet); empty otherwise.
    rates_end: str
    late: dict[str, str] | None
    # The check note (Prüfvermerk) the repayment follows from; empty for another cause.
    check_number: str
    check_issued: str
    reasons: str
    proposed_by: str
    proposed_by_email: str
    signed_by: str
    court: str
    citations: tuple[str, ...] = repayment.CITATIONS
    authority: dict[str, str] = field(default_factory=lambda: dict(AUTHORITY))

    @property
    def title(self) -> str:
        return "Teilwiderrufs- und Rückforderungsbescheid"

    @property
    def centre_of(self) -> str:
        return centre_genitive(self.centre)

    @classmethod
    def build(
        cls, row: Repayment, *, signed_by: Any, issued_on: date, rates: list[interest.Rate]
    ) -> RepaymentData:
        """From a proposed repayment as `signed_by` signs it on `issued_on`: the interest shown
        is what has accrued by then (or by the last day the base-rate table covers)."""
        decision = row.decision
        centre = decision.application.centre
        grantee = centre.grantee
        covered = interest.covered_until(rates)
        until = min(issued_on, covered) if covered else row.ineffective_on
        until = max(until, row.ineffective_on)
        result = repayment.interest_on(row.principal, row.ineffective_on, until, rates)
        late = None
        if row.includes_late_use:
            assert row.late_paid_on and row.late_used_on and row.late_amount is not None
            late = {
                "amount": _euro(row.late_amount),
                "paid_on": german_date(row.late_paid_on),
                "used_on": german_date(row.late_used_on),
                "permitted_days": str(row.late_permitted_days),
                "interest": _euro(row.late_interest),
            }
        check = row.proof_check
        return cls(
            number=row.number,
            issued=german_date(issued_on),
            centre=centre.name,
            grantee_key=grantee.key,
            recipient=[
                *legal_body(grantee.name, grantee.kind, grantee.key),
                "z. Hd. Kommunales Integrationszentrum",
            ],
            address=[p for p in (centre.street, f"{centre.postcode} {centre.city}".strip()) if p],
            decision_number=decision.number,
            decision_issued=german_date(decision.issued_at.date()),
            fiscal_year=row.fiscal_year,
            paid=_euro(row.paid),
            eligible=_euro(row.eligible),
            principal=_euro(row.principal),
            ineffective_on=german_date(row.ineffective_on),
            interest_starts=german_date(row.ineffective_on + timedelta(days=1)),
            due_date=german_date(issued_on + timedelta(days=row.due_days)),
            segments=[
                SegmentRow(
                    german_date(s.first),
                    german_date(s.last),
                    s.days,
                    money.german(s.base_rate),
                    money.german(s.rate),
                    money.german(s.interest),
                )
                for s in result.segments
            ],
            interest_until=german_date(until),
            interest_so_far=_euro(result.interest),
            rates_end=german_date(covered) if covered is not None and covered < issued_on else "",
            late=late,
            check_number=check_pdf.note_number(check) if check is not None else "",
            check_issued=german_date(timezone.localtime(check.decided_at).date())
            if check is not None and check.decided_at is not None
            else "",
            reasons=row.reasons,
            proposed_by=_name(row.proposed_by),
            proposed_by_email=row.proposed_by.email,
            signed_by=_name(signed_by),
            court=courts.court_for(grantee.key).address,
        )


def render_repayment_html(data: RepaymentData) -> str:
    with translation.override("de"):
        return render_to_string("proofs/repayment_pdf.html", {"d": data})


def render_repayment_pdf(data: RepaymentData) -> bytes:
    return render_pdf(render_repayment_html(data))
