"""Two receipts against one receivable at the same moment, on PostgreSQL: never over-settled.

Two threads with their own connections record, at once, receipts that each fit what is owed but
together exceed it; the receivable's row lock serialises them, so the second sees the first's
credit and is refused `over_settled`. SQLite serialises all writers anyway: PostgreSQL only.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from teilhabe.funding.models import BudgetLine, Receipt, Receivable, ReceivableStatus
from teilhabe.funding.services import receivables

from . import budget_helpers
from .test_budget_race import ROUNDS, race

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: real row locks between concurrent connections",
    ),
]


def _pay(receivable: Receivable, by, day) -> None:  # type: ignore[no-untyped-def]
    """The receipt; its field error as a plain code (the race helper reports `.code`)."""
    try:
        receivables.record_receipt(receivable, by=by, received_on=day, amount="600.00")
    except ValidationError as exc:
        codes = [e.code for errors in exc.error_dict.values() for e in errors]
        raise ValidationError("refused", code=",".join(str(c) for c in codes)) from exc


def test_two_receipts_at_once_never_over_settle(bielefeld, bernd, guel):
    _app, decision = budget_helpers.granted(bielefeld, officer=bernd, approver=guel)
    line = BudgetLine.objects.get(fiscal_year=2026)
    today = timezone.localdate()
    for round_ in range(ROUNDS):
        receivable = receivables.book_receivable(
            decision,
            by=guel,
            budget_line=line,
            fiscal_year=2026,
            principal=Decimal("1000.00"),
            reason="Teilwiderruf",
            reference=f"R{round_}",
            source_url="",
            due_date=today + timedelta(days=30),
        )
        results = race(
            lambda r=receivable: _pay(r, bernd, today),
            lambda r=receivable: _pay(r, bernd, today),
        )
        assert sorted(results) == ["ok", "over_settled"], f"round {round_}: {results}"
        row = Receivable.objects.get(pk=receivable.pk)
        assert row.received == Decimal("600.00")
        assert row.status == ReceivableStatus.PARTLY_SETTLED
        assert [r.amount for r in Receipt.objects.filter(receivable=row)] == [Decimal("600.00")]
