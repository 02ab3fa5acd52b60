"""The officer's steps: start the review, checklist, information request, proposals, return."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from teilhabe.core.models import AuditEvent
from teilhabe.funding.models import (
    ApplicationStatus,
    InformationRequest,
    Proposal,
    ProposalKind,
    ProposalStatus,
)
from teilhabe.funding.services import review
from teilhabe.funding.tests import factories
from teilhabe.funding.tests.review_steps import COMPUTED_2026, in_days, in_review, proposed

pytestmark = pytest.mark.django_db


def _code(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    e = exc.value
    if hasattr(e, "error_dict"):
        return next(iter(e.error_dict.values()))[0].code  # type: ignore[no-any-return]
    return e.code  # type: ignore[return-value]


def test_it_starts_the_review_and_mails_the_ki(
    bielefeld, anna, kai, bernd, django_capture_on_commit_callbacks
) -> None:
    application = factories.application(bielefeld, status=ApplicationStatus.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        review.start_review(application, by=bernd)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_REVIEW
    assert application.reviewer == bernd
    assert sorted(m.to[0] for m in mail.outbox) == [anna.email, kai.email]
    assert AuditEvent.objects.filter(action="application.review_started", actor=bernd).exists()


def test_it_lets_only_the_grant_officer_review(bielefeld, guel, anna) -> None:
    application = factories.application(bielefeld, status=ApplicationStatus.SUBMITTED)
    for user in (guel, anna):
        with pytest.raises(ValidationError) as e:
            review.start_review(application, by=user)
        assert _code(e) == "not_permitted"


def test_it_refuses_to_start_a_draft(bielefeld, bernd) -> None:
    with pytest.raises(ValidationError) as e:
        review.start_review(factories.application(bielefeld), by=bernd)
    assert _code(e) == "wrong_status"


def test_it_saves_the_checklist_of_eligibility_checks_and_own_items(bielefeld, bernd) -> None:
    application = in_review(bielefeld, bernd)
    codes = review.checklist_codes(application)
    assert {"concept_adopted", "work_plan", "budget_plausible", "staff_independent"} <= set(codes)
    review.save_review(
        application, by=bernd, checklist={"budget_plausible": True}, notes="Stellenplan geprüft."
    )
    application.refresh_from_db()
    assert application.review_checklist["budget_plausible"] == {"done": True, "note": ""}
    assert application.review_checklist["staff_independent"] == {"done": False, "note": ""}
    assert set(application.review_checklist) == set(codes)
    assert application.review_notes == "Stellenplan geprüft."
    with pytest.raises(ValidationError) as e:
        review.save_review(application, by=bernd, checklist={"made_up": True}, notes="")
    assert _code(e) == "unknown_check"


def test_it_requests_information_by_a_future_date(
    bielefeld, anna, bernd, django_capture_on_commit_callbacks
) -> None:
    application = in_review(bielefeld, bernd)
    with pytest.raises(ValidationError) as e:
        review.request_information(
            application, by=bernd, message="Bitte Stellenplan.", due_date=date.today()
        )
    assert _code(e) == "due_past"
    with django_capture_on_commit_callbacks(execute=True):
        request = review.request_information(
            application,
            by=bernd,
            message="Bitte den Stellenplan nachreichen.",
            due_date=in_days(14),
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INFO_REQUESTED
    assert request.requested_by == bernd
    assert any("Stellenplan" in m.body and m.to == [anna.email] for m in mail.outbox)


def test_it_proposes_full_approval_at_the_computed_amount(
    bielefeld, bernd, guel, django_capture_on_commit_callbacks
) -> None:
    application = in_review(bielefeld, bernd)
    with django_capture_on_commit_callbacks(execute=True):
        proposal = review.propose(
            application,
            by=bernd,
            kind=ProposalKind.APPROVE_FULL,
            amounts={2026: Decimal("1.00")},  # ignored: full means the computed amount
            conditions=[("Benennen Sie die zwei Schwerpunktthemen.", in_days(60))],
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PROPOSED
    assert Proposal.objects.get(pk=proposal.pk).amounts_plain == {"2026": str(COMPUTED_2026)}
    assert proposal.conditions.get().text.startswith("Benennen")
    assert [m.to for m in mail.outbox] == [[guel.email]]


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        ("188500.01", "amount_above_computed"),
        ("0", "amount_not_positive"),
        ("12.345", "invalid_cents"),  # one parser for every amount (core.money)
    ],
)
def test_it_keeps_a_partial_approval_within_the_computed_amount(
    bielefeld, bernd, amount, code
) -> None:
    application = in_review(bielefeld, bernd)
    with pytest.raises(ValidationError) as e:
        review.propose(
            application,
            by=bernd,
            kind=ProposalKind.APPROVE_PARTIAL,
            amounts={2026: Decimal(amount)},
            reasons="Assistenz nicht besetzt.",
        )
    assert _code(e) == code
    assert not Proposal.objects.exists()


def test_it_proposes_a_partial_approval_with_reasons(bielefeld, bernd) -> None:
    proposal = proposed(
        bielefeld,
        bernd,
        kind=ProposalKind.APPROVE_PARTIAL,
        amounts={2026: Decimal("171000.00")},
        reasons="Die Assistenzstelle ist nicht besetzt.",
    )
    assert Proposal.objects.get(pk=proposal.pk).amounts_plain == {"2026": "171000.00"}


@pytest.mark.parametrize("kind", [ProposalKind.APPROVE_PARTIAL, ProposalKind.REJECT])
def test_it_needs_reasons_for_a_partial_approval_and_a_rejection(bielefeld, bernd, kind) -> None:
    application = in_review(bielefeld, bernd)
    with pytest.raises(ValidationError) as e:
        review.propose(
            application, by=bernd, kind=kind, amounts={2026: Decimal("1000.00")}, reasons="  "
        )
    assert _code(e) == "reasons_required"


def test_a_rejection_grants_nothing_and_sets_no_conditions(bielefeld, bernd) -> None:
    application = in_review(bielefeld, bernd)
    with pytest.raises(ValidationError) as e:
        review.propose(
            application,
            by=bernd,
            kind=ProposalKind.REJECT,
            amounts={2026: Decimal("1000.00")},
            reasons="Kein Konzept.",
        )
    assert _code(e) == "amounts_with_rejection"
    proposal = review.propose(
        application, by=bernd, kind=ProposalKind.REJECT, reasons="Kein Konzept."
    )
    assert not Proposal.objects.get(pk=proposal.pk).amounts.exists()


def test_it_refuses_a_condition_with_a_past_deadline(bielefeld, bernd) -> None:
    application = in_review(bielefeld, bernd)
    with pytest.raises(ValidationError) as e:
        review.propose(
            application,
            by=bernd,
            kind=ProposalKind.APPROVE_FULL,
            conditions=[("Konzept überarbeiten.", date(2020, 1, 1))],
        )
    assert _code(e) == "due_past"
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_REVIEW


def test_it_returns_a_proposal_with_a_reason(
    bielefeld, bernd, guel, django_capture_on_commit_callbacks
) -> None:
    proposal = proposed(bielefeld, bernd)
    with pytest.raises(ValidationError) as e:
        review.return_proposal(proposal, by=guel, reason="")
    assert _code(e) == "reason_required"
    with django_capture_on_commit_callbacks(execute=True):
        review.return_proposal(proposal, by=guel, reason="Teilbewilligung prüfen.")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.RETURNED
    assert proposal.decided_by == guel
    assert proposal.application.status == ApplicationStatus.IN_REVIEW
    assert [m.to for m in mail.outbox] == [[bernd.email]]
    # A new proposal is possible now.
    review.propose(proposal.application, by=bernd, kind=ProposalKind.APPROVE_FULL)


def test_a_proposed_application_takes_no_second_proposal(bielefeld, bernd) -> None:
    proposal = proposed(bielefeld, bernd)
    with pytest.raises(ValidationError) as e:
        review.propose(proposal.application, by=bernd, kind=ProposalKind.APPROVE_FULL)
    assert _code(e) == "wrong_status"
    assert InformationRequest.objects.count() == 0
