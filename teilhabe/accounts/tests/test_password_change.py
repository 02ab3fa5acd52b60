"""Changing the password on the security page: validated, audited, other sessions end."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import PASSWORD
from teilhabe.accounts.models import User
from teilhabe.core.models import AuditEvent

NEW = "Neues-Pferd-Batterie-42"


def _change(client, old: str = PASSWORD, new: str = NEW, again: str | None = None):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("accounts:security"),
        {
            "action": "password",
            "old_password": old,
            "new_password": new,
            "new_password_again": new if again is None else again,
        },
    )


def test_it_changes_the_password_and_keeps_this_session(anna: User, verified_client) -> None:
    client, other = verified_client(anna), verified_client(anna)
    response = _change(client)
    assert response.status_code == 302
    anna.refresh_from_db()
    assert anna.check_password(NEW)
    assert client.get(reverse("accounts:security")).status_code == 200
    assert client.get(reverse("core:audit_log")).status_code == 200  # still past the 2nd factor
    assert other.get(reverse("accounts:security")).status_code == 302
    assert AuditEvent.objects.filter(action="user.password_changed", actor=anna).count() == 1


@pytest.mark.parametrize(
    ("old", "new", "again", "field"),
    [
        (PASSWORD, "kurz", "kurz", "new_password"),
        (PASSWORD, "12345678901234", "12345678901234", "new_password"),
        (PASSWORD, "password123456", "password123456", "new_password"),
        (PASSWORD, NEW, NEW + "x", "new_password_again"),
        ("not the password", NEW, NEW, "old_password"),
    ],
    ids=["too-short", "only-digits", "common", "mismatch", "wrong-old"],
)
def test_it_refuses_a_bad_change(
    anna: User, verified_client, old: str, new: str, again: str, field: str
) -> None:
    client = verified_client(anna)
    response = _change(client, old, new, again)
    assert response.status_code == 200
    assert field in response.context["password_form"].errors
    anna.refresh_from_db()
    assert anna.check_password(PASSWORD)
    assert not AuditEvent.objects.filter(action="user.password_changed").exists()
