"""Adding budget lines and changing what they plan: never below what is committed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from teilhabe.core.models import AuditEvent
from teilhabe.funding.models import BudgetLine, BudgetPurpose
from teilhabe.funding.services import budget

from . import budget_helpers

pytestmark = pytest.mark.django_db


def _add(mia, **fields):  # type: ignore[no-untyped-def]
    data = {
        "fiscal_year": 2027,
        "code": "07 050 684 10",
        "title": "Zuweisungen an Kommunale Integrationszentren",
        "purpose": BudgetPurpose.CENTRES,
        "planned": Decimal("21072000.00"),
        **fields,
    }
    return budget.add_budget_line(by=mia, **data)


def test_it_adds_a_line_with_nothing_committed_and_audits_it(mia):
    line = _add(mia)
    assert (line.planned, line.committed, line.paid, line.available) == (
        Decimal("21072000.00"),
        Decimal("0.00"),
        Decimal("0.00"),
        Decimal("21072000.00"),
    )
    event = AuditEvent.objects.get(action="budget.line_added")
    assert event.actor == mia
    assert event.changes["planned"] == {"from": None, "to": "21072000.00"}


@pytest.mark.parametrize(
    ("fields", "field", "code"),
    [
        ({"planned": Decimal("-1.00")}, "planned", "negative_amount"),
        ({"planned": Decimal("1.001")}, "planned", "invalid_cents"),
        ({"planned": "viel"}, "planned", "invalid_number"),
        ({"fiscal_year": 2011}, "fiscal_year", "year_out_of_range"),
        ({"purpose": "party"}, "purpose", "invalid_choice"),
        ({"code": ""}, "code", "blank"),
    ],
)
def test_it_refuses_bad_input_at_the_field(mia, fields, field, code):
    with pytest.raises(ValidationError) as caught:
        _add(mia, **fields)
    assert caught.value.error_dict[field][0].code == code
    assert not BudgetLine.objects.exists()


def test_it_refuses_a_second_line_with_the_same_code_in_the_year(mia):
    _add(mia)
    with pytest.raises(ValidationError) as caught:
        _add(mia, title="again")
    assert caught.value.error_dict["code"][0].code == "duplicate_budget_line"
    _add(mia, fiscal_year=2028)  # the same code in another year is fine


def test_it_changes_the_plan_and_audits_from_and_to(mia):
    line = _add(mia, planned=Decimal("1000000.00"))
    budget.change_planned(line, by=mia, planned=Decimal("1200000.50"))
    line.refresh_from_db()
    assert line.planned == Decimal("1200000.50")
    event = AuditEvent.objects.get(action="budget.planned_changed")
    assert event.changes == {"planned": {"from": "1000000.00", "to": "1200000.50"}}


def test_an_unchanged_plan_records_nothing(mia):
    line = _add(mia, planned=Decimal("1000000.00"))
    budget.change_planned(line, by=mia, planned=Decimal("1000000"))
    assert not AuditEvent.objects.filter(action="budget.planned_changed").exists()


def test_it_never_plans_below_what_is_committed(mia, bielefeld, bernd, guel):
    line = BudgetLine.objects.create(
        fiscal_year=2026,
        code="KI",
        title="KI",
        purpose=BudgetPurpose.CENTRES,
        planned=Decimal("200000.00"),
    )
    budget_helpers.granted(bielefeld, officer=bernd, approver=guel, line=line)
    with pytest.raises(ValidationError) as caught:
        budget.change_planned(line, by=mia, planned=Decimal("169999.99"))
    assert caught.value.error_dict["planned"][0].code == "below_committed"
    assert "170.000,00" in caught.value.error_dict["planned"][0].messages[0]
    line.refresh_from_db()
    assert line.planned == Decimal("200000.00")
    budget.change_planned(line, by=mia, planned=Decimal("170000.00"))  # exactly committed: fine
    line.refresh_from_db()
    assert line.available == Decimal("0.00")
