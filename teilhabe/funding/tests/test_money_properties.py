"""Not a cent lost, whatever happens in whatever order (hypothesis, stateful).

Random sequences of grants, amendments up and down, payment requests, releases and refusals on
two KIs and one budget line, through the real services and database. After every step:
the line is never over-committed or over-paid, its running sums equal its rows, and no KI is
paid more than its decision in force grants. Refused steps must leave everything as it was.
What a KI is granted comes from the machine's own model (the amount of its last grant or
amendment that went through), not from `decision_in_force`, the code under test: the line's
commitments must equal the sum of the grants, and no release may pass its KI's grant in force.
(The decisions come from the factory, without rendering PDFs; signing itself is covered by
test_decision_issue.py and the PostgreSQL race.)
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.funding.models import Application, BudgetLine, Payment, PaymentStatus
from teilhabe.funding.services import budget, payments

from . import factories

YEAR = 2031
amounts = st.integers(min_value=1, max_value=400_000).map(
    lambda n: Decimal(n).quantize(Decimal("0.01"))
)


def _released(application: Application) -> Decimal:
    total = application.payments.filter(status=PaymentStatus.RELEASED).aggregate(s=Sum("amount"))
    return total["s"] or Decimal("0.00")


def test_no_sequence_of_steps_loses_or_overspends_a_cent(
    db: None, bielefeld: Centre, dortmund: Centre, anna: User, carla: User, bernd: User, guel: User
) -> None:
    leads = {bielefeld.pk: anna, dortmund.pk: carla}
    centres = [bielefeld, dortmund]

    class Money(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self._atomic = transaction.atomic()
            self._atomic.__enter__()
            self.line = factories.budget_line(YEAR, "600000.00", code=f"KI-{YEAR}")
            self.applications: dict[int, Application] = {}
            self.granted: dict[int, Decimal] = {}  # the model: centre -> amount in force

        def teardown(self) -> None:
            transaction.set_rollback(True)
            self._atomic.__exit__(None, None, None)

        def _refused(self, step, name: str) -> bool:  # type: ignore[no-untyped-def]
            """A refused step changes nothing (its own savepoint is rolled back); True if done."""
            try:
                with transaction.atomic():
                    step()
            except ValidationError as e:
                errors = e.error_dict.values() if hasattr(e, "error_dict") else [e.error_list]
                codes = sorted({str(err.code) for group in errors for err in group})
                event(f"{name} refused: {', '.join(codes)}")
                return False
            event(f"{name} done")
            return True

        @rule(which=st.integers(0, 1), amount=amounts)
        def grant_or_amend(self, which: int, amount: Decimal) -> None:
            centre = centres[which]
            application = self.applications.get(centre.pk)
            if application is None:
                application = factories.application(centre, year=YEAR, status="proposed")
                self.applications[centre.pk] = application

            def step() -> None:
                current = payments.decision_in_force(application)
                decision = factories.decision(
                    application,
                    proposed_by=bernd,
                    signed_by=guel,
                    amounts={str(YEAR): str(amount)},
                    amends=current,
                    kind="amendment" if current else "grant",
                )
                budget.commit_decision(decision, by=guel)

            if self._refused(step, "grant or amendment"):
                self.granted[centre.pk] = amount

        @rule(which=st.integers(0, 1), share=st.integers(1, 120))
        def request(self, which: int, share: int) -> None:
            """Ask for a share of the grant in per cent: mostly within it, sometimes beyond."""
            application = self.applications.get(centres[which].pk)
            if application is None:
                return
            granted = self.granted.get(application.centre_id, Decimal("0.00"))
            amount = max((granted * share / 100).quantize(Decimal("0.01")), Decimal("0.01"))
            lead = leads[application.centre_id]
            self._refused(
                lambda: payments.request_payment(application, by=lead, year=YEAR, amount=amount),
                "request",
            )

        @rule(data=st.data(), release=st.booleans())
        def decide(self, data: st.DataObject, release: bool) -> None:
            open_ = list(Payment.objects.filter(status=PaymentStatus.REQUESTED).order_by("pk"))
            if not open_:
                return
            payment = data.draw(st.sampled_from(open_))
            if not release:
                self._refused(
                    lambda: payments.refuse_payment(payment, by=bernd, reason="Nein."), "refusal"
                )
                return
            application = payment.application
            headroom = self.granted.get(application.centre_id, Decimal("0.00")) - _released(
                application
            )
            self._refused(lambda: payments.release_payment(payment, by=bernd), "release")
            payment.refresh_from_db()
            if payment.status == PaymentStatus.RELEASED:
                # Never beyond what the decision in force grants at the moment of release.
                assert payment.amount <= headroom

        @invariant()
        def the_books_balance(self) -> None:
            line = BudgetLine.objects.get(pk=self.line.pk)
            committed = line.commitments.aggregate(s=Sum("amount"))["s"] or Decimal("0.00")
            paid = Payment.objects.filter(
                budget_line=line, status=PaymentStatus.RELEASED
            ).aggregate(s=Sum("amount"))["s"] or Decimal("0.00")
            assert Decimal("0.00") <= line.paid <= line.committed <= line.planned
            assert (line.committed, line.paid) == (committed, paid)
            # An amendment may reduce a grant below what was released (docs/funding-budget.md).
            assert line.committed == sum(self.granted.values(), Decimal("0.00"))

    run_state_machine_as_test(
        Money,
        settings=settings(
            max_examples=60,
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
