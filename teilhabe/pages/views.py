"""Start page per role, the legal pages, and error pages."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from teilhabe.core.api_errors import error
from teilhabe.core.roles import Role, passed_second_factor, role_of

from . import services
from .forms import FeedbackForm
from .start import next_steps, todos


def start(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and not passed_second_factor(request.user):
        # Half logged in (password only): show nothing beyond what the public sees.
        return render(
            request,
            "pages/start.html",
            {"role": None, "steps": next_steps(None), "pending_second_factor": True},
        )
    role = role_of(request.user)
    return render(
        request,
        "pages/start.html",
        {
            "role": role,
            "steps": next_steps(request.user),
            "todos": todos(request.user),
            "Role": Role,
        },
    )


def accessibility(request: HttpRequest) -> HttpResponse:
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.submit_accessibility_feedback(by=request.user, **form.cleaned_data)
        messages.success(request, _("Thank you. Your feedback has been sent."))
        return redirect("pages:accessibility")
    return render(request, "pages/accessibility.html", {"form": form})


def imprint(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/imprint.html")


def privacy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "pages/privacy.html",
        {  # the events' retention
            "retention_months": settings.EVENTS_RETENTION_MONTHS,
            "needs_days": settings.EVENTS_ACCESS_NEEDS_DAYS,
        },
    )


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        # An address the API does not have answers in the API's error shape, not as a page.
        return JsonResponse(
            {"errors": [error(None, "not_found", str(_("Not found.")))]}, status=404
        )
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
