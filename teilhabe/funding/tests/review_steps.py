"""Steps of the grant authority's review for tests: each goes through the real service."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.funding.models import Application, ApplicationStatus, Decision, Proposal
from teilhabe.funding.services import review
from teilhabe.funding.tests import factories

# The factory's default positions for a kreisfreie Stadt under the 2022 version:
# as computed by rules.compute_grant.
COMPUTED_2026 = Decimal("188500.00")


def in_days(days: int):  # type: ignore[no-untyped-def]
    return timezone.localdate() + timedelta(days=days)


def tick_all(application: Application, officer: User) -> Application:
    """The officer ticks every item of the checklist (a proposal needs each done or explained)."""
    codes = review.checklist_codes(application)
    return review.save_review(
        application, by=officer, checklist=dict.fromkeys(codes, True), notes=""
    )


def in_review(centre: Centre, officer: User, *, ticked: bool = True, **fields) -> Application:  # type: ignore[no-untyped-def]
    """An application in review; `ticked`: its checklist done, ready for a proposal."""
    application = factories.application(centre, status=ApplicationStatus.SUBMITTED, **fields)
    application = review.start_review(application, by=officer)
    return tick_all(application, officer) if ticked else application


def proposed(
    centre: Centre,
    officer: User,
    *,
    kind: str = "approve_full",
    amounts: dict[int, Decimal] | None = None,
    reasons: str = "",
    conditions: list | None = None,  # type: ignore[type-arg]
    **fields,  # type: ignore[no-untyped-def]
) -> Proposal:
    application = in_review(centre, officer, **fields)
    return review.propose(
        application,
        by=officer,
        kind=kind,
        amounts=amounts,
        reasons=reasons,
        conditions=conditions
        if conditions is not None
        else [("Benennen Sie die zwei Schwerpunktthemen.", in_days(60))],
    )


def issued(centre: Centre, officer: User, approver: User, **kwargs) -> Decision:  # type: ignore[no-untyped-def]
    if not kwargs.pop("no_budget_line", False):
        factories.budget_line(2026)
    proposal = proposed(centre, officer, **kwargs)
    return review.sign_proposal(proposal, by=approver)
