"""The token check of the JSON API (registered with core's STAFF_AUTH in AccountsConfig.ready)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from .access import may_use_api_tokens
from .models import ApiToken, User, hash_token
from .security import record_token_use

LAST_USED_PRECISION = timedelta(minutes=5)


class AuthenticatedHttpRequest(HttpRequest):
    """The request of a view behind `login_required`: its user is a `User`, never anonymous.

    Only for type checkers (django-stubs types `request.user` as user-or-anonymous).
    """

    user: User


def authenticate_token(request: HttpRequest, token: str) -> User | None:
    """The active token's user, if that user may use tokens; None otherwise."""
    found = (
        ApiToken.objects.active()
        .select_related("user", "user__centre", "user__district")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if found is None or not found.user.is_active or not may_use_api_tokens(found.user):
        return None
    now = timezone.now()
    if found.last_used_at is None or now - found.last_used_at > LAST_USED_PRECISION:
        # Only the request that moves `last_used_at` on records the use: at most one audit
        # event per token and LAST_USED_PRECISION, also when requests race.
        moved = (
            ApiToken.objects.filter(pk=found.pk)
            .filter(Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_PRECISION))
            .update(last_used_at=now)
        )
        if moved:
            record_token_use(found)
    request.user = found.user
    return found.user
