"""What the approver sees before signing: the checklist with each item's state, the officer's
notes and the budget still available on the line the grant would be charged to, per year; the
sign button says it is working."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from teilhabe.funding.models import ProposalKind
from teilhabe.funding.services import budget, review
from teilhabe.funding.tests import factories
from teilhabe.funding.tests.review_steps import COMPUTED_2026, in_days, in_review

pytestmark = pytest.mark.django_db

EXPLAINED = "Seite 2 des Ratsbeschlusses fehlt; per E-Mail nachgefordert."


def _proposed(centre, officer, **proposal):  # type: ignore[no-untyped-def]
    """A proposal whose checklist has every item ticked but one, which is explained."""
    application = in_review(centre, officer, ticked=False)
    codes = review.checklist_codes(application)
    application = review.save_review(
        application,
        by=officer,
        checklist={code: code != "documents_complete" for code in codes},
        notes="Stellenplan und Kosten geprüft.",
        explanations={"documents_complete": EXPLAINED},
    )
    return review.propose(
        application, by=officer, **{"kind": ProposalKind.APPROVE_FULL, **proposal}
    )


def _section(page: str, marker: str) -> str:
    start = page.index(marker)
    return page[start : page.index("</table>", start)]


def _get(client, url, language):  # type: ignore[no-untyped-def]
    with translation.override(language):
        return client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()


def test_the_sign_page_shows_checklist_notes_and_the_budget_in_german_numbers(
    bielefeld, bernd, guel, verified_client
) -> None:
    factories.budget_line(2026, planned="1000000.00", committed=Decimal("700000.00"))
    proposal = _proposed(bielefeld, bernd)
    client = verified_client(guel)
    url = reverse("funding:sign", args=[proposal.pk])

    page = _get(client, url, "de")
    charged = _section(page, 'id="budget-charges"')
    # Line, year, planned, committed, available now, this decision, available after it.
    for figure in ("KI-2026", "2026", "1.000.000,00", "700.000,00", "300.000,00", "188.500,00"):
        assert figure in charged, figure
    assert "111.500,00" in charged  # 300,000.00 - 188,500.00
    assert "Stellenplan und Kosten geprüft." in page

    page = _get(client, url, "en")
    checklist = _section(page, 'id="checklist-heading"')
    rows = checklist.split('<tr class="kern-table__row">')[2:]  # past the header row
    assert len(rows) == len(review.checklist_codes(proposal.application))
    documents = next(r for r in rows if "The documents are complete and legible" in r)
    assert "open, explained" in documents and EXPLAINED in documents
    assert all(" done" in r for r in rows if r is not documents)  # the state in words


def test_a_budget_that_does_not_carry_it_is_said_in_the_row(
    bielefeld, bernd, guel, verified_client
) -> None:
    factories.budget_line(2026, planned="200000.00", committed=Decimal("100000.00"))
    proposal = _proposed(bielefeld, bernd)
    page = _get(verified_client(guel), reverse("funding:sign", args=[proposal.pk]), "en")
    charged = _section(page, 'id="budget-charges"')
    assert "The budget for 2026 is not enough" in charged
    assert "-88,500.00" in charged  # 100,000.00 available, 188,500.00 needed
    assert "<button" in page  # the approver may still try: the signature refuses it then


def test_the_charges_are_what_signing_commits_and_an_amendment_its_difference(
    bielefeld, bernd, guel
) -> None:
    factories.budget_line(2026, code="A", planned="100000.00")
    second = factories.budget_line(2026, code="B", planned="500000.00", committed=Decimal("1"))
    proposal = _proposed(bielefeld, bernd)
    [charge] = budget.charges(proposal.amounts_by_year)
    assert (charge.year, charge.amount, charge.line, charge.refusal) == (
        2026,
        COMPUTED_2026,
        second,  # "A" cannot carry it, as signing would find
        "",
    )
    decision = review.sign_proposal(proposal, by=guel)
    assert decision.commitments.get().budget_line == second == charge.line

    [reduction] = budget.charges({2026: Decimal("180000.00")}, amends=decision)
    assert reduction.amount == Decimal("-8500.00")
    # Taken back from the line it was charged to: "A" has nothing committed to give back.
    assert reduction.line == second
    assert budget.charges({2026: COMPUTED_2026}, amends=decision) == []


def test_the_sign_page_needs_a_fixed_number_of_queries(
    bielefeld, bernd, guel, verified_client, django_assert_max_num_queries
) -> None:
    factories.budget_line(2026)
    proposal = _proposed(
        bielefeld,
        bernd,
        conditions=[("Den Sachbericht vorlegen.", in_days(60)), ("Themen benennen.", in_days(90))],
    )
    client = verified_client(guel)
    url = reverse("funding:sign", args=[proposal.pk])
    client.get(url)
    with django_assert_max_num_queries(16):  # + the unread notifications (navigation)
        assert client.get(url).status_code == 200


def test_the_sign_button_says_it_is_working_in_a_live_region(
    bielefeld, bernd, guel, verified_client
) -> None:
    factories.budget_line(2026)
    proposal = _proposed(bielefeld, bernd)
    page = _get(verified_client(guel), reverse("funding:sign", args=[proposal.pk]), "en")
    button = page[page.index('value="sign"') : page.index("</button>", page.index('value="sign"'))]
    assert 'data-busy-text="The decision is being prepared …"' in button
    assert 'data-busy-status="sign-busy"' in button
    assert '<p class="kern-body" id="sign-busy" role="status"></p>' in page
    assert "/static/teilhabe/busy.js" in page


def test_the_budget_preview_is_shown_only_while_there_is_something_to_sign(
    bielefeld, dortmund, bernd, guel, verified_client
) -> None:
    factories.budget_line(2026)
    client = verified_client(guel)
    rejection = _proposed(dortmund, bernd, kind=ProposalKind.REJECT, reasons="Keine Einheit.")
    page = _get(client, reverse("funding:sign", args=[rejection.pk]), "en")
    assert "A rejection charges nothing to the budget." in page
    assert 'id="budget-charges"' not in page
    signed = _proposed(bielefeld, bernd)
    url = reverse("funding:sign", args=[signed.pk])
    assert 'id="budget-charges"' in _get(client, url, "en")
    review.sign_proposal(signed, by=guel)
    # Signed: the amount is committed now; a preview would count it twice.
    page = _get(client, url, "en")
    assert 'id="budget-heading"' not in page and "open, explained" in page
