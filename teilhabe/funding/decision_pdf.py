"""The decision (Zuwendungsbescheid) as a PDF/A-3b, tagged, in German, with embedded fonts.

`render_decision_pdf(decision)` or `render_decision_pdf(DecisionData.build(decision, conditions))`
returns the bytes; the service stores them once with their SHA-256 (services/review.py). The
PDF is German whatever the user's language: a Bescheid is a German legal document. Rendering
makes no network request: the URL fetcher serves only the vendored fonts under
`teilhabe/static/vendor/` and refuses everything else. Content and sources:
docs/funding-decisions.md.
"""

from __future__ import annotations

import calendar
import logging
import mimetypes
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

# Without the system's HarfBuzz-Subset library WeasyPrint subsets fonts with fontTools (slower,
# same result) and warns on import; the PDF is the same, so the warning is noise here.
warnings.filterwarnings("ignore", message="HarfBuzz-Subset", category=DeprecationWarning)
from weasyprint import HTML  # noqa: E402
from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402

from teilhabe.core import money  # noqa: E402
from teilhabe.core.dates import german_date  # noqa: E402
from teilhabe.funding import citations, courts  # noqa: E402
from teilhabe.funding.eligibility import LAW_2012, LAW_2021, law_on  # noqa: E402
from teilhabe.funding.models import BudgetLine, BudgetPurpose, Decision, DecisionKind  # noqa: E402
from teilhabe.territory.models import DistrictKind  # noqa: E402

logger = logging.getLogger(__name__)
logging.getLogger("fontTools").setLevel(logging.WARNING)  # its subsetter logs every glyph at INFO

PDF_VARIANT = "pdf/a-3b"  # archivable; tagged on top (pdf_tags) for screen readers
VENDOR_DIR = (Path(settings.BASE_DIR) / "teilhabe" / "static" / "vendor").resolve()
AUTHORITY = {
    "name": "Bezirksregierung Arnsberg",
    "unit": "Dezernat 36",
    "street": "Seibertzstraße 1",
    "city": "59821 Arnsberg",
}
# The legal basis as the decision states it, once (the short codes come from eligibility.law_on).
LAW_TEXT = {
    LAW_2012: "§ 7 des Teilhabe- und Integrationsgesetzes NRW vom 14.02.2012",
    LAW_2021: "§ 8 des Teilhabe- und Integrationsgesetzes NRW (TIntG) vom 25.11.2021",
}
CENTRE_PREFIX = "Kommunales Integrationszentrum "
# The grantee as a legal body and the office that represents it (Behördenbezeichnung; the
# incumbent's gender is not data we hold, so the office's generic designation is used — see
# docs/funding-decisions.md). The Städteregion Aachen has its own head, the Städteregionsrat.
HEAD = {DistrictKind.KREISFREIE_STADT: "Der Oberbürgermeister", DistrictKind.KREIS: "Der Landrat"}
HEAD_BY_KEY = {"05334": "Der Städteregionsrat"}


def proof_of_use_months() -> int:
    """Months after the end of a funding year by which the proof of use is due.

    **Assumption** (domain.md): no source names the deadline for non-investment grants; the
    default is 6, configurable by the setting PROOF_OF_USE_MONTHS.
    """
    return settings.PROOF_OF_USE_MONTHS


def proof_of_use_due(year: int) -> date:
    """The last day of the month `proof_of_use_months()` after the end of `year` (30 June)."""
    due_year, month0 = divmod(year * 12 + 11 + proof_of_use_months(), 12)
    return date(due_year, month0 + 1, calendar.monthrange(due_year, month0 + 1)[1])


class LocalStaticFetcher(URLFetcher):
    """Serves file: URLs inside the vendored static folder; refuses everything else."""

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if not url.startswith("file://"):
            logger.warning("decision PDF: refused to fetch %s", url)
            raise ValueError(f"decision PDF: only vendored files are served, not {url}")
        path = Path(url.removeprefix("file://").split("?")[0]).resolve()
        if not path.is_relative_to(VENDOR_DIR) or not path.is_file():
            logger.warning("decision PDF: refused to fetch %s", url)
            raise ValueError(f"decision PDF: not a vendored file: {url}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if path.suffix == ".woff2":
            content_type = "font/woff2"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})


