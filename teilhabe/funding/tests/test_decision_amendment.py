"""An amendment is a new decision referencing the old one; only the difference is committed."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from teilhabe.funding.models import BudgetLine, DecisionKind, ProposalKind
from teilhabe.funding.services import review
from teilhabe.funding.tests.review_steps import COMPUTED_2026, in_days, issued

pytestmark = pytest.mark.django_db


def test_it_issues_an_amendment_that_references_the_old_decision(
    bielefeld, bernd, guel, django_capture_on_commit_callbacks
) -> None:
    old = issued(bielefeld, bernd, guel)
    proposal = review.propose_amendment(
        old,
        by=bernd,
        amounts={2026: Decimal("150000.00")},
        reasons="Eine Stelle bleibt unbesetzt.",
        conditions=[("Stellenbesetzung nachweisen.", in_days(90))],
    )
    assert proposal.kind == ProposalKind.AMEND and proposal.amends == old
    with django_capture_on_commit_callbacks(execute=True):  # the PDF follows the commit
        new = review.sign_proposal(proposal, by=guel)
    assert new.kind == DecisionKind.AMENDMENT
    assert new.amends == old
    assert new.number == "36.05711-2026/2"
    assert review.decision_in_force(old.application) == new
    assert [c.amount for c in new.commitments.all()] == [Decimal("150000.00") - COMPUTED_2026]
    assert BudgetLine.objects.get().committed == Decimal("150000.00")
    with new.pdf.open("rb") as f:
        text = " ".join(
            " ".join(p.extract_text() for p in PdfReader(io.BytesIO(f.read())).pages).split()
        )
    assert "Änderungsbescheid" in text and old.number in text
    # The line the difference is charged to (commit_decision's choice, predicted before signing).
    assert "Haushaltsstelle: KI-2026 – Kommunale Integrationszentren (Haushaltsjahr 2026)" in text
    # The old decision is unchanged and can no longer be amended.
    old.refresh_from_db()
    assert old.total == COMPUTED_2026
    with pytest.raises(ValidationError) as e:
        review.propose_amendment(old, by=bernd, amounts={2026: Decimal("1.00")}, reasons="x")
    assert e.value.code == "amends_outdated"


def test_an_amendment_must_change_something_and_stay_within_the_computation(
    bielefeld, bernd, guel
) -> None:
    old = issued(bielefeld, bernd, guel)
    with pytest.raises(ValidationError) as e:
        review.propose_amendment(old, by=bernd, amounts={2026: COMPUTED_2026}, reasons="Nichts.")
    assert e.value.code == "no_change"
    with pytest.raises(ValidationError) as e:
        review.propose_amendment(old, by=bernd, amounts={2026: COMPUTED_2026 + 1}, reasons="Mehr.")
    assert e.value.error_dict["amount_2026"][0].code == "amount_above_computed"
    with pytest.raises(ValidationError) as e:
        review.propose_amendment(old, by=guel, amounts={2026: Decimal("1.00")}, reasons="x")
    assert e.value.code == "not_permitted"


def test_a_returned_amendment_leaves_the_application_approved(bielefeld, bernd, guel) -> None:
    old = issued(bielefeld, bernd, guel)
    proposal = review.propose_amendment(
        old, by=bernd, amounts={2026: Decimal("100000.00")}, reasons="Kürzung."
    )
    review.return_proposal(proposal, by=guel, reason="Begründung fehlt.")
    old.application.refresh_from_db()
    assert old.application.status == "approved"
    assert review.decision_in_force(old.application) == old
