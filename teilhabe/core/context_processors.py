from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from .registry import registry
from .roles import passed_second_factor, role_of


def platform(request: HttpRequest) -> dict[str, Any]:
    # Before the second factor, the navigation offers nothing beyond the public pages.
    logged_in = passed_second_factor(request.user)
    return {
        "platform_name": "Teilhabe",
        "current_role": role_of(request.user),
        "debug": settings.DEBUG,
        "navigation": registry.navigation_for(
            request.user, getattr(request, "resolver_match", None), logged_in=logged_in
        ),
        "fully_logged_in": logged_in,
    }
