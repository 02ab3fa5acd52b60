"""The pages that join the check of the proof of use to the repayment: the use page leads the
officer to propose one (and everyone allowed to it), the repayment form takes `?check=` with the
check's year, amount and reasons, the repayment page names the check note, and the decision
page's panel lists each year's proof of use and repayments."""

from __future__ import annotations

from datetime import date
from unittest import mock

import pytest
import time_machine
from django.urls import reverse

from teilhabe.funding.models import DecisionKind
from teilhabe.funding.tests.factories import pdf_bytes
from teilhabe.proofs import repayment_services as services
from teilhabe.proofs.repayment_models import Repayment

from . import use_factories
from .repayment_factories import revoked_check, verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def check(bielefeld, anna):  # type: ignore[no-untyped-def]
    return revoked_check(bielefeld, anna)


def _new_url(check) -> str:  # type: ignore[no-untyped-def]
    return reverse("proofs:repayment_new", args=[check.proof.decision_id]) + f"?check={check.pk}"


def _form() -> dict[str, str]:
    return {"ineffective_on": "10.02.2025", "due_days": "30", "reasons": "Leitung unbesetzt."}


def _propose(check, bernd) -> Repayment:  # type: ignore[no-untyped-def]
    return services.propose_repayment(
        check.proof.decision,
        by=bernd,
        check=check,
        ineffective_on=date(2025, 2, 10),
        reasons="Leitung unbesetzt.",
    )


def _sign(row: Repayment, guel) -> Repayment:  # type: ignore[no-untyped-def]
    with mock.patch.object(services, "render_repayment_pdf", return_value=pdf_bytes()):
        return services.sign_repayment(row, by=verified(guel))


def test_the_use_page_offers_the_officer_the_repayment_from_the_check(
    check, bernd, guel, mia, anna, verified_client
):
    page = check.proof.get_absolute_url()
    assert _new_url(check) in verified_client(bernd).get(page).content.decode()
    for who in (guel, mia, anna):
        assert "/rueckforderungen/neu/" not in verified_client(who).get(page).content.decode()


def test_once_proposed_the_use_page_shows_the_repayment_to_the_authority_and_later_the_ki(
    check, bernd, guel, mia, anna, verified_client
):
    row = _propose(check, bernd)
    page = check.proof.get_absolute_url()
    officer = verified_client(bernd).get(page).content.decode()
    assert row.get_absolute_url() in officer and _new_url(check) not in officer
    for who in (guel, mia):
        assert row.get_absolute_url() in verified_client(who).get(page).content.decode()
    assert row.get_absolute_url() not in verified_client(anna).get(page).content.decode()
    _sign(row, guel)
    assert row.get_absolute_url() in verified_client(anna).get(page).content.decode()


def test_the_form_takes_the_checks_amount_read_only_and_its_reasons(check, bernd, verified_client):
    html = verified_client(bernd).get(_new_url(check)).content.decode()
    assert "174.250,00" in html and "disabled" in html
    assert "Leitung ab Oktober unbesetzt." in html  # the check's reasons, to edit
    assert check.note_number in html
    # What a tampered form posts for the year and the amount is not what counts.
    response = verified_client(bernd).post(
        _new_url(check), {**_form(), "fiscal_year": "2026", "eligible": "1,00"}
    )
    row = Repayment.objects.get()
    assert response.status_code == 302 and response["Location"] == row.get_absolute_url()
    assert (row.proof_check, row.fiscal_year, str(row.eligible)) == (check, 2025, "174250.00")


def test_a_check_that_cannot_be_repaid_is_explained_and_nothing_is_proposed(
    bielefeld, bernd, verified_client
):
    pending = use_factories.proposed(bielefeld)  # awaiting the second signature
    client = verified_client(bernd)
    html = client.get(_new_url(pending)).content.decode()
    assert "zweiten Zeichnung" in html or "second signature" in html
    assert client.post(_new_url(pending), _form()).status_code == 422
    assert not Repayment.objects.exists()


def test_a_check_nobody_may_see_or_a_bad_number_is_404(check, bernd, verified_client):
    base = reverse("proofs:repayment_new", args=[check.proof.decision_id])
    client = verified_client(bernd)
    assert client.get(base + "?check=999999").status_code == 404
    assert client.get(base + "?check=abc").status_code == 404


def test_the_repayment_page_names_the_check_note(check, bernd, guel, anna, verified_client):
    row = _sign(_propose(check, bernd), guel)
    for who in (bernd, anna):
        html = verified_client(who).get(row.get_absolute_url()).content.decode()
        assert check.note_number in html and check.proof.get_absolute_url() in html


