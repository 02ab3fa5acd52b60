"""Users with one role and its scope; personal API tokens."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from teilhabe.core.roles import CENTRE_ROLES, DISTRICT_ROLES, Role


class User(AbstractUser):
    """A person who logs in. `role` with `centre` or `district` decides what they may do."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    centre = models.ForeignKey(
        "centres.Centre",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        verbose_name=_("KI"),
    )
    district = models.ForeignKey(
        "territory.District",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("district"),
    )
    # Raised by "log out everywhere": every session signed with the old value ends.
    session_epoch = models.PositiveIntegerField(default=0)

    objects = UserManager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                Lower("email"), condition=~Q(email=""), name="user_email_unique_ci"
            ),
            models.CheckConstraint(
                condition=Q(role__in=sorted(r.value for r in CENTRE_ROLES), centre__isnull=False)
                | (~Q(role__in=sorted(r.value for r in CENTRE_ROLES)) & Q(centre__isnull=True)),
                name="user_centre_only_for_ki_roles",
            ),
            models.CheckConstraint(
                condition=Q(
                    role__in=sorted(r.value for r in DISTRICT_ROLES), district__isnull=False
                )
                | (~Q(role__in=sorted(r.value for r in DISTRICT_ROLES)) & Q(district__isnull=True)),
                name="user_district_only_for_district_roles",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        # Django's hash covers the password; ours also covers the epoch, so raising it ends
        # every existing session of this user (logout everywhere) without touching others.
        key_salt = "teilhabe.accounts.User.session_auth_hash"
        return salted_hmac(
            key_salt, f"{self.password}:{self.session_epoch}", secret=secret, algorithm="sha256"
        ).hexdigest()

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label) if self.role else ""


def hash_token(raw: str) -> str:
    """Tokens are random (256 bits), so a plain SHA-256 is enough to store them safely."""
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())
        )


class ApiToken(models.Model):
    """A personal token for the JSON API. Only its hash is stored; it is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and (
            self.expires_at is None or self.expires_at > timezone.now()
        )


# How long the inbox keeps a notification (docs/operations.md, "Notifications"): the mail went
# out, and the audit trail keeps the step itself for good.
NOTIFICATION_RETENTION = timedelta(days=365)


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)

    def for_inbox(self) -> NotificationQuerySet:
        return self.order_by("-created_at", "-pk")

    def expired(self, now: datetime | None = None) -> NotificationQuerySet:
        """Older than NOTIFICATION_RETENTION: what `prune_notifications` deletes."""
        return self.filter(created_at__lt=(now or timezone.now()) - NOTIFICATION_RETENTION)


class Notification(models.Model):
    """A message the platform sent one user (by mail, too), as her inbox keeps it.

    `subject` and `text` are in the default language (German), as the mail says them first;
    `translations` holds them in the other languages of the interface ({"en": {"subject",
    "text"}}), so the inbox speaks the reader's language. `path` is the page the message is
    about. Kept for NOTIFICATION_RETENTION: `prune_notifications` deletes older ones.
    """

    recipient = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
        db_index=False,  # the indexes below start with it
    )
    event = models.CharField(_("event"), max_length=100)
    subject = models.CharField(_("subject"), max_length=300)
    text = models.TextField(_("text"))
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    path = models.CharField(_("link"), max_length=500)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="accounts_notification_inbox"),
            # The navigation counts the unread ones on every page.
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="accounts_notification_unread",
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    def in_language(self, language: str | None) -> tuple[str, str]:
        """(subject, text) in `language`, or in the default language where it has none."""
        other = self.translations.get(language or "")
        if other:
            return other["subject"], other["text"]
        return self.subject, self.text

    @property
    def is_unread(self) -> bool:
        return self.read_at is None
