"""What a user walkthrough of the proof of use and the repayments found, each fixed: the
officer's way to the repayment decisions (the checks awaiting one, a start-page task and card),
a submitted proof's statement and report shown read-only, German numbers in the statement form,
the KI told who takes the step after a partial revocation, the narrative report on the check
page, and the lists' breadcrumbs in their own section."""

from __future__ import annotations

import re
from unittest import mock

import pytest
from django.urls import reverse

from teilhabe.funding.tests.factories import pdf_bytes
from teilhabe.proofs import repayment_services as services
from teilhabe.proofs.repayment_start import awaiting_repayment, repayment_cards
from teilhabe.proofs.use_models import ProofOfUse

from . import use_factories as f
from .repayment_factories import revoked_check, verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def check(bielefeld, anna):  # type: ignore[no-untyped-def]
    return revoked_check(bielefeld, anna)


def _new_url(check) -> str:  # type: ignore[no-untyped-def]
    return reverse("proofs:repayment_new", args=[check.proof.decision_id]) + f"?check={check.pk}"


def _propose(check, bernd):  # type: ignore[no-untyped-def]
    from datetime import date

    return services.propose_repayment(
        check.proof.decision,
        by=bernd,
        check=check,
        ineffective_on=date(2025, 2, 10),
        reasons="Leitung unbesetzt.",
    )


def _trail(html: str) -> list[str]:
    nav = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S)
    assert nav is not None
    return re.findall(r'href="([^"]+)"', nav.group(0))


# 1. the officer reaches the repayments and the checks that wait for one ----------------------


def test_the_empty_repayment_list_leads_to_the_checks_awaiting_a_repayment(
    check, bernd, guel, verified_client, django_assert_max_num_queries
):
    client = verified_client(bernd)
    client.get(reverse("proofs:repayments"))
    with django_assert_max_num_queries(12):
        html = client.get(reverse("proofs:repayments")).content.decode()
    assert _new_url(check).replace("&", "&amp;") in html or _new_url(check) in html
    assert reverse("funding:decisions") in html
    # The approver sees the list, but proposes nothing.
    assert (
        "/rueckforderungen/neu/"
        not in verified_client(guel).get(reverse("proofs:repayments")).content.decode()
    )
    _propose(check, bernd)
    assert awaiting_repayment() == []
    assert _new_url(check) not in client.get(reverse("proofs:repayments")).content.decode()


def test_a_returned_repayment_puts_the_check_back_in_the_queue(check, bernd, guel):
    row = _propose(check, bernd)
    assert awaiting_repayment() == []
    services.return_repayment(row, by=verified(guel), reason="Tag prüfen.")
    assert awaiting_repayment() == [check]


def test_the_start_page_gives_the_officer_a_card(check, bernd, guel, verified_client):
    cards = repayment_cards(bernd)
    assert [c.url for c in cards] == [reverse("proofs:repayments")]
    assert "1" in cards[0].text  # one signed partial revocation awaits its repayment
    assert repayment_cards(guel) == [] and repayment_cards(None) == []
    page = verified_client(bernd).get(reverse("pages:start")).content.decode()
    assert f'href="{reverse("proofs:repayments")}"' in page


# 2. a submitted proof's statement and report are read-only -----------------------------------


def test_a_submitted_proofs_statement_and_report_show_no_form(carla, dortmund, verified_client):
    proof = f.submitted(dortmund, carla)
    client = verified_client(carla)
    for name in ("proofs:use_statement", "proofs:use_report"):
        response = client.get(reverse(name, args=[proof.pk]))
        html = response.content.decode()
        assert response.status_code == 200
        assert 'name="lock_version"' not in html and "kern-alert--info" in html
    report = client.get(reverse("proofs:use_report", args=[proof.pk])).content.decode()
    assert f.REPORT["report_education"] in report
    # A save posted from a page opened before the submission keeps what was typed.
    typed = f.report_form(proof) | {"report_education": "Noch ein Satz."}
    response = client.post(reverse("proofs:use_report", args=[proof.pk]), typed)
    assert response.status_code == 422 and "Noch ein Satz." in response.content.decode()


def test_a_draft_still_shows_its_forms(kai, bielefeld, verified_client):
    proof = f.draft(bielefeld, kai)
    for name in ("proofs:use_statement", "proofs:use_report"):
        html = verified_client(kai).get(reverse(name, args=[proof.pk])).content.decode()
        assert 'name="lock_version"' in html


# 3. German numbers in the statement form -----------------------------------------------------


def test_the_statement_form_writes_and_reads_german_numbers(kai, bielefeld, verified_client):
    proof = f.draft(bielefeld, kai)
    url = reverse("proofs:use_statement", args=[proof.pk])
    html = verified_client(kai).get(url).content.decode()
    assert 'value="1,00"' in html and 'value="68.000,00"' in html
    assert 'value="1.00"' not in html and "68000.00" not in html
    typed = f.statement_form(proof) | {
        "form-0-actual_fte": "0,75",
        "form-0-actual_cost": "51.000,00",
    }
    assert verified_client(kai).post(url, typed).status_code == 302
    head = ProofOfUse.objects.get(pk=proof.pk).positions.order_by("order").first()
    assert (str(head.actual_fte), str(head.actual_cost)) == ("0.75", "51000.00")


# 4. the KI sees who takes the step after the partial revocation ------------------------------


def test_the_ki_learns_the_repayment_is_prepared_and_later_sees_it(
    check, anna, bernd, guel, verified_client
):
    page = check.proof.get_absolute_url()
    assert 'id="repayment-pending"' in verified_client(anna).get(page).content.decode()
    row = _propose(check, bernd)
    assert 'id="repayment-pending"' in verified_client(anna).get(page).content.decode()
    assert 'id="repayment-pending"' not in verified_client(bernd).get(page).content.decode()
    with mock.patch.object(services, "render_repayment_pdf", return_value=pdf_bytes()):
        services.sign_repayment(row, by=verified(guel))
    html = verified_client(anna).get(page).content.decode()
    assert row.get_absolute_url() in html and 'id="repayment-pending"' not in html


# 5. the check page shows the narrative report ------------------------------------------------


def test_the_check_page_shows_the_kis_narrative_report(anna, bernd, bielefeld, verified_client):
    check = f.in_check(bielefeld, anna, bernd)
    html = verified_client(bernd).get(reverse("proofs:use_check", args=[check.proof_id])).content
    text = html.decode()
    assert f.REPORT["report_education"] in text and f.REPORT["report_cross_cutting"] in text
    assert "Auflage 1" in text and "Erfüllt." in text


# 6. breadcrumbs -------------------------------------------------------------------------------


def test_the_lists_sit_in_their_own_section(check, anna, bernd, verified_client):
    decisions = reverse("funding:decisions")
    uses = _trail(verified_client(anna).get(reverse("proofs:uses")).content.decode())
    assert uses == [reverse("pages:start")]
    repayments = _trail(verified_client(bernd).get(reverse("proofs:repayments")).content.decode())
    assert repayments == [reverse("pages:start"), reverse("proofs:uses")]
    assert decisions not in uses + repayments
