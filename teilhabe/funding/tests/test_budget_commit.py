"""Committing a decision's amounts to the budget: all years or none, never beyond the plan."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from teilhabe.core.models import AuditEvent
from teilhabe.funding.models import BudgetLine, Commitment
from teilhabe.funding.services import budget

from . import factories

pytestmark = pytest.mark.django_db


def test_it_commits_each_year_to_that_years_line(bielefeld, bernd, guel):
    line_2026 = factories.budget_line(2026, "500000.00")
    line_2027 = factories.budget_line(2027, "500000.00")
    app = factories.application(bielefeld, year=2026, last_year=2027, status="proposed")
    dec = factories.decision(
        app, proposed_by=bernd, signed_by=guel, amounts={"2026": "170000.00", "2027": "150000.00"}
    )
    budget.commit_decision(dec, by=guel)
    line_2026.refresh_from_db()
    line_2027.refresh_from_db()
    assert (line_2026.committed, line_2027.committed) == (
        Decimal("170000.00"),
        Decimal("150000.00"),
    )
    assert AuditEvent.objects.filter(action="budget.committed").count() == 2


def test_it_refuses_all_years_when_one_does_not_fit(bielefeld, bernd, guel):
    line_2026 = factories.budget_line(2026, "500000.00")
    factories.budget_line(2027, "100000.00")
    app = factories.application(bielefeld, year=2026, last_year=2027, status="proposed")
    dec = factories.decision(
        app, proposed_by=bernd, signed_by=guel, amounts={"2026": "170000.00", "2027": "150000.00"}
    )
    with pytest.raises(ValidationError) as caught, transaction.atomic():
        budget.commit_decision(dec, by=guel)
    assert caught.value.code == "budget_insufficient"
    line_2026.refresh_from_db()
    assert line_2026.committed == Decimal("0.00")
    assert not Commitment.objects.exists()


def test_an_amendment_commits_only_the_difference(bielefeld, bernd, guel):
    line = factories.budget_line(2026, "200000.00")
    app = factories.application(bielefeld, status="proposed")
    first = factories.decision(
        app, proposed_by=bernd, signed_by=guel, amounts={"2026": "170000.00"}
    )
    budget.commit_decision(first, by=guel)
    lower = factories.decision(
        app, proposed_by=bernd, signed_by=guel, amounts={"2026": "120000.00"}, amends=first
    )
    budget.commit_decision(lower, by=guel)
    line.refresh_from_db()
    assert line.committed == Decimal("120000.00")
    assert [c.amount for c in Commitment.objects.order_by("pk")] == [
        Decimal("170000.00"),
        Decimal("-50000.00"),
    ]


def test_it_names_a_missing_line(bielefeld, bernd, guel):
    app = factories.application(bielefeld, status="proposed")
    dec = factories.decision(app, proposed_by=bernd, signed_by=guel)
    with pytest.raises(ValidationError) as caught:
        budget.commit_decision(dec, by=guel)
    assert caught.value.code == "no_budget_line"


def test_the_database_refuses_an_over_committed_line_below_the_services():
    line = factories.budget_line(2026, "100.00")
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetLine.objects.filter(pk=line.pk).update(committed=Decimal("100.01"))
