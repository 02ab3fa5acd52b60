"""The state view's demo: reports of every KI for the past periods, the 2024 periods released,
KI Bielefeld's correction; idempotent."""

from __future__ import annotations

import pytest

from teilhabe.accounts.models import User
from teilhabe.controlling import state, state_demo
from teilhabe.controlling.models import Report, ReportingPeriod

from . import factories

pytestmark = pytest.mark.django_db


def test_it_seeds_once_and_releases_2024(lars: User, seeded: None) -> None:
    lines = state_demo.seed()
    count = Report.objects.count()
    assert count > 54 * 6 and lines
    assert state_demo.seed() == ["controlling: 0 reports of the KIs for the state view"]
    assert Report.objects.count() == count
    released = set(ReportingPeriod.objects.filter(released=True).values_list("pk", flat=True))
    assert released == {
        factories.half_year(2024, 1).pk,
        factories.half_year(2024, 2).pk,
        factories.year(2024).pk,
    }
    latest = state.latest_accepted().get(
        centre__grantee__key="05711", period=factories.half_year(2024, 1)
    )
    assert latest.revision == 2
    h1 = factories.half_year(2026, 1)
    assert not Report.objects.filter(period=h1, centre__grantee__key="05711").exists()
