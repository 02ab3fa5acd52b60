"""Guideline versions are data; versions in force are never edited in place."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D
from itertools import pairwise

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from teilhabe.accounts.models import User
from teilhabe.core.roles import Role
from teilhabe.funding import services
from teilhabe.funding.models import Guideline, PositionGroup


def _ministry() -> User:
    return User.objects.get_or_create(username="ministerium", defaults={"role": Role.MINISTRY})[0]


def version(valid_from: date, code: str = "future", **changes):  # type: ignore[no-untyped-def]
    data = {
        "code": code,
        "title": f"Guideline {code}",
        "valid_from": valid_from,
        "citation": "§ 8 TIntG NRW; test",
        "specialist_amount": D("60000"),
        "assistant_amount": D("46000"),
        "annual_cap_kreis": None,
        "annual_cap_kreisfreie_stadt": None,
        "interpreter_pool_cap": D("50000"),
        "in_kind_teachers": 2,
        "in_kind_value": D("100000"),
        "groups": [
            {
                "code": "all",
                "name": "all",
                "categories": ["pedagogical", "administrative", "assistant"],
                "max_fte": D("7.0"),
                "citation": "test",
            }
        ],
    }
    data.update(changes)
    return services.add_guideline_version(by=_ministry(), **data)


def test_it_stores_the_four_versions_back_to_back(db):
    versions = list(Guideline.objects.all())
    assert [v.code for v in versions] == ["2012", "2015", "2018", "2022"]
    for before, after in pairwise(versions):
        assert before.valid_until == after.valid_from - timedelta(days=1)
    assert versions[-1].valid_until is None
    assert "angenommen" in versions[-1].citation  # the assumed start date is said


def test_it_refuses_to_edit_a_version_in_force(db):
    guideline = Guideline.objects.get(code="2012")
    guideline.specialist_amount = D("60000")
    with pytest.raises(ValidationError) as e:
        guideline.save()
    assert e.value.code == "guideline_in_force"
    assert Guideline.objects.get(code="2012").specialist_amount == D("50000")


def test_it_refuses_to_delete_a_version_or_change_its_groups(db):
    guideline = Guideline.objects.get(code="2018")
    group = PositionGroup.objects.filter(guideline=guideline).first()
    group.max_fte = D("9")
    with pytest.raises(ValidationError) as e:
        group.save()
    assert e.value.code == "guideline_in_force"
    with pytest.raises(ValidationError):
        guideline.delete()


def test_it_adds_a_future_version_and_ends_the_open_one_the_day_before(db):
    start = timezone.localdate() + timedelta(days=30)
    added = version(start)
    assert Guideline.objects.get(code="2022").valid_until == start - timedelta(days=1)
    added.title = "Corrected before it comes into force"
    added.save()  # not yet in force: may still be corrected
    assert Guideline.objects.get(code="future").title.startswith("Corrected")


def test_it_refuses_overlapping_versions(db):
    with pytest.raises(ValidationError) as e:
        version(date(2016, 1, 1), valid_until=date(2016, 12, 31))
    assert e.value.error_dict["valid_from"][0].code == "guideline_overlap"


def test_it_refuses_to_cut_a_version_in_force_retroactively(db):
    with pytest.raises(ValidationError) as e:
        version(timezone.localdate() - timedelta(days=1))
    assert e.value.error_dict["valid_from"][0].code == "guideline_in_force"
    assert Guideline.objects.get(code="2022").valid_until is None
