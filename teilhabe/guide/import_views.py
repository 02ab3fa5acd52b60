"""The offers' import (upload → preview with every row's errors → confirmation → progress
that polls its fragment every two seconds until the job ends) and the CSV downloads: the
open data of all published offers and a KI's own export."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from teilhabe.accounts.auth import AuthenticatedHttpRequest
from teilhabe.core import audit
from teilhabe.network.models import ImportState

from . import access, csvformat, importing
from .import_forms import OfferImportForm
from .interchange import OfferRecord
from .models import Offer, OfferImport


def import_job_for(user: object, centre_pk: int, pk: int) -> OfferImport:
    """A job of the KI's own people (also one a colleague uploaded); 404 otherwise."""
    job = get_object_or_404(
        OfferImport.objects.select_related("centre", "centre__grantee", "created_by"),
        centre_id=centre_pk,
        pk=pk,
    )
    if not access.may_manage_guide(user, job.centre_id):  # type: ignore[arg-type]
        raise Http404
    return job


@login_required
def import_upload(request: AuthenticatedHttpRequest, centre_pk: int) -> HttpResponse:
    centre = access.centre_for_guide(request.user, centre_pk)
    form = OfferImportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                job = importing.upload_import(
                    centre,
                    by=request.user,
                    upload=form.cleaned_data["file"],
                    default_category=form.cleaned_data["default_category"],
                    publish=form.cleaned_data["publish"],
                )
            except ValidationError as e:
                form.add_error("file", e)
            else:
                return redirect(job)
        status = 422
    recent = OfferImport.objects.filter(centre=centre).exclude(state=ImportState.DISCARDED)[:5]
    return render(
        request,
        "guide/import_upload.html",
        {"centre": centre, "form": form, "jobs": recent},
        status=status,
    )


@login_required
def import_review(request: AuthenticatedHttpRequest, centre_pk: int, pk: int) -> HttpResponse:
    """The preview of every row (nothing written); the POST confirms and queues the job."""
    job = import_job_for(request.user, centre_pk, pk)
    if job.state != ImportState.UPLOADED:
        return redirect(job)
    try:
        prepared = importing.preview(job)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
        return redirect("guide:import", job.centre_id)
    if request.method == "POST":
        try:
            importing.confirm_import(job, by=request.user)
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        else:
            messages.success(request, _("The import is confirmed and runs in the background."))
            return redirect("guide:import_progress", job.centre_id, job.pk)
    valid = [p for p in prepared if not p.errors]
    errors = [e for p in prepared for e in p.errors]
    return render(
        request,
        "guide/import_review.html",
        {
            "centre": job.centre,
            "job": job,
            "valid": len(valid),
            "invalid": len(prepared) - len(valid),
            "updates": sum(1 for p in valid if p.offer_id is not None),
            "kept_aside": sum(p.kept_aside for p in valid),
            "preview": prepared[: importing.PREVIEW_ROWS],
            "preview_size": importing.PREVIEW_ROWS,
            "error_list": errors[: importing.MAX_STORED_ERRORS],
            "error_total": len(errors),
        },
    )


@login_required
@require_GET
def import_progress(request: HttpRequest, centre_pk: int, pk: int) -> HttpResponse:
    job = import_job_for(request.user, centre_pk, pk)
    if job.state == ImportState.UPLOADED:
        return redirect(job)
    template = (
        "guide/_import_progress.html"
        if request.headers.get("HX-Request")
        else "guide/import_progress.html"
    )
    return render(request, template, {"centre": job.centre, "job": job})


def _csv(records: Sequence[OfferRecord], filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        csvformat.write(records),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def open_data_csv(request: HttpRequest) -> StreamingHttpResponse:
    """All published offers of every KI, the published version (public, no personal data
    beyond the contact the KI publishes anyway)."""
    offers = Offer.objects.for_public_display().order_by("centre_id", "pk")
    response = _csv(csvformat.records(offers), "wegweiser-angebote.csv")
    response["Cache-Control"] = "public, max-age=300"
    return response


@login_required
@require_GET
def offers_csv(request: AuthenticatedHttpRequest, centre_pk: int) -> StreamingHttpResponse:
    """The KI's offers as the guide's CSV: the published version of each offer that has one
    (archived ones too, so a KI keeps all it ever published); drafts have none."""
    centre = access.centre_for_guide(request.user, centre_pk)
    offers = Offer.objects.filter(centre=centre).exclude(published_at=None).order_by("pk")
    records = csvformat.records(offers)
    audit.record(
        Offer,
        "list.exported",
        actor=request.user,
        centre_id=centre.pk,
        label=f"Wegweiser-Angebote als CSV, {len(records)} Zeilen",
    )
    return _csv(records, f"wegweiser-{centre.district_key}.csv")
