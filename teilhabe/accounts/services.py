"""Writes to accounts: users, second factor, API tokens, sessions. Each one audited.

Self-service acts on the caller's own account: each function takes the account and `by` and
refuses unless they are the same person (`access.is_own_account`). `create_user` is the
operator's (the `create_user` command, the demo, tests): no page or API reaches it.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from teilhabe.core import audit
from teilhabe.core.actions import Refusal, require
from teilhabe.core.roles import Role

from . import access
from .models import ApiToken, User, hash_token

TOKEN_PREFIX = "thb_"


@transaction.atomic
def create_user(
    username: str,
    *,
    by: User | None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    password: str | None = None,
    role: Role | str = "",
    centre: Any = None,
    district: Any = None,
) -> User:
    """Create an account with one role and its scope (KI for KI roles, district for Schulamt).

    The operator's step, with no page or API: `by` is None for the operator at the shell.
    `centre` and `district` are the rows the user's foreign keys point to (accounts sits below
    the KI registry and imports none of it)."""
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=role,
        centre=centre,
        district=district,
    )
    if password is None:
        user.set_unusable_password()
    else:
        validate_password(password, user)
        user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    audit.record(
        user,
        "user.created",
        actor=by,
        changes=audit.created(user, ["username", "email", "role", "centre", "district"]),
        centre_id=user.centre_id,
    )
    return user


@transaction.atomic
def change_password(user: User, *, by: User, new_password: str) -> None:
    """Set a new password (validated); other sessions of the user end with the old one."""
    require(by, access.is_own_account, user)
    validate_password(new_password, user)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    audit.record(user, "user.password_changed", actor=user, centre_id=user.centre_id)


@transaction.atomic
def logout_everywhere(user: User, *, by: User) -> None:
    """End every session of `user` on every device, this one included."""
    require(by, access.is_own_account, user)
    User.objects.filter(pk=user.pk).update(session_epoch=user.session_epoch + 1)
    user.session_epoch += 1
    audit.record(user, "user.logged_out_everywhere", actor=user, centre_id=user.centre_id)


def pending_totp_device(user: User, *, by: User) -> TOTPDevice:
    """The unconfirmed device a user is setting up (made on first visit, reused after; not
    audited: nothing counts until `confirm_totp_device`)."""
    require(by, access.is_own_account, user)
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
    return device


@transaction.atomic
def confirm_totp_device(user: User, *, by: User, device: TOTPDevice, token: str) -> TOTPDevice:
    """Confirm a new authenticator app with a first valid code; it replaces any older one."""
    require(by, access.is_own_account, user)
    if device.user_id != user.pk or device.confirmed:
        raise ValidationError(_("This device cannot be confirmed."), code="invalid_device")
    if not device.verify_token(token.replace(" ", "")):
        raise ValidationError(
            _("The code is not valid. Enter the current six-digit code from your app."),
            code="invalid_token",
        )
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit.record(user, "user.two_factor_confirmed", actor=user, centre_id=user.centre_id)
    return device


@transaction.atomic
def create_api_token(
    user: User, *, by: User, name: str, valid_days: int | None = 365
) -> tuple[ApiToken, str]:
    """A new personal token. The clear text is returned once and never stored."""
    require(by, access.is_own_account, user)
    if not access.may_use_api_tokens(user):
        raise Refusal(_("Your role cannot use API tokens."))
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name.")}, code="required")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        prefix=raw[: len(TOKEN_PREFIX) + 4],
        token_hash=hash_token(raw),
        expires_at=timezone.now() + timedelta(days=valid_days) if valid_days else None,
    )
    audit.record(
        token,
        "api_token.created",
        actor=user,
        changes=audit.created(token, ["name", "prefix", "expires_at"]),
        centre_id=user.centre_id,
    )
    return token, raw


@transaction.atomic
def revoke_api_token(token: ApiToken, *, by: User) -> ApiToken:
    """Revoke one of `by`'s own tokens (revoking twice changes nothing)."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    require(by, access.owns_token, token)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(token, "api_token.revoked", actor=by, centre_id=by.centre_id)
    return token
