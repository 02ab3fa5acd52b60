"""The service kit: permission, lock, guarded transition (each guard has a test that fails
without it)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser
from hypothesis import given
from hypothesis import strategies as st

from teilhabe.core.actions import Refusal, require
from teilhabe.core.dates import german_date, german_datetime


def test_require_refuses_nobody_anonymous_and_a_failing_rule(lars) -> None:
    user = lars
    with pytest.raises(Refusal) as refused:
        require(None, lambda u: True)
    assert refused.value.code == "not_permitted"
    with pytest.raises(Refusal):
        require(AnonymousUser(), lambda u: True)
    with pytest.raises(Refusal):
        require(user, lambda u, obj: obj == 2, 1)
    require(user, lambda u, obj: obj == 1, 1)  # allowed: no exception


@given(st.dates(min_value=date(1000, 1, 1)))
def test_german_date_is_day_month_year_with_dots(day: date) -> None:
    text = german_date(day)
    d, m, y = text.split(".")
    assert (int(d), int(m), int(y)) == (day.day, day.month, day.year)
    assert len(d) == 2 and len(m) == 2


def test_german_datetime_in_local_time() -> None:
    moment = datetime(2026, 12, 31, 23, 30, tzinfo=ZoneInfo("UTC"))
    assert german_datetime(moment) == "01.01.2027 00:30"
