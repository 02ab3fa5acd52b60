from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from .access import may_read_audit
from .roles import passed_second_factor, role_of


def platform(request: HttpRequest) -> dict[str, Any]:
    return {
        "platform_name": "Teilhabe",
        "current_role": role_of(request.user),
        "debug": settings.DEBUG,
        "may_read_audit": may_read_audit(request.user),
        # Before the second factor, the navigation offers nothing beyond the public pages.
        "fully_logged_in": passed_second_factor(request.user),
    }
