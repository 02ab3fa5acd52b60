"""Who reads which audit events: a KI lead her own KI's, the grant authority and the coordination
office all of them, everyone else nothing (404, as if the trail did not exist)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from teilhabe.accounts.models import User
from teilhabe.accounts.services import create_api_token
from teilhabe.centres import services
from teilhabe.centres.models import Centre

BIELEFELD_MARK = "Amt für Integration Bielefeld (audit mark)"
DORTMUND_MARK = "Amt für Integration Dortmund (audit mark)"

SEES_ALL = ["bernd", "guel", "lars"]
SEES_NOTHING = ["kai", "mia", "sven", "eva", "paul"]


@pytest.fixture
def events(anna: User, carla: User, bielefeld: Centre, dortmund: Centre) -> None:
    services.update_centre(bielefeld, by=anna, data={"attachment": BIELEFELD_MARK})
    services.update_centre(dortmund, by=carla, data={"attachment": DORTMUND_MARK})


def _api_events(client: Client) -> list[dict]:
    response = client.get("/api/v1/audit-events")
    assert response.status_code == 200
    return response.json()["items"]


def test_it_shows_anna_only_her_own_kis_events(
    events: None, anna: User, bielefeld: Centre, verified_client
) -> None:
    client = verified_client(anna)
    page = client.get(reverse("core:audit_log")).content.decode()
    assert BIELEFELD_MARK in page
    assert DORTMUND_MARK not in page
    items = _api_events(client)
    assert items and {e["centre_id"] for e in items} == {bielefeld.pk}


def test_it_shows_carla_nothing_of_bielefeld(
    events: None, carla: User, bielefeld: Centre, dortmund: Centre, verified_client
) -> None:
    client = verified_client(carla)
    page = client.get(reverse("core:audit_log")).content.decode()
    assert DORTMUND_MARK in page
    assert BIELEFELD_MARK not in page
    assert {e["centre_id"] for e in _api_events(client)} == {dortmund.pk}
    # Asking for Bielefeld's events explicitly gives nothing either.
    assert client.get(f"/api/v1/audit-events?centre={bielefeld.pk}").json()["items"] == []


@pytest.mark.parametrize("who", SEES_ALL)
def test_it_shows_the_grant_authority_and_coordination_everything(
    who: str, events: None, bielefeld: Centre, dortmund: Centre, verified_client, request
) -> None:
    client = verified_client(request.getfixturevalue(who))
    page = client.get(reverse("core:audit_log")).content.decode()
    assert BIELEFELD_MARK in page and DORTMUND_MARK in page
    centres = {e["centre_id"] for e in _api_events(client)}
    assert {bielefeld.pk, dortmund.pk, None} <= centres
    filtered = client.get(f"/api/v1/audit-events?centre={dortmund.pk}").json()["items"]
    assert filtered and {e["centre_id"] for e in filtered} == {dortmund.pk}


@pytest.mark.parametrize("who", SEES_NOTHING)
def test_it_shows_everyone_else_nothing(who: str, events: None, verified_client, request) -> None:
    client = verified_client(request.getfixturevalue(who))
    assert client.get(reverse("core:audit_log")).status_code == 404
    response = client.get("/api/v1/audit-events")
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"
    assert BIELEFELD_MARK not in client.get(reverse("pages:start")).content.decode()


def test_it_links_the_trail_only_for_those_who_may_read_it(
    anna: User, kai: User, verified_client
) -> None:
    link = f'href="{reverse("core:audit_log")}"'
    assert link in verified_client(anna).get(reverse("centres:list")).content.decode()
    assert link not in verified_client(kai).get(reverse("centres:list")).content.decode()


def test_it_serves_the_api_trail_with_a_token(events: None, bernd: User) -> None:
    _token, raw = create_api_token(bernd, by=bernd, name="Audit export")
    response = Client().get("/api/v1/audit-events", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == len(body["items"])  # fewer than a page of 50
    event = next(
        e
        for e in body["items"]
        if e["action"] == "centre.updated" and e["object"].endswith("Bielefeld")
    )
    assert event["actor"] == "anna (Anna Test)"
    assert event["object_type"] == "centres.centre"
    assert event["changes"] == {"attachment": {"from": "", "to": BIELEFELD_MARK}}
