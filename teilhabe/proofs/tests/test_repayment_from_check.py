"""The repayment follows from the check of the proof of use: a signed partial revocation hands
over the decision, the year and the eligible amount; every other check is refused with its
code, and one check has one live repayment."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from teilhabe.core.models import AuditEvent
from teilhabe.funding.models import Payment, PaymentStatus
from teilhabe.funding.tests.factories import pdf_bytes
from teilhabe.proofs import repayment_services as services
from teilhabe.proofs.models import BaseRate
from teilhabe.proofs.repayment_models import Repayment, RepaymentStatus
from teilhabe.proofs.repayment_pdf import RepaymentData, render_repayment_html
from teilhabe.proofs.use_models import CheckStatus

from . import use_factories
from .repayment_factories import paid_decision, revoked_check, verified

pytestmark = pytest.mark.django_db

INEFFECTIVE = date(2025, 2, 10)


def _codes(e: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    error = e.value
    if hasattr(error, "error_dict"):
        return {x.code for errors in error.error_dict.values() for x in errors if x.code}
    return {x.code for x in error.error_list if x.code}


def _propose(check, by, **kwargs):  # type: ignore[no-untyped-def]
    values = {"ineffective_on": INEFFECTIVE, "reasons": "Leitung unbesetzt."}
    values.update(kwargs)
    return services.propose_repayment(check.proof.decision, by=by, check=check, **values)


@pytest.fixture
def check(bielefeld, anna):  # type: ignore[no-untyped-def]
    return revoked_check(bielefeld, anna)


def test_it_takes_the_decision_year_and_eligible_amount_from_the_check(check, bernd):
    assert check.repayable == Decimal("14250.00")
    row = _propose(check, bernd)
    assert row.proof_check == check and row.decision == check.proof.decision
    assert (row.fiscal_year, row.eligible) == (2025, Decimal("174250.00"))
    assert (row.paid, row.principal) == (Decimal("188500.00"), Decimal("14250.00"))
    event = AuditEvent.objects.get(action="repayment.proposed")
    assert event.changes["proof_check"] == {"from": None, "to": check.pk}


def test_what_the_caller_passes_must_agree_with_the_check(check, bernd):
    row = _propose(check, bernd, fiscal_year=2025, eligible="174250.00")
    assert row.eligible == Decimal("174250.00")


def test_a_check_of_another_year_is_refused(check, bernd):
    with pytest.raises(ValidationError) as e:
        _propose(check, bernd, fiscal_year=2026)
    assert _codes(e) == {"check_of_another_year"}
    assert not Repayment.objects.exists()


def test_an_eligible_amount_other_than_the_checks_is_refused(check, bernd):
    with pytest.raises(ValidationError) as e:
        _propose(check, bernd, eligible="150000.00")
    assert _codes(e) == {"eligible_not_the_checks"}
    assert not Repayment.objects.exists()


def test_a_check_of_another_decision_is_refused(check, bernd, guel, dortmund):
    other = paid_decision(dortmund, bernd, guel, on=date(2025, 2, 10))
    with pytest.raises(ValidationError) as e:
        services.propose_repayment(
            other, by=bernd, check=check, ineffective_on=INEFFECTIVE, reasons="x"
        )
    assert _codes(e) == {"check_of_another_decision"}
    assert not Repayment.objects.exists()


def test_a_check_still_awaiting_the_second_signature_is_refused(bielefeld, bernd):
    check = use_factories.proposed(bielefeld)
    assert check.status == CheckStatus.PROPOSED
    with pytest.raises(ValidationError) as e:
        _propose(check, bernd)
    assert _codes(e) == {"check_not_revoked"}


def test_a_confirmed_check_is_refused(bielefeld, anna, bernd):
    check = use_factories.in_check(bielefeld, anna)
    with mock.patch("teilhabe.proofs.check_pdf.render", return_value=pdf_bytes()):
        from teilhabe.proofs import use_services

        check = use_services.conclude_check(
            check, by=use_factories.authority()[0], reasons="", expected_version=1
        )
    assert check.status == CheckStatus.DONE
    with pytest.raises(ValidationError) as e:
        _propose(check, bernd)
    assert _codes(e) == {"check_not_revoked"}


def test_a_check_that_leaves_nothing_to_repay_is_refused(bielefeld, anna, bernd):
    """Paid 100.000 at the check, eligible 174.250: nothing repayable. Even when more is paid
    later (paid now above eligible), the check is no ground for a repayment."""
    check = revoked_check(bielefeld, anna, paid_in_full=False)
    assert check.repayable == Decimal("0.00")
    Payment.objects.create(
        application=check.proof.application,
        decision=check.proof.decision,
        fiscal_year=2025,
        amount=Decimal("88500.00"),
        requested_by=bernd,
        status=PaymentStatus.RELEASED,
        decided_by=bernd,
        decided_at=timezone.make_aware(datetime(2025, 3, 1, 10, 0)),
    )
    with pytest.raises(ValidationError) as e:
        _propose(check, bernd)
    assert _codes(e) == {"check_nothing_repayable"}
    assert not Repayment.objects.exists()


def test_one_check_has_one_live_repayment_and_a_returned_one_makes_room(check, bernd, guel):
    first = _propose(check, bernd)
    with pytest.raises(ValidationError) as e:
        _propose(check, bernd)
    assert _codes(e) == {"check_repayment_exists"}
    assert first.number in " ".join(e.value.messages)
    services.return_repayment(first, by=verified(guel), reason="Tag prüfen.")
    second = _propose(check, bernd)
    assert second.proof_check == check and second.number != first.number


def test_the_database_holds_one_live_repayment_per_check(check, bernd):
    first = _propose(check, bernd)
    twin = Repayment(
        decision=first.decision,
        proof_check=check,
        centre=first.centre,
        fiscal_year=2026,  # another year, so only the check's constraint stands in the way
        number="36.05711-2026/R9",
        paid=first.paid,
        eligible=first.eligible,
        principal=first.principal,
        ineffective_on=first.ineffective_on,
        reasons="x",
        proposed_by=bernd,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()
    twin.status = RepaymentStatus.RETURNED
    twin.save()  # a returned one is history


def test_without_a_check_the_year_and_the_eligible_amount_are_required(bielefeld, bernd, guel):
    decision = paid_decision(bielefeld, bernd, guel, on=date(2025, 2, 10))
    with pytest.raises(ValidationError) as e:
        services.propose_repayment(
            decision, by=bernd, eligible="1.00", ineffective_on=INEFFECTIVE, reasons="x"
        )
    assert _codes(e) == {"required"}
    with pytest.raises(ValidationError) as e:
        services.propose_repayment(
            decision, by=bernd, fiscal_year=2025, ineffective_on=INEFFECTIVE, reasons="x"
        )
    assert _codes(e) == {"required"}


def test_the_decision_pdf_names_the_check_note(check, bernd, guel):
    row = Repayment.objects.for_listing().get(pk=_propose(check, bernd).pk)
    data = RepaymentData.build(
        row, signed_by=guel, issued_on=date(2026, 6, 1), rates=BaseRate.objects.as_rates()
    )
    assert data.check_number == check.note_number and data.check_number.startswith(
        "36.05711-2025/VN-"
    )
    html = render_repayment_html(data)
    assert f"Prüfvermerk {check.note_number}" in html
    assert data.rates_end == ""  # issued within the table


def test_a_decision_issued_after_the_table_says_the_rate_is_not_announced_yet(check, bernd, guel):
    row = Repayment.objects.for_listing().get(pk=_propose(check, bernd).pk)
    data = RepaymentData.build(
        row, signed_by=guel, issued_on=date(2026, 12, 1), rates=BaseRate.objects.as_rates()
    )
    assert (data.interest_until, data.rates_end) == ("30.06.2026", "30.06.2026")
    assert "noch nicht bekannt gegeben" in render_repayment_html(data)


def test_another_cause_names_no_check(bielefeld, bernd, guel):
    decision = paid_decision(bielefeld, bernd, guel, on=date(2025, 2, 10))
    row = services.propose_repayment(
        decision,
        by=bernd,
        fiscal_year=2025,
        eligible="157500.00",
        ineffective_on=INEFFECTIVE,
        reasons="Zweckwidrige Verwendung.",
    )
    data = RepaymentData.build(
        Repayment.objects.for_listing().get(pk=row.pk),
        signed_by=guel,
        issued_on=date(2026, 6, 1),
        rates=BaseRate.objects.as_rates(),
    )
    assert row.proof_check is None and data.check_number == ""
    assert "Prüfvermerk" not in render_repayment_html(data)
