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


# --- the check-in code -------------------------------------------------------------------------
# A token of its own for the QR code at the door: signed with another salt, so it is no
# participant's link (it confirms and cancels nothing) and a link is no check-in code. It names
# the event, so a code shown at another event's door opens nothing; it carries the same random
# value, so anonymisation kills it too.

CHECKIN_SALT = "teilhabe.events.checkin"


def checkin_token_for(registration: Registration) -> str:
    return signing.Signer(salt=CHECKIN_SALT).sign_object(
        [registration.event_id, registration.pk, registration.token_nonce]
    )


def checkin_ids(token: str) -> tuple[int, int, str] | None:
    """(event pk, registration pk, nonce) from a well-signed check-in token, else None."""
    if len(token) > 200:
        return None
    try:
        event_pk, pk, nonce = signing.Signer(salt=CHECKIN_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not (isinstance(event_pk, int) and isinstance(pk, int) and isinstance(nonce, str)):
        return None
    return event_pk, pk, nonce
