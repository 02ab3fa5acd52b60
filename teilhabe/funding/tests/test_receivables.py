"""Receivables on the budget ledger: booked by an approver, settled by receipts the grant
officer records, never more than owed; the line's figures (page, overview, API) show them."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from teilhabe.core.actions import Refusal
from teilhabe.core.models import AuditEvent
from teilhabe.funding.models import BudgetLine, Receivable, ReceivableStatus
from teilhabe.funding.services import receivables

from . import budget_helpers

pytestmark = pytest.mark.django_db


def _book(decision, guel, *, principal="1000.00", interest="0.00", interest_from=None):  # type: ignore[no-untyped-def]
    line = BudgetLine.objects.get(fiscal_year=2026)
    return receivables.book_receivable(
        decision,
        by=guel,
        budget_line=line,
        fiscal_year=2026,
        principal=Decimal(principal),
        interest=Decimal(interest),
        interest_from=interest_from,
        reason="Teilwiderruf",
        reference="36.05711-2026/R1",
        source_url="/nachweise/rueckforderungen/1/",
        due_date=timezone.localdate() + timedelta(days=30),
    )


@pytest.fixture
def decision(bielefeld, bernd, guel):  # type: ignore[no-untyped-def]
    _app, decision = budget_helpers.granted(bielefeld, officer=bernd, approver=guel)
    return decision


def test_it_books_a_receivable_on_the_line_and_audits_it(decision, guel):
    receivable = _book(decision, guel)
    assert receivable.status == ReceivableStatus.OPEN
    assert receivable.open_amount == Decimal("1000.00")
    event = AuditEvent.objects.get(action="receivable.booked")
    assert event.changes["principal"] == {"from": None, "to": "1000.00"}
    assert event.centre_id == decision.application.centre_id


def test_only_an_approver_books(decision, bernd):
    with pytest.raises(Refusal):
        _book(decision, bernd)
    assert not Receivable.objects.exists()


def test_it_refuses_a_line_of_another_year(decision, guel):
    from teilhabe.funding.tests import factories

    other = factories.budget_line(2027)
    with pytest.raises(ValidationError) as e:
        receivables.book_receivable(
            decision,
            by=guel,
            budget_line=other,
            fiscal_year=2026,
            principal=Decimal("1.00"),
            reason="x",
            reference="R",
            source_url="",
            due_date=date(2030, 1, 1),
        )
    assert e.value.code == "wrong_year"


def test_receipts_settle_it_partly_then_fully(decision, guel, bernd):
    receivable = _book(decision, guel)
    today = timezone.localdate()
    receivables.record_receipt(receivable, by=bernd, received_on=today, amount="400.00")
    receivable.refresh_from_db()
    assert receivable.status == ReceivableStatus.PARTLY_SETTLED
    assert receivable.open_amount == Decimal("600.00")
    receivables.record_receipt(receivable, by=bernd, received_on=today, amount="600.00")
    receivable.refresh_from_db()
    assert receivable.status == ReceivableStatus.SETTLED
    assert AuditEvent.objects.filter(action="receivable.receipt_recorded").count() == 2
    with pytest.raises(ValidationError) as e:
        receivables.record_receipt(receivable, by=bernd, received_on=today, amount="1.00")
    assert e.value.code == "already_settled"


def test_it_never_takes_more_than_owed(decision, guel, bernd):
    receivable = _book(decision, guel)
    with pytest.raises(ValidationError) as e:
        receivables.record_receipt(
            receivable, by=bernd, received_on=timezone.localdate(), amount="1000.01"
        )
    assert e.value.error_dict["amount"][0].code == "over_settled"
    receivable.refresh_from_db()
    assert receivable.received == 0


def test_only_the_grant_officer_records_receipts(decision, guel, anna):
    receivable = _book(decision, guel)
    for who in (guel, anna):
        with pytest.raises(Refusal):
            receivables.record_receipt(
                receivable, by=who, received_on=timezone.localdate(), amount="1.00"
            )


def test_it_refuses_a_receipt_in_the_future_or_out_of_order(decision, guel, bernd):
    receivable = _book(decision, guel)
    today = timezone.localdate()
    with pytest.raises(ValidationError) as e:
        receivables.record_receipt(
            receivable, by=bernd, received_on=today + timedelta(days=1), amount="1.00"
        )
    assert e.value.error_dict["received_on"][0].code == "receipt_in_future"
    receivables.record_receipt(receivable, by=bernd, received_on=today, amount="1.00")
    with pytest.raises(ValidationError) as e:
        receivables.record_receipt(
            receivable, by=bernd, received_on=today - timedelta(days=1), amount="1.00"
        )
    assert e.value.error_dict["received_on"][0].code == "receipt_out_of_order"


def test_the_accrued_interest_is_booked_first_and_credited_first(decision, guel, bernd):
    today = timezone.localdate()
    receivable = _book(decision, guel, interest_from=today - timedelta(days=10))
    seen = []

    def accrue(row: Receivable, day: date) -> Decimal:
        seen.append((row.principal_open, row.interest_from, day))
        return Decimal("10.00")

    receivables.record_receipt(
        receivable, by=bernd, received_on=today, amount="1000.00", accrue=accrue
    )
    receivable.refresh_from_db()
    assert seen == [(Decimal("1000.00"), today - timedelta(days=10), today)]
    assert receivable.interest == Decimal("10.00")
    # § 367 (1) BGB: the 1,000 went to the 10 interest first; 10 principal stays open
    assert receivable.interest_open == 0
    assert receivable.principal_open == Decimal("10.00")
    assert receivable.status == ReceivableStatus.PARTLY_SETTLED
    assert receivable.interest_from == today
    # what would pay more than principal + interest to that day is refused
    with pytest.raises(ValidationError):
        receivables.record_receipt(
            receivable, by=bernd, received_on=today, amount="10.01", accrue=lambda r, d: 0
        )


def test_the_database_refuses_an_over_settled_or_mismatched_row(decision, guel):
    receivable = _book(decision, guel)
    with pytest.raises(IntegrityError), transaction.atomic():
        Receivable.objects.filter(pk=receivable.pk).update(
            received=Decimal("1000.01"), status=ReceivableStatus.PARTLY_SETTLED
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Receivable.objects.filter(pk=receivable.pk).update(received=Decimal("5.00"))  # still open


def test_the_line_page_overview_and_api_show_receivables(
    decision, guel, bernd, mia, verified_client, django_assert_max_num_queries
):
    receivable = _book(decision, guel)
    receivables.record_receipt(
        receivable, by=bernd, received_on=timezone.localdate(), amount="250.00"
    )
    line = receivable.budget_line
    client = verified_client(mia)
    page = client.get(reverse("funding:budget_line", args=[line.pk])).content.decode()
    assert "36.05711-2026/R1" in page and "/nachweise/rueckforderungen/1/" in page
    assert "750,00" in page and "250,00" in page
    with django_assert_max_num_queries(12):
        overview = client.get(reverse("funding:budget") + "?year=2026").content.decode()
    assert "750,00" in overview
    api = verified_client(mia).get("/api/v1/funding/budget-lines?fiscal_year=2026").json()
    assert api[0]["receivables_open"] == "750.00"
    assert api[0]["receivables_received"] == "250.00"
