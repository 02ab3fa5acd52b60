"""Authentication for the JSON API: personal tokens, or a fully verified browser session."""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from teilhabe.core.roles import may_use_api_tokens, requires_two_factor

from .models import ApiToken, User, hash_token

LAST_USED_PRECISION = timedelta(minutes=5)


class AuthenticatedHttpRequest(HttpRequest):
    """The request of a view behind `login_required`: its user is a `User`, never anonymous.

    Only for type checkers (django-stubs types `request.user` as user-or-anonymous).
    """

    user: User


class ApiTokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
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
            # Bookkeeping, not a change of data: no audit event, and no lost update either.
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        return found.user


def verified_session(request: HttpRequest) -> User | None:
    """The logged-in user, if they passed the second factor where their role needs it."""
    user = request.user
    if not user.is_authenticated:
        return None
    if requires_two_factor(user) and not user.is_verified():  # type: ignore[attr-defined]
        return None
    return user


STAFF_AUTH = [ApiTokenAuth(), verified_session]
