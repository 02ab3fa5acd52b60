"""The application windows: when the KIs may apply for each funding year.

Public to read, like the guideline (a KI plans its application by them); the ministry sets a
year's window (`services.set_application_window`). A year without a stored window shows the
documented default (docs/funding.md, an assumption) and says so.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.accounts.auth import AuthenticatedHttpRequest
from teilhabe.core.forms import add_service_errors
from teilhabe.funding import access, windows
from teilhabe.funding.forms.windows import WindowForm
from teilhabe.funding.services.applications import FIRST_YEAR, LAST_YEAR, set_application_window

YEARS_AHEAD = 3  # the list shows this year's funding year and the next ones


def window_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    years = range(today.year, today.year + YEARS_AHEAD + 1)
    return render(
        request,
        "funding/windows/list.html",
        {
            "windows": windows.windows_of(years),
            "today": today,
            "may_set": access.may_manage_guidelines(request.user),
        },
    )


@login_required
def window_edit(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    if not access.may_manage_guidelines(request.user) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    current = windows.window_for(year)
    form = WindowForm(
        request.POST or None,
        initial={"opens_on": current.opens_on, "closes_on": current.closes_on},
    )
    if request.method == "POST" and form.is_valid():
        try:
            set_application_window(year, by=request.user, **form.cleaned_data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(
                request,
                _("The application period for %(year)s is set.") % {"year": year},
            )
            return redirect("funding:application_windows")
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "funding/windows/form.html",
        {"form": form, "window": current, "year": year},
        status=status,
    )
