"""The start page offers each role its next steps, from live data."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre


def _links(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [step.url for step in response.context["steps"]]


def test_it_shows_the_public_the_registry_and_the_open_data(
    territory: None, client: Client
) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert _links(response) == [
        reverse("centres:list"),
        reverse("funding:calculator"),
        reverse("proofs:interest_calculator"),
        reverse("events:list"),
        "/api/v1/docs",
    ]


def test_it_sends_the_ki_lead_to_her_ki_and_its_trail(
    anna: User, bielefeld: Centre, verified_client
) -> None:
    links = _links(verified_client(anna).get("/"))
    assert reverse("centres:edit", args=[bielefeld.pk]) in links
    assert reverse("core:audit_log") in links
    assert reverse("accounts:security") in links


def test_it_gives_ki_staff_no_trail(kai: User, bielefeld: Centre, verified_client) -> None:
    links = _links(verified_client(kai).get("/"))
    assert reverse("centres:edit", args=[bielefeld.pk]) in links
    assert reverse("core:audit_log") not in links


def test_it_sends_the_school_authority_to_its_districts_ki(
    sven: User, bielefeld: Centre, verified_client
) -> None:
    assert bielefeld.get_absolute_url() in _links(verified_client(sven).get("/"))


def test_it_sends_the_grant_officer_to_the_trail(bernd: User, verified_client) -> None:
    links = _links(verified_client(bernd).get("/"))
    assert reverse("core:audit_log") in links and reverse("centres:list") in links


def test_it_suggests_a_second_factor_to_whom_has_none(paul: User) -> None:
    paul.totpdevice_set.all().delete()
    client = Client()
    client.force_login(paul)
    assert reverse("accounts:two_factor_setup") in _links(client.get("/"))
