"""One lockout counter per account, whatever was typed into the login's name field.

The login accepts the username or the e-mail address in any case (`backends.py`), so django-axes,
counting failures per typed string, would give `kai@…`, `KAI@…` and `kAi@…` five tries each.
`AXES_USERNAME_CALLABLE` points here: the typed string becomes the account's username, or a
normalised form of the string when it names no account, so unknown names are counted once too.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest

from .models import User


def typed_login(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str:
    """The string typed into the login's name field (from the credentials, else the form)."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials and credentials.get(field) is not None:
        return str(credentials[field])
    if request is not None:
        data = getattr(request, "data", None) or request.POST
        return str(data.get(field, "") or "")
    return ""


def resolve(typed: str) -> tuple[str, User | None]:
    """The counter's name and the account a typed login string names, if any.

    Names an account: its username exactly, its e-mail in any case, or its username in any case
    when only one account has it so; its key is then the username. Anything else is keyed by the
    string without surrounding spaces, in Unicode compatibility form and case-folded."""
    text = unicodedata.normalize("NFKC", typed).strip()
    if not text:
        return "", None
    exact = Q(email__iexact=text) if "@" in text else Q(username=text)
    found = list(User.objects.filter(exact)[:2])
    if len(found) != 1:
        found = list(User.objects.filter(Q(username__iexact=text) | Q(email__iexact=text))[:2])
    if len(found) == 1:
        return found[0].username, found[0]
    return text.casefold(), None


def resolve_in(request: HttpRequest | None, typed: str) -> tuple[str, User | None]:
    """`resolve`, once per request and string (axes asks several times per login attempt)."""
    if request is None:
        return resolve(typed)
    known: dict[str, tuple[str, User | None]] = request.__dict__.setdefault("_login_accounts", {})
    if typed not in known:
        known[typed] = resolve(typed)
    return known[typed]


def lockout_username(request: HttpRequest | None, credentials: dict[str, Any] | None = None) -> str:
    """django-axes' `AXES_USERNAME_CALLABLE`: the counter's name for this login attempt."""
    return resolve_in(request, typed_login(request, credentials))[0]
