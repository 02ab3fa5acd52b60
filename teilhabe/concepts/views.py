"""A KI's integration concept: its versions, one version, its document, a new version."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from teilhabe.accounts.auth import AuthenticatedHttpRequest
from teilhabe.centres.access import staff_pseudonymised
from teilhabe.centres.models import Centre
from teilhabe.core.forms import add_service_errors

from . import access, services
from .forms import ConceptForm
from .models import Actor, FocusArea, IntegrationConcept

logger = logging.getLogger(__name__)


def _labels(codes: list[str], choices: type[FocusArea] | type[Actor]) -> list[str]:
    labels = dict(choices.choices)
    return [str(labels.get(code, code)) for code in codes]


@login_required
@require_GET
def concept_list(request: HttpRequest, centre_pk: int) -> HttpResponse:
    centre = access.centre_for_concepts(request.user, centre_pk)
    concepts = access.concepts_of(request.user, centre)
    return render(
        request,
        "concepts/list.html",
        {
            "centre": centre,
            "concepts": list(concepts or []),
            "may_add": access.may_add_concept(request.user, centre.pk),
            "pseudonymised": staff_pseudonymised(request.user),
        },
    )


@login_required
@require_GET
def concept_detail(request: HttpRequest, centre_pk: int, version: int) -> HttpResponse:
    concept = access.concept_for(request.user, centre_pk, version)
    current = access.concepts_of(request.user, concept.centre)
    assert current is not None  # concept_for has checked the permission
    return render(
        request,
        "concepts/detail.html",
        {
            "centre": concept.centre,
            "concept": concept,
            "current_version": current.values_list("version", flat=True).first(),
            "focus_labels": _labels(concept.focus_areas, FocusArea),
            "actor_labels": _labels(concept.actors, Actor),
            "may_add": access.may_add_concept(request.user, concept.centre_id),
            "pseudonymised": staff_pseudonymised(request.user),
        },
    )


@login_required
@require_GET
def concept_document(request: HttpRequest, centre_pk: int, version: int) -> FileResponse:
    """The stored PDF as a download under its original name; never shown inline."""
    concept = access.concept_for(request.user, centre_pk, version)
    try:
        handle = concept.document.open("rb")
    except FileNotFoundError:
        logger.error("concept document missing on disk: %s", concept.document.name)
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=concept.document_name, content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _initial(centre: Centre) -> dict[str, Any]:
    """A new version starts from the current one (or the KI's attachment): revise, not retype."""
    body = services.expected_adopting_body(centre.grantee.kind)
    current = IntegrationConcept.objects.current_for(centre)
    if current is None:
        return {"adopting_body": body, "attachment": centre.attachment}
    fields = ("title", "focus_areas", "actors", "other_actors", "attachment", "organisation")
    return {"adopting_body": body, **{name: getattr(current, name) for name in fields}}


@login_required
def concept_add(request: AuthenticatedHttpRequest, centre_pk: int) -> HttpResponse:
    centre = access.centre_for_concept_upload(request.user, centre_pk)
    if request.method != "POST":
        form = ConceptForm(initial=_initial(centre), centre=centre)
        return render(request, "concepts/form.html", {"centre": centre, "form": form})
    form = ConceptForm(request.POST, request.FILES, centre=centre)
    if form.is_valid():
        try:
            concept = services.add_concept_version(
                centre,
                by=request.user,
                data=form.concept_data(),
                upload=form.cleaned_data["document"],
            )
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(
                request,
                _("Version %(version)d of the integration concept is saved.")
                % {"version": concept.version},
            )
            return redirect(concept)
    return render(request, "concepts/form.html", {"centre": centre, "form": form})
