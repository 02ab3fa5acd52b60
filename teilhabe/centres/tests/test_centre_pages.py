"""The public registry pages: list with search and filter, detail with staff for those who may."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import member_of
from teilhabe.accounts.models import User
from teilhabe.centres import services
from teilhabe.centres.models import Centre, PositionCategory
from teilhabe.territory.models import District, Grantee


def _add_staff(centre: Centre, n: int) -> None:
    for i in range(n):
        services.add_staff_member(
            centre,
            by=member_of(centre),
            data={
                "first_name": f"Person{i}",
                "last_name": "Test",
                "category": PositionCategory.PEDAGOGICAL,
                "fte": Decimal("0.50"),
                "start_date": date(2020, 1, 1),
            },
        )


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_it_lists_all_54_centres(territory: None, client: Client) -> None:
    response = client.get(reverse("centres:list"))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 54
    assert "Kommunales Integrationszentrum Bielefeld" in response.content.decode()


def test_it_searches_and_filters(territory: None, client: Client) -> None:
    found = client.get(reverse("centres:list"), {"q": "05711"}).context["page"].object_list
    assert [c.grantee.key for c in found] == ["05711"]
    detmold = client.get(reverse("centres:list"), {"regierungsbezirk": "057"}).context["page"]
    assert detmold.paginator.count == 7
    assert {c.grantee.district.regierungsbezirk.key for c in detmold.object_list} == {"057"}
    nothing = client.get(reverse("centres:list"), {"q": "Atlantis"})
    assert nothing.context["page"].paginator.count == 0


def test_it_answers_htmx_with_the_results_only(territory: None, client: Client) -> None:
    response = client.get(reverse("centres:list"), {"q": "Bielefeld"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body
    assert "Kommunales Integrationszentrum Bielefeld" in body


def test_it_lists_in_a_fixed_number_of_queries(
    territory: None, client: Client, django_assert_num_queries
) -> None:
    url = reverse("centres:list")
    # count, page of centres (with grantee, district, Regierungsbezirk), Regierungsbezirke
    with django_assert_num_queries(3):
        client.get(url)
    district = District.objects.get(key="05711")
    for i in range(3):
        grantee = Grantee.objects.create(
            key=f"0571199{i}", name=f"Test {i}", kind="kreis", district=district,
            population=1000, population_date=date(2019, 12, 31),
        )  # fmt: skip
        Centre.objects.create(grantee=grantee, name=f"KI Test {i}")
    assert _queries(client, url) == 3


def test_it_shows_a_centre_with_its_staff_in_a_fixed_number_of_queries(
    anna: User, bielefeld: Centre, verified_client, django_assert_num_queries
) -> None:
    client = verified_client(anna)
    url = reverse("centres:detail", args=[bielefeld.pk])
    _add_staff(bielefeld, 2)
    few = _queries(client, url)
    _add_staff(bielefeld, 20)
    assert _queries(client, url) == few
    # session, user, OTP device, centre, staff, current concept, the unread notifications
    # (navigation), session save (3), and the network's panel: the concept's bodies (its
    # organisations only where the concept names some), the quality panel: the latest status
    with django_assert_num_queries(12):
        response = client.get(url)
    assert len(response.context["staff"]) == 22


def test_it_shows_a_centre_to_the_public_without_staff(bielefeld: Centre, client: Client) -> None:
    _add_staff(bielefeld, 1)
    response = client.get(reverse("centres:detail", args=[bielefeld.pk]))
    assert response.status_code == 200
    assert response.context["staff"] is None
    assert "Person0" not in response.content.decode()
    assert reverse("centres:edit", args=[bielefeld.pk]) not in response.content.decode()


def test_it_offers_editing_to_the_ki_only(
    kai: User, carla: User, bielefeld: Centre, verified_client
) -> None:
    edit = reverse("centres:edit", args=[bielefeld.pk])
    detail = reverse("centres:detail", args=[bielefeld.pk])
    assert edit in verified_client(kai).get(detail).content.decode()
    assert edit not in verified_client(carla).get(detail).content.decode()


def test_it_answers_an_unknown_centre_with_404(territory: None, client: Client) -> None:
    assert client.get(reverse("centres:detail", args=[999999])).status_code == 404
