"""The funding demo: every state of the chain, a budget never over-committed, idempotent.

One test, because the demo is expensive (nine decision PDFs, about 6 s on two cores): it loads
the funding demo and the demos it runs after (`seed_demo(only=["funding"])`), then runs both
loaders again.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.concepts.demo import WITHOUT_INTEGRATION_COUNCIL, concept_pdf
from teilhabe.concepts.models import Actor, IntegrationConcept
from teilhabe.core.demo import seed_demo
from teilhabe.core.models import AuditEvent
from teilhabe.core.uploads import check_pdf
from teilhabe.funding.demo import SCENARIOS
from teilhabe.funding.models import (
    Application,
    ApplicationStatus,
    BudgetLine,
    BudgetPurpose,
    Commitment,
    Condition,
    Decision,
    DecisionKind,
    InformationRequest,
    Payment,
    PaymentStatus,
    Proposal,
    ProposalKind,
    ProposalStatus,
)
from teilhabe.funding.services import applications, review

COUNTED = (
    Application,
    Decision,
    IntegrationConcept,
    AuditEvent,
    BudgetLine,
    Commitment,
    Condition,
    Payment,
    Proposal,
    InformationRequest,
    User,
)


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def _application(key: str, year: int) -> Application:
    return Application.objects.get(centre__grantee__key=key, first_year=year)


def test_concept_pdf_is_a_readable_pdf() -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = concept_pdf("Integrationskonzept Kreis Gütersloh", [("h1", "Gütersloh (§ 8)")])
    checked = check_pdf(SimpleUploadedFile("k.pdf", content, "application/pdf"))
    assert checked.pages == 1


@pytest.mark.django_db
def test_funding_demo_every_state_budget_and_idempotence(
    django_capture_on_commit_callbacks,
) -> None:
    # The funding demo's own rows and those it needs: the apps above it (proofs of use and
    # repayments, controlling, evaluation, quality) add theirs on top and have their own tests.
    with django_capture_on_commit_callbacks(execute=True):  # files and mails follow the commit
        seed_demo(only=["funding"])
    first = _counts()

    # Every state of the application, as each scenario says.
    statuses = {
        (a.centre.grantee.key, a.first_year): a.status
        for a in Application.objects.select_related("centre__grantee")
    }
    assert statuses == {(s.key, s.year): s.target for s in SCENARIOS}
    assert set(statuses.values()) == set(ApplicationStatus)
    draft, submitted = _application("05711", 2027), _application("05913", 2027)
    assert draft.created_by is not None and draft.created_by.username == "kai"
    assert draft.signature_pending and draft.signature_requested_by == draft.created_by
    anna = User.objects.get(username="anna")
    assert anna.notifications.filter(event="signature_requested").count() == 1
    assert submitted.signed_by is not None and submitted.signed_by.username == "carla"

    # A concept for every KI, each a readable PDF; some too old, two without the council.
    assert not Centre.objects.filter(concepts__isnull=True).exists()
    assert IntegrationConcept.objects.filter(centre__grantee__key="05711").count() == 2
    for concept in IntegrationConcept.objects.filter(centre__grantee__key__in=["05711", "05754"]):
        with concept.document.open("rb") as f:
            assert f.read(5) == b"%PDF-"
    for concept in IntegrationConcept.objects.filter(
        centre__grantee__key__in=WITHOUT_INTEGRATION_COUNCIL
    ):
        assert concept.missing_actors == [Actor.INTEGRATION_COUNCIL]
    olpe = [p.code for p in applications.submission_problems(_application("05966", 2027))]
    assert olpe == ["concept_age"]
    assert applications.submission_problems(_application("05711", 2027)) == []

    # Decisions: grants and one rejection, with a PDF each, signed by guel after bernd.
    # (the proofs' demo adds Bielefeld's 2025 grant, the history of its repayment: not these)
    decisions = Decision.objects.exclude(application__first_year=2025)
    assert decisions.count() == 9
    assert {d.kind for d in decisions} == {DecisionKind.GRANT, DecisionKind.REJECTION}
    assert all(d.pdf_size > 0 and len(d.pdf_sha256) == 64 for d in decisions)
    assert {(d.proposed_by.username, d.signed_by.username) for d in decisions} == {
        ("bernd", "guel")
    }
    rejection = decisions.get(kind=DecisionKind.REJECTION)
    assert rejection.application.centre.grantee.kind == "kreis"
    assert rejection.reasons

    # Conditions in every state the services can make: fulfilled, due soon, open.
    today = timezone.localdate()
    soon = today + timedelta(days=14)
    bielefeld = Condition.objects.filter(decision__application=_application("05711", 2026))
    assert sorted(c.text for c in bielefeld) == [
        "Das überarbeitete Integrationskonzept ist vorzulegen.",
        "Die beiden Schwerpunktthemen sind zu benennen.",
    ]
    assert Condition.objects.filter(fulfilled_at__isnull=False).count() == 1
    open_conditions = Condition.objects.filter(fulfilled_at__isnull=True)
    assert open_conditions.filter(due_date__lte=soon).exists()
    assert open_conditions.filter(due_date__gt=soon).exists()

    # Köln waits for its answer (two weeks); Essen and Gütersloh wait for the second signature.
    request = InformationRequest.objects.get(application=_application("05315", 2027))
    assert request.is_open and request.due_date == today + timedelta(days=14)
    pending = Proposal.objects.filter(status=ProposalStatus.PENDING)
    assert {(p.application.centre.grantee.key, p.kind) for p in pending} == {
        ("05113", ProposalKind.APPROVE_FULL),
        ("05754", ProposalKind.APPROVE_PARTIAL),
    }
    assert pending.get(kind=ProposalKind.APPROVE_PARTIAL).reasons
    # Their checklists are complete; Bonn's, half done, explains one open item.
    assert all(review.checklist_refusal(p.application) is None for p in pending)
    bonn = {i.code: i for i in review.checklist(_application("05314", 2027))}
    assert bonn["documents_complete"].state == "explained"
    assert bonn["documents_complete"].note.startswith("Der Ratsbeschluss")
    assert bonn["budget_plausible"].state == "open"

    # Bielefeld's payments: one released, one requested.
    assert sorted(
        Payment.objects.filter(application=_application("05711", 2026)).values_list(
            "status", flat=True
        )
    ) == [PaymentStatus.RELEASED, PaymentStatus.REQUESTED]

    # The budget: four purposes a year, never over-committed, the sums match the rows.
    assert BudgetLine.objects.filter(fiscal_year=2026).count() == 4
    for line in BudgetLine.objects.all():
        assert Decimal("0") <= line.paid <= line.committed <= line.planned
        committed = Commitment.objects.filter(budget_line=line).aggregate(s=Sum("amount"))["s"]
        assert line.committed == (committed or Decimal("0.00"))
        paid = Payment.objects.filter(
            status=PaymentStatus.RELEASED, fiscal_year=line.fiscal_year
        ).aggregate(s=Sum("amount"))["s"]
        if line.purpose == BudgetPurpose.CENTRES:
            assert line.paid == (paid or Decimal("0.00"))
    centres_2026 = BudgetLine.objects.get(fiscal_year=2026, purpose=BudgetPurpose.CENTRES)
    granted = decisions.filter(kind=DecisionKind.GRANT).aggregate(s=Sum("amounts__amount"))["s"]
    assert centres_2026.committed == granted > 0

    # Idempotent: neither loader adds or changes anything the second time.
    from teilhabe.funding.demo import seed_funding_demo

    lines_before = list(BudgetLine.objects.values_list("planned", "committed", "paid"))
    statuses_before = list(Application.objects.order_by("pk").values_list("status", "lock_version"))
    with django_capture_on_commit_callbacks(execute=True):
        seed_funding_demo()
        seed_demo(only=["funding"])
    assert _counts() == first
    assert list(BudgetLine.objects.values_list("planned", "committed", "paid")) == lines_before
    assert (
        list(Application.objects.order_by("pk").values_list("status", "lock_version"))
        == statuses_before
    )


@pytest.mark.django_db
def test_late_in_december_the_demo_window_closes_with_the_year(mia: User) -> None:
    """`make run` on 2 December 2026 failed: a month ahead was 1 January, past the year."""
    import time_machine

    from teilhabe.funding.demo import _seed_windows
    from teilhabe.funding.models import ApplicationWindow

    with time_machine.travel(timezone.make_aware(timezone.datetime(2026, 12, 20, 12)), tick=False):
        _seed_windows()
    windows = dict(ApplicationWindow.objects.values_list("year", "closes_on"))
    assert windows and all(closes.year == year for year, closes in windows.items())
    assert windows[2026].isoformat() == "2026-12-31"
