"""The base-rate table: the seed, and the ministry's entry of a new rate (refusals, audit)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from teilhabe.core.actions import Refusal
from teilhabe.core.models import AuditEvent
from teilhabe.proofs import services
from teilhabe.proofs.data.base_rates import RATES
from teilhabe.proofs.models import BaseRate

pytestmark = pytest.mark.django_db

SOURCE = "Deutsche Bundesbank, Bekanntmachung im Bundesanzeiger (Test)"


def codes(exc: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code for e in errors] for field, errors in exc.error_dict.items()}


def test_the_migration_seeds_the_published_rates_from_2012_with_their_source():
    seeded = dict(BaseRate.objects.values_list("valid_from", "rate"))
    assert seeded == dict(RATES)
    assert len(seeded) == 29  # 2012-01-01 … 2026-01-01, every half-year
    assert seeded[date(2013, 1, 1)] == Decimal("-0.13")
    assert seeded[date(2022, 7, 1)] == Decimal("-0.88")
    assert seeded[date(2024, 1, 1)] == Decimal("3.62")
    assert seeded[date(2026, 1, 1)] == Decimal("1.27")
    assert date(2026, 7, 1) not in seeded  # not known here: never invented
    assert all("Bundesbank" in s for s in BaseRate.objects.values_list("source", flat=True))
    assert "3,62 Prozent" in BaseRate.objects.get(valid_from=date(2024, 1, 1)).source


def test_the_ministry_enters_a_rate_audited(mia):
    row = services.add_base_rate(
        by=mia, valid_from=date(2030, 1, 1), rate="2.50", source=f"  {SOURCE} "
    )
    assert (row.rate, row.source) == (Decimal("2.50"), SOURCE)
    event = AuditEvent.objects.get(action="base_rate.added")
    assert event.object_id == str(row.pk) and event.actor == mia
    assert event.changes["rate"] == {"from": None, "to": "2.50"}
    assert event.changes["valid_from"]["to"] == "2030-01-01"


@pytest.mark.parametrize("who", ["bernd", "lars", "anna", "kai", "eva"])
def test_nobody_but_the_ministry_enters_a_rate(who, request):
    with pytest.raises(Refusal):
        services.add_base_rate(
            by=request.getfixturevalue(who), valid_from=date(2030, 1, 1), rate="1", source=SOURCE
        )
    assert not BaseRate.objects.filter(valid_from=date(2030, 1, 1)).exists()
    assert not AuditEvent.objects.filter(action="base_rate.added").exists()


@pytest.mark.parametrize(
    ("valid_from", "rate", "expected"),
    [
        (date(2030, 2, 1), "1.00", {"valid_from": ["not_half_year_start"]}),
        (date(2030, 7, 2), "1.00", {"valid_from": ["not_half_year_start"]}),
        (date(2026, 1, 1), "1.27", {"valid_from": ["duplicate"]}),
        (date(2030, 1, 1), "-10.01", {"rate": ["out_of_range"]}),
        (date(2030, 1, 1), "20.01", {"rate": ["out_of_range"]}),
        (date(2030, 1, 1), "1.005", {"rate": ["too_many_places"]}),
        (date(2030, 1, 1), "eins", {"rate": ["invalid_number"]}),
    ],
)
def test_it_refuses_with_stable_codes(mia, valid_from, rate, expected):
    before = BaseRate.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.add_base_rate(by=mia, valid_from=valid_from, rate=rate, source=SOURCE)
    assert codes(exc.value) == expected
    assert BaseRate.objects.count() == before
    assert not AuditEvent.objects.filter(action="base_rate.added").exists()


def test_the_bounds_themselves_are_allowed(mia):
    services.add_base_rate(by=mia, valid_from=date(2030, 1, 1), rate="-10", source=SOURCE)
    services.add_base_rate(by=mia, valid_from=date(2030, 7, 1), rate="20.00", source=SOURCE)
    assert BaseRate.objects.filter(valid_from__year=2030).count() == 2


def test_a_source_is_required(mia):
    with pytest.raises(ValidationError) as exc:
        services.add_base_rate(by=mia, valid_from=date(2030, 1, 1), rate="1", source="  ")
    assert codes(exc.value) == {"source": ["required"]}


def test_the_database_refuses_what_the_service_would(mia):
    """The constraints hold also for a write that skips the service (a shell, a migration)."""
    for fields in (
        {"valid_from": date(2031, 3, 1), "rate": Decimal("1.00")},
        {"valid_from": date(2031, 1, 1), "rate": Decimal("-10.50")},
        {"valid_from": date(2026, 1, 1), "rate": Decimal("1.00")},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            BaseRate.objects.create(source=SOURCE, **fields)


def test_two_entries_of_one_half_year_at_once_the_second_is_refused(mia):
    """Both checked before either was saved (the pre-check sees nothing): the unique index
    refuses the second, and the service answers `duplicate`, not a server error."""
    with (
        mock.patch.object(QuerySet, "exists", return_value=False),
        pytest.raises(ValidationError) as exc,
    ):
        services.add_base_rate(by=mia, valid_from=date(2026, 1, 1), rate="1", source=SOURCE)
    assert codes(exc.value) == {"valid_from": ["duplicate"]}
    assert not AuditEvent.objects.filter(action="base_rate.added").exists()
