"""The repayment decision: proposed by the grant officer, signed by a second person (approver,
second factor), its PDF stored once, its receivable booked; receipts book the interest."""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from teilhabe.core.actions import Refusal
from teilhabe.core.models import AuditEvent
from teilhabe.funding.models import Receivable, ReceivableStatus
from teilhabe.proofs import repayment_services as services
from teilhabe.proofs.repayment_models import Repayment, RepaymentStatus

from .repayment_factories import paid_decision, proposed, verified

pytestmark = pytest.mark.django_db

TODAY = date(2025, 8, 20)


@pytest.fixture(autouse=True)
def _today():  # type: ignore[no-untyped-def]
    with time_machine.travel(date(2025, 8, 20), tick=False):
        yield


@pytest.fixture
def decision(bielefeld, bernd, guel):  # type: ignore[no-untyped-def]
    return paid_decision(bielefeld, bernd, guel, on=date(2025, 2, 10))


def test_it_proposes_paid_less_eligible_with_the_default_day(decision, bernd):
    assert services.paid_for(decision, 2025) == Decimal("170000.00")
    assert services.default_ineffective_on(decision, 2025) == date(2025, 2, 10)
    row = proposed(decision, bernd)
    assert row.principal == Decimal("12500.00")
    assert row.number == "36.05711-2025/R1"
    assert row.status == RepaymentStatus.PROPOSED
    assert AuditEvent.objects.filter(action="repayment.proposed").count() == 1


def test_nothing_to_repay_is_no_repayment(decision, bernd):
    with pytest.raises(ValidationError) as e:
        proposed(decision, bernd, eligible="170000.00")
    assert e.value.error_dict["eligible"][0].code == "nothing_to_repay"
    assert not Repayment.objects.exists()


def test_only_the_grant_officer_proposes(decision, guel, anna, mia):
    for who in (guel, anna, mia):
        with pytest.raises(Refusal):
            proposed(decision, who)


def test_one_live_repayment_per_decision_and_year(decision, bernd):
    proposed(decision, bernd)
    with pytest.raises(ValidationError) as e:
        proposed(decision, bernd)
    assert e.value.code == "repayment_exists"


def test_it_refuses_a_future_day_and_a_year_not_funded(decision, bernd):
    with pytest.raises(ValidationError) as e:
        proposed(decision, bernd, ineffective_on=date(2025, 9, 1))
    assert e.value.error_dict["ineffective_on"][0].code == "ineffective_in_future"
    with pytest.raises(ValidationError) as e:
        proposed(decision, bernd, fiscal_year=2026)
    assert e.value.error_dict["fiscal_year"][0].code == "unknown_year"


def test_signing_needs_a_second_verified_approver(decision, bernd, guel, django_user_model):
    row = proposed(decision, bernd)
    with pytest.raises(Refusal):
        services.sign_repayment(row, by=guel)  # second factor not passed
    with pytest.raises(Refusal):
        services.sign_repayment(row, by=verified(bernd))  # not an approver
    row.refresh_from_db()
    assert row.status == RepaymentStatus.PROPOSED and not Receivable.objects.exists()


def test_the_proposer_never_signs(decision, guel, bernd, django_user_model):
    # an approver who proposed (a row written around the service) is refused at signing
    row = proposed(decision, bernd)
    Repayment.objects.filter(pk=row.pk).update(proposed_by=guel)
    with pytest.raises(ValidationError) as e:
        services.sign_repayment(row, by=verified(guel))
    assert e.value.code == "four_eyes"


def test_signing_stores_the_pdf_once_and_books_the_receivable(
    decision, bernd, guel, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        row = services.sign_repayment(proposed(decision, bernd), by=verified(guel))
    row.refresh_from_db()
    assert row.status == RepaymentStatus.SIGNED
    content = row.pdf.read()
    assert content.startswith(b"%PDF") and hashlib.sha256(content).hexdigest() == row.pdf_sha256
    receivable = row.receivable
    assert receivable.principal == Decimal("12500.00")
    assert receivable.interest == 0 and receivable.interest_accrues
    assert receivable.budget_line.fiscal_year == 2025
    assert receivable.due_date == date(2025, 9, 19)
    assert receivable.source_url == row.get_absolute_url()
    assert AuditEvent.objects.filter(action="repayment.signed").count() == 1
    with pytest.raises(ValidationError) as e:
        services.sign_repayment(row, by=verified(guel))
    assert e.value.code == "wrong_status"


def test_the_pdf_states_the_rule_and_the_segments(
    decision, bernd, guel, django_capture_on_commit_callbacks
):
    from pypdf import PdfReader

    with django_capture_on_commit_callbacks(execute=True):
        row = services.sign_repayment(proposed(decision, bernd), by=verified(guel))
    row.refresh_from_db()
    text = " ".join(page.extract_text() for page in PdfReader(row.pdf.path).pages)
    for cite in ("§ 49 Abs. 3 VwVfG NRW", "§ 49a Abs. 1 VwVfG NRW", "§ 49a Abs. 3", "§ 247 BGB"):
        assert cite in text
    assert "12.500,00 EUR" in text
    assert "Teilwiderrufs- und Rückforderungsbescheid" in text
    assert "1,27" in text and "2,27" in text  # both base rates of 2025


def test_a_receipt_books_the_interest_across_the_july_change(decision, bernd, guel):
    row = services.sign_repayment(proposed(decision, bernd), by=verified(guel))
    services.record_repayment_receipt(
        row, by=bernd, received_on=TODAY, amount="12500.00", note="Zahlung"
    )
    receivable = Receivable.objects.get(pk=row.receivable_id)
    # 16.03.-30.06.2025: 107 days at 5,27 % = 193,1130…; 01.07.-20.08.2025: 51 days at 4,27 %
    # = 74,5787…; sum 267,6918… -> 267,69 (rounded once)
    assert receivable.interest == Decimal("267.69")
    assert receivable.status == ReceivableStatus.PARTLY_SETTLED
    assert receivable.principal_open == Decimal("267.69")  # the receipt paid the interest first
    assert receivable.interest_from == TODAY


def test_only_the_officer_records_receipts_and_only_once_signed(decision, bernd, guel, anna):
    row = proposed(decision, bernd)
    with pytest.raises(ValidationError) as e:
        services.record_repayment_receipt(row, by=bernd, received_on=TODAY, amount="1.00")
    assert e.value.code == "wrong_status"
    row = services.sign_repayment(row, by=verified(guel))
    for who in (guel, anna):
        with pytest.raises(Refusal):
            services.record_repayment_receipt(row, by=who, received_on=TODAY, amount="1.00")


def test_the_late_use_line_is_booked_as_interest(decision, bernd, guel):
    late = services.LateUseInput(
        amount="100000.00", paid_on=date(2025, 1, 15), used_on=date(2025, 5, 15), permitted_days=59
    )
    row = proposed(decision, bernd, late=late)
    assert row.late_interest == Decimal("1732.60")
    row = services.sign_repayment(row, by=verified(guel))
    assert row.receivable.interest == Decimal("1732.60")


def test_the_approver_returns_with_a_reason(decision, bernd, guel):
    row = proposed(decision, bernd)
    with pytest.raises(ValidationError):
        services.return_repayment(row, by=verified(guel), reason=" ")
    services.return_repayment(row, by=verified(guel), reason="Betrag prüfen")
    row.refresh_from_db()
    assert row.status == RepaymentStatus.RETURNED
    assert proposed(decision, bernd).number == "36.05711-2025/R2"  # room for a new one
