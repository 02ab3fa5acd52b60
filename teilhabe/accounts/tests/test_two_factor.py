"""The second factor: a TOTP code from an authenticator app, set up once, asked at every login."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from teilhabe.accounts.models import User
from teilhabe.core.models import AuditEvent


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.fixture
def half_logged_in(anna: User) -> Client:
    """Anna after the password, before the second factor."""
    client = Client()
    client.force_login(anna)
    return client


def test_it_lets_a_valid_code_through(anna: User, half_logged_in: Client) -> None:
    device = anna.totpdevice_set.get()
    response = half_logged_in.post(
        reverse("accounts:two_factor_verify"), {"token": _code(device), "next": "/protokoll/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/protokoll/"
    assert half_logged_in.get(reverse("core:audit_log")).status_code == 200


def test_it_accepts_the_code_with_a_space_in_the_middle(anna: User, half_logged_in: Client) -> None:
    code = _code(anna.totpdevice_set.get())
    response = half_logged_in.post(
        reverse("accounts:two_factor_verify"), {"token": f"{code[:3]} {code[3:]}"}
    )
    assert response.status_code == 302


@pytest.mark.parametrize("token", ["000000", "12345", "abcdef", ""])
def test_it_refuses_an_invalid_code(anna: User, half_logged_in: Client, token: str) -> None:
    device = anna.totpdevice_set.get()
    if token == "000000" and _code(device) == "000000":
        token = "111111"
    response = half_logged_in.post(reverse("accounts:two_factor_verify"), {"token": token})
    assert response.status_code == 200
    assert response.context["form"].errors["token"]
    assert 'id="id_token-error"' in response.content.decode()
    assert urlparse(half_logged_in.get(reverse("core:audit_log"))["Location"]).path == reverse(
        "accounts:two_factor_verify"
    )


def test_it_never_follows_next_to_another_site(anna: User, half_logged_in: Client) -> None:
    response = half_logged_in.post(
        reverse("accounts:two_factor_verify"),
        {"token": _code(anna.totpdevice_set.get()), "next": "https://evil.example/"},
    )
    assert response["Location"] == "/"


def test_it_sets_up_an_app_for_a_user_without_one(anna: User) -> None:
    anna.totpdevice_set.all().delete()
    client = Client()
    client.force_login(anna)
    page = client.get(reverse("accounts:two_factor_setup"))
    assert page.status_code == 200
    assert "<svg" in page.content.decode()  # the QR code, drawn inline, no external service
    device = TOTPDevice.objects.get(user=anna, confirmed=False)
    response = client.post(reverse("accounts:two_factor_setup"), {"token": _code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEvent.objects.filter(action="user.two_factor_confirmed", actor=anna).count() == 1
    assert client.get(reverse("core:audit_log")).status_code == 200


def test_it_keeps_the_pending_app_after_a_wrong_first_code(anna: User) -> None:
    anna.totpdevice_set.all().delete()
    client = Client()
    client.force_login(anna)
    client.get(reverse("accounts:two_factor_setup"))
    response = client.post(reverse("accounts:two_factor_setup"), {"token": "12345"})
    assert response.status_code == 200
    assert response.context["form"].errors["token"]
    client.get(reverse("accounts:two_factor_setup"))
    assert TOTPDevice.objects.filter(user=anna).count() == 1  # the same pending app, not a new one
    assert not TOTPDevice.objects.filter(user=anna, confirmed=True).exists()


def test_it_does_not_replace_the_app_with_the_password_alone(
    anna: User, half_logged_in: Client
) -> None:
    old = anna.totpdevice_set.get()
    response = half_logged_in.get(reverse("accounts:two_factor_setup"))
    assert response.status_code == 302
    assert urlparse(response["Location"]).path == reverse("accounts:two_factor_verify")
    assert not TOTPDevice.objects.filter(user=anna, confirmed=False).exists()
    # Posting a code for some other device does not get through either.
    half_logged_in.post(reverse("accounts:two_factor_setup"), {"token": "123456"})
    assert list(TOTPDevice.objects.filter(user=anna)) == [old]
    assert half_logged_in.get(reverse("core:audit_log")).status_code == 302


def test_it_asks_no_second_factor_of_a_partner(paul: User) -> None:
    paul.totpdevice_set.all().delete()
    client = Client()
    client.force_login(paul)
    assert client.get(reverse("accounts:security")).status_code == 200
    assert client.get(reverse("centres:list")).status_code == 200
