"""Said early: a funding year of an application without a KI budget line (purpose `centres`).

Signing refuses such a year (`services.budget`, code `no_budget_line`); the draft, the
submission page, the proposal and the signature page say it beforehand and who must act.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from teilhabe.funding.models import Application, BudgetLine, BudgetPurpose


def years_without_budget_line(application: Application) -> list[int]:
    having = set(
        BudgetLine.objects.filter(
            purpose=BudgetPurpose.CENTRES, fiscal_year__in=list(application.years)
        ).values_list("fiscal_year", flat=True)
    )
    return [year for year in application.years if year not in having]


def missing_line_message(year: int) -> str:
    return _("There is no budget line for %(year)s yet; the ministry must add it.") % {"year": year}


def budget_warnings(application: Application) -> list[str]:
    """One sentence per funding year without a budget line for the KIs."""
    return [missing_line_message(year) for year in years_without_budget_line(application)]
