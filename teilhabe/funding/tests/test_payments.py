"""Payments (Mittelabruf): requested by the KI lead, released or refused by the grant officer;
nothing beyond the grant in force is ever payable."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from teilhabe.core.models import AuditEvent
from teilhabe.funding.models import BudgetLine, Payment, PaymentStatus
from teilhabe.funding.services import payments

from . import budget_helpers, factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def line():  # type: ignore[no-untyped-def]
    return factories.budget_line(2026, "1000000.00")


@pytest.fixture
def grant(bielefeld, bernd, guel, line):  # type: ignore[no-untyped-def]
    return budget_helpers.granted(
        bielefeld, officer=bernd, approver=guel, amounts={"2026": "170000.00"}
    )


def _code(caught: pytest.ExceptionInfo[ValidationError]) -> str:
    error = caught.value
    if hasattr(error, "error_dict"):
        return next(iter(error.error_dict.values()))[0].code  # type: ignore[no-any-return]
    return error.code  # type: ignore[return-value]


def test_it_requests_a_payment_and_tells_the_grant_officers(
    anna, bernd, grant, django_capture_on_commit_callbacks
):
    app, decision = grant
    with django_capture_on_commit_callbacks(execute=True):
        payment = payments.request_payment(
            app, by=anna, year=2026, amount=Decimal("42500.00"), note="1. Quartal"
        )
    assert (payment.status, payment.amount, payment.decision) == (
        PaymentStatus.REQUESTED,
        Decimal("42500.00"),
        decision,
    )
    event = AuditEvent.objects.get(action="payment.requested")
    assert (event.actor, event.centre_id) == (anna, app.centre_id)
    assert [m.to for m in mail.outbox] == [[bernd.email]]
    assert "42.500,00" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        ("0", "amount_not_positive"),
        ("-5", "amount_not_positive"),
        ("10.005", "invalid_cents"),
        ("zehn", "invalid_number"),
        ("NaN", "invalid_number"),
        ("170000.01", "exceeds_grant"),
    ],
)
def test_it_refuses_a_bad_amount(anna, grant, amount, code):
    app, _ = grant
    with pytest.raises(ValidationError) as caught:
        payments.request_payment(app, by=anna, year=2026, amount=amount)
    assert _code(caught) == code
    assert not Payment.objects.exists()


def test_it_counts_released_and_open_requests_against_the_grant(anna, bernd, grant):
    app, _ = grant
    first = payments.request_payment(app, by=anna, year=2026, amount=Decimal("100000.00"))
    payments.release_payment(first, by=bernd)
    payments.request_payment(app, by=anna, year=2026, amount=Decimal("50000.00"))
    with pytest.raises(ValidationError) as caught:
        payments.request_payment(app, by=anna, year=2026, amount=Decimal("20000.01"))
    assert _code(caught) == "exceeds_grant"
    assert "20.000,00" in caught.value.messages[0]  # the available amount is named
    payments.request_payment(app, by=anna, year=2026, amount=Decimal("20000.00"))  # exactly fits


def test_a_refused_request_frees_its_amount_again(anna, bernd, grant):
    app, _ = grant
    big = payments.request_payment(app, by=anna, year=2026, amount=Decimal("170000.00"))
    payments.refuse_payment(big, by=bernd, reason="Bitte in Raten abrufen.")
    payments.request_payment(app, by=anna, year=2026, amount=Decimal("170000.00"))


@pytest.mark.parametrize("who", ["kai", "carla", "bernd", "mia"])
def test_only_the_ki_lead_of_that_ki_requests(request, grant, who):
    app, _ = grant
    with pytest.raises(ValidationError) as caught:
        payments.request_payment(
            app, by=request.getfixturevalue(who), year=2026, amount=Decimal("1.00")
        )
    assert _code(caught) == "not_permitted"


def test_it_refuses_a_year_the_decision_does_not_grant(anna, grant):
    app, _ = grant
    with pytest.raises(ValidationError) as caught:
        payments.request_payment(app, by=anna, year=2027, amount=Decimal("1.00"))
    assert _code(caught) == "year_not_granted"


def test_it_refuses_an_application_not_approved(anna, bielefeld):
    app = factories.application(bielefeld, status="submitted", with_concept=False)
    with pytest.raises(ValidationError) as caught:
        payments.request_payment(app, by=anna, year=2026, amount=Decimal("1.00"))
    assert _code(caught) == "not_approved"


def test_it_releases_charges_the_line_and_tells_the_ki(
    anna, kai, bernd, grant, line, django_capture_on_commit_callbacks
):
    app, _ = grant
    payment = payments.request_payment(app, by=anna, year=2026, amount=Decimal("42500.00"))
    with django_capture_on_commit_callbacks(execute=True):
        payments.release_payment(payment, by=bernd)
    payment.refresh_from_db()
    line.refresh_from_db()
    assert (payment.status, payment.budget_line, payment.decided_by) == (
        PaymentStatus.RELEASED,
        line,
        bernd,
    )
    assert (line.committed, line.paid) == (Decimal("170000.00"), Decimal("42500.00"))
    assert {
        e.action for e in AuditEvent.objects.filter(action__in=["payment.released", "budget.paid"])
    } == {
        "payment.released",
        "budget.paid",
    }
    assert sorted(address for m in mail.outbox for address in m.to) == sorted(
        [anna.email, kai.email]
    )


def test_it_never_releases_twice(anna, bernd, grant):
    app, _ = grant
    payment = payments.request_payment(app, by=anna, year=2026, amount=Decimal("1000.00"))
    payments.release_payment(payment, by=bernd)
    with pytest.raises(ValidationError) as caught:
        payments.release_payment(payment, by=bernd)
    assert _code(caught) == "payment_decided"
    with pytest.raises(ValidationError) as caught:
        payments.refuse_payment(payment, by=bernd, reason="zu spät")
    assert _code(caught) == "payment_decided"


@pytest.mark.parametrize("who", ["anna", "guel", "mia", "lars"])
def test_only_the_grant_officer_releases_or_refuses(request, anna, grant, who):
    app, _ = grant
    payment = payments.request_payment(app, by=anna, year=2026, amount=Decimal("1000.00"))
    user = request.getfixturevalue(who)
    for act in (
        lambda: payments.release_payment(payment, by=user),
        lambda: payments.refuse_payment(payment, by=user, reason="nein"),
    ):
        with pytest.raises(ValidationError) as caught:
            act()
        assert _code(caught) == "not_permitted"
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.REQUESTED


def test_a_release_is_checked_against_an_amendment_that_reduced_the_grant(
    anna, bernd, guel, grant, line
):
    app, decision = grant
    first = payments.request_payment(app, by=anna, year=2026, amount=Decimal("100000.00"))
    second = payments.request_payment(app, by=anna, year=2026, amount=Decimal("70000.00"))
    budget_helpers.amend(app, decision, officer=bernd, approver=guel, amounts={"2026": "120000.00"})
    payments.release_payment(first, by=bernd)
    with pytest.raises(ValidationError) as caught:
        payments.release_payment(second, by=bernd)
    assert _code(caught) == "exceeds_grant"
    assert "20.000,00" in caught.value.messages[0]
    line.refresh_from_db()
    assert (line.committed, line.paid) == (Decimal("120000.00"), Decimal("100000.00"))
    second.refresh_from_db()
    assert second.status == PaymentStatus.REQUESTED  # nothing lost: the officer may refuse it


def test_it_refuses_with_a_reason_only(anna, kai, bernd, grant, django_capture_on_commit_callbacks):
    app, _ = grant
    payment = payments.request_payment(app, by=anna, year=2026, amount=Decimal("1000.00"))
    with pytest.raises(ValidationError) as caught:
        payments.refuse_payment(payment, by=bernd, reason="   ")
    assert _code(caught) == "reason_required"
    with django_capture_on_commit_callbacks(execute=True):
        payments.refuse_payment(payment, by=bernd, reason="Verwendungsnachweis 2025 fehlt.")
    payment.refresh_from_db()
    assert (payment.status, payment.refusal_reason) == (
        PaymentStatus.REFUSED,
        "Verwendungsnachweis 2025 fehlt.",
    )
    event = AuditEvent.objects.get(action="payment.refused")
    assert event.changes["refusal_reason"]["to"] == "Verwendungsnachweis 2025 fehlt."
    assert "Verwendungsnachweis 2025 fehlt." in mail.outbox[0].body
    assert BudgetLine.objects.get().paid == Decimal("0.00")


def test_the_ledger_shows_granted_requested_released_and_open_per_year(
    anna, bernd, guel, bielefeld, line
):
    factories.budget_line(2027, "1000000.00")
    app, _ = budget_helpers.granted(
        bielefeld, officer=bernd, approver=guel, amounts={"2026": "170000.00", "2027": "150000.00"}
    )
    released = payments.request_payment(app, by=anna, year=2026, amount=Decimal("60000.00"))
    payments.release_payment(released, by=bernd)
    payments.request_payment(app, by=anna, year=2026, amount=Decimal("40000.00"))
    refused = payments.request_payment(app, by=anna, year=2027, amount=Decimal("10000.00"))
    payments.refuse_payment(refused, by=bernd, reason="zu früh")
    ledger = payments.ledger(app)
    rows = {
        y.year: (y.granted, y.requested, y.released, y.open, len(y.payments)) for y in ledger.years
    }
    assert rows == {
        2026: (
            Decimal("170000.00"),
            Decimal("40000.00"),
            Decimal("60000.00"),
            Decimal("70000.00"),
            2,
        ),
        2027: (Decimal("150000.00"), Decimal("0.00"), Decimal("0.00"), Decimal("150000.00"), 1),
    }
    assert (ledger.granted, ledger.open) == (Decimal("320000.00"), Decimal("220000.00"))


def test_the_database_refuses_a_line_paid_beyond_its_commitments(grant, line):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetLine.objects.filter(pk=line.pk).update(paid=Decimal("170000.01"))
