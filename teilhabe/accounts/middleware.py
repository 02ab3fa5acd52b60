"""Staff roles must pass the second factor before they see anything but the login pages."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import resolve, reverse
from django.urls.exceptions import Resolver404
from django.utils.http import urlencode

from teilhabe.core.roles import requires_two_factor

# Views a half-logged-in user may reach: the factor itself, logout, and public pages.
OPEN_NAMESPACES = {"pages", "api"}
OPEN_VIEWS = {
    "accounts:login",
    "accounts:logout",
    "accounts:two_factor_setup",
    "accounts:two_factor_verify",
    "set_language",
}


class RequireTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if requires_two_factor(user) and not user.is_verified():  # type: ignore[union-attr]
            try:
                match = resolve(request.path_info)
            except Resolver404:
                return self.get_response(request)
            if match.view_name not in OPEN_VIEWS and match.namespace not in OPEN_NAMESPACES:
                has_device = user.totpdevice_set.filter(confirmed=True).exists()  # type: ignore[union-attr]
                target = "accounts:two_factor_verify" if has_device else "accounts:two_factor_setup"
                return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
