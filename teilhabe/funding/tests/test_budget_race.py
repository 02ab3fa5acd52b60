"""Real concurrent approvals and payment releases against PostgreSQL: exactly one wins.

Two threads, each with its own database connection, start at the same moment (a barrier) and
do what two people would do at the same second: two approvers sign two applications whose
amounts do not both fit into the budget line, or the grant officer's two sessions release two
payments that together exceed the grant in force. The row locks (`select_for_update`) serialise
them; the second sees the first's result and is refused with a clear code. SQLite serialises all
writers anyway (IMMEDIATE transactions), so these tests need PostgreSQL and are skipped without.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from teilhabe.funding.models import (
    BudgetLine,
    Commitment,
    Payment,
    PaymentStatus,
    Proposal,
)
from teilhabe.funding.services import budget, payments, review

from . import budget_helpers, factories

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: real row locks between concurrent connections "
        "(run with DATABASE_URL=postgres://…)",
    ),
]

ROUNDS = 5


def race(*actions: Callable[[], Any]) -> list[str]:
    """Run the actions in threads released together; 'ok' or the ValidationError's code each."""
    barrier = threading.Barrier(len(actions))
    results: list[str] = [""] * len(actions)

    def run(index: int, action: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=30)
            action()
            results[index] = "ok"
        except ValidationError as exc:
            results[index] = str(exc.code)
        except Exception as exc:  # pragma: no cover - shown in the assertion
            results[index] = repr(exc)
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def _pending_proposal(centre, year: int, *, officer) -> Proposal:  # type: ignore[no-untyped-def]
    app = factories.application(centre, year=year, status="proposed")
    return factories.proposal(
        app,
        amounts={str(year): "170000.00"},
        reasons="Alle Voraussetzungen erfüllt.",
        proposed_by=officer,
    )


def test_two_approvers_signing_at_once_never_over_commit_the_line(bielefeld, dortmund, bernd, guel):
    for round_ in range(ROUNDS):
        year = 2026 + round_
        # Room for exactly one of the two grants of 170,000.
        line = factories.budget_line(year, "200000.00")
        first = _pending_proposal(bielefeld, year, officer=bernd)
        second = _pending_proposal(dortmund, year, officer=bernd)

        results = race(
            lambda p=first: review.sign_proposal(p, by=guel),
            lambda p=second: review.sign_proposal(p, by=guel),
        )

        assert sorted(results) == ["budget_insufficient", "ok"], f"round {round_}: {results}"
        line.refresh_from_db()
        assert line.committed == Decimal("170000.00") <= line.planned
        # No lost update either: the running sum equals the commitments charged to the line.
        assert [c.amount for c in Commitment.objects.filter(budget_line=line)] == [
            Decimal("170000.00")
        ]
        statuses = sorted(
            Proposal.objects.filter(pk__in=[first.pk, second.pk]).values_list("status", flat=True)
        )
        assert statuses == ["pending", "signed"]  # the loser's proposal is untouched


def test_two_commitments_at_once_never_over_commit_the_line(bielefeld, dortmund, bernd, guel):
    """The same race one level down, on `budget.commit_decision` alone (no PDF, no proposal)."""
    from django.db import transaction

    def commit(decision):  # type: ignore[no-untyped-def]
        with transaction.atomic():
            budget.commit_decision(decision, by=guel)

    for round_ in range(ROUNDS):
        year = 2026 + round_
        line = factories.budget_line(year, "200000.00")
        decisions = [
            factories.decision(
                factories.application(centre, year=year, status="proposed", with_concept=False),
                proposed_by=bernd,
                signed_by=guel,
                amounts={str(year): "170000.00"},
            )
            for centre in (bielefeld, dortmund)
        ]
        results = race(*(lambda d=d: commit(d) for d in decisions))
        assert sorted(results) == ["budget_insufficient", "ok"], f"round {round_}: {results}"
        line.refresh_from_db()
        assert line.committed == Decimal("170000.00")
        assert Commitment.objects.filter(budget_line=line).count() == 1


def test_the_second_approval_waits_for_the_lock_and_then_sees_the_first(
    bielefeld, dortmund, bernd, guel
):
    """A pause inside the locked section: the other approval cannot read the line meanwhile."""
    line = factories.budget_line(2026, "200000.00")
    decisions = []
    for centre in (bielefeld, dortmund):
        app = factories.application(centre, status="proposed", with_concept=False)
        decisions.append(
            factories.decision(
                app, proposed_by=bernd, signed_by=guel, amounts={"2026": "170000.00"}
            )
        )
    locked = threading.Event()
    original = budget._locked_line
    holder: list[str] = []

    def slow_locked_line(year: int, delta: Decimal) -> BudgetLine:
        row = original(year, delta)
        if not holder:  # the first to hold the lock keeps it a while
            holder.append(threading.current_thread().name)
            locked.set()
            time.sleep(0.5)
        return row

    def commit(index: int) -> None:
        from django.db import transaction

        if index == 1:
            locked.wait(timeout=10)  # start only once the other holds the lock
        with transaction.atomic():
            budget.commit_decision(decisions[index], by=guel)

    with mock.patch.object(budget, "_locked_line", slow_locked_line):
        results = race(lambda: commit(0), lambda: commit(1))

    assert results == ["ok", "budget_insufficient"]
    line.refresh_from_db()
    assert line.committed == Decimal("170000.00")


def test_two_releases_that_together_exceed_the_grant_in_force_pay_only_one(
    bielefeld, anna, bernd, guel
):
    for round_ in range(ROUNDS):
        year = 2026 + round_
        line = factories.budget_line(year, "1000000.00")
        app, decision = budget_helpers.granted(
            bielefeld, officer=bernd, approver=guel, amounts={str(year): "120000.00"}
        )
        a = payments.request_payment(app, by=anna, year=year, amount=Decimal("60000.00"))
        b = payments.request_payment(app, by=anna, year=year, amount=Decimal("60000.00"))
        # An amendment reduces the grant after both were requested: only one still fits.
        budget_helpers.amend(
            app, decision, officer=bernd, approver=guel, amounts={str(year): "100000.00"}
        )

        results = race(
            lambda p=a: payments.release_payment(p, by=bernd),
            lambda p=b: payments.release_payment(p, by=bernd),
        )

        assert sorted(results) == ["exceeds_grant", "ok"], f"round {round_}: {results}"
        line.refresh_from_db()
        assert (line.committed, line.paid) == (Decimal("100000.00"), Decimal("60000.00"))
        assert sorted(
            Payment.objects.filter(pk__in=[a.pk, b.pk]).values_list("status", flat=True)
        ) == [
            PaymentStatus.RELEASED,
            PaymentStatus.REQUESTED,
        ]
