"""Pages of the parent groups: the KI's parent companions (list, add, edit), a measure's group
(add, edit, its page with the sessions) and the sessions (record, remove). Thin: the rules
are in `services/groups.py`, who may see what in `access.py` (404 for anyone else, and for a
measure whose programme keeps no parent groups)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from teilhabe.accounts.auth import AuthenticatedHttpRequest
from teilhabe.centres.models import Centre
from teilhabe.core import exports
from teilhabe.core.forms import run_service

from . import access
from .group_forms import (
    COMPANION_SORTS,
    CompanionFilter,
    CompanionForm,
    GroupForm,
    SessionFilter,
    SessionForm,
)
from .models import GroupSession, Measure, ParentCompanion, ParentGroup, RecordKind
from .record_exports import companion_columns
from .services import groups as services

PAGE_SIZE = 50
KIND = RecordKind.PARENT_GROUPS


def _group(measure: Measure, group_pk: int) -> ParentGroup:
    return get_object_or_404(
        ParentGroup.objects.select_related("institution", "municipality"),
        measure=measure,
        pk=group_pk,
    )


def _group_url(measure: Measure, group: ParentGroup) -> str:
    return reverse("measures:group", args=[measure.centre_id, measure.pk, group.pk])


# --- parent companions -----------------------------------------------------------------------


def _companions(request: HttpRequest, centre: Centre) -> tuple[CompanionFilter, Any]:
    """The companions the list's search and filters name, in its order (page and export)."""
    filters = CompanionFilter(request.GET or None)
    companions = (
        ParentCompanion.objects.filter(centre=centre)
        .annotate(group_count=Count("groups", distinct=True))
        .order_by(*COMPANION_SORTS[filters.value("sort") or "name"])
    )
    if q := filters.value("q").strip():
        companions = companions.filter(name__icontains=q)
    if language := filters.value("language"):
        companions = companions.filter(languages__icontains=f'"{language}"')
    active = filters.value("active")
    if active == "":
        companions = companions.filter(is_active=True)
    elif active == "inactive":
        companions = companions.filter(is_active=False)
    return filters, companions


@login_required
@require_GET
def companion_list(request: HttpRequest, centre_pk: int) -> HttpResponse:
    centre = access.centre_for_measures(request.user, centre_pk)
    filters, companions = _companions(request, centre)
    page = Paginator(companions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "measures/groups/companions.html",
        {
            "centre": centre,
            "filters": filters,
            "page": page,
            "may_manage": access.may_manage_measures(request.user, centre.pk),
            "export_links": exports.export_links(
                request, "measures:companions_export", centre_pk=centre.pk
            ),
        },
    )


@login_required
@require_GET
def companion_export(request: HttpRequest, centre_pk: int, fmt: str) -> HttpResponseBase:
    centre = access.centre_for_measures(request.user, centre_pk)
    _filters, companions = _companions(request, centre)
    return exports.export(
        request,
        companions,
        companion_columns(),
        fmt=fmt,
        filename="elternbegleitung",
        title=_("Parent companions"),
        subject=ParentCompanion,
        back=reverse("measures:companions", args=[centre.pk]),
    )


@login_required
def companion_add(request: AuthenticatedHttpRequest, centre_pk: int) -> HttpResponse:
    centre = access.centre_for_measures(request.user, centre_pk, manage=True)
    form = CompanionForm(request.POST or None, initial={"is_active": True})
    if request.method == "POST" and form.is_valid():
        data = form.values()
        if run_service(form, lambda: services.add_companion(centre, by=request.user, data=data)):
            messages.success(request, _("The parent companion is added."))
            return redirect("measures:companions", centre.pk)
    return render(
        request,
        "measures/groups/companion_form.html",
        {"centre": centre, "form": form, "companion": None},
    )


@login_required
def companion_edit(request: AuthenticatedHttpRequest, centre_pk: int, pk: int) -> HttpResponse:
    centre = access.centre_for_measures(request.user, centre_pk, manage=True)
    companion = access.companion_for(request.user, centre, pk)
    form = CompanionForm(
        request.POST or None, instance=access.companion_for(request.user, centre, pk)
    )
    if request.method == "POST" and form.is_valid():
        data = form.values()
        saved = run_service(
            form, lambda: services.update_companion(companion, by=request.user, data=data)
        )
        if saved is not None:
            messages.success(request, _("The parent companion's data are saved."))
            return redirect("measures:companions", centre.pk)
    return render(
        request,
        "measures/groups/companion_form.html",
        {"centre": centre, "form": form, "companion": companion},
    )


