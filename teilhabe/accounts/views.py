"""Login with second factor, the user's security page, API tokens, the inbox."""

from __future__ import annotations

import base64
from typing import Any

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST
from django_otp import login as otp_login
from django_otp.forms import otp_verification_failed
from django_otp.plugins.otp_totp.models import TOTPDevice

from teilhabe.core.roles import requires_two_factor

from . import access, services
from .access import may_use_api_tokens
from .auth import AuthenticatedHttpRequest
from .forms import ApiTokenForm, LoginForm, PasswordChangeForm, TokenForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        url = super().get_success_url()
        user = self.request.user
        verified = getattr(user, "is_verified", lambda: False)()  # a fresh login is not yet
        if requires_two_factor(user) and not verified:
            # The password is only the first step: go straight on to the second factor.
            has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
            target = "accounts:two_factor_verify" if has_device else "accounts:two_factor_setup"
            return f"{reverse(target)}?{urlencode({'next': url})}"
        return url


def locked_out(
    request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """Answer of django-axes after too many failed logins."""
    return render(request, "accounts/locked_out.html", status=429)


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return "/"


@login_required
def two_factor_setup(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Pair an authenticator app: scan the QR code, confirm with a first code."""
    has_device = TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
    if has_device and not request.user.is_verified():  # type: ignore[attr-defined]  # OTPMiddleware
        # Replacing a device needs the old one first: a password alone must never do.
        return redirect(f"{reverse('accounts:two_factor_verify')}?next={request.path}")
    device = services.pending_totp_device(request.user, by=request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.confirm_totp_device(
                request.user, by=request.user, device=device, token=form.cleaned_data["token"]
            )
        except ValidationError as e:
            form.add_error("token", e)
        else:
            otp_login(request, device)
            messages.success(request, _("Two-factor authentication is set up."))
            return redirect(_next_url(request))
    svg = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": mark_safe(svg.to_string(encoding="unicode")),  # noqa: S308 (our own SVG)
            "secret": _base32(device),
            "next": _next_url(request),
        },
    )


def _base32(device: TOTPDevice) -> str:
    raw = base64.b32encode(device.bin_key).decode()
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """Second step of the login: the current code of the user's authenticator app."""
    devices = list(TOTPDevice.objects.filter(user=request.user, confirmed=True))
    if not devices:
        return redirect("accounts:two_factor_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"].replace(" ", "").strip()
        device = next((d for d in devices if d.verify_token(token)), None)
        if device is None:
            # django-otp's own failure signal: security.py records it in the audit trail.
            otp_verification_failed.send(sender=TokenForm, user=request.user)
            form.add_error("token", _("The code is not valid. Enter the current code of your app."))
        else:
            otp_login(request, device)
            return redirect(_next_url(request))
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request)}
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, _("You are logged out."))
    return redirect("pages:start")


@login_required
def security(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user's own account: password, second factor, sessions, API tokens."""
    password_form = PasswordChangeForm(request.user)
    token_form = ApiTokenForm()
    new_token = request.session.pop("new_api_token", None)
    if request.method == "POST" and request.POST.get("action") == "password":
        password_form = PasswordChangeForm(request.user, request.POST)
        if password_form.is_valid():
            services.change_password(
                request.user,
                by=request.user,
                new_password=password_form.cleaned_data["new_password"],
            )
            update_session_auth_hash(request, request.user)
            messages.success(request, _("Your password is changed."))
            return redirect("accounts:security")
    elif request.method == "POST" and request.POST.get("action") == "token":
        token_form = ApiTokenForm(request.POST)
        if token_form.is_valid() and may_use_api_tokens(request.user):
            _token, raw = services.create_api_token(
                request.user,
                by=request.user,
                name=token_form.cleaned_data["name"],
                valid_days=token_form.cleaned_data["valid_days"],
            )
            request.session["new_api_token"] = raw
            return redirect("accounts:security")
    return render(
        request,
        "accounts/security.html",
        {
            "password_form": password_form,
            "token_form": token_form,
            "tokens": access.tokens_of(request.user),
            "new_token": new_token,
            "may_use_tokens": may_use_api_tokens(request.user),
            "has_device": TOTPDevice.objects.filter(user=request.user, confirmed=True).exists(),
        },
    )


@login_required
@require_POST
def revoke_token(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    token = access.token_for(request.user, pk)
    services.revoke_api_token(token, by=request.user)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("accounts:security")


@login_required
@require_POST
def logout_everywhere(request: AuthenticatedHttpRequest) -> HttpResponse:
    services.logout_everywhere(request.user, by=request.user)
    logout(request)
    messages.success(request, _("You are logged out on every device."))
    return redirect("accounts:login")


NOTIFICATIONS_PER_PAGE = 20


@login_required
def notifications(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user's own notifications, newest first, in the language she reads the pages in."""
    page = Paginator(access.notifications_of(request.user), NOTIFICATIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    language = translation.get_language()
    return render(
        request,
        "accounts/notifications.html",
        {
            "page": page,
            "items": [(n, *n.in_language(language)) for n in page],
            "unread": access.unread_count(request.user),
        },
    )


@login_required
@require_GET
def notification_open(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Follow a notification's link: it is read now, then its page opens. A GET that writes on
    purpose, so the link works like any link: it only marks the reader's own notification, and
    a second visit changes nothing."""
    notification = access.notification_for(request.user, pk)
    services.mark_notification_read(notification, by=request.user)
    target = notification.path
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = reverse("accounts:notifications")
    return redirect(target)


@login_required
@require_POST
def notifications_read(request: AuthenticatedHttpRequest) -> HttpResponse:
    marked = services.mark_all_notifications_read(request.user, by=request.user)
    if marked:
        messages.success(
            request,
            ngettext(
                "%(n)d notification marked as read.", "%(n)d notifications marked as read.", marked
            )
            % {"n": marked},
        )
    return redirect("accounts:notifications")
