"""Five failed logins for an account (however spelt) from one address lock the login (429)."""

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


VARIANTS = ["anna", "ANNA", "Anna@Teilhabe.Example", "  anna@teilhabe.example  ", "aNNa"]


def test_it_counts_every_spelling_of_an_account_against_that_account(
    anna: User, client: Client
) -> None:
    # Username, upper case, e-mail in mixed case, with spaces: one counter, five tries in total.
    answers = [_login(client, "wrong", username=name).status_code for name in VARIANTS]
    assert answers == [200, 200, 200, 200, 429]
    locked = _login(Client(), PASSWORD, username="anna@teilhabe.example")
    assert locked.status_code == 429
    assert "accounts/locked_out.html" in [t.name for t in locked.templates]
    assert _login(Client(), PASSWORD, username="anna").status_code == 429


def test_the_spellings_of_one_account_lock_no_other(anna: User, kai: User) -> None:
    for name in VARIANTS:
        _login(Client(), "wrong", username=name)
    assert _login(Client(), PASSWORD, username="KAI@teilhabe.example").status_code == 302
    assert _login(Client(), PASSWORD, username="anna", ip="192.0.2.99").status_code == 302


def test_it_counts_an_unknown_name_once_whatever_its_case(territory: None, client: Client) -> None:
    names = ["nobody@x.example", "NOBODY@x.example", " Nobody@X.Example", "nObOdY@x.example"]
    assert [_login(client, "wrong", username=n).status_code for n in names] == [200] * 4
    assert _login(client, "wrong", username="NoBody@x.example ").status_code == 429
    assert _login(client, "wrong", username="somebody@x.example").status_code == 200


def test_a_success_by_e_mail_forgets_the_failures_by_username(anna: User) -> None:
    for _ in range(4):
        _login(Client(), "wrong", username="ANNA")
    assert _login(Client(), PASSWORD, username="Anna@Teilhabe.Example").status_code == 302
    for _ in range(4):
        assert _login(Client(), "wrong", username="anna").status_code == 200
