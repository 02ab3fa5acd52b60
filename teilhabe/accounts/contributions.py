"""What accounts adds: login pages, the API's token check, account cards, the inbox with its
unread count in the navigation and on the start page, demo personas."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from teilhabe.core.registry import Badge, Registry, Step, Todo, in_app, link, on_view
from teilhabe.core.roles import AnyUser

from .access import unread_count


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


def unread_badge(user: AnyUser) -> Badge | None:
    count = unread_count(user)
    return Badge(count, _("unread")) if count else None


def notification_todos(user: AnyUser) -> Iterator[Todo]:
    count = unread_count(user)  # the navigation's count on the same page: no second query
    if count:
        yield Todo(
            ngettext("%(n)d unread notification", "%(n)d unread notifications", count)
            % {"n": count},
            reverse("accounts:notifications"),
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
    registry.nav(
        "notifications",
        order=85,
        label=gettext_lazy("Notifications"),
        url=link("accounts:notifications"),
        visible=lambda user: user.is_authenticated,
        current=in_app("accounts", only={"notifications"}),
        badge=unread_badge,
    )
    registry.start_cards("account", 90, account_cards)
    registry.todos("notifications", notification_todos)
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
