"""centres.services.add_staff_member / update_staff_member: audited, validated, all-or-nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from teilhabe.accounts.models import User
from teilhabe.centres import services
from teilhabe.centres.models import Centre, PositionCategory, StaffFunction, StaffMember
from teilhabe.core.models import AuditEvent


def _data(**overrides: object) -> dict[str, object]:
    return {
        "first_name": "Lena",
        "last_name": "Müller",
        "email": "lena.mueller@bielefeld.example",
        "phone": "0521 512345",
        "function": StaffFunction.MEMBER,
        "category": PositionCategory.PEDAGOGICAL,
        "fte": Decimal("0.50"),
        "start_date": date(2020, 1, 1),
        "end_date": None,
        **overrides,
    }


@pytest.fixture
def lena(anna: User, bielefeld: Centre) -> StaffMember:
    return services.add_staff_member(bielefeld, by=anna, data=_data())


def _events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action))


def test_it_adds_a_staff_member_with_one_event(anna: User, bielefeld: Centre) -> None:
    member = services.add_staff_member(bielefeld, by=anna, data=_data())
    assert member.pk and member.centre == bielefeld
    [event] = _events("staff.added")
    assert event.actor == anna
    assert event.centre_id == bielefeld.pk
    assert event.object_id == str(member.pk)
    assert event.changes["first_name"] == {"from": None, "to": "Lena"}
    assert event.changes["fte"] == {"from": None, "to": "0.50"}
    assert event.changes["start_date"] == {"from": None, "to": "2020-01-01"}
    assert event.changes["end_date"] == {"from": None, "to": None}


def test_it_updates_a_staff_member_with_one_event(anna: User, lena: StaffMember) -> None:
    services.update_staff_member(
        lena, by=anna, data={"fte": Decimal("0.75"), "end_date": date(2025, 6, 30)}
    )
    [event] = _events("staff.updated")
    assert event.actor == anna
    assert event.centre_id == lena.centre_id
    assert event.changes == {
        "end_date": {"from": None, "to": "2025-06-30"},
        "fte": {"from": "0.50", "to": "0.75"},
    }
    lena.refresh_from_db()
    assert (lena.fte, lena.end_date) == (Decimal("0.75"), date(2025, 6, 30))


def test_it_writes_nothing_when_nothing_changes(anna: User, lena: StaffMember) -> None:
    services.update_staff_member(lena, by=anna, data={"first_name": "Lena", "fte": Decimal("0.50")})
    services.update_staff_member(lena, by=anna, data={})
    assert _events("staff.updated") == []


def test_it_sees_no_change_in_the_same_share_written_differently(
    anna: User, lena: StaffMember
) -> None:
    # 0.5 from a JSON body is the 0.50 in the database: no audit event for a non-change.
    services.update_staff_member(lena, by=anna, data={"fte": Decimal("0.5")})
    services.update_staff_member(lena, by=anna, data={"fte": 0.5})
    assert _events("staff.updated") == []


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"fte": Decimal("0")}, "fte"),
        ({"fte": Decimal("-0.5")}, "fte"),
        ({"fte": Decimal("1.5")}, "__all__"),
        ({"fte": Decimal("10")}, "fte"),
        ({"start_date": date(2024, 1, 1), "end_date": date(2023, 12, 31)}, "__all__"),
        ({"category": "volunteer"}, "category"),
        ({"first_name": ""}, "first_name"),
        ({"email": "lena at bielefeld"}, "email"),
    ],
)
def test_it_refuses_an_invalid_new_staff_member(
    anna: User, bielefeld: Centre, overrides: dict, field: str
) -> None:
    with pytest.raises(ValidationError) as e:
        services.add_staff_member(bielefeld, by=anna, data=_data(**overrides))
    assert field in e.value.error_dict
    assert not StaffMember.objects.exists()
    assert _events("staff.added") == []


@pytest.mark.parametrize(
    "data",
    [
        {"fte": Decimal("0")},
        {"fte": Decimal("1.5")},
        {"end_date": date(2019, 12, 31)},
        {"last_name": "Meyer", "fte": Decimal("1.5")},  # the valid part is not saved either
    ],
)
def test_it_refuses_an_invalid_change_and_keeps_the_member(
    anna: User, lena: StaffMember, data: dict
) -> None:
    with pytest.raises(ValidationError):
        services.update_staff_member(lena, by=anna, data=data)
    stored = StaffMember.objects.get(pk=lena.pk)
    assert (stored.last_name, stored.fte, stored.end_date) == ("Müller", Decimal("0.50"), None)
    assert _events("staff.updated") == []


def test_it_refuses_unknown_fields(
    anna: User, bielefeld: Centre, dortmund: Centre, lena: StaffMember
) -> None:
    with pytest.raises(ValidationError) as e:
        services.add_staff_member(bielefeld, by=anna, data=_data(salary=Decimal("5000")))
    assert e.value.code == "unknown_field"
    with pytest.raises(ValidationError) as e:
        services.update_staff_member(lena, by=anna, data={"centre": dortmund})
    assert e.value.code == "unknown_field"
    assert StaffMember.objects.get().centre == bielefeld
    assert _events("staff.updated") == []
    assert len(_events("staff.added")) == 1


def test_it_names_the_constraint_a_service_caller_broke(bielefeld):
    import datetime
    from decimal import Decimal

    import pytest
    from django.core.exceptions import ValidationError

    from conftest import member_of
    from teilhabe.centres import services

    with pytest.raises(ValidationError) as e:
        services.add_staff_member(
            bielefeld,
            by=member_of(bielefeld),
            data={
                "first_name": "Lena",
                "last_name": "Kaya",
                "category": "pedagogical",
                "fte": Decimal("1.5"),
                "start_date": datetime.date(2025, 1, 1),
            },
        )
    codes = {err.code for errs in e.value.error_dict.values() for err in errs}
    assert "fte_out_of_range" in codes
