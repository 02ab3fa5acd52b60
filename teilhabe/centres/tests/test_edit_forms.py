"""The KI maintains its own data through forms that save through the services, show errors next
to the fields and never lose what the user typed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from conftest import member_of
from teilhabe.accounts.models import User
from teilhabe.centres import services
from teilhabe.centres.models import Centre, PositionCategory, StaffMember
from teilhabe.core.models import AuditEvent


def _centre_form(centre: Centre, **changes: str) -> dict[str, str]:
    data = {
        "name": centre.name,
        "status": centre.status,
        "opened_on": centre.opened_on.isoformat() if centre.opened_on else "",
        "attachment": centre.attachment,
        "street": centre.street,
        "postcode": centre.postcode,
        "city": centre.city,
        "email": centre.email,
        "phone": centre.phone,
        "website": centre.website,
    }
    return {**data, **changes}


def _staff_form(**changes: str) -> dict[str, str]:
    return {
        "first_name": "Zeynep",
        "last_name": "Kaya",
        "email": "",
        "phone": "",
        "function": "member",
        "category": "pedagogical",
        "fte": "0.5",
        "start_date": "2024-02-01",
        "end_date": "",
        **changes,
    }


@pytest.fixture
def lena(bielefeld: Centre) -> StaffMember:
    return services.add_staff_member(
        bielefeld,
        by=member_of(bielefeld),
        data={
            "first_name": "Lena",
            "last_name": "Müller",
            "category": PositionCategory.PEDAGOGICAL,
            "fte": Decimal("0.50"),
            "start_date": date(2020, 1, 1),
        },
    )


def test_it_saves_the_centre_and_audits_the_change(
    anna: User, bielefeld: Centre, verified_client
) -> None:
    client: Client = verified_client(anna)
    url = reverse("centres:edit", args=[bielefeld.pk])
    response = client.post(url, _centre_form(bielefeld, street="Niederwall 23", postcode="33602"))
    assert response.status_code == 302
    assert response["Location"] == reverse("centres:detail", args=[bielefeld.pk])
    bielefeld.refresh_from_db()
    assert (bielefeld.street, bielefeld.postcode) == ("Niederwall 23", "33602")
    [event] = AuditEvent.objects.filter(action="centre.updated")
    assert event.changes == {
        "postcode": {"from": "", "to": "33602"},
        "street": {"from": "", "to": "Niederwall 23"},
    }


def test_it_keeps_what_was_typed_in_an_invalid_centre_form(
    anna: User, bielefeld: Centre, verified_client
) -> None:
    client: Client = verified_client(anna)
    response = client.post(
        reverse("centres:edit", args=[bielefeld.pk]),
        _centre_form(bielefeld, street="Niederwall 23", postcode="12ab"),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="12ab"' in body and 'value="Niederwall 23"' in body
    assert response.context["form"].errors["postcode"]
    assert 'aria-invalid="true"' in body
    assert Centre.objects.get(pk=bielefeld.pk).street == ""
    assert not AuditEvent.objects.filter(action="centre.updated").exists()


def test_it_adds_a_staff_member(kai: User, bielefeld: Centre, verified_client) -> None:
    response = verified_client(kai).post(
        reverse("centres:staff_add", args=[bielefeld.pk]), _staff_form()
    )
    assert response.status_code == 302
    member = StaffMember.objects.get()
    assert (member.first_name, member.centre, member.fte) == ("Zeynep", bielefeld, Decimal("0.50"))
    assert AuditEvent.objects.get(action="staff.added").actor == kai


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"fte": "1.5"}, "fte"),
        ({"fte": "0"}, "fte"),
        ({"end_date": "2024-01-31"}, "end_date"),
        ({"last_name": ""}, "last_name"),
    ],
)
def test_it_keeps_what_was_typed_in_an_invalid_staff_form(
    anna: User, bielefeld: Centre, verified_client, changes: dict, field: str
) -> None:
    response = verified_client(anna).post(
        reverse("centres:staff_add", args=[bielefeld.pk]), _staff_form(**changes)
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="Zeynep"' in body
    assert 'value="2024-02-01"' in body
    assert field in response.context["form"].errors
    assert f'id="id_{field}-error"' in body  # the error sits next to its field
    assert not StaffMember.objects.exists()
    assert not AuditEvent.objects.filter(action="staff.added").exists()


def test_it_ends_a_position_by_setting_the_end_date(
    anna: User, bielefeld: Centre, lena: StaffMember, verified_client
) -> None:
    response = verified_client(anna).post(
        reverse("centres:staff_edit", args=[bielefeld.pk, lena.pk]),
        _staff_form(first_name="Lena", last_name="Müller", fte="0.50", start_date="2020-01-01",
                    end_date="2025-06-30"),
    )  # fmt: skip
    assert response.status_code == 302
    lena.refresh_from_db()
    assert lena.end_date == date(2025, 6, 30)
    [event] = AuditEvent.objects.filter(action="staff.updated")
    assert event.changes == {"end_date": {"from": None, "to": "2025-06-30"}}


def test_it_refuses_to_edit_another_kis_staff_member(
    anna: User, carla: User, bielefeld: Centre, dortmund: Centre, lena: StaffMember, verified_client
) -> None:
    # Lena works in Bielefeld: not reachable through Dortmund's URL, nor by Dortmund's lead.
    assert (
        verified_client(anna)
        .get(reverse("centres:staff_edit", args=[dortmund.pk, lena.pk]))
        .status_code
        == 404
    )
    carla_client = verified_client(carla)
    url = reverse("centres:staff_edit", args=[bielefeld.pk, lena.pk])
    assert carla_client.post(url, _staff_form(first_name="Hacked")).status_code == 404
    assert (
        carla_client.post(
            reverse("centres:edit", args=[bielefeld.pk]), _centre_form(bielefeld, name="X")
        ).status_code
        == 404
    )
    lena.refresh_from_db()
    assert lena.first_name == "Lena"
    assert Centre.objects.get(pk=bielefeld.pk).name == bielefeld.name
