"""What accounts adds: login pages, the API's token check, account cards, demo personas."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_totp.models import TOTPDevice

from teilhabe.core.registry import Registry, Step, link, on_view
from teilhabe.core.roles import AnyUser


def account_cards(user: AnyUser | None) -> Iterator[Step]:
    if user is None:
        return
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        yield Step(
            _("Second factor"),
            _("Protect your account with an authenticator app."),
            reverse("accounts:two_factor_setup"),
            _("Set up"),
        )
    yield Step(
        _("Your account"),
        _("Password, sessions on other devices, and personal API tokens."),
        reverse("accounts:security"),
        _("Open account security"),
    )


def _demo() -> Iterator[str]:
    from .demo import seed_accounts_demo

    return seed_accounts_demo()


def register(registry: Registry) -> None:
    from .auth import authenticate_token

    registry.mount("konto/", "teilhabe.accounts.urls", order=10)
    registry.api_router("/", "teilhabe.accounts.api:router", order=40)
    registry.authenticate_tokens_with(authenticate_token)
    registry.nav(
        "account",
        order=90,
        label=gettext_lazy("My account"),
        url=link("accounts:security"),
        current=on_view("accounts:security"),
    )
    registry.start_cards("account", 90, account_cards)
    # The personas first (the KIs exist as reference data): the KIs' demo acts as each KI's lead,
    # Anna in Bielefeld and Carla in Dortmund.
    registry.demo("accounts", _demo)
    registry.audit_actions(
        "accounts",
        {
            "api_token.created": gettext_lazy("API token created"),
            "api_token.revoked": gettext_lazy("API token revoked"),
            "api_token.used": gettext_lazy("API token used"),
            "user.created": gettext_lazy("user created"),
            "user.locked_out": gettext_lazy("login locked after repeated failures"),
            "user.logged_in": gettext_lazy("logged in with password"),
            "user.login_failed": gettext_lazy("login failed"),
            "user.logged_out_everywhere": gettext_lazy("logged out on all devices"),
            "user.password_changed": gettext_lazy("password changed"),
            "user.two_factor_confirmed": gettext_lazy("authenticator app confirmed"),
            "user.two_factor_failed": gettext_lazy("second-factor code rejected"),
        },
    )
