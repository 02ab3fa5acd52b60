from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from .models import ApiToken, User


def tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def token_for(user: User, pk: int) -> ApiToken:
    """One of the user's own tokens; anybody else's is 404."""
    return get_object_or_404(tokens_of(user), pk=pk)