# --- groups ------------------------------------------------------------------------------------


def _group_form_page(
    request: AuthenticatedHttpRequest, measure: Measure, form: GroupForm, group: Any
) -> HttpResponse:
    return render(
        request,
        "measures/groups/group_form.html",
        {
            "centre": measure.centre,
            "measure": measure,
            "measure_url": measure.get_absolute_url(),
            "form": form,
            "group": group,
        },
        status=422 if form.errors else 200,
    )


@login_required
def group_add(request: AuthenticatedHttpRequest, centre_pk: int, pk: int) -> HttpResponse:
    measure = access.measure_for(request.user, centre_pk, pk, manage=True, kind=KIND)
    form = GroupForm(
        request.POST or None,
        centre=measure.centre,
        initial={"starts_on": measure.starts_on, "ends_on": measure.ends_on, "families": 0},
    )
    if request.method == "POST" and form.is_valid():
        data = form.values()
        group = run_service(form, lambda: services.add_group(measure, by=request.user, data=data))
        if group is not None:
            messages.success(request, _("The group is added."))
            return redirect(_group_url(measure, group))
    return _group_form_page(request, measure, form, None)


@login_required
def group_edit(
    request: AuthenticatedHttpRequest, centre_pk: int, pk: int, group_pk: int
) -> HttpResponse:
    measure = access.measure_for(request.user, centre_pk, pk, manage=True, kind=KIND)
    group = _group(measure, group_pk)
    form = GroupForm(
        request.POST or None, instance=_group(measure, group_pk), centre=measure.centre
    )
    if request.method == "POST" and form.is_valid():
        data = form.values()
        version = form.cleaned_data.get("lock_version")
        saved = run_service(
            form,
            lambda: services.update_group(
                group, by=request.user, data=data, expected_version=version
            ),
        )
        if saved is not None:
            messages.success(request, _("The group's data are saved."))
            return redirect(_group_url(measure, saved))
    return _group_form_page(request, measure, form, group)


@login_required
@require_GET
def group_detail(request: HttpRequest, centre_pk: int, pk: int, group_pk: int) -> HttpResponse:
    measure = access.measure_for(request.user, centre_pk, pk, kind=KIND)
    group = _group(measure, group_pk)
    period = SessionFilter(request.GET or None)
    sessions = group.sessions.order_by("-held_on", "pk")
    if (start := period.value("start")) is not None:
        sessions = sessions.filter(held_on__gte=start)
    if (end := period.value("end")) is not None:
        sessions = sessions.filter(held_on__lte=end)
    return render(
        request,
        "measures/groups/group.html",
        {
            "centre": measure.centre,
            "measure": measure,
            "measure_url": measure.get_absolute_url(),
            "group": group,
            "companions": list(group.companions.order_by("name", "pk")),
            "period": period,
            "filtered": period.value("start") is not None or period.value("end") is not None,
            "page": Paginator(sessions, PAGE_SIZE).get_page(request.GET.get("page")),
            "may_manage": access.may_manage_measures(request.user, measure.centre_id),
        },
    )


# --- sessions ----------------------------------------------------------------------------------


@login_required
def session_add(
    request: AuthenticatedHttpRequest, centre_pk: int, pk: int, group_pk: int
) -> HttpResponse:
    measure = access.measure_for(request.user, centre_pk, pk, manage=True, kind=KIND)
    group = _group(measure, group_pk)
    form = SessionForm(request.POST or None, initial={"families_present": group.families})
    if request.method == "POST" and form.is_valid():
        data = form.values()
        if run_service(form, lambda: services.add_session(group, by=request.user, data=data)):
            messages.success(request, _("The session is recorded."))
            return redirect(_group_url(measure, group))
    return render(
        request,
        "measures/groups/session_form.html",
        {
            "centre": measure.centre,
            "measure": measure,
            "measure_url": measure.get_absolute_url(),
            "group": group,
            "form": form,
        },
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def session_remove(
    request: AuthenticatedHttpRequest, centre_pk: int, pk: int, group_pk: int, session_pk: int
) -> HttpResponse:
    measure = access.measure_for(request.user, centre_pk, pk, manage=True, kind=KIND)
    group = _group(measure, group_pk)
    session = get_object_or_404(GroupSession, group=group, pk=session_pk)
    services.remove_session(session, by=request.user)
    messages.success(request, _("The session is removed."))
    return redirect(_group_url(measure, group) + "#sessions")
