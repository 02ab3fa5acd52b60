"""The repayment pages: create from a decision, the page with its interest segments, sign,
record a receipt; the KI sees its own once signed, nobody else's; the list's queries pinned."""

from __future__ import annotations

from datetime import date
from unittest import mock

import pytest
import time_machine
from django.urls import reverse

from teilhabe.funding.tests.factories import pdf_bytes
from teilhabe.proofs import repayment_services as services
from teilhabe.proofs.repayment_models import Repayment, RepaymentStatus

from .repayment_factories import paid_decision, proposed, verified

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():  # type: ignore[no-untyped-def]
    with time_machine.travel(date(2025, 8, 25), tick=False):
        yield


@pytest.fixture
def decision(bielefeld, bernd, guel):  # type: ignore[no-untyped-def]
    return paid_decision(bielefeld, bernd, guel, on=date(2025, 2, 10))


def _sign(row: Repayment, guel) -> Repayment:  # type: ignore[no-untyped-def]
    with mock.patch.object(services, "render_repayment_pdf", return_value=pdf_bytes()):
        return services.sign_repayment(row, by=verified(guel))


def test_the_officer_proposes_from_the_decision_page(decision, bernd, verified_client):
    client = verified_client(bernd)
    page = client.get(reverse("funding:decision", args=[decision.pk])).content.decode()
    url = reverse("proofs:repayment_new", args=[decision.pk])
    assert url in page
    form = client.get(url).content.decode()
    assert 'value="2025-02-10"' in form  # the default: the day of the year's last payment
    response = client.post(
        url,
        {
            "fiscal_year": "2025",
            "eligible": "157.500,00",
            "ineffective_on": "15.03.2025",
            "due_days": "30",
            "reasons": "Stelle unbesetzt.",
        },
    )
    row = Repayment.objects.get()
    assert response.status_code == 302 and response["Location"] == row.get_absolute_url()
    assert row.principal == 12500


def test_an_error_keeps_what_was_typed(decision, bernd, verified_client):
    response = verified_client(bernd).post(
        reverse("proofs:repayment_new", args=[decision.pk]),
        {
            "fiscal_year": "2025",
            "eligible": "170.000,00",
            "ineffective_on": "15.03.2025",
            "due_days": "30",
            "reasons": "Meine Begründung",
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Meine Begründung" in html and "170.000,00" in html
    assert not Repayment.objects.exists()


def test_the_page_shows_the_segments_across_the_july_change(decision, bernd, guel, verified_client):
    row = _sign(proposed(decision, bernd), guel)
    services.record_repayment_receipt(row, by=bernd, received_on=date(2025, 8, 20), amount="12500")
    html = verified_client(bernd).get(row.get_absolute_url()).content.decode()
    assert "16.03.2025" in html and "30.06.2025" in html and "01.07.2025" in html
    assert "5,27" in html and "4,27" in html
    assert "267,69" in html  # booked with the receipt of 20.08.
    assert "partly settled" in html or "teilweise beglichen" in html


def test_the_ki_sees_its_repayment_only_once_signed(
    decision, bernd, guel, anna, carla, verified_client
):
    row = proposed(decision, bernd)
    url = row.get_absolute_url()
    assert verified_client(anna).get(url).status_code == 404
    _sign(row, guel)
    assert verified_client(anna).get(url).status_code == 200
    assert verified_client(carla).get(url).status_code == 404


def test_the_approver_signs_on_the_page_and_the_proposer_cannot(
    decision, bernd, guel, verified_client, django_capture_on_commit_callbacks
):
    row = proposed(decision, bernd)
    url = reverse("proofs:repayment_sign", args=[row.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = verified_client(guel).post(url, {"action": "sign"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == RepaymentStatus.SIGNED
    pdf = verified_client(guel).get(reverse("proofs:repayment_pdf", args=[row.pk]))
    assert pdf["Content-Type"] == "application/pdf"


def test_a_receipt_over_what_is_owed_is_refused_on_the_page(decision, bernd, guel, verified_client):
    row = _sign(proposed(decision, bernd), guel)
    response = verified_client(bernd).post(
        reverse("proofs:repayment_receipt", args=[row.pk]),
        {"received_on": "20.08.2025", "amount": "20.000,00", "note": "zu viel"},
    )
    assert response.status_code == 422
    assert "zu viel" in response.content.decode()


def test_the_list_needs_a_fixed_number_of_queries(
    decision, bielefeld, dortmund, bernd, guel, verified_client, django_assert_max_num_queries
):
    _sign(proposed(decision, bernd), guel)
    other = paid_decision(dortmund, bernd, guel, on=date(2025, 2, 10))
    proposed(other, bernd)
    client = verified_client(bernd)
    with django_assert_max_num_queries(12):
        html = client.get(reverse("proofs:repayments")).content.decode()
    assert "36.05711-2025/R1" in html and "36.05913-2025/R1" in html


def test_start_tasks_name_what_to_sign_and_what_is_overdue(decision, bernd, guel):
    from teilhabe.proofs.repayment_start import repayment_todos

    row = proposed(decision, bernd)
    assert [t.title for t in repayment_todos(guel)] == [
        "Rückforderungsbescheid 36.05711-2025/R1 zeichnen"
    ]
    _sign(row, guel)
    assert repayment_todos(bernd) == []
    with time_machine.travel(date(2025, 10, 1), tick=False):
        assert [t.overdue for t in repayment_todos(bernd)] == [True]


def test_the_decision_page_lists_the_repayment_and_offers_a_new_one_to_the_officer_only(
    decision, bernd, guel, anna, verified_client
):
    url = reverse("funding:decision", args=[decision.pk])
    new = reverse("proofs:repayment_new", args=[decision.pk]) + "?year=2025"
    assert new in verified_client(bernd).get(url).content.decode()
    assert new not in verified_client(anna).get(url).content.decode()
    row = _sign(proposed(decision, bernd), guel)
    ki = verified_client(anna).get(url).content.decode()
    assert row.number in ki and row.get_absolute_url() in ki
    officer = verified_client(bernd).get(url).content.decode()
    assert row.get_absolute_url() in officer
    assert new not in officer  # one live repayment per decision and year