def test_the_page_says_the_interest_runs_on_after_the_table_ends(
    check, bernd, guel, verified_client
):
    row = _sign(_propose(check, bernd), guel)
    with time_machine.travel(date(2026, 12, 1), tick=False):
        client = verified_client(bernd)
        html = client.get(row.get_absolute_url()).content.decode()
        receipt = client.get(reverse("proofs:repayment_receipt", args=[row.pk]))
        refused = client.post(
            reverse("proofs:repayment_receipt", args=[row.pk]),
            {"received_on": "01.12.2026", "amount": "14.250,00", "note": "Überweisung"},
        )
    assert refused.status_code == 422 and "Überweisung" in refused.content.decode()
    assert not row.receivable.receipts.exists()  # no_base_rate: nothing booked
    assert "30.06.2026" in html
    assert "Basiszinssatz" in html or "base rate" in html
    assert "30.06.2026" in receipt.content.decode()
    with time_machine.travel(date(2026, 5, 1), tick=False):
        html = verified_client(bernd).get(row.get_absolute_url()).content.decode()
    assert "kern-alert--info" not in html  # within the table: nothing to explain


# --- the decision page's panel -------------------------------------------------------------


def test_the_decision_page_lists_each_years_proof_and_repayment(
    check, bernd, guel, verified_client
):
    row = _sign(_propose(check, bernd), guel)
    decision = check.proof.decision
    html = verified_client(bernd).get(decision.get_absolute_url()).content.decode()
    assert check.proof.get_absolute_url() in html and row.get_absolute_url() in html
    assert "/rueckforderungen/neu/" not in html  # a live repayment: nothing more to propose


def test_the_officer_proposes_from_the_check_on_the_decision_page(check, bernd, verified_client):
    html = verified_client(bernd).get(check.proof.decision.get_absolute_url()).content.decode()
    assert _new_url(check) in html


def test_a_returned_repayment_makes_room_for_the_next_on_the_decision_page(
    check, bernd, guel, verified_client
):
    row = _propose(check, bernd)
    services.return_repayment(row, by=verified(guel), reason="Tag prüfen.")
    html = verified_client(bernd).get(check.proof.decision.get_absolute_url()).content.decode()
    assert row.get_absolute_url() in html and _new_url(check) in html


def test_the_ki_starts_a_proof_of_use_from_the_decision_page_where_allowed(
    bielefeld, anna, kai, bernd, verified_client
):
    decision = use_factories.granted(bielefeld)  # 2025, ended; no proof yet
    start = reverse("proofs:use_start", args=[decision.pk, 2025])
    for who in (anna, kai):
        assert start in verified_client(who).get(decision.get_absolute_url()).content.decode()
    officer = verified_client(bernd).get(decision.get_absolute_url()).content.decode()
    assert start not in officer and "2025" in officer
    with time_machine.travel(date(2025, 6, 1), tick=False):  # the year has not ended
        assert start not in verified_client(anna).get(decision.get_absolute_url()).content.decode()


def test_an_outdated_decision_offers_no_start(bielefeld, anna, verified_client):
    from teilhabe.funding.tests import factories

    decision = use_factories.granted(bielefeld)
    officer, approver = use_factories.authority()
    factories.decision(
        decision.application,
        proposed_by=officer,
        signed_by=approver,
        amounts={"2025": str(decision.amount_for(2025))},
    )
    start = reverse("proofs:use_start", args=[decision.pk, 2025])
    assert start not in verified_client(anna).get(decision.get_absolute_url()).content.decode()


def test_the_panel_is_not_for_the_coordination_office_nor_on_a_rejection(check, lars):
    from teilhabe.proofs.decision_panel import decision_panel

    decision = check.proof.decision
    assert decision_panel(lars, decision) is None
    decision.kind = DecisionKind.REJECTION
    assert decision_panel(use_factories.authority()[0], decision) is None


def test_the_decision_page_needs_a_fixed_number_of_queries(
    bielefeld, anna, bernd, guel, verified_client, django_assert_max_num_queries
):
    """The panel adds two queries (proofs, repayments) and a third for the KI (the decision in
    force), however many years and repayments: measured once small, once with more."""
    check = revoked_check(bielefeld, anna)
    decision = check.proof.decision
    url = decision.get_absolute_url()
    counts = {}
    for who in (bernd, anna):
        client = verified_client(who)
        client.get(url)
        with django_assert_max_num_queries(40) as small:
            client.get(url)
        counts[who.username] = len(small.captured_queries)
    first = _propose(check, bernd)
    services.return_repayment(first, by=verified(guel), reason="Tag prüfen.")
    _sign(_propose(check, bernd), guel)
    assert Repayment.objects.filter(decision=decision).count() == 2
    for who in (bernd, anna):
        client = verified_client(who)
        with django_assert_max_num_queries(counts[who.username]):
            client.get(url)


def test_the_budget_line_shows_the_receivable_once_and_not_in_its_title(
    check, bernd, guel, mia, verified_client
):
    row = _sign(_propose(check, bernd), guel)
    assert row.receivable is not None
    url = reverse("funding:budget_line", args=[row.receivable.budget_line_id])
    html = verified_client(mia).get(url).content.decode()
    title = html[html.index("<title>") : html.index("</title>")]
    assert "<table" not in title and html.count('id="receivables"') == 1
    assert row.number in html
