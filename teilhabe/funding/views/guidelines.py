"""The funding guideline versions: public to read, added by the ministry without code.

A version in force is never edited; a change of the rules is a new version
(`services.add_guideline_version`, which refuses overlapping validity and retroactive starts).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.accounts.auth import AuthenticatedHttpRequest
from teilhabe.core.forms import add_service_errors
from teilhabe.funding import access
from teilhabe.funding.forms.budget import GuidelineForm, PositionGroupFormSet
from teilhabe.funding.models import Guideline
from teilhabe.funding.services import add_guideline_version

GUIDELINE_FIELDS = (
    "code",
    "title",
    "citation",
    "specialist_amount",
    "assistant_amount",
    "annual_cap_kreis",
    "annual_cap_kreisfreie_stadt",
    "interpreter_pool_cap",
    "in_kind_teachers",
    "in_kind_value",
    "concept_max_age_years",
    "assumptions",
)


def _mark_in_force(versions: list[Guideline], today: date) -> list[Guideline]:
    for v in versions:
        v.in_force_today = v.valid_from <= today and (  # type: ignore[attr-defined]
            v.valid_until is None or today <= v.valid_until
        )
    return versions


def guideline_list(request: HttpRequest) -> HttpResponse:
    """Every version with its validity, amounts, groups and citations (public rules)."""
    today = timezone.localdate()
    versions = list(Guideline.objects.prefetch_related("position_groups").order_by("-valid_from"))
    return render(
        request,
        "funding/guidelines/list.html",
        {
            "versions": _mark_in_force(versions, today),
            "today": today,
            "may_add": access.may_manage_guidelines(request.user),
        },
    )


def guideline_detail(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(Guideline.objects.prefetch_related("position_groups"), pk=pk)
    today = timezone.localdate()
    _mark_in_force([version], today)
    return render(request, "funding/guidelines/detail.html", {"version": version, "today": today})


def _initial_from(latest: Guideline | None) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Prefill with the newest version, so the ministry types only what changes."""
    if latest is None:
        return {}, []
    initial = {name: getattr(latest, name) for name in GUIDELINE_FIELDS}
    initial["code"] = ""
    groups = [
        {
            "code": g.code,
            "name": g.name,
            "categories": list(g.categories),
            "max_fte": g.max_fte,
            "district_kind": g.district_kind,
            "citation": g.citation,
        }
        for g in latest.position_groups.all()
    ]
    return initial, groups


@login_required
def guideline_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.may_manage_guidelines(request.user):
        raise Http404
    latest = Guideline.objects.prefetch_related("position_groups").order_by("-valid_from").first()
    initial, group_initial = _initial_from(latest)
    form = GuidelineForm(request.POST or None, initial=initial)
    # Bound, the formset compares with nothing: every row sent is taken as typed.
    groups = (
        PositionGroupFormSet(request.POST, prefix="groups")
        if request.method == "POST"
        else PositionGroupFormSet(initial=group_initial, prefix="groups")
    )
    if request.method == "POST" and form.is_valid() and groups.is_valid():
        data = form.cleaned_data
        try:
            version = add_guideline_version(
                by=request.user,
                groups=groups.kept(),
                **data,
            )
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The guideline version is added."))
            return redirect("funding:guideline", pk=version.pk)
    return render(
        request,
        "funding/guidelines/form.html",
        {"form": form, "groups": groups, "latest": latest},
    )
