"""After five failed logins for a username from one address, the login is locked (429)."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from conftest import PASSWORD
from teilhabe.accounts.models import User


def _login(client: Client, password: str, username: str = "anna", ip: str = "192.0.2.10"):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_it_locks_the_login_after_five_failures(anna: User, client: Client) -> None:
    for _ in range(4):
        assert _login(client, "wrong").status_code == 200
    # The fifth failure reaches the limit and is already answered with the lock.
    assert _login(client, "wrong").status_code == 429
    sixth = _login(client, "wrong")
    assert sixth.status_code == 429
    assert "accounts/locked_out.html" in [t.name for t in sixth.templates]
    # Even the right password does not open a locked login.
    assert _login(client, PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_it_locks_only_that_username_from_that_address(anna: User, kai: User) -> None:
    attacker = Client()
    for _ in range(6):
        _login(attacker, "wrong")
    assert _login(Client(), PASSWORD, username="kai").status_code == 302
    assert _login(Client(), PASSWORD, ip="192.0.2.99").status_code == 302


def test_it_forgets_failures_after_a_success(anna: User, client: Client) -> None:
    for _ in range(4):
        _login(client, "wrong")
    assert _login(client, PASSWORD).status_code == 302
    for _ in range(4):
        assert _login(Client(), "wrong").status_code == 200
