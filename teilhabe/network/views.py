"""The network's pages: the KI's list with its likely duplicates, an organisation with its
contacts, agreements and the partner's changes, the forms, the merge, the matrix, and the
partner's own page ("Meine Organisation")."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from teilhabe.accounts.auth import AuthenticatedHttpRequest
from teilhabe.core import exports
from teilhabe.core.audit_display import change_lines, related_names
from teilhabe.core.forms import add_service_errors
from teilhabe.core.registry import registry

from . import access, services
from .duplicates import likely_duplicates
from .exports import organisation_columns
from .forms import SORTS, AgreementForm, ContactForm, ListFilter, OrganisationForm
from .models import Organisation, Stage

logger = logging.getLogger(__name__)
PAGE_SIZE = 50
DUPLICATE_FIELDS = ("pk", "centre_id", "name", "street", "postcode", "municipality_id", "is_active")


def _filtered(request: HttpRequest, centre: Any) -> tuple[ListFilter, Any]:
    filters = ListFilter(request.GET or None, centre=centre)
    organisations = access.organisations_of(request.user, centre).search(filters.value("q"))
    if not filters.value("inactive"):
        organisations = organisations.filter(is_active=True)
    if kind := filters.value("type"):
        organisations = organisations.filter(type=kind)
    if stage := filters.value("stage"):
        organisations = organisations.with_stage(stage)
    if language := filters.value("language"):
        organisations = organisations.with_language(language)
    if ags := filters.value("municipality"):
        organisations = organisations.filter(municipality__ags=ags)
    return filters, organisations.order_by(*SORTS[filters.value("sort") or "name"])


def _duplicates(user: Any, centre: Any) -> list[Any]:
    organisations = access.organisations_of(user, centre).select_related(None)
    return likely_duplicates(organisations.only(*DUPLICATE_FIELDS))


@login_required
@require_GET
def organisation_list(request: HttpRequest, centre_pk: int) -> HttpResponse:
    centre = access.centre_for_network(request.user, centre_pk)
    filters, organisations = _filtered(request, centre)
    page = Paginator(organisations, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "centre": centre,
        "filters": filters,
        "page": page,
        "duplicates": len(_duplicates(request.user, centre)),
        "may_manage": access.may_manage_network(request.user, centre.pk),
        "export_links": exports.export_links(request, "network:list_export", centre_pk=centre.pk),
    }
    template = "network/_results.html" if request.headers.get("HX-Request") else "network/list.html"
    return render(request, template, context)


@login_required
@require_GET
def organisation_export(request: HttpRequest, centre_pk: int, fmt: str) -> HttpResponseBase:
    """The list as the page shows it (search, filters, sorting; every page) in the columns the
    import reads."""
    centre = access.centre_for_network(request.user, centre_pk)
    _filters, organisations = _filtered(request, centre)
    return exports.export(
        request,
        organisations,
        organisation_columns(),
        fmt=fmt,
        filename="partnerorganisationen",
        title=_("Partner organisations"),
        subject=Organisation,
        back=reverse("network:list", args=[centre.pk]),
    )


@login_required
@require_GET
def duplicate_list(request: HttpRequest, centre_pk: int) -> HttpResponse:
    centre = access.centre_for_network(request.user, centre_pk)
    return render(
        request,
        "network/duplicates.html",
        {
            "centre": centre,
            "pairs": _duplicates(request.user, centre),
            "may_manage": access.may_manage_network(request.user, centre.pk),
        },
    )


def _detail_context(user: Any, organisation: Organisation) -> dict[str, Any]:
    may_manage = access.may_manage_network(user, organisation.centre_id)
    changes = services.partner_changes(organisation) if may_manage else None
    named = related_names(changes or [])  # the municipalities they name, in one query
    for event in changes or []:
        event.lines = change_lines(event, named)  # type: ignore[attr-defined]
    return {
        "centre": organisation.centre,
        "organisation": organisation,
        "contacts": list(organisation.contacts.all()),
        "agreements": list(organisation.agreements.all()),
        "may_manage": may_manage,
        "may_edit": access.may_edit_organisation(user, organisation.centre_id, organisation.pk),
        "partner_changes": changes,
        "is_own": access.is_partner_of(user, organisation.pk),
        # What other apps show about the organisation (the measures it takes part in).
        "panels": registry.panels_for_organisation(user, organisation),
    }


@login_required
@require_GET
def organisation_detail(request: HttpRequest, centre_pk: int, pk: int) -> HttpResponse:
    organisation = access.organisation_for(request.user, centre_pk, pk)
    return render(request, "network/detail.html", _detail_context(request.user, organisation))


@login_required
@require_GET
def own_organisation(request: HttpRequest) -> HttpResponse:
    """The partner account's organisation: "Meine Organisation"."""
    organisation = access.own_organisation(request.user)
    return render(request, "network/detail.html", _detail_context(request.user, organisation))


