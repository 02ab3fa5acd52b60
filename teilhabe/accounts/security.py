"""Security events in the audit trail: logins, failed logins, lockouts, second-factor failures,
API token use.

Recorded from the signals of Django (`user_logged_in`, `user_login_failed`), django-axes
(`user_locked_out`) and django-otp (`otp_verification_failed`), and from the token check. Each
event belongs to the account's KI, so a KI lead reads those of the own KI's people; the full
trail (grant authority, coordination) reads all, also failures for names that are no account.

Never stored: the password. The typed login string only for failures and only its first
`TYPED_KEPT` characters, since people type their password into the name field by mistake.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from teilhabe.core import audit

from .lockout import resolve_in, typed_login
from .models import ApiToken, User

TYPED_KEPT = 4


def shortened(typed: str) -> str:
    """The first few characters of a typed login string, marked as cut when it was longer."""
    text = typed.strip()
    return text if len(text) <= TYPED_KEPT else f"{text[:TYPED_KEPT]}…"


def _failure(action: str, request: HttpRequest | None, credentials: dict[str, Any] | None) -> None:
    typed = typed_login(request, credentials)
    _key, user = resolve_in(request, typed)
    short = shortened(typed)
    changes = {"login": {"from": None, "to": short}}
    if user is None:
        audit.record(User, action, actor=AnonymousUser(), changes=changes, label=f"“{short}”")
    else:
        audit.record(user, action, actor=AnonymousUser(), changes=changes, centre_id=user.centre_id)


def _failure_limit(request: HttpRequest) -> int:
    from axes.helpers import get_failure_limit

    return int(get_failure_limit(request, getattr(request, "axes_credentials", None)))


def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    """A wrong password or unknown name; not the attempts a running lockout refused unseen
    (axes' receiver, connected first, has counted this one: more than the limit means locked)."""
    failures = getattr(request, "axes_failures_since_start", None)
    if request is not None and failures is not None and failures > _failure_limit(request):
        return
    _failure("user.login_failed", request, credentials)


def on_locked_out(
    sender: Any, request: HttpRequest | None = None, username: str = "", **kwargs: Any
) -> None:
    """The lockout once, when it begins (axes signals it again on every refused attempt)."""
    if request is None:
        return
    failures = getattr(request, "axes_failures_since_start", None)
    if failures is not None and failures != _failure_limit(request):
        return
    _failure("user.locked_out", request, getattr(request, "axes_credentials", None))


def on_logged_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    audit.record(user, "user.logged_in", actor=user, centre_id=user.centre_id)


def on_two_factor_failed(sender: Any, user: User, **kwargs: Any) -> None:
    audit.record(user, "user.two_factor_failed", actor=user, centre_id=user.centre_id)


def record_token_use(token: ApiToken) -> None:
    """Called by the token check at most once per token and `LAST_USED_PRECISION`."""
    audit.record(token, "api_token.used", actor=token.user, centre_id=token.user.centre_id)


def connect() -> None:
    """Called in AccountsConfig.ready, after axes (earlier in INSTALLED_APPS) connected its own."""
    from axes.signals import user_locked_out
    from django.contrib.auth.signals import user_logged_in, user_login_failed
    from django_otp.forms import otp_verification_failed

    user_logged_in.connect(on_logged_in, dispatch_uid="teilhabe.accounts.logged_in")
    user_login_failed.connect(on_login_failed, dispatch_uid="teilhabe.accounts.login_failed")
    user_locked_out.connect(on_locked_out, dispatch_uid="teilhabe.accounts.locked_out")
    otp_verification_failed.connect(
        on_two_factor_failed, dispatch_uid="teilhabe.accounts.two_factor_failed"
    )
