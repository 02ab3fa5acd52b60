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
    assert client.get(f"/foerderung/zahlungen/{payment.pk}/freigeben/").status_code == 200
    response = client.post(f"/foerderung/zahlungen/{payment.pk}/freigeben/", {"confirm": "1"})
    assert response.status_code == 302
    assert response["Location"] == f"/foerderung/antraege/{grant.pk}/zahlungen/"
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.RELEASED
    again = client.post(
        f"/foerderung/zahlungen/{payment.pk}/freigeben/", {"confirm": "1"}, follow=True
    )
    assert [m.level_tag for m in again.context["messages"]] == ["success", "info"]
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
    # session, user, otp device, application, decision in force, payments, the unread
    # notifications (navigation), session saved (3)
    with django_assert_num_queries(10):
        client.get(url)
    for _ in range(10):
        payments.request_payment(grant, by=anna, year=2026, amount=Decimal("100.00"))
    with django_assert_num_queries(10):
        client.get(url)


# --- issue 16: every step reachable -----------------------------------------------------------

QUEUE = "/foerderung/zahlungen/"


def _release_url(payment: Payment) -> str:
    return f"/foerderung/zahlungen/{payment.pk}/freigeben/"


def test_the_release_asks_first_with_amount_year_and_grantee(verified_client, anna, bernd, grant):
    payment = payments.request_payment(grant, by=anna, year=2026, amount=Decimal("84150.00"))
    page = verified_client(bernd).get(_release_url(payment), HTTP_ACCEPT_LANGUAGE="de")
    html = page.content.decode()
    grantee = grant.centre.grantee.name
    assert f"84.150,00 EUR für 2026 an {grantee} freigeben?" in html
    assert 'name="confirm" value="1"' in html
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.REQUESTED  # looking writes nothing


@pytest.mark.parametrize("data", [{}, {"confirm": "0"}, {"confirm": "yes"}])
def test_a_release_without_confirmation_writes_nothing(
    verified_client, anna, bernd, grant, data, mailoutbox
):
    from teilhabe.core.models import AuditEvent

    payment = payments.request_payment(grant, by=anna, year=2026, amount=Decimal("1000.00"))
    client = verified_client(bernd)
    events, mails = AuditEvent.objects.count(), len(mailoutbox)
    page = client.post(_release_url(payment), data)
    assert page.status_code == 200  # the question again, nothing released
    assert "1.000,00" in page.content.decode()
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.REQUESTED
    assert BudgetLine.objects.get().paid == 0
    assert (AuditEvent.objects.count(), len(mailoutbox)) == (events, mails)


def test_a_release_that_exceeds_the_grant_in_force_is_still_refused_after_confirming(
    verified_client, anna, bernd, guel, grant
):
    payment = payments.request_payment(grant, by=anna, year=2026, amount=Decimal("100000.00"))
    budget_helpers.amend(
        grant, grant.decisions.get(), officer=bernd, approver=guel, amounts={"2026": "50000.00"}
    )
    response = verified_client(bernd).post(
        _release_url(payment), {"confirm": "1", "back": "queue"}, follow=True
    )
    assert response.redirect_chain[-1][0] == QUEUE
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.REQUESTED


def test_the_queue_lists_every_open_request_oldest_first_and_links_each_decision(
    verified_client, anna, carla, bernd, guel, grant, dortmund
):
    first = payments.request_payment(grant, by=anna, year=2026, amount=Decimal("1000.00"))
    other, _ = budget_helpers.granted(dortmund, officer=bernd, approver=guel)
    second = payments.request_payment(other, by=carla, year=2026, amount=Decimal("2000.00"))
    done = payments.request_payment(grant, by=anna, year=2026, amount=Decimal("3000.00"))
    payments.refuse_payment(done, by=bernd, reason="doppelt")
    page = verified_client(bernd).get(QUEUE)
    assert [p.pk for p in page.context["payments"]] == [first.pk, second.pk]
    html = page.content.decode()
    assert html.index(_release_url(first)) < html.index(_release_url(second))
    assert _release_url(done) not in html
    assert f"{_release_url(first)}?back=queue" in html
    assert f"/foerderung/zahlungen/{first.pk}/ablehnen/?back=queue" in html
    assert first.decision.get_absolute_url() in html
    assert verified_client(bernd).get(QUEUE + "?year=2027").context["payments"] == []
    assert len(verified_client(bernd).get(QUEUE + "?year=x").context["payments"]) == 2


