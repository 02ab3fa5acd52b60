"""The offers' import (the shared pages, `core.import_pages`: upload → preview with every
row's errors → confirmation → progress that polls its fragment every two seconds until the
job ends) and the CSV downloads: the open data of all published offers and a KI's own
export."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from teilhabe.accounts.auth import AuthenticatedHttpRequest
from teilhabe.core import audit, import_jobs, import_pages

from . import access, csvformat, importing
from .import_forms import OfferImportForm
from .interchange import OfferRecord
from .models import Offer, OfferImport

PAGES = import_pages.ImportPages[OfferImport](
    importer=importing.IMPORTER,
    title=_("Import offers"),
    intro=_(
        "Step 1 of 3: choose the file. Next you see a preview with every row's errors; nothing "
        "is written until you confirm. An offer whose id is already in your guide is updated, "
        "never added twice."
    ),
    list_url="guide:offers",
    list_label=_("Integration guide"),
    back_label=_("To the guide's offers"),
    errors_by_field=True,
)


def import_job_for(user: object, centre_pk: int, pk: int) -> OfferImport:
    """A job of the KI's own people (also one a colleague uploaded); 404 otherwise."""
    return import_jobs.job_for(OfferImport, access.may_manage_guide, user, centre_pk, pk)


@login_required
def import_upload(request: AuthenticatedHttpRequest, centre_pk: int) -> HttpResponse:
    centre = access.centre_for_guide(request.user, centre_pk)
    form = OfferImportForm(request.POST or None, request.FILES or None)
    return import_pages.upload_page(
        request,
        PAGES,
        centre,
        form,
        lambda data: importing.upload_import(
            centre,
            by=request.user,
            upload=data["file"],
            default_category=data["default_category"],
            publish=data["publish"],
        ),
    )


@login_required
def import_review(request: AuthenticatedHttpRequest, centre_pk: int, pk: int) -> HttpResponse:
    """The preview of every row (nothing written); the POST confirms and queues the job."""
    job = import_job_for(request.user, centre_pk, pk)

    def page(prepared: list[importing.Prepared]) -> dict[str, object] | HttpResponse:
        if request.method == "POST":
            try:
                importing.confirm_import(job, by=request.user)
            except ValidationError as e:
                messages.error(request, " ".join(e.messages))
            else:
                return import_pages.confirmed(request, PAGES, job)
        valid = [p for p in prepared if not p.errors]
        errors = [e for p in prepared for e in p.errors]
        return {
            "valid": len(valid),
            "invalid": len(prepared) - len(valid),
            "updates": sum(1 for p in valid if p.offer_id is not None),
            "kept_aside": sum(p.kept_aside for p in valid),
            "preview": prepared[: importing.PREVIEW_ROWS],
            "error_list": errors[: importing.MAX_STORED_ERRORS],
            "error_total": len(errors),
            "show_preview": True,
            "can_import": bool(valid),
        }

    return import_pages.review_page(
        request,
        PAGES,
        job,
        template="guide/import_review.html",
        read=importing.preview,
        page=page,
    )


@login_required
@require_GET
def import_progress(request: HttpRequest, centre_pk: int, pk: int) -> HttpResponse:
    job = import_job_for(request.user, centre_pk, pk)
    return import_pages.progress_page(request, PAGES, job)


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
