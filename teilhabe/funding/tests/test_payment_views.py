"""The payment ledger page, the KI lead's request form, the grant officer's release/refusal."""

from __future__ import annotations

from decimal import Decimal

import pytest

from teilhabe.funding.models import BudgetLine, Payment, PaymentStatus
from teilhabe.funding.services import payments

from . import budget_helpers, factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def grant(bielefeld, bernd, guel):  # type: ignore[no-untyped-def]
    factories.budget_line(2026, "1000000.00")
    app, _ = budget_helpers.granted(bielefeld, officer=bernd, approver=guel)
    return app


@pytest.mark.parametrize("who", ["kai", "anna", "bernd", "guel", "mia", "lars"])
def test_the_ki_and_the_authority_see_the_ledger(request, verified_client, grant, who):
    page = verified_client(request.getfixturevalue(who)).get(
        f"/foerderung/antraege/{grant.pk}/zahlungen/"
    )
    assert page.status_code == 200
    assert "170.000,00" in page.content.decode()


@pytest.mark.parametrize("who", ["carla", "sven", "eva", "paul"])
def test_others_get_404(request, verified_client, grant, who):
    client = verified_client(request.getfixturevalue(who))
    assert client.get(f"/foerderung/antraege/{grant.pk}/zahlungen/").status_code == 404
    assert client.get(f"/foerderung/antraege/{grant.pk}/zahlungen/neu/").status_code == 404


def test_only_the_lead_gets_the_request_form(verified_client, anna, kai, grant):
    url = f"/foerderung/antraege/{grant.pk}/zahlungen/"
    assert verified_client(anna).get(url).context["form"] is not None
    assert verified_client(kai).get(url).context["form"] is None
    assert verified_client(kai).get(url + "neu/").status_code == 404
    assert (
        verified_client(kai).post(url + "neu/", {"year": "2026", "amount": "1"}).status_code == 404
    )
    assert not Payment.objects.exists()


def test_the_lead_requests_a_payment(verified_client, anna, grant):
    response = verified_client(anna).post(
        f"/foerderung/antraege/{grant.pk}/zahlungen/neu/",
        {"year": "2026", "amount": "42500,00", "note": "1. Quartal"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/foerderung/antraege/{grant.pk}/zahlungen/"
    payment = Payment.objects.get()
    assert (payment.amount, payment.note) == (Decimal("42500.00"), "1. Quartal")


def test_too_much_is_refused_at_the_field_with_the_available_amount_and_input_kept(
    verified_client, anna, grant
):
    page = verified_client(anna).post(
        f"/foerderung/antraege/{grant.pk}/zahlungen/neu/",
        {"year": "2026", "amount": "170000,01", "note": "Alles auf einmal"},
    )
    assert page.status_code == 200
    assert "170.000,00" in page.context["form"].errors["amount"][0]
    html = page.content.decode()
    assert 'value="170000,01"' in html and "Alles auf einmal" in html
    assert not Payment.objects.exists()


def test_the_officer_releases_from_the_ledger(verified_client, anna, bernd, grant):
    payment = payments.request_payment(grant, by=anna, year=2026, amount=Decimal("1000.00"))
    client = verified_client(bernd)
    ledger = client.get(f"/foerderung/antraege/{grant.pk}/zahlungen/").content.decode()
    assert f"/foerderung/zahlungen/{payment.pk}/freigeben/" in ledger
    assert client.get(f"/foerderung/zahlungen/{payment.pk}/freigeben/").status_code == 405
    response = client.post(f"/foerderung/zahlungen/{payment.pk}/freigeben/")
    assert response.status_code == 302
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.RELEASED
    again = client.post(f"/foerderung/zahlungen/{payment.pk}/freigeben/", follow=True)
    assert [m.level_tag for m in again.context["messages"]] == ["success", "error"]
    assert BudgetLine.objects.get().paid == Decimal("1000.00")  # released once only


@pytest.mark.parametrize("who", ["anna", "guel", "mia", "carla"])
def test_nobody_else_releases_or_refuses(request, verified_client, anna, grant, who):
    payment = payments.request_payment(grant, by=anna, year=2026, amount=Decimal("1000.00"))
    client = verified_client(request.getfixturevalue(who))
    assert client.post(f"/foerderung/zahlungen/{payment.pk}/freigeben/").status_code == 404
    assert client.get(f"/foerderung/zahlungen/{payment.pk}/ablehnen/").status_code == 404
    assert (
        client.post(f"/foerderung/zahlungen/{payment.pk}/ablehnen/", {"reason": "x"}).status_code
        == 404
    )
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.REQUESTED


def test_the_officer_refuses_with_a_reason_the_ki_then_sees(
    verified_client, anna, kai, bernd, grant
):
    payment = payments.request_payment(grant, by=anna, year=2026, amount=Decimal("1000.00"))
    client = verified_client(bernd)
    empty = client.post(f"/foerderung/zahlungen/{payment.pk}/ablehnen/", {"reason": ""})
    assert empty.status_code == 200 and empty.context["form"].errors["reason"]
    response = client.post(
        f"/foerderung/zahlungen/{payment.pk}/ablehnen/", {"reason": "Nachweis 2025 fehlt."}
    )
    assert response.status_code == 302
    ledger = verified_client(kai).get(f"/foerderung/antraege/{grant.pk}/zahlungen/")
    assert "Nachweis 2025 fehlt." in ledger.content.decode()


def test_the_ledger_needs_the_same_queries_for_2_or_12_payments(
    verified_client, anna, grant, django_assert_num_queries
):
    client = verified_client(anna)
    url = f"/foerderung/antraege/{grant.pk}/zahlungen/"
    for _ in range(2):
        payments.request_payment(grant, by=anna, year=2026, amount=Decimal("100.00"))
    client.get(url)
    # session, user, otp device, application, decision in force, payments, session saved (3)
    with django_assert_num_queries(9):
        client.get(url)
    for _ in range(10):
        payments.request_payment(grant, by=anna, year=2026, amount=Decimal("100.00"))
    with django_assert_num_queries(9):
        client.get(url)
