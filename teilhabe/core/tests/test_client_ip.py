"""`client_ip`: REMOTE_ADDR unless proxies are trusted; then the n-th X-Forwarded-For entry from
the right, so a forged leftmost entry never changes the answer; django-axes asks the same."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from conftest import PASSWORD
from teilhabe.accounts.models import User
from teilhabe.core.client_ip import client_ip

PROXY = "10.0.0.5"


def _request(forwarded: str | None = None, remote: str = PROXY):  # type: ignore[no-untyped-def]
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings) -> None:  # type: ignore[no-untyped-def]
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request("203.0.113.7")) == PROXY
    assert client_ip(_request()) == PROXY


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "198.51.100.1, 203.0.113.7", "203.0.113.7"),  # the leftmost is the client's own
        (2, "203.0.113.7, 10.0.0.9", "203.0.113.7"),
        (2, "1.2.3.4, 5.6.7.8, 203.0.113.7, 10.0.0.9", "203.0.113.7"),
        (1, "2001:DB8::1", "2001:db8::1"),  # one spelling per address
        (2, "203.0.113.7", PROXY),  # fewer entries than proxies: it did not come through them
        (1, "not-an-address", PROXY),
        (1, "", PROXY),
        (1, "203.0.113.7:443", PROXY),
    ],
)
def test_the_client_is_the_nth_entry_from_the_right(  # type: ignore[no-untyped-def]
    settings, count: int, forwarded: str, expected: str
) -> None:
    settings.TRUSTED_PROXY_COUNT = count
    assert client_ip(_request(forwarded)) == expected


@pytest.mark.parametrize("forged", ["198.51.100.1", "127.0.0.1", "garbage", "1.1.1.1, 2.2.2.2"])
def test_a_forged_leftmost_entry_never_changes_the_answer(settings, forged: str) -> None:  # type: ignore[no-untyped-def]
    settings.TRUSTED_PROXY_COUNT = 1
    honest = client_ip(_request("203.0.113.7"))
    assert client_ip(_request(f"{forged}, 203.0.113.7")) == honest == "203.0.113.7"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(_request(f"{forged}, 203.0.113.7, 10.0.0.9")) == "203.0.113.7"


def test_an_overlong_header_is_not_parsed(settings) -> None:  # type: ignore[no-untyped-def]
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(_request("1.1.1.1, " * 400 + "203.0.113.7")) == PROXY


def test_axes_takes_the_address_from_the_same_helper(settings) -> None:  # type: ignore[no-untyped-def]
    from axes.helpers import get_client_ip_address

    settings.TRUSTED_PROXY_COUNT = 1
    assert settings.AXES_CLIENT_IP_CALLABLE == "teilhabe.core.client_ip.client_ip"
    assert get_client_ip_address(_request("198.51.100.1, 203.0.113.7")) == "203.0.113.7"


def _login(client: Client, forwarded: str, password: str = "wrong"):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("accounts:login"),
        {"username": "anna", "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_behind_a_proxy_the_lockout_is_per_client_and_a_forged_entry_does_not_escape_it(  # type: ignore[no-untyped-def]
    settings, anna: User
) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    attacker = Client()
    for i in range(5):
        _login(attacker, f"192.0.2.{i}, 203.0.113.7")  # a new forged address each time
    assert _login(attacker, "192.0.2.99, 203.0.113.7").status_code == 429
    # Another visitor behind the same proxy is not locked out with the attacker.
    assert _login(Client(), "198.51.100.1", password=PASSWORD).status_code == 302


def test_a_negative_proxy_count_refuses_to_start() -> None:
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    env = {**os.environ, "DEBUG": "true", "DJANGO_SETTINGS_MODULE": "teilhabe.settings"}
    run = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=root,
        env={**env, "TRUSTED_PROXY_COUNT": "-1"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode != 0 and "TRUSTED_PROXY_COUNT must be 0 or more" in run.stderr
    ok = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=root,
        env={**env, "TRUSTED_PROXY_COUNT": "2"},
        capture_output=True,
        check=False,
    )
    assert ok.returncode == 0
