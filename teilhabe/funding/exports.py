"""The columns of the funding lists' exports (CSV and XLSX, `core.exports`).

Each export view takes the rows from its page's own queryset code; these say what a grant
officer or a KI lead finds in the file. Every value comes from the rows as selected (no query
per row): the KI and its grantee are selected with the row, an application's positions are
prefetched, and each year's guideline version is read once per export.
"""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import Any

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from teilhabe.core.exports import Column
from teilhabe.core.money import CENT
from teilhabe.funding import computation
from teilhabe.funding.models import Application, Decision, DecisionAmount, Payment
from teilhabe.funding.models.applications import ApplicationQuerySet, amount_total


def _person(user: Any) -> str:
    """A person as the pages name them: full name, else the user name."""
    if user is None:
        return ""
    return str(user.get_full_name() or user.username)


def with_granted(applications: ApplicationQuerySet) -> ApplicationQuerySet:
    """Annotated with `granted_total`: the total of the decision in force (the newest one), 0
    for a rejection, None without a decision. One subquery, no join."""
    in_force = (
        Decision.objects.filter(application=OuterRef("pk"))
        .annotate(granted=amount_total(DecisionAmount, "decision"))
        .order_by("-issued_at", "-pk")
        .values("granted")[:1]
    )
    return applications.annotate(granted_total=Subquery(in_force))


def _computed_total(guideline_for: Any) -> Any:
    def total(application: Application) -> Decimal | None:
        results = computation.compute(application, guideline_for=guideline_for)
        if any(r.result is None for r in results):  # a year no guideline version covers
            return None
        return computation.total(results)

    return total


def application_columns() -> list[Column]:
    """Needs the rows `with_granted` and with their positions prefetched."""
    guideline_for = functools.cache(computation.guideline_for_year)
    return [
        Column(_("Application no."), lambda a: a.pk, "integer"),
        Column(_("KI"), lambda a: a.centre.name),
        Column(_("District or city"), lambda a: a.centre.grantee.name),
        Column(_("Official key"), lambda a: a.centre.grantee.key, width=12),
        Column(_("First funding year"), lambda a: a.first_year, "integer"),
        Column(_("Last funding year"), lambda a: a.last_year, "integer"),
        Column(_("Status"), lambda a: a.get_status_display(), width=22),
        Column(_("Submitted on"), lambda a: a.submitted_at, "date"),
        Column(_("Grant applied for, as computed (EUR)"), _computed_total(guideline_for), "money"),
        Column(_("Granted by the decision in force (EUR)"), lambda a: a.granted_total, "money"),
        Column(_("Last changed"), lambda a: a.updated_at, "datetime"),
    ]


def decision_columns() -> list[Column]:
    """Needs the rows `with_total()` and with `amends` selected (`access.decisions_listed`)."""
    return [
        Column(_("File number"), lambda d: d.number, width=18),
        Column(_("Kind"), lambda d: d.get_kind_display(), width=22),
        Column(_("KI"), lambda d: d.application.centre.name),
        Column(_("Official key"), lambda d: d.application.centre.grantee.key, width=12),
        Column(_("Application no."), lambda d: d.application_id, "integer"),
        Column(_("First funding year"), lambda d: d.application.first_year, "integer"),
        Column(_("Last funding year"), lambda d: d.application.last_year, "integer"),
        Column(_("Granted (EUR)"), lambda d: d.total, "money"),
        Column(_("Issued on"), lambda d: d.issued_at, "date"),
        Column(_("Amends decision"), lambda d: d.amends.number if d.amends else "", width=18),
    ]


def payment_columns() -> list[Column]:
    """Needs the application with its KI, the decision, and who requested and decided."""

    def centre(p: Payment) -> str:
        return p.application.centre.name

    return [
        Column(_("KI"), centre),
        Column(_("Application no."), lambda p: p.application_id, "integer"),
        Column(_("Decision"), lambda p: p.decision.number, width=18),
        Column(_("Funding year"), lambda p: p.fiscal_year, "integer"),
        Column(_("Amount (EUR)"), lambda p: p.amount, "money"),
        Column(_("Status"), lambda p: p.get_status_display(), width=14),
        Column(_("Requested at"), lambda p: p.requested_at, "datetime"),
        Column(_("Requested by"), lambda p: _person(p.requested_by), width=24),
        Column(_("Released or refused at"), lambda p: p.decided_at, "datetime"),
        Column(_("Released or refused by"), lambda p: _person(p.decided_by), width=24),
        Column(_("Note"), lambda p: p.note, width=40),
        Column(_("Reason for the refusal"), lambda p: p.refusal_reason, width=40),
    ]


def _cents(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT)


BUDGET_COLUMNS = (
    Column(_("Fiscal year"), lambda line: line.fiscal_year, "integer"),
    Column(_("Budget code"), lambda line: line.code, width=18),
    Column(_("Title"), lambda line: line.title, width=40),
    Column(_("Purpose"), lambda line: line.get_purpose_display()),
    Column(_("Planned (EUR)"), lambda line: line.planned, "money"),
    Column(_("Committed (EUR)"), lambda line: line.committed, "money"),
    Column(_("Paid (EUR)"), lambda line: line.paid, "money"),
    Column(_("Available (EUR)"), lambda line: line.available, "money"),
    # (sums of expressions: SQLite hands them back as floats, so to the cent here)
    Column(_("Receivables open (EUR)"), lambda line: _cents(line.receivables_open), "money"),
    Column(
        _("Received on receivables (EUR)"), lambda line: _cents(line.receivables_received), "money"
    ),
)
