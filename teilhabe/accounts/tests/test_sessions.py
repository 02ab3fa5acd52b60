"""Logging out everywhere ends every session of the user, on every device, and no one else's."""

from __future__ import annotations

from django.urls import reverse

from teilhabe.accounts.models import User
from teilhabe.core.models import AuditEvent


def test_it_ends_the_users_other_sessions(anna: User, kai: User, verified_client) -> None:
    laptop, phone, colleague = verified_client(anna), verified_client(anna), verified_client(kai)
    assert phone.get(reverse("accounts:security")).status_code == 200

    response = laptop.post(reverse("accounts:logout_everywhere"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")

    for client in (laptop, phone):
        response = client.get(reverse("accounts:security"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    assert colleague.get(reverse("accounts:security")).status_code == 200
    assert AuditEvent.objects.filter(action="user.logged_out_everywhere", actor=anna).count() == 1


def test_it_needs_a_post_to_log_out_everywhere(anna: User, verified_client) -> None:
    client = verified_client(anna)
    assert client.get(reverse("accounts:logout_everywhere")).status_code == 405
    assert client.get(reverse("accounts:security")).status_code == 200
    assert User.objects.get(pk=anna.pk).session_epoch == 0
