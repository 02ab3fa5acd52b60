from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from .access import may_read_audit
from .roles import (
    CENTRE_ROLES,
    FUNDING_READ_ALL_ROLES,
    Role,
    passed_second_factor,
    role_of,
)


def platform(request: HttpRequest) -> dict[str, Any]:
    return {
        "platform_name": "Teilhabe",
        "current_role": role_of(request.user),
        "debug": settings.DEBUG,
        "may_read_audit": may_read_audit(request.user),
        "may_see_funding_nav": role_of(request.user) in FUNDING_READ_ALL_ROLES | CENTRE_ROLES,
        "may_see_budget_nav": role_of(request.user)
        in {Role.GRANT_OFFICER, Role.GRANT_APPROVER, Role.MINISTRY},
        # Before the second factor, the navigation offers nothing beyond the public pages.
        "fully_logged_in": passed_second_factor(request.user),
    }
