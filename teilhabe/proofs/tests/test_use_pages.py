"""The proof of use's pages: the KI's list with what is due, the officer's queue (query count),
the statement form keeping what was typed on a stale save, the journey to the check note."""

from __future__ import annotations

import pytest
from django.urls import reverse

from teilhabe.proofs.use_models import ProofOfUse, ProofStatus

from . import use_factories as f

pytestmark = pytest.mark.django_db


def test_the_ki_sees_its_due_year_and_starts_it(
    anna, carla, bielefeld, dortmund, verified_client
) -> None:
    decision = f.granted(bielefeld)
    f.granted(dortmund)
    page = verified_client(anna).get(reverse("proofs:uses"))
    assert decision.number in page.text
    assert "30.06.2026" in page.text
    start = reverse("proofs:use_start", args=[decision.pk, 2025])
    assert verified_client(carla).post(start).status_code == 404
    response = verified_client(anna).post(start)
    proof = ProofOfUse.objects.get(application=decision.application)
    assert response["Location"] == reverse("proofs:use_statement", args=[proof.pk])
    assert verified_client(carla).get(proof.get_absolute_url()).status_code == 404


def test_the_officer_queue_needs_few_queries(
    anna, carla, bernd, bielefeld, dortmund, verified_client, django_assert_max_num_queries
) -> None:
    f.submitted(bielefeld, anna)
    client = verified_client(bernd)
    client.get(reverse("proofs:uses"))
    with django_assert_max_num_queries(12):
        first = client.get(reverse("proofs:uses"))
    f.submitted(dortmund, carla)
    with django_assert_max_num_queries(12):
        second = client.get(reverse("proofs:uses"))
    assert "Bielefeld" in first.text and "Dortmund" in second.text


def test_a_stale_statement_keeps_what_was_typed(kai, anna, bielefeld, verified_client) -> None:
    proof = f.draft(bielefeld, kai)
    url = reverse("proofs:use_statement", args=[proof.pk])
    typed = f.statement_form(proof)
    assert verified_client(anna).post(url, typed).status_code == 302
    typed["form-1-actual_cost"] = "61234,56"
    response = verified_client(kai).post(url, typed)
    assert response.status_code == 422
    assert 'value="61234,56"' in response.text
    assert "stale" not in response.text  # the message is in words
    assert ProofOfUse.objects.get(pk=proof.pk).lock_version == 2


def test_out_of_range_input_is_shown_at_its_field(kai, bielefeld, verified_client) -> None:
    proof = f.draft(bielefeld, kai)
    typed = f.statement_form(proof) | {"form-0-months_filled": "13", "form-0-actual_fte": "1,5"}
    response = verified_client(kai).post(reverse("proofs:use_statement", args=[proof.pk]), typed)
    assert response.status_code == 422
    assert 'id="form-errors"' in response.text and 'value="1,5"' in response.text


def test_the_journey_to_the_check_note(
    kai, anna, bernd, bielefeld, verified_client, django_capture_on_commit_callbacks
) -> None:
    proof = f.reported(bielefeld, kai)
    assert (
        verified_client(anna)
        .post(reverse("proofs:use_submit", args=[proof.pk]), {"signed": "on"})
        .status_code
        == 302
    )
    officer = verified_client(bernd)
    check_url = reverse("proofs:use_check", args=[proof.pk])
    officer.post(check_url, {"action": "start"})
    officer.post(
        check_url,
        {
            "action": "receipt",
            "day": "2025-03-04",
            "payee": "Honorar Sprachmittlung",
            "amount": "120,00",
            "category": "Pool",
        },
    )
    officer.post(check_url, {"action": "sample"})
    proof.refresh_from_db()
    receipt = ProofOfUse.objects.get(pk=proof.pk).proof_check.receipts.get()
    officer.post(
        check_url,
        {
            "action": "finding",
            "receipt": receipt.pk,
            "verdict": "ok",
            "ineligible_amount": "",
            "note": "",
        },
    )
    check = ProofOfUse.objects.get(pk=proof.pk).proof_check
    with django_capture_on_commit_callbacks(execute=True):
        done = officer.post(
            check_url, {"action": "conclude", "lock_version": check.lock_version, "reasons": ""}
        )
    assert done.status_code == 302
    assert ProofOfUse.objects.get(pk=proof.pk).status == ProofStatus.CHECKED
    note = verified_client(anna).get(reverse("proofs:use_note", args=[proof.pk]))
    assert note["Content-Type"] == "application/pdf"
    assert b"".join(note.streaming_content).startswith(b"%PDF")