def _run(form: Any, write: Any) -> Any:
    try:
        return write()
    except ValidationError as e:
        add_service_errors(form, e)
        return None


@login_required
def organisation_add(request: AuthenticatedHttpRequest, centre_pk: int) -> HttpResponse:
    centre = access.centre_for_network(request.user, centre_pk, manage=True)
    form = OrganisationForm(request.POST or None, centre=centre)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.ORGANISATION_FIELDS}
        organisation = _run(
            form, lambda: services.add_organisation(centre, by=request.user, data=data)
        )
        if organisation is not None:
            messages.success(request, _("The organisation is added."))
            return redirect(organisation)
    return render(
        request, "network/form.html", {"centre": centre, "form": form, "organisation": None}
    )


@login_required
def organisation_edit(request: AuthenticatedHttpRequest, centre_pk: int, pk: int) -> HttpResponse:
    organisation = access.organisation_for(request.user, centre_pk, pk, edit=True)
    partner = not access.may_manage_network(request.user, organisation.centre_id)
    form = OrganisationForm(
        request.POST or None,
        instance=access.organisation_for(request.user, centre_pk, pk, edit=True),
        centre=organisation.centre,
        partner=partner,
    )
    if request.method == "POST" and form.is_valid():
        saved = _run(
            form,
            lambda: services.update_organisation(
                organisation, by=request.user, data=form.changed_values()
            ),
        )
        if saved is not None:
            messages.success(request, _("The organisation's data are saved."))
            return redirect("network:mine" if partner else saved)
    return render(
        request,
        "network/form.html",
        {"centre": organisation.centre, "form": form, "organisation": organisation},
    )


@login_required
def contact_add(request: AuthenticatedHttpRequest, centre_pk: int, pk: int) -> HttpResponse:
    organisation = access.organisation_for(request.user, centre_pk, pk, edit=True)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if _run(form, lambda: services.add_contact(organisation, by=request.user, data=data)):
            messages.success(request, _("The contact is added."))
            return redirect(_back(request.user, organisation))
    return render(
        request,
        "network/contact_form.html",
        {"organisation": organisation, "form": form, "contact": None},
    )


def _back(user: Any, organisation: Organisation) -> str:
    if access.is_partner_of(user, organisation.pk):
        return reverse("network:mine")
    return organisation.get_absolute_url()


@login_required
def contact_edit(
    request: AuthenticatedHttpRequest, centre_pk: int, pk: int, contact_pk: int
) -> HttpResponse:
    organisation = access.organisation_for(request.user, centre_pk, pk, edit=True)
    contact = access.contact_for(request.user, organisation, contact_pk)
    if request.method == "POST" and request.POST.get("action") == "remove":
        services.remove_contact(contact, by=request.user)
        messages.success(request, _("The contact is removed."))
        return redirect(_back(request.user, organisation))
    form = ContactForm(
        request.POST or None, instance=access.contact_for(request.user, organisation, contact_pk)
    )
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        if _run(form, lambda: services.update_contact(contact, by=request.user, data=data)):
            messages.success(request, _("The contact is saved."))
            return redirect(_back(request.user, organisation))
    return render(
        request,
        "network/contact_form.html",
        {"organisation": organisation, "form": form, "contact": contact},
    )