def test_releasing_and_refusing_from_the_queue_return_to_it(verified_client, anna, bernd, grant):
    one = payments.request_payment(grant, by=anna, year=2026, amount=Decimal("1000.00"))
    two = payments.request_payment(grant, by=anna, year=2026, amount=Decimal("1000.00"))
    client = verified_client(bernd)
    confirm = client.get(_release_url(one) + "?back=queue").content.decode()
    assert 'name="back" value="queue"' in confirm
    released = client.post(_release_url(one), {"confirm": "1", "back": "queue"})
    assert released["Location"] == QUEUE
    refused = client.post(
        f"/foerderung/zahlungen/{two.pk}/ablehnen/", {"reason": "Nachweis fehlt.", "back": "queue"}
    )
    assert refused["Location"] == QUEUE
    elsewhere = client.post(_release_url(one), {"confirm": "1", "back": "https://evil.example"})
    assert elsewhere["Location"] == f"/foerderung/antraege/{grant.pk}/zahlungen/"


def test_the_queue_needs_the_same_queries_for_1_or_8_requests(
    verified_client, anna, bernd, grant, bielefeld, guel, django_assert_num_queries
):
    client = verified_client(bernd)
    payments.request_payment(grant, by=anna, year=2026, amount=Decimal("100.00"))
    client.get(QUEUE)
    # session, user, otp device, the payments with KI, decision and requester, the unread
    # notifications (navigation), session saved
    with django_assert_num_queries(8):
        assert len(client.get(QUEUE).context["payments"]) == 1
    for _ in range(7):
        payments.request_payment(grant, by=anna, year=2026, amount=Decimal("100.00"))
    with django_assert_num_queries(8):
        assert len(client.get(QUEUE).context["payments"]) == 8


def test_the_lead_requests_from_the_application_and_the_decision_staff_see_the_ledger(
    verified_client, anna, kai, bernd, grant
):
    request_url = f"/foerderung/antraege/{grant.pk}/zahlungen/neu/"
    ledger_url = f"/foerderung/antraege/{grant.pk}/zahlungen/"
    decision = grant.decisions.get()
    for url in (grant.get_absolute_url(), decision.get_absolute_url()):
        lead = verified_client(anna).get(url).content.decode()
        assert request_url in lead and ledger_url in lead, url
        for who in (kai, bernd):
            html = verified_client(who).get(url).content.decode()
            assert request_url not in html and ledger_url in html, (url, who)
    payments.request_payment(grant, by=anna, year=2026, amount=Decimal("170000.00"))
    assert request_url not in verified_client(anna).get(grant.get_absolute_url()).content.decode()


def test_an_unapproved_application_offers_no_payment_links(verified_client, anna, bielefeld):
    draft = factories.application(bielefeld, year=2031)
    html = verified_client(anna).get(draft.get_absolute_url()).content.decode()
    assert f"/foerderung/antraege/{draft.pk}/zahlungen/" not in html


def test_a_decision_no_longer_in_force_offers_no_request(verified_client, anna, bernd, guel, grant):
    old = grant.decisions.get()
    new = budget_helpers.amend(
        grant, old, officer=bernd, approver=guel, amounts={"2026": "150000.00"}
    )
    request_url = f"/foerderung/antraege/{grant.pk}/zahlungen/neu/"
    assert request_url not in verified_client(anna).get(old.get_absolute_url()).content.decode()
    assert request_url in verified_client(anna).get(new.get_absolute_url()).content.decode()


def test_the_officers_start_card_and_mail_lead_to_the_queue(
    anna, bernd, grant, mailoutbox, django_capture_on_commit_callbacks
):
    from django.utils import translation

    from teilhabe.funding.start import funding_steps

    with translation.override("en"):
        card = {s.title: s for s in funding_steps(bernd)}["Payment requests"]
    assert card.url == QUEUE and card.text == "No payment request waits for release."
    with django_capture_on_commit_callbacks(execute=True):
        payments.request_payment(grant, by=anna, year=2026, amount=Decimal("100.00"))
    with translation.override("de"):
        card = {s.title: s for s in funding_steps(bernd)}["Mittelabrufe"]
    assert card.url == QUEUE and "1 Mittelabruf wartet auf Freigabe" in card.text
    (mail,) = [m for m in mailoutbox if bernd.email in m.to]
    assert "/foerderung/zahlungen/\n" in mail.body


def test_the_budget_line_leads_the_officer_to_the_years_requests(
    verified_client, anna, bernd, mia, grant
):
    payments.request_payment(grant, by=anna, year=2026, amount=Decimal("100.00"))
    line = BudgetLine.objects.get()
    url = f"/foerderung/haushalt/{line.pk}/"
    assert f"{QUEUE}?year=2026" in verified_client(bernd).get(url).content.decode()
    assert QUEUE not in verified_client(mia).get(url).content.decode()
