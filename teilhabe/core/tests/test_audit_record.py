"""What an audit event says: who, what, which KI, what changed, and in which request."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from teilhabe.accounts import services as accounts
from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.core.models import AuditEvent


def _edit_form(centre: Centre, **changes: str) -> dict[str, str]:
    data = {
        "name": centre.name,
        "status": centre.status,
        "opened_on": "",
        "attachment": centre.attachment,
        "street": centre.street,
        "postcode": centre.postcode,
        "city": centre.city,
        "email": centre.email,
        "phone": centre.phone,
        "website": centre.website,
    }
    return {**data, **changes}


def test_it_records_the_request_id_the_proxy_sent(
    anna: User, bielefeld: Centre, verified_client
) -> None:
    client: Client = verified_client(anna)
    response = client.post(
        reverse("centres:edit", args=[bielefeld.pk]),
        _edit_form(bielefeld, street="Niederwall 23"),
        HTTP_X_REQUEST_ID="proxy-req-0001",
    )
    assert response.status_code == 302
    assert response["X-Request-ID"] == "proxy-req-0001"
    event = AuditEvent.objects.get(action="centre.updated")
    assert event.request_id == "proxy-req-0001"
    assert event.actor == anna
    assert event.actor_label == "anna (Anna Test)"
    assert event.centre_id == bielefeld.pk
    assert event.content_type == ContentType.objects.get_for_model(Centre)
    assert event.object_id == str(bielefeld.pk)
    assert event.object_label == bielefeld.name
    assert event.changes == {"street": {"from": "", "to": "Niederwall 23"}}


def test_it_makes_its_own_request_id_when_the_header_is_unsafe(
    anna: User, bielefeld: Centre, verified_client
) -> None:
    client: Client = verified_client(anna)
    response = client.post(
        reverse("centres:edit", args=[bielefeld.pk]),
        _edit_form(bielefeld, street="Niederwall 23"),
        HTTP_X_REQUEST_ID="<script>alert(1)</script>",
    )
    event = AuditEvent.objects.get(action="centre.updated")
    assert event.request_id == response["X-Request-ID"]
    assert len(event.request_id) == 32 and "<" not in event.request_id


def test_it_names_the_system_when_nobody_acted(bielefeld: Centre) -> None:
    # The operator's `create_user` command is the one write without a user acting.
    accounts.create_user("olga", by=None, email="olga@teilhabe.example")
    event = AuditEvent.objects.get(action="user.created")
    assert event.actor is None
    assert event.actor_label == "system"
    assert event.request_id == ""  # outside a request
