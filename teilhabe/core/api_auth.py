"""Authentication of the JSON API for staff: a personal token, or a fully verified session.

Core knows no app, so it does not know where tokens are kept: the accounts app registers the
token check (`registry.authenticate_tokens_with`). Every app's API says `auth=STAFF_AUTH`.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from .registry import registry
from .roles import passed_second_factor


class ApiTokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`, checked by the registered token authenticator."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        check = registry.token_authenticator
        return check(request, token) if check is not None else None


def verified_session(request: HttpRequest) -> Any:
    """The logged-in user, if they passed the second factor where their role needs it."""
    user = request.user
    return user if passed_second_factor(user) else None


STAFF_AUTH = [ApiTokenAuth(), verified_session]
