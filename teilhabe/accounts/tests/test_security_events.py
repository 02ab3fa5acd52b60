"""Security events in the audit trail: logins, failures, lockouts, second factor, token use."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp

from conftest import PASSWORD
from teilhabe.accounts import services
from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.core.access import audit_events_visible_to
from teilhabe.core.models import AuditEvent


def _login(client: Client, username: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR="192.0.2.10",
    )


def _events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("pk"))


def _stored(event: AuditEvent) -> str:
    return " ".join(str(v) for v in AuditEvent.objects.filter(pk=event.pk).values().get().values())


def test_a_login_is_recorded_for_the_accounts_ki(anna: User, bielefeld: Centre) -> None:
    assert _login(Client(), "anna@teilhabe.example").status_code == 302
    [event] = _events("user.logged_in")
    assert (event.actor, event.object_id, event.centre_id) == (anna, str(anna.pk), bielefeld.pk)
    assert event.changes == {}


def test_a_failed_login_keeps_the_typed_name_cut_short_and_never_the_password(
    anna: User, bielefeld: Centre
) -> None:
    _login(Client(), " Anna@Teilhabe.Example ", "Geheim-Versuch-42")
    [event] = _events("user.login_failed")
    assert event.actor is None and event.actor_label == "anonymous"
    assert (event.object_id, event.centre_id) == (str(anna.pk), bielefeld.pk)
    assert event.changes == {"login": {"from": None, "to": "Anna…"}}
    stored = _stored(event)
    assert "Geheim" not in stored and "Teilhabe.Example" not in stored
    assert _events("user.logged_in") == []


def test_a_failure_for_an_unknown_name_belongs_to_no_ki(
    anna: User, bernd: User, guel: User, lars: User
) -> None:
    _login(Client(), "Geheim-Versuch-42", "wrong")  # a password typed into the name field
    [event] = _events("user.login_failed")
    assert (event.object_id, event.object_label, event.centre_id) == ("", "“Gehe…”", None)
    assert "Versuch" not in _stored(event)
    for reader in (bernd, guel, lars):
        assert event in audit_events_visible_to(reader)
    assert event not in audit_events_visible_to(anna)


def test_a_ki_lead_reads_the_security_events_of_the_own_kis_people_only(
    anna: User, kai: User, carla: User, bernd: User
) -> None:
    _login(Client(), "kai")
    _login(Client(), "KAI", "wrong")
    _login(Client(), "bernd", "wrong")
    logins = ["user.logged_in", "user.login_failed"]
    kais = AuditEvent.objects.filter(object_id=str(kai.pk), action__in=logins)
    assert sorted(kais.values_list("action", flat=True)) == logins
    assert set(audit_events_visible_to(anna).filter(action__in=logins)) == set(kais)
    assert not audit_events_visible_to(carla).filter(action__in=logins).exists()
    assert audit_events_visible_to(bernd).filter(action="user.login_failed").count() == 2


def test_a_lockout_is_recorded_once_and_refused_attempts_add_nothing(anna: User) -> None:
    for name in ["anna", "ANNA", "Anna@Teilhabe.Example", "  anna  ", "aNNa"]:
        _login(Client(), name, "wrong")
    assert len(_events("user.login_failed")) == 5
    [lockout] = _events("user.locked_out")
    assert (lockout.object_id, lockout.centre_id) == (str(anna.pk), anna.centre_id)
    for _ in range(3):
        assert _login(Client(), "anna", "wrong").status_code == 429
    assert _login(Client(), "anna").status_code == 429
    assert len(_events("user.login_failed")) == 5
    assert len(_events("user.locked_out")) == 1
    assert _events("user.logged_in") == []


def test_a_rejected_second_factor_code_is_recorded(anna: User) -> None:
    client = Client()
    client.force_login(anna)
    device = anna.totpdevice_set.get()
    right = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    wrong = "111111" if right == "000000" else "000000"
    client.post(reverse("accounts:two_factor_verify"), {"token": wrong})
    [event] = _events("user.two_factor_failed")
    assert (event.actor, event.centre_id) == (anna, anna.centre_id)
    assert wrong not in _stored(event)


def test_token_use_is_recorded_at_most_once_per_precision(anna: User) -> None:
    token, raw = services.create_api_token(anna, by=anna, name="Export")

    def me() -> int:
        return Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code

    assert [me(), me(), me()] == [200, 200, 200]
    [event] = _events("api_token.used")
    assert (event.object_id, event.actor, event.centre_id) == (str(token.pk), anna, anna.centre_id)
    with time_machine.travel(timezone.now() + timedelta(minutes=10)):
        assert [me(), me()] == [200, 200]
    assert len(_events("api_token.used")) == 2


def test_the_audit_page_names_the_security_events_in_german(
    anna: User, bernd: User, verified_client
) -> None:
    _login(Client(), "anna", "wrong")
    _login(Client(), "nobody", "wrong")
    page = verified_client(bernd).get(reverse("core:audit_log"), HTTP_ACCEPT_LANGUAGE="de")
    body = page.content.decode().split('role="search"', 1)[1].split("</form>", 1)[1]  # the rows
    assert body.count("Anmeldung fehlgeschlagen") == 2
    assert "Mit Passwort angemeldet" in body  # bernd's own session begins with a login
    assert "“nobo…”" in body


def test_two_requests_racing_with_one_token_record_its_use_once(anna: User, monkeypatch) -> None:
    """The second request read the token before the first noted its use: it records nothing."""
    from teilhabe.accounts import auth

    _token, raw = services.create_api_token(anna, by=anna, name="Export")
    real_check = auth.may_use_api_tokens
    overtaken = []

    def check_overtaken_once(user: User) -> bool:
        if not overtaken:  # between this request's read and its write, another one completes
            overtaken.append(True)
            assert auth.authenticate_token(HttpRequest(), raw) == anna
        return real_check(user)

    monkeypatch.setattr(auth, "may_use_api_tokens", check_overtaken_once)
    assert auth.authenticate_token(HttpRequest(), raw) == anna
    assert overtaken and len(_events("api_token.used")) == 1
