"""Amounts per year as rows: the database's constraints, a decision's rows never change, the
total is their sum, and the migration carries the former JSON over and back."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from teilhabe.funding.models import (
    Decision,
    DecisionAmount,
    ProposalAmount,
    ProposalKind,
)
from teilhabe.funding.tests import factories
from teilhabe.funding.tests.review_steps import COMPUTED_2026, issued

D = Decimal


@pytest.fixture
def decision(bielefeld, bernd, guel) -> Decision:
    application = factories.application(bielefeld, year=2026, last_year=2027)
    return factories.decision(
        application,
        proposed_by=bernd,
        signed_by=guel,
        amounts={"2026": "150000.00", "2027": "120000.50"},
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("year", "amount"),
    [(2026, "-0.01"), (2011, "1.00"), (2101, "1.00"), (2027, "1.00")],
    ids=["negative", "year-too-early", "year-too-late", "second-row-for-a-year"],
)
@pytest.mark.parametrize("model", [ProposalAmount, DecisionAmount])
def test_the_database_refuses_what_no_amount_may_be(model, year, amount, decision) -> None:
    parent = {"proposal": decision.proposal} if model is ProposalAmount else {"decision": decision}
    with pytest.raises(IntegrityError), transaction.atomic():
        # bulk_create: below the models' own checks, as a careless write would go.
        model.objects.bulk_create([model(year=year, amount=D(amount), **parent)])


@pytest.mark.django_db
def test_the_signature_writes_the_decisions_rows_which_never_change(bielefeld, bernd, guel) -> None:
    issued_decision = issued(bielefeld, bernd, guel)
    rows = DecisionAmount.objects.filter(decision=issued_decision)
    assert list(rows.values_list("year", "amount")) == [(2026, COMPUTED_2026)]
    assert Decision.objects.get(pk=issued_decision.pk).amounts_plain == {"2026": "188500.00"}
    row = rows.get()
    row.amount = D("1.00")
    for attempt in (
        row.save,
        row.delete,
        lambda: rows.update(amount=D("1.00")),
        rows.delete,
    ):
        with pytest.raises(ValidationError) as e:
            attempt()
        assert e.value.code == "decision_immutable"
    assert list(rows.values_list("amount", flat=True)) == [COMPUTED_2026]


@pytest.mark.django_db
def test_the_total_is_the_sum_of_the_rows_in_python_and_in_the_database(
    decision, bielefeld, bernd, guel
) -> None:
    assert Decision.objects.get(pk=decision.pk).total == D("270000.50")
    assert Decision.objects.with_total().get(pk=decision.pk).total == D("270000.50")
    rejected = issued(
        bielefeld, bernd, guel, kind=ProposalKind.REJECT, reasons="Kein Konzept.", conditions=[]
    )
    assert not rejected.amounts.exists()
    assert Decision.objects.with_total().get(pk=rejected.pk).total == D("0.00")
    assert Decision.objects.get(pk=rejected.pk).total == D("0.00")


BEFORE = [("funding", "0006_german_guideline_texts")]
AFTER = [("funding", "0007_amounts_as_rows")]


def _migrate(targets: list[tuple[str, str]]):  # type: ignore[no-untyped-def]
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _migrate_to_latest() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_the_migration_carries_the_json_over_and_back(bielefeld) -> None:
    try:
        old = _migrate(BEFORE)
        user = old.get_model("accounts", "User")
        officer = user.objects.create(username="m-officer")
        approver = user.objects.create(username="m-approver")
        application = old.get_model("funding", "Application").objects.create(
            centre_id=bielefeld.pk, first_year=2026, last_year=2027
        )
        proposal_model = old.get_model("funding", "Proposal")
        decision_model = old.get_model("funding", "Decision")
        amounts = {"2026": "150000.00", "2027": "120000.50"}
        granted, rejected = (
            proposal_model.objects.create(
                application=application,
                kind=kind,
                status="signed",
                amounts=json,
                proposed_by=officer,
            )
            for kind, json in (("approve_partial", amounts), ("reject", {}))
        )
        for number, proposal, total in (("1", granted, D("270000.50")), ("2", rejected, 0)):
            decision_model.objects.create(
                application=application,
                proposal=proposal,
                number=f"36.m/{number}",
                kind="grant" if total else "rejection",
                total=total,
                amounts=proposal.amounts,
                proposed_by=officer,
                signed_by=approver,
                pdf=f"decisions/m-{number}.pdf",
                pdf_sha256="0" * 64,
                pdf_size=1,
            )

        _migrate(AFTER)
        rows = [(2026, D("150000.00")), (2027, D("120000.50"))]
        proposed = ProposalAmount.objects.filter(proposal_id=granted.pk)
        assert list(proposed.values_list("year", "amount")) == rows
        assert not ProposalAmount.objects.filter(proposal_id=rejected.pk).exists()
        restored = Decision.objects.get(number="36.m/1")
        assert list(restored.amounts.values_list("year", "amount")) == rows
        assert restored.amounts_plain == amounts and restored.total == D("270000.50")
        assert Decision.objects.get(number="36.m/2").total == D("0.00")

        old = _migrate(BEFORE)
        back = old.get_model("funding", "Decision").objects.order_by("number")
        assert [(d.amounts, d.total) for d in back] == [(amounts, D("270000.50")), ({}, 0)]
        assert old.get_model("funding", "Proposal").objects.get(pk=granted.pk).amounts == amounts

        # A stored total that is not the sum of the amounts: refused, not guessed.
        back.filter(number="36.m/1").update(total=D("270000.00"))
        with pytest.raises(ValueError, match="not the sum of its amounts"):
            _migrate(AFTER)
        back.filter(number="36.m/1").update(total=D("270000.50"))
    finally:
        _migrate_to_latest()  # every app's newest migration: later tests need the whole schema
