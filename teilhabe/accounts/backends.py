from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from .models import User


class UsernameOrEmailBackend(ModelBackend):
    """Log in with the username or the e-mail address (case-insensitive)."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if not username or password is None:
            return None
        lookup = {"email__iexact": username} if "@" in username else {"username": username}
        try:
            user = User.objects.get(**lookup)
        except User.DoesNotExist:
            User().set_password(password)  # same work as a real check: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