def _euro(amount: Decimal | str) -> str:
    """German money: 1.234,56 EUR."""
    return money.german(amount) + " EUR"


def _d(day: date | datetime | None) -> str:
    if day is None:
        return ""
    if isinstance(day, datetime):
        day = timezone.localtime(day).date()
    return german_date(day)


def _name(user: Any) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def centre_genitive(name: str) -> str:
    """The centre in the genitive, as the subject line needs it.

    "Kommunales Integrationszentrum Bielefeld" → "des Kommunalen Integrationszentrums Bielefeld".
    """
    if name.startswith(CENTRE_PREFIX):
        return f"des Kommunalen Integrationszentrums {name.removeprefix(CENTRE_PREFIX)}"
    return f"des Kommunalen Integrationszentrums „{name}“"


def legal_body(name: str, kind: str, key: str) -> list[str]:
    """The grantee as a legal body and its head: ["Stadt Bielefeld", "Der Oberbürgermeister"]."""
    if kind == DistrictKind.KREISFREIE_STADT:
        body = f"Stadt {name}"
    elif "kreis" in name.lower() or name.startswith("Städteregion"):
        body = name  # Rhein-Kreis Neuss, Hochsauerlandkreis, Märkischer Kreis, Städteregion Aachen
    else:
        body = f"Kreis {name}"
    return [body, HEAD_BY_KEY.get(key, HEAD[DistrictKind(kind)])]


def _budget_lines(decision: Decision, years: Sequence[int]) -> list[str]:
    """The budget line each year is charged to: the decision's commitments once it has them,
    before that the line `budget.commit_decision` will take for what this decision adds (the
    first KI line of the year by code that can carry it; if none can, the first KI line of the
    year, and signing fails with budget_insufficient)."""
    from teilhabe.funding.services.budget import line_for, year_deltas

    if decision.pk is not None:
        committed = sorted(
            {
                (c.budget_line.fiscal_year, c.budget_line.code, c.budget_line.title)
                for c in decision.commitments.select_related("budget_line")
            }
        )
        if committed:
            return [f"{code} – {title} (Haushaltsjahr {year})" for year, code, title in committed]
    shown = []
    for year, delta in year_deltas(decision).items():
        lines = list(
            BudgetLine.objects.filter(fiscal_year=year, purpose=BudgetPurpose.CENTRES).order_by(
                "code"
            )
        )
        # None fits: the first line is named all the same, so a line filled by someone else's
        # signature meanwhile refuses as budget_insufficient (the reason), not signing_conflict.
        line = line_for(lines, delta) or next(iter(lines), None)
        if line is not None:
            shown.append(f"{line.code} – {line.title} (Haushaltsjahr {year})")
    return shown


@dataclass(frozen=True)
class YearData:
    year: int
    lines: list[dict[str, str]]
    computed: str
    granted: str
    partial: bool
    teachers: int
    teachers_value: str
    guideline: str
    proof_due: str


