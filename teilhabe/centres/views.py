"""The KI registry: list and search, detail, and the KI's own maintenance of its data."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teilhabe.accounts.auth import AuthenticatedHttpRequest
from teilhabe.core import exports
from teilhabe.core.forms import add_service_errors
from teilhabe.core.registry import registry
from teilhabe.territory.models import Regierungsbezirk

from . import access, services
from . import exports as centre_exports
from .forms import CentreForm, StaffMemberForm
from .models import Centre, CentreQuerySet


def listed_centres(request: HttpRequest) -> tuple[CentreQuerySet, str, str]:
    """The registry as searched (?q=, at most 100 characters) and filtered by government
    region (?regierungsbezirk=), by name."""
    q = request.GET.get("q", "").strip()[:100]
    bezirk = request.GET.get("regierungsbezirk", "")
    centres = access.centres_visible_to(request.user).search(q)
    if bezirk:
        centres = centres.filter(grantee__district__regierungsbezirk__key=bezirk)
    return centres.order_by("name"), q, bezirk


def centre_list(request: HttpRequest) -> HttpResponse:
    centres, q, bezirk = listed_centres(request)
    page = Paginator(centres, 60).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "q": q,
        "bezirk": bezirk,
        "bezirke": Regierungsbezirk.objects.all(),
        "export_links": exports.export_links(request, "centres:list_export"),
    }
    template = "centres/_results.html" if request.headers.get("HX-Request") else "centres/list.html"
    return render(request, template, context)


def centre_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """The registry as searched on the page, as CSV or XLSX; the head of each KI only as its
    page shows the staff (`centres.exports`)."""
    centres, _q, _bezirk = listed_centres(request)
    if access.may_see_any_staff(request.user):
        centres = centre_exports.with_management(centres)
    return exports.export(
        request,
        centres,
        centre_exports.centre_columns(request.user),
        fmt=fmt,
        filename="integrationszentren",
        title=gettext_lazy("Integration centres"),
        subject=Centre,
        back=reverse("centres:list"),
    )


def centre_detail(request: HttpRequest, pk: int) -> HttpResponse:
    centre = access.centre_for(request.user, pk)
    pseudonymised = access.staff_pseudonymised(request.user)
    if pseudonymised:
        staff: Sequence[object] | None = access.pseudonymous_staff_of(request.user, centre)
    else:
        named = access.staff_of(request.user, centre)
        staff = list(named) if named is not None else None
    return render(
        request,
        "centres/detail.html",
        {
            "centre": centre,
            "staff": staff,
            "pseudonymised": pseudonymised,
            "may_edit": access.may_edit_centre(request.user, centre.pk),
            "panels": registry.panels_for(request.user, centre),
        },
    )


def _save(
    form_valid: bool, form: CentreForm | StaffMemberForm, write: Callable[[], object]
) -> bool:
    """Run a service on valid input; service rule errors land on the form, input kept."""
    if not form_valid:
        return False
    try:
        write()
    except ValidationError as e:
        add_service_errors(form, e)
        return False
    return True


@login_required
def centre_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    centre = access.centre_for_edit(request.user, pk)
    form = CentreForm(request.POST or None, instance=access.centre_for_edit(request.user, pk))
    if request.method == "POST" and _save(
        form.is_valid(),
        form,
        lambda: services.update_centre(
            centre, by=request.user, data={f: form.cleaned_data[f] for f in form.changed_data}
        ),
    ):
        messages.success(request, _("The KI's data are saved."))
        return redirect(centre)
    return render(request, "centres/edit.html", {"centre": centre, "form": form})


@login_required
def staff_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    centre = access.centre_for_edit(request.user, pk)
    form = StaffMemberForm(request.POST or None)
    if request.method == "POST" and _save(
        form.is_valid(),
        form,
        lambda: services.add_staff_member(centre, by=request.user, data=form.cleaned_data),
    ):
        messages.success(request, _("The staff member is added."))
        return redirect(centre)
    return render(
        request, "centres/staff_form.html", {"centre": centre, "form": form, "member": None}
    )


@login_required
def staff_edit(request: AuthenticatedHttpRequest, pk: int, member_pk: int) -> HttpResponse:
    centre = access.centre_for_edit(request.user, pk)
    member = access.staff_member_for_edit(request.user, centre, member_pk)
    form = StaffMemberForm(
        request.POST or None, instance=access.staff_member_for_edit(request.user, centre, member_pk)
    )
    if request.method == "POST" and _save(
        form.is_valid(),
        form,
        lambda: services.update_staff_member(
            member, by=request.user, data={f: form.cleaned_data[f] for f in form.changed_data}
        ),
    ):
        messages.success(request, _("The staff member is saved."))
        return redirect(centre)
    return render(
        request, "centres/staff_form.html", {"centre": centre, "form": form, "member": member}
    )
