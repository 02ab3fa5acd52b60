"""Signing issues the decision: number, snapshot, PDF with checksum, budget, conditions, mail;
a budget that does not fit leaves nothing behind."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import reverse

from teilhabe.centres.models import Centre
from teilhabe.core.models import AuditEvent
from teilhabe.funding import decision_pdf
from teilhabe.funding.models import (
    ApplicationStatus,
    BudgetLine,
    Commitment,
    Condition,
    Decision,
    DecisionKind,
    ProposalKind,
    ProposalStatus,
)
from teilhabe.funding.services import budget, review
from teilhabe.funding.tests import factories
from teilhabe.funding.tests.review_steps import COMPUTED_2026, issued, proposed

pytestmark = pytest.mark.django_db


def _files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / "decisions"
    return sorted(root.iterdir()) if root.exists() else []


def test_it_issues_the_decision_with_its_pdf_and_commits_the_budget(
    bielefeld, anna, kai, bernd, guel, django_capture_on_commit_callbacks
) -> None:
    line = factories.budget_line(2026)
    proposal = proposed(bielefeld, bernd)
    with django_capture_on_commit_callbacks(execute=True):
        decision = review.sign_proposal(proposal, by=guel)
    decision.refresh_from_db()
    assert decision.number == "36.05711-2026/1"
    assert decision.kind == DecisionKind.GRANT
    assert decision.total == COMPUTED_2026
    assert decision.proposed_by == bernd and decision.signed_by == guel
    assert decision.computation["2026"]["lines"][0]["citation"]
    assert decision.computation["2026"]["teachers"] == 2
    with decision.pdf.open("rb") as f:
        content = f.read()
    assert hashlib.sha256(content).hexdigest() == decision.pdf_sha256
    assert len(content) == decision.pdf_size
    line.refresh_from_db()
    assert line.committed == COMPUTED_2026
    assert Condition.objects.get(decision=decision).text.startswith("Benennen")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SIGNED
    assert decision.application.status == ApplicationStatus.APPROVED
    assert AuditEvent.objects.filter(action="decision.issued", actor=guel).count() == 1
    recipients = sorted(m.to[0] for m in mail.outbox if decision.number in m.subject)
    assert recipients == sorted([anna.email, kai.email, bernd.email])


def test_a_rejection_commits_nothing(bielefeld, bernd, guel) -> None:
    decision = issued(
        bielefeld, bernd, guel, kind=ProposalKind.REJECT, reasons="Kein Konzept.", conditions=[]
    )
    assert decision.kind == DecisionKind.REJECTION
    assert decision.total == Decimal("0.00")
    assert not Commitment.objects.exists()
    assert decision.application.status == ApplicationStatus.REJECTED


def test_a_budget_that_does_not_fit_leaves_nothing_behind(
    bielefeld, bernd, guel, verified_client
) -> None:
    line = factories.budget_line(2026, planned="100000.00")
    proposal = proposed(bielefeld, bernd)
    with pytest.raises(ValidationError) as e:
        review.sign_proposal(proposal, by=guel)
    assert e.value.code == "budget_insufficient"
    # The approver sees the specific message on the page.
    response = verified_client(guel).post(
        reverse("funding:sign", args=[proposal.pk]), {"action": "sign"}
    )
    assert response.status_code == 200
    assert "100.000,00" in response.content.decode()
    assert not Decision.objects.exists()
    assert not Condition.objects.exists()
    assert _files() == []
    line.refresh_from_db()
    assert line.committed == Decimal("0.00")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PENDING
    assert proposal.application.status == ApplicationStatus.PROPOSED


def test_it_refuses_without_a_budget_line(bielefeld, bernd, guel) -> None:
    proposal = proposed(bielefeld, bernd)
    with pytest.raises(ValidationError) as e:
        review.sign_proposal(proposal, by=guel)
    assert e.value.code == "no_budget_line"
    assert not Decision.objects.exists()
    assert _files() == []


def test_an_issued_decision_is_never_changed_nor_deleted(bielefeld, bernd, guel) -> None:
    decision = issued(bielefeld, bernd, guel)
    decision.reasons = "geändert"
    with pytest.raises(ValidationError) as e:
        decision.save()
    assert e.value.code == "decision_immutable"
    with pytest.raises(ValidationError):
        decision.delete()
    assert Decision.objects.get().reasons == ""


def test_a_line_is_never_over_committed_by_two_decisions(bielefeld, dortmund, bernd, guel) -> None:
    factories.budget_line(2026, planned="200000.00")
    first = review.sign_proposal(proposed(bielefeld, bernd), by=guel)
    assert first.total == COMPUTED_2026
    second = proposed(dortmund, bernd)
    with pytest.raises(ValidationError) as e:
        review.sign_proposal(second, by=guel)
    assert e.value.code == "budget_insufficient"
    assert BudgetLine.objects.get().committed == COMPUTED_2026


def test_a_signature_rolled_back_with_its_callers_transaction_leaves_no_file(
    bielefeld, bernd, guel, django_capture_on_commit_callbacks
) -> None:
    factories.budget_line(2026)
    proposal = proposed(bielefeld, bernd)
    # What survives the rollback would be written (PDF, mails): nothing may.
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        review.sign_proposal(proposal, by=guel)
        raise RuntimeError("the caller fails after the signature")
    assert callbacks == []
    assert _files() == []
    assert not Decision.objects.exists()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PENDING


def test_the_pdf_is_rendered_before_any_row_is_locked_and_stored_as_hashed(
    bielefeld, bernd, guel, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    """The render runs in no transaction of the signature's own: on SQLite that transaction
    holds the write lock from its start, so a render inside it would block every writer."""
    factories.budget_line(2026)
    proposal = proposed(bielefeld, bernd)
    calls: list[tuple[str, int]] = []

    def spy(name, original):  # type: ignore[no-untyped-def]
        def call(*args, **kwargs):  # type: ignore[no-untyped-def]
            calls.append((name, len(connection.atomic_blocks)))
            return original(*args, **kwargs)

        return call

    monkeypatch.setattr(
        decision_pdf, "render_decision_pdf", spy("render", decision_pdf.render_decision_pdf)
    )
    monkeypatch.setattr(review, "_locked", spy("lock application", review._locked))
    monkeypatch.setattr(budget, "_locked_line", spy("lock budget line", budget._locked_line))
    outside = len(connection.atomic_blocks)  # the test's own transaction
    with django_capture_on_commit_callbacks(execute=True):
        decision = review.sign_proposal(proposal, by=guel)
        assert _files() == []  # not before the commit
    assert [name for name, _depth in calls] == ["render", "lock application", "lock budget line"]
    assert calls[0][1] == outside < calls[1][1]
    with decision.pdf.open("rb") as f:
        content = f.read()
    assert (
        hashlib.sha256(content).hexdigest()
        == decision.pdf_sha256
        == (Decision.objects.get().pdf_sha256)
    )


def test_a_decision_that_changed_while_its_pdf_was_rendered_is_not_issued(
    bielefeld, bernd, guel, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    factories.budget_line(2026)
    proposal = proposed(bielefeld, bernd)
    render = decision_pdf.render_decision_pdf

    def render_while_the_ki_moves(data):  # type: ignore[no-untyped-def]
        Centre.objects.filter(pk=bielefeld.pk).update(street="Neumarkt 1")  # in the PDF
        return render(data)

    monkeypatch.setattr(decision_pdf, "render_decision_pdf", render_while_the_ki_moves)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as e:
        review.sign_proposal(proposal, by=guel)
    assert e.value.code == "signing_conflict"
    assert not Decision.objects.exists() and _files() == []
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PENDING
