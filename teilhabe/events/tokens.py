"""The participant's link: the registration and a random value, signed with the SECRET_KEY.

No id can be guessed or changed without the signature failing; the random value lives on the
row, so a link dies when it is renewed (anonymisation). The link is the participant's only key:
it confirms, cancels and fetches the certificate; it opens nothing else.
"""

from __future__ import annotations

import secrets

from django.core import signing

from .models import Registration

SALT = "teilhabe.events.registration"


def new_nonce() -> str:
    return secrets.token_urlsafe(24)[:32]


def token_for(registration: Registration) -> str:
    return signing.Signer(salt=SALT).sign_object([registration.pk, registration.token_nonce])


def registration_pk(token: str) -> tuple[int, str] | None:
    """(pk, nonce) from a well-signed token, else None. Bounded before any work."""
    if len(token) > 200:
        return None
    try:
        pk, nonce = signing.Signer(salt=SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(pk, int) or not isinstance(nonce, str):
        return None
    return pk, nonce
