from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from teilhabe.core import roles
from teilhabe.core.roles import AnyUser

from .models import ApiToken, Notification, User


def tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def token_for(user: User, pk: int) -> ApiToken:
    """One of the user's own tokens; anybody else's is 404."""
    return get_object_or_404(tokens_of(user), pk=pk)


def is_own_account(by: AnyUser, user: User) -> bool:
    """Self-service (password, second factor, sessions, tokens): only on one's own account."""
    return by.is_authenticated and getattr(by, "pk", None) == user.pk


def owns_token(by: AnyUser, token: ApiToken) -> bool:
    return by.is_authenticated and getattr(by, "pk", None) == token.user_id


def may_use_api_tokens(user: AnyUser) -> bool:
    """Personal API tokens: every role that works with non-public data (not partners)."""
    return roles.role_of(user) in roles.TWO_FACTOR_ROLES


def notifications_of(user: AnyUser) -> QuerySet[Notification]:
    """The user's own notifications, newest first; nobody reads another's."""
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient_id=getattr(user, "pk", None)).for_inbox()


def notification_for(user: AnyUser, pk: int) -> Notification:
    """One of the user's own notifications; anybody else's is 404."""
    return get_object_or_404(notifications_of(user), pk=pk)


def owns_notification(by: AnyUser, notification: Notification) -> bool:
    return by.is_authenticated and getattr(by, "pk", None) == notification.recipient_id


# The count is kept on the user object for the rest of the request (as Django keeps a user's
# permissions in `_perm_cache`): the navigation and the start page ask for it on one page.
UNREAD_CACHE = "_unread_notifications"


def unread_count(user: AnyUser) -> int:
    """How many of the user's notifications are unread: one count query per request."""
    if not user.is_authenticated:
        return 0
    cached = getattr(user, UNREAD_CACHE, None)
    if cached is None:
        cached = (
            Notification.objects.filter(recipient_id=getattr(user, "pk", None)).unread().count()
        )
        setattr(user, UNREAD_CACHE, cached)
    return cached


def forget_unread_count(user: AnyUser) -> None:
    """After marking notifications read: the next `unread_count` counts again."""
    if hasattr(user, UNREAD_CACHE):  # delattr, not __dict__: request.user is a lazy proxy
        delattr(user, UNREAD_CACHE)
