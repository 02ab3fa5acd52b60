"""Personal API tokens: shown once, stored as a hash, revocable, expiring, used as Bearer."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from teilhabe.accounts import services
from teilhabe.accounts.models import ApiToken, User, hash_token
from teilhabe.core.models import AuditEvent


def _me(raw: str):  # type: ignore[no-untyped-def]
    return Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_it_creates_a_token_shown_once_and_stored_as_a_hash(anna: User, verified_client) -> None:
    client = verified_client(anna)
    response = client.post(
        reverse("accounts:security"),
        {"action": "token", "name": "Statistics export", "valid_days": "90"},
    )
    assert response.status_code == 302
    shown = client.get(reverse("accounts:security"))
    raw = shown.context["new_token"]
    assert raw.startswith("thb_") and raw in shown.content.decode()
    assert raw not in client.get(reverse("accounts:security")).content.decode()  # only once

    token = ApiToken.objects.get(user=anna)
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    stored = [str(v) for v in ApiToken.objects.filter(pk=token.pk).values().get().values()]
    assert raw not in stored
    assert raw.startswith(token.prefix) and len(token.prefix) < len(raw) / 4
    assert timedelta(days=89) < token.expires_at - timezone.now() <= timedelta(days=90)
    assert AuditEvent.objects.filter(action="api_token.created", actor=anna).count() == 1


def test_it_answers_as_the_tokens_user(anna: User) -> None:
    _token, raw = services.create_api_token(anna, by=anna, name="Export")
    response = _me(raw)
    assert response.status_code == 200
    assert response.json() == {
        "username": "anna",
        "name": "Anna Test",
        "role": "ki_lead",
        "centre_id": anna.centre_id,
        "district_key": None,
    }


def test_it_notes_when_a_token_was_last_used(anna: User) -> None:
    token, raw = services.create_api_token(anna, by=anna, name="Export")
    assert token.last_used_at is None
    _me(raw)
    token.refresh_from_db()
    first_use = token.last_used_at
    assert first_use is not None
    _me(raw)  # within minutes: no write for every request
    token.refresh_from_db()
    assert token.last_used_at == first_use
    with time_machine.travel(timezone.now() + timedelta(minutes=10)):
        _me(raw)
    token.refresh_from_db()
    assert token.last_used_at > first_use


def test_it_refuses_a_revoked_token(anna: User, verified_client) -> None:
    token, raw = services.create_api_token(anna, by=anna, name="Export")
    response = verified_client(anna).post(reverse("accounts:revoke_token", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    response = _me(raw)
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "not_authenticated"
    assert AuditEvent.objects.filter(action="api_token.revoked", actor=anna).count() == 1


def test_it_refuses_an_expired_token(anna: User) -> None:
    _token, raw = services.create_api_token(anna, by=anna, name="Export", valid_days=30)
    assert _me(raw).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        assert _me(raw).status_code == 401


@pytest.mark.parametrize(
    "header", ["Bearer thb_not-a-token", "Bearer ", "Token abc", "Basic YW5uYTp4"]
)
def test_it_refuses_an_unknown_token(territory: None, header: str) -> None:
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401


def test_it_refuses_a_token_of_a_deactivated_user(anna: User) -> None:
    _token, raw = services.create_api_token(anna, by=anna, name="Export")
    User.objects.filter(pk=anna.pk).update(is_active=False)
    assert _me(raw).status_code == 401


def test_it_does_not_revoke_another_users_token(anna: User, kai: User, verified_client) -> None:
    token, raw = services.create_api_token(kai, by=kai, name="Kai's export")
    response = verified_client(anna).post(reverse("accounts:revoke_token", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert _me(raw).status_code == 200


def test_it_gives_partners_no_tokens(paul: User, verified_client) -> None:
    with pytest.raises(ValidationError) as e:
        services.create_api_token(paul, by=paul, name="Offers")
    assert e.value.code == "not_permitted"
    client = verified_client(paul)
    client.post(
        reverse("accounts:security"), {"action": "token", "name": "Offers", "valid_days": "30"}
    )
    assert not ApiToken.objects.filter(user=paul).exists()
    assert "Offers" not in client.get(reverse("accounts:security")).content.decode()
    # A token made before the role changed to partner does not work either.
    raw = "thb_made-when-paul-was-staff"
    ApiToken.objects.create(user=paul, name="Old", prefix=raw[:8], token_hash=hash_token(raw))
    assert _me(raw).status_code == 401


def test_it_refuses_a_token_without_a_name(anna: User) -> None:
    with pytest.raises(ValidationError):
        services.create_api_token(anna, by=anna, name="   ")
    assert not ApiToken.objects.exists()