@dataclass(frozen=True)
class DecisionData:
    """Everything the PDF shows, as plain text (so the benchmark can render without a row)."""

    number: str
    kind: str
    issued: str
    grantee: str
    grantee_key: str
    centre: str
    address: list[str]
    submitted: str
    first_year: int
    last_year: int
    law: str
    guideline: str
    years: list[YearData]
    total: str
    reasons: str
    conditions: list[tuple[str, str]]
    amends_number: str = ""
    amends_issued: str = ""
    proposed_by: str = ""
    proposed_by_email: str = ""
    signed_by: str = ""
    proof_months: int = 6
    authority: dict[str, str] = field(default_factory=lambda: dict(AUTHORITY))
    court: str = ""
    budget: list[str] = field(default_factory=list)
    recipient: list[str] = field(default_factory=list)  # legal body, its head, the office

    @property
    def centre_of(self) -> str:
        """The centre in the genitive: "des Kommunalen Integrationszentrums Bielefeld"."""
        return centre_genitive(self.centre)

    @property
    def law_text(self) -> str:
        return LAW_TEXT.get(self.law, self.law)

    @property
    def title(self) -> str:
        return {
            DecisionKind.GRANT: "Zuwendungsbescheid",
            DecisionKind.REJECTION: "Ablehnungsbescheid",
            DecisionKind.AMENDMENT: "Änderungsbescheid",
        }[DecisionKind(self.kind)]

    @classmethod
    def build(
        cls, decision: Decision, conditions: Sequence[tuple[str, date]] | None = None
    ) -> DecisionData:
        """From a decision (saved or about to be); `conditions` default to its stored ones."""
        application = decision.application
        centre = application.centre
        if conditions is None:
            conditions = [(c.text, c.due_date) for c in decision.conditions.all()]
        years = []
        for year in application.years:
            snap = decision.computation.get(str(year), {})
            granted = decision.amount_for(year)
            computed = Decimal(snap.get("computed", granted))
            years.append(
                YearData(
                    year=year,
                    lines=[
                        {
                            "label": line["label"],
                            "amount": _euro(line["amount"]),
                            "citation": citations.public(line["citation"]),
                        }
                        for line in snap.get("lines", [])
                    ],
                    computed=_euro(computed),
                    granted=_euro(granted),
                    partial=granted != computed,
                    teachers=int(snap.get("teachers", 0)),
                    teachers_value=_euro(snap.get("teachers_value", "0")),
                    guideline=citations.public(snap.get("guideline_title", "")),
                    proof_due=_d(proof_of_use_due(year)),
                )
            )
        first = decision.computation.get(str(application.first_year), {})
        guideline = citations.public(first.get("guideline_title", ""))
        grantee = centre.grantee
        return cls(
            number=decision.number,
            kind=decision.kind,
            issued=_d(decision.issued_at),
            grantee=centre.grantee.name,
            grantee_key=centre.grantee.key,
            centre=centre.name,
            address=[p for p in (centre.street, f"{centre.postcode} {centre.city}".strip()) if p],
            recipient=[
                *legal_body(grantee.name, grantee.kind, grantee.key),
                "z. Hd. Kommunales Integrationszentrum",
            ],
            submitted=_d(application.submitted_at),
            first_year=application.first_year,
            last_year=application.last_year,
            law=law_on(date(application.first_year, 1, 1)),
            guideline=guideline,
            years=years,
            total=_euro(decision.total),
            reasons=decision.reasons,
            conditions=[(text, _d(due)) for text, due in conditions],
            amends_number=decision.amends.number if decision.amends else "",
            amends_issued=_d(decision.amends.issued_at) if decision.amends else "",
            proposed_by=_name(decision.proposed_by),
            proposed_by_email=decision.proposed_by.email if decision.proposed_by else "",
            signed_by=_name(decision.signed_by),
            proof_months=proof_of_use_months(),
            court=courts.court_for(grantee.key).address,
            budget=_budget_lines(decision, application.years)
            if decision.kind != DecisionKind.REJECTION
            else [],
        )


def render_decision_html(data: DecisionData) -> str:
    with translation.override("de"):
        return render_to_string("funding/decision_pdf.html", {"d": data})


def render_pdf(html_text: str) -> bytes:
    """A document of the Bescheid family (the styles of `funding/_bescheid_style.html`) as
    PDF/A-3b bytes, tagged, fonts embedded; only vendored files are fetched. The repayment
    decision of the proofs of use renders with this too."""
    html = HTML(
        string=html_text,
        base_url=VENDOR_DIR.as_uri() + "/",
        url_fetcher=LocalStaticFetcher(),
    )
    pdf = html.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)
    assert pdf is not None
    return pdf


def render_decision_pdf(decision: Decision | DecisionData) -> bytes:
    """The decision as PDF/A-3b bytes, tagged, fonts embedded, title and language set."""
    data = decision if isinstance(decision, DecisionData) else DecisionData.build(decision)
    return render_pdf(render_decision_html(data))
