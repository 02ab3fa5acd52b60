"""Writes to accounts: users, second factor, API tokens, sessions. Each one audited.

Self-service acts on the caller's own account: each function takes the account and `by` and
refuses unless they are the same person (`access.is_own_account`). `create_user` is the
operator's (the `create_user` command, the demo, tests): no page or API reaches it.

The inbox: `record_notifications` is part of another app's step (funding's `notify`), which
checked its actor and writes the audit event; marking a notification read is the reader's own
state and not audited (docs/operations.md, "Notifications"); `prune_notifications` is the
operator's retention command.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
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
from .models import ApiToken, Notification, User, hash_token

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


# --- the inbox ----------------------------------------------------------------------------------

SUBJECT_LENGTH = Notification._meta.get_field("subject").max_length or 300


def record_notifications(
    recipients: Iterable[User], *, event: str, path: str, texts: Mapping[str, tuple[str, str]]
) -> list[Notification]:
    """One notification per recipient (each once), in the caller's transaction: a step that
    rolls back records none. `texts` is (subject, text) per language code; the default
    language's go into `subject` and `text`, the others into `translations`. `path` is the page
    within the platform the notification is about.

    Part of the calling step, which checked its actor and records the audit event."""
    if not path.startswith("/") or path.startswith("//"):
        raise ValueError(f"a notification links to a path of the platform, not {path!r}")
    subject, text = texts[settings.LANGUAGE_CODE]
    translations = {
        language: {"subject": other_subject[:SUBJECT_LENGTH], "text": other_text}
        for language, (other_subject, other_text) in texts.items()
        if language != settings.LANGUAGE_CODE
    }
    people = {user.pk: user for user in recipients if user.is_active}
    now = timezone.now()
    return Notification.objects.bulk_create(
        Notification(
            recipient=user,
            event=event,
            subject=subject[:SUBJECT_LENGTH],
            text=text,
            translations=translations,
            path=path,
            created_at=now,
        )
        for _pk, user in sorted(people.items())
    )


@transaction.atomic
def mark_notification_read(notification: Notification, *, by: User) -> Notification:
    """`by` has read one of her notifications (again: nothing changes)."""
    require(by, access.owns_notification, notification)
    if notification.read_at is None:
        now = timezone.now()
        if Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=now
        ):
            notification.read_at = now
        access.forget_unread_count(by)
    return notification


@transaction.atomic
def mark_all_notifications_read(user: User, *, by: User) -> int:
    """Every unread notification of `user`, who must be `by`, is read now; how many were."""
    require(by, access.is_own_account, user)
    marked = (
        Notification.objects.filter(recipient_id=user.pk).unread().update(read_at=timezone.now())
    )
    access.forget_unread_count(by)
    return marked


def prune_notifications(*, now: datetime | None = None) -> int:
    """Delete the notifications older than NOTIFICATION_RETENTION, read or not; how many."""
    deleted, _by_model = Notification.objects.expired(now).delete()
    return deleted