@login_required
def agreement_add(request: AuthenticatedHttpRequest, centre_pk: int, pk: int) -> HttpResponse:
    organisation = access.organisation_for(request.user, centre_pk, pk, manage=True)
    form = AgreementForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        agreement = _run(
            form,
            lambda: services.add_agreement(
                organisation,
                by=request.user,
                data=form.agreement_data(),
                upload=form.cleaned_data["document"],
            ),
        )
        if agreement is not None:
            messages.success(request, _("The cooperation agreement is saved."))
            return redirect(organisation)
    return render(
        request, "network/agreement_form.html", {"organisation": organisation, "form": form}
    )


@login_required
@require_GET
def agreement_document(
    request: HttpRequest, centre_pk: int, pk: int, agreement_pk: int
) -> FileResponse:
    """The signed agreement as a download under its original name; never shown inline."""
    organisation = access.organisation_for(request.user, centre_pk, pk)
    agreement = access.agreement_for(request.user, organisation, agreement_pk)
    if not agreement.document:
        raise Http404
    try:
        handle = agreement.document.open("rb")
    except FileNotFoundError:
        logger.error("agreement document missing on disk: %s", agreement.document.name)
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=agreement.document_name, content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def undo_change(
    request: AuthenticatedHttpRequest, centre_pk: int, pk: int, event_pk: int
) -> HttpResponse:
    organisation = access.organisation_for(request.user, centre_pk, pk, manage=True)
    try:
        services.undo_partner_change(organisation, by=request.user, event_id=event_pk)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("The partner's change is undone."))
    return redirect(organisation.get_absolute_url() + "#partner-changes")


@login_required
def merge(
    request: AuthenticatedHttpRequest, centre_pk: int, pk: int, other_pk: int
) -> HttpResponse:
    """Merge `other_pk` into `pk` (the survivor); per field, the merged one's value may win."""
    survivor = access.organisation_for(request.user, centre_pk, pk, manage=True)
    merged = access.organisation_for(request.user, centre_pk, other_pk, manage=True)
    fields = [
        (name, Organisation._meta.get_field(name), getattr(survivor, name), getattr(merged, name))
        for name in services.MERGE_FIELDS
    ]
    error = None
    if request.method == "POST":
        take = [name for name in services.MERGE_FIELDS if request.POST.get(name) == "merged"]
        try:
            services.merge_organisations(
                survivor, by=request.user, merged=merged, take_from_merged=take
            )
        except ValidationError as e:
            error = " ".join(e.messages)
        else:
            messages.success(
                request,
                _("%(merged)s is merged into %(survivor)s.")
                % {"merged": merged.name, "survivor": survivor.name},
            )
            return redirect(survivor)
    return render(
        request,
        "network/merge.html",
        {
            "centre": survivor.centre,
            "survivor": survivor,
            "merged": merged,
            "fields": [f for f in fields if f[2] != f[3]],
            "error": error,
        },
    )


@login_required
@require_GET
def matrix(request: HttpRequest, centre_pk: int) -> HttpResponse:
    """Which partners work along which stages of the education chain, as a table; below it,
    the same by stage as lists (the table alternative for a quick read)."""
    centre = access.centre_for_network(request.user, centre_pk)
    organisations = (
        access.organisations_of(request.user, centre)
        .filter(is_active=True)
        .select_related(None)
        .only("pk", "centre_id", "name", "type", "stages")
        .order_by("name", "pk")
    )
    page = Paginator(organisations, PAGE_SIZE).get_page(request.GET.get("page"))
    stages = list(Stage)
    rows = [(o, [s in o.stages for s in stages]) for o in page.object_list]
    by_stage = [(stage, [o for o in page.object_list if stage in o.stages]) for stage in stages]
    return render(
        request,
        "network/matrix.html",
        {"centre": centre, "page": page, "stages": stages, "rows": rows, "by_stage": by_stage},
    )
