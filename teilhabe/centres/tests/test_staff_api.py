"""GET /api/v1/centres/{id}/staff: names for those who may, pseudonyms for the evaluator."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from conftest import member_of
from teilhabe.accounts.models import User
from teilhabe.accounts.services import create_api_token
from teilhabe.centres import access, services
from teilhabe.centres.models import Centre, PositionCategory, StaffFunction, StaffMember
from teilhabe.core.pseudonyms import pseudonym

keyed = pseudonym


@pytest.fixture
def staff(bielefeld: Centre) -> list[StaffMember]:
    return [
        services.add_staff_member(
            bielefeld,
            by=member_of(bielefeld),
            data={
                "first_name": first,
                "last_name": last,
                "category": PositionCategory.PEDAGOGICAL,
                "fte": Decimal("1.00"),
                "start_date": date(2020, 1, 1),
            },
        )
        for first, last in [("Lena", "Müller"), ("Ahmad", "Haddad"), ("Sabine", "Koch")]
    ]


def test_it_shows_the_names_to_the_ki_itself(
    kai: User, bielefeld: Centre, staff: list, verified_client
) -> None:
    response = verified_client(kai).get(f"/api/v1/centres/{bielefeld.pk}/staff")
    assert response.status_code == 200
    assert {m["name"] for m in response.json()} == {"Lena Müller", "Ahmad Haddad", "Sabine Koch"}
    assert response.json()[0]["fte"] == "1.00"


def test_it_pseudonymises_the_staff_for_the_evaluator(
    eva: User, bielefeld: Centre, staff: list[StaffMember], verified_client
) -> None:
    response = verified_client(eva).get(f"/api/v1/centres/{bielefeld.pk}/staff")
    assert response.status_code == 200
    assert sorted(m["name"] for m in response.json()) == sorted(keyed("staff", m.pk) for m in staff)
    for name in ("Lena", "Müller", "Ahmad", "Haddad", "Sabine", "Koch"):
        assert name not in response.content.decode()
    assert {m["category"] for m in response.json()} == {"pedagogical"}
    assert {m["id"] for m in response.json()} == {None}


def test_it_pseudonymises_the_detail_page_for_the_evaluator(
    eva: User, bielefeld: Centre, staff: list[StaffMember], verified_client
) -> None:
    page = verified_client(eva).get(f"/zentren/{bielefeld.pk}/").content.decode()
    assert keyed("staff", staff[0].pk) in page
    assert "Müller" not in page and "Haddad" not in page
    assert f"#{staff[0].pk}" not in page


def test_the_pseudonym_is_a_keyed_hash_not_the_id(staff: list[StaffMember], settings) -> None:
    """HMAC-SHA256 over kind and id with PSEUDONYM_KEY: another key, other pseudonyms."""
    member = staff[0]
    digest = hmac.new(b"k" * 40, f"staff:{member.pk}".encode(), hashlib.sha256).hexdigest()
    settings.PSEUDONYM_KEY = "k" * 40
    assert access.pseudonymous(member).pseudonym == f"P-{digest[:12]}"
    settings.PSEUDONYM_KEY = "l" * 40
    assert access.pseudonymous(member).pseudonym != f"P-{digest[:12]}"
    assert pseudonym("staff", member.pk) != pseudonym("user", member.pk)


@pytest.fixture
def head(bielefeld: Centre) -> StaffMember:
    return services.add_staff_member(
        bielefeld,
        by=member_of(bielefeld),
        data={
            "first_name": "Hanna",
            "last_name": "Leitner",
            "function": StaffFunction.HEAD,
            "category": PositionCategory.ADMINISTRATIVE,
            "fte": Decimal("1.00"),
            "start_date": date(2021, 3, 15),
        },
    )


def test_the_evaluator_sees_the_head_as_management_since_a_year(
    eva: User, bielefeld: Centre, head: StaffMember, staff: list[StaffMember], verified_client
) -> None:
    client = verified_client(eva)
    rows = client.get(f"/api/v1/centres/{bielefeld.pk}/staff").json()
    (row,) = [r for r in rows if r["name"] == keyed("staff", head.pk)]
    assert row["function"] == "management"
    assert (row["start_date"], row["start_year"], row["end_year"]) == (None, 2021, None)
    assert "2021-03-15" not in json.dumps(rows) and '"head"' not in json.dumps(rows)
    page = client.get(f"/zentren/{bielefeld.pk}/").content.decode()  # German
    assert ">Leitungsebene<" in page and ">Leitung<" not in page
    assert "15.03.2021" not in page and "2021 – heute" in page


def test_the_ki_still_sees_the_head_and_the_dates(
    kai: User, bielefeld: Centre, head: StaffMember, verified_client
) -> None:
    rows = verified_client(kai).get(f"/api/v1/centres/{bielefeld.pk}/staff").json()
    assert rows[0]["function"] == "head" and rows[0]["start_date"] == "2021-03-15"
    assert rows[0]["id"] == head.pk and rows[0]["name"] == "Hanna Leitner"


def test_it_hides_the_staff_from_another_ki_and_partners(
    carla: User, paul: User, bielefeld: Centre, staff: list, verified_client
) -> None:
    for user in (carla, paul):
        client = verified_client(user)
        response = client.get(f"/api/v1/centres/{bielefeld.pk}/staff")
        assert response.status_code == 404
        page = client.get(f"/zentren/{bielefeld.pk}/").content.decode()
        assert "Müller" not in page and 'id="staff"' not in page


def test_it_shows_the_staff_to_the_school_authority_of_the_district_only(
    sven: User, bielefeld: Centre, dortmund: Centre, staff: list, verified_client
) -> None:
    client = verified_client(sven)
    assert client.get(f"/api/v1/centres/{bielefeld.pk}/staff").status_code == 200
    assert client.get(f"/api/v1/centres/{dortmund.pk}/staff").status_code == 404


def test_it_serves_the_staff_with_a_token(bernd: User, bielefeld: Centre, staff: list) -> None:
    _token, raw = create_api_token(bernd, by=bernd, name="Staff export")
    response = Client().get(
        f"/api/v1/centres/{bielefeld.pk}/staff", HTTP_AUTHORIZATION=f"Bearer {raw}"
    )
    assert response.status_code == 200
    assert len(response.json()) == 3


def test_it_answers_an_unknown_centre_with_404(bernd: User, verified_client) -> None:
    response = verified_client(bernd).get("/api/v1/centres/999999/staff")
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"


def test_it_lists_the_staff_in_a_fixed_number_of_queries(
    bernd: User, bielefeld: Centre, staff: list, django_assert_num_queries
) -> None:
    _token, raw = create_api_token(bernd, by=bernd, name="Staff export")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    url = f"/api/v1/centres/{bielefeld.pk}/staff"
    # token with its user, note of its use, its audit event, centre, staff
    with django_assert_num_queries(5):
        assert len(client.get(url).json()) == 3
    for i in range(10):
        services.add_staff_member(
            bielefeld,
            by=member_of(bielefeld),
            data={
                "first_name": f"Person{i}",
                "last_name": "Test",
                "category": PositionCategory.TEACHER,
                "fte": Decimal("1.00"),
                "start_date": date(2021, 8, 1),
            },
        )
    with django_assert_num_queries(3):  # last use was just noted: no write this time
        assert len(client.get(url).json()) == 13
