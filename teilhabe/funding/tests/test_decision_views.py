"""The authority's pages and the decisions API through their URLs: scoping, checksum on
download, the proposal form, the inbox, query counts."""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse

from teilhabe.funding.models import ApplicationStatus, Condition, Decision, Proposal
from teilhabe.funding.tests import factories
from teilhabe.funding.tests.review_steps import in_days, in_review, proposed

pytestmark = pytest.mark.django_db


@pytest.fixture
def decision(bielefeld, bernd, guel) -> Decision:
    row = factories.decision(
        factories.application(bielefeld, year=2026), proposed_by=bernd, signed_by=guel
    )
    Condition.objects.create(decision=row, text="Themen benennen.", due_date=in_days(30))
    return row


def test_it_sends_the_stored_pdf_when_its_checksum_matches(decision, kai, verified_client) -> None:
    response = verified_client(kai).get(reverse("funding:decision_pdf", args=[decision.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    with decision.pdf.open("rb") as f:
        assert b"".join(response.streaming_content) == f.read()


def test_it_refuses_a_pdf_that_was_changed_on_disk(decision, kai, verified_client, caplog) -> None:
    with open(decision.pdf.path, "ab") as f:
        f.write(b"%tampered")
    with caplog.at_level(logging.ERROR):
        response = verified_client(kai).get(reverse("funding:decision_pdf", args=[decision.pk]))
    assert response.status_code == 500
    assert "does not match its checksum" in caplog.text


def test_another_ki_sees_neither_decision_nor_pdf(decision, carla, verified_client) -> None:
    client = verified_client(carla)
    for name in ("funding:decision", "funding:decision_pdf"):
        assert client.get(reverse(name, args=[decision.pk])).status_code == 404


def test_the_decision_page_shows_checksum_and_conditions(decision, anna, verified_client) -> None:
    body = verified_client(anna).get(reverse("funding:decision", args=[decision.pk])).content
    assert decision.pdf_sha256.encode() in body
    assert b"Themen benennen." in body


def test_the_officer_proposes_through_the_form_with_conditions(
    bielefeld, bernd, verified_client
) -> None:
    application = in_review(bielefeld, bernd)
    client = verified_client(bernd)
    url = reverse("funding:proposal", args=[application.pk])
    page = client.get(url)
    assert 'name="conditions-0-text"' in page.content.decode()
    data = {
        "kind": "approve_partial",
        "amount_2026": "100000,00",
        "reasons": "",
        "conditions-TOTAL_FORMS": "1",
        "conditions-INITIAL_FORMS": "0",
        "conditions-0-text": "Bericht vorlegen.",
        "conditions-0-due_date": in_days(40).isoformat(),
    }
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "Bericht vorlegen." in refused.content.decode()  # nothing typed is lost
    assert not Proposal.objects.exists()
    done = client.post(url, {**data, "reasons": "Assistenz unbesetzt."})
    assert done.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.amounts_plain == {"2026": "100000.00"}
    assert proposal.conditions.get().text == "Bericht vorlegen."


def test_the_review_page_starts_the_review(bielefeld, bernd, verified_client) -> None:
    application = factories.application(bielefeld, status=ApplicationStatus.SUBMITTED)
    url = reverse("funding:review", args=[application.pk])
    response = verified_client(bernd).post(url, {"action": "start"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_REVIEW


def test_the_inbox_lists_pending_proposals_in_constant_queries(
    bielefeld, dortmund, bernd, guel, verified_client, django_assert_num_queries
) -> None:
    proposed(bielefeld, bernd)
    proposed(dortmund, bernd)
    client = verified_client(guel)
    url = reverse("funding:signatures")
    client.get(url)
    with django_assert_num_queries(8):  # … and the unread notifications of the navigation
        body = client.get(url).content.decode()
    assert "Bielefeld" in body and "Dortmund" in body


def test_the_api_lists_and_shows_decisions_in_scope(
    decision, dortmund, bernd, guel, kai, carla, verified_client, django_assert_num_queries
) -> None:
    factories.decision(
        factories.application(dortmund, year=2026), proposed_by=bernd, signed_by=guel
    )
    client = verified_client(kai)
    client.get("/api/v1/funding/decisions")
    with django_assert_num_queries(8):  # session, user, device; count, page; session save (3)
        listing = client.get("/api/v1/funding/decisions").json()
    assert listing["count"] == 1
    assert listing["items"][0]["number"] == decision.number
    assert verified_client(bernd).get("/api/v1/funding/decisions").json()["count"] == 2
    # The same with the decision, its conditions and its amounts (rows: one query more).
    with django_assert_num_queries(9):
        detail = client.get(f"/api/v1/funding/decisions/{decision.pk}").json()
    assert detail["amounts"] == {"2026": "170000.00"}
    assert detail["sha256"] == decision.pdf_sha256
    assert detail["pdf_url"] == reverse("funding:decision_pdf", args=[decision.pk])
    assert detail["conditions"][0]["status"] == "open"
    missing = verified_client(carla).get(f"/api/v1/funding/decisions/{decision.pk}")
    assert missing.status_code == 404
    assert missing.json()["errors"][0]["code"] == "not_found"
    assert verified_client(bernd).get("/api/v1/funding/decisions?year=2025").json()["count"] == 0


def test_the_application_page_shows_the_review_panel(decision, bernd, kai, verified_client) -> None:
    url = reverse("funding:application", args=[decision.application_id])
    for user in (bernd, kai):
        body = verified_client(user).get(url).content.decode()
        assert 'id="review-heading"' in body
        assert reverse("funding:decision", args=[decision.pk]) in body
        assert "Themen benennen." in body
    assert (
        reverse("funding:amendment", args=[decision.pk])
        in verified_client(bernd).get(url).content.decode()
    )


def test_add_a_condition_row_keeps_what_was_typed_and_saves_nothing(
    bielefeld, bernd, verified_client
) -> None:
    application = in_review(bielefeld, bernd)
    url = reverse("funding:proposal", args=[application.pk])
    response = verified_client(bernd).post(
        url,
        {
            "kind": "approve_partial",
            "reasons": "Pool gekürzt.",
            "conditions-TOTAL_FORMS": "1",
            "conditions-INITIAL_FORMS": "0",
            "conditions-0-text": "Schwerpunktthemen benennen.",
            "conditions-0-due_date": in_days(30).isoformat(),
            "add_condition": "1",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Schwerpunktthemen benennen." in page and "Pool gekürzt." in page
    assert 'name="conditions-1-text"' in page and 'name="conditions-2-text"' not in page
    assert 'class="kern-error"' not in page  # not validated yet
    assert not Proposal.objects.filter(application=application).exists()
