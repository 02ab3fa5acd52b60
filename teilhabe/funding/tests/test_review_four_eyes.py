"""Four eyes: who proposes never signs, whatever role they have; only approvers sign."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from teilhabe.accounts import services as accounts
from teilhabe.core.roles import Role
from teilhabe.funding.models import Decision, Proposal, ProposalStatus
from teilhabe.funding.services import review
from teilhabe.funding.tests import factories
from teilhabe.funding.tests.review_steps import proposed

pytestmark = pytest.mark.django_db


def test_it_refuses_the_proposer_even_as_a_superuser_with_the_approver_role(
    bielefeld, bernd
) -> None:
    factories.budget_line(2026)
    proposal = proposed(bielefeld, bernd)
    bernd.role = Role.GRANT_APPROVER
    bernd.is_superuser = True
    bernd.save(update_fields=["role", "is_superuser"])
    with pytest.raises(ValidationError) as e:
        review.sign_proposal(proposal, by=bernd)
    assert e.value.code == "four_eyes"
    with pytest.raises(ValidationError) as e:
        review.return_proposal(proposal, by=bernd, reason="Selbst zurück.")
    assert e.value.code == "four_eyes"
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PENDING
    assert not Decision.objects.exists()


def test_it_lets_only_the_approver_role_sign(bielefeld, bernd, anna, mia) -> None:
    proposal = proposed(bielefeld, bernd)
    other_officer = accounts.create_user(
        "olga", by=None, email="olga@teilhabe.example", role=Role.GRANT_OFFICER
    )
    for user in (other_officer, anna, mia):
        with pytest.raises(ValidationError) as e:
            review.sign_proposal(proposal, by=user)
        assert e.value.code == "not_permitted"


def test_the_database_refuses_the_proposer_as_signer(bielefeld, bernd) -> None:
    proposal = proposed(bielefeld, bernd)
    with pytest.raises(IntegrityError), transaction.atomic():
        Proposal.objects.filter(pk=proposal.pk).update(decided_by=bernd)


def test_it_signs_only_a_pending_proposal(bielefeld, bernd, guel) -> None:
    proposal = proposed(bielefeld, bernd)
    review.return_proposal(proposal, by=guel, reason="Bitte Auflagen ergänzen.")
    with pytest.raises(ValidationError) as e:
        review.sign_proposal(proposal, by=guel)
    assert e.value.code == "proposal_not_pending"


def test_the_proposer_sees_why_he_cannot_sign(bielefeld, bernd, verified_client) -> None:
    proposal = proposed(bielefeld, bernd)
    client = verified_client(bernd)
    url = reverse("funding:sign", args=[proposal.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "four eyes" in page.content.decode() or "Vier-Augen" in page.content.decode()
    assert b'value="sign"' not in page.content
    response = client.post(url, {"action": "sign"})
    assert response.status_code == 200
    assert not Decision.objects.exists()
