from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from teilhabe.core import roles
from teilhabe.core.roles import AnyUser

from .models import ApiToken, User


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
