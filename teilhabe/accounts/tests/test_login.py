"""Logging in: username or e-mail, then the second factor for every role that handles data."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD
from teilhabe.accounts.models import User


def _login(client: Client, username: str, password: str = PASSWORD, **extra: str):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, **extra
    )


@pytest.mark.parametrize("username", ["anna", "anna@teilhabe.example", "ANNA@Teilhabe.Example"])
def test_it_logs_in_with_username_or_email(anna: User, client: Client, username: str) -> None:
    response = _login(client, username)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(anna.pk)


def test_it_treats_the_username_case_sensitively(anna: User, client: Client) -> None:
    response = _login(client, "ANNA")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_it_keeps_the_username_after_a_wrong_password_and_says_why_in_german(
    anna: User, client: Client
) -> None:
    response = _login(client, "anna", "wrong password", HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    body = response.content.decode()
    assert 'value="anna"' in body
    assert [e.code for e in response.context["form"].non_field_errors().as_data()] == [
        "invalid_login"
    ]
    assert 'lang="de"' in body
    assert "Benutzername/E-Mail-Adresse oder Passwort ist nicht korrekt." in body


def test_it_says_so_in_english_when_asked(anna: User, client: Client) -> None:
    response = _login(client, "anna", "wrong password", HTTP_ACCEPT_LANGUAGE="en")
    assert "Username/e-mail or password is not correct." in response.content.decode()


def test_it_refuses_an_unknown_user_like_a_wrong_password(territory: None, client: Client) -> None:
    response = _login(client, "nobody@teilhabe.example")
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].non_field_errors().as_data()] == [
        "invalid_login"
    ]


def test_it_refuses_a_deactivated_account(anna: User, client: Client) -> None:
    User.objects.filter(pk=anna.pk).update(is_active=False)
    assert _login(client, "anna").status_code == 200
    assert "_auth_user_id" not in client.session


def test_it_takes_staff_straight_on_to_the_second_factor(anna: User, client: Client) -> None:
    response = _login(client, "anna")
    location = urlparse(response["Location"])
    assert location.path == reverse("accounts:two_factor_verify")
    assert parse_qs(location.query)["next"] == ["/"]


def test_it_takes_staff_without_an_app_to_the_setup(anna: User, client: Client) -> None:
    anna.totpdevice_set.all().delete()
    response = _login(client, "anna")
    assert urlparse(response["Location"]).path == reverse("accounts:two_factor_setup")


def test_it_keeps_the_page_asked_for_through_the_second_factor(
    anna: User, bielefeld, client: Client
) -> None:
    target = reverse("centres:edit", args=[bielefeld.pk])
    response = client.post(
        reverse("accounts:login"), {"username": "anna", "password": PASSWORD, "next": target}
    )
    location = urlparse(response["Location"])
    assert location.path == reverse("accounts:two_factor_verify")
    assert parse_qs(location.query)["next"] == [target]


def test_it_does_not_force_partners_to_a_second_factor(paul: User, client: Client) -> None:
    paul.totpdevice_set.all().delete()
    response = _login(client, "paul")
    assert response.status_code == 302
    assert response["Location"] == reverse("pages:start")
    assert client.get(reverse("accounts:security")).status_code == 200
    assert client.get("/api/v1/me").json()["role"] == "partner"


def test_it_logs_out_on_post(anna: User, verified_client) -> None:
    client = verified_client(anna)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("accounts:security")).status_code == 302
