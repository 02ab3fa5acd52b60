"""The import's pages: the upload, the column mapping with its preview and the confirmation,
the progress page that reloads its fragment every two seconds until the job ends, and the
retry of a job whose worker died."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from teilhabe.accounts.auth import AuthenticatedHttpRequest
from teilhabe.core.forms import add_service_errors

from . import access, imports, services
from .forms import ImportUploadForm, MappingForm
from .models import ImportJob, ImportState


@login_required
def import_upload(request: AuthenticatedHttpRequest, centre_pk: int) -> HttpResponse:
    centre = access.centre_for_network(request.user, centre_pk, manage=True)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.upload_import(centre, by=request.user, upload=form.cleaned_data["file"])
        except ValidationError as e:
            form.add_error("file", e)
        else:
            return redirect(job)
    recent = ImportJob.objects.filter(centre=centre).exclude(state=ImportState.DISCARDED)[:5]
    return render(
        request, "network/import_upload.html", {"centre": centre, "form": form, "jobs": recent}
    )


def _preview(job: ImportJob, form: MappingForm, table: imports.Table) -> imports.Checked | None:
    if not form.is_valid():
        return None
    try:
        mapping = imports.clean_mapping(form.mapping(), len(table.headers))
    except ValidationError as e:
        add_service_errors(form, e)
        return None
    return imports.check_table(table, mapping, job.centre)


@login_required
def import_review(request: AuthenticatedHttpRequest, centre_pk: int, pk: int) -> HttpResponse:
    """The mapping (guessed first, changed by GET so nothing is written) with the preview of
    its result; the POST confirms and queues the job."""
    job = access.import_job_for(request.user, centre_pk, pk)
    if job.state != ImportState.UPLOADED:
        return redirect(job)
    try:
        table = services.read_import(job)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
        return redirect("network:import", job.centre_id)
    data = request.POST if request.method == "POST" else (request.GET or None)
    initial = {name: str(index) for name, index in job.mapping.items()}
    form = MappingForm(data or initial, headers=table.headers)
    checked = _preview(job, form, table)
    if request.method == "POST" and checked is not None:
        try:
            services.confirm_import(job, by=request.user, mapping=form.mapping())
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The import is confirmed and runs in the background."))
            return redirect("network:import_progress", job.centre_id, job.pk)
    columns = [name for name in imports.FIELDS if form.is_bound and form.data.get(name)]
    return render(
        request,
        "network/import_review.html",
        {
            "centre": job.centre,
            "job": job,
            "form": form,
            "checked": checked,
            "columns": [(name, imports.FIELDS[name]) for name in columns],
            "preview": checked.rows[: imports.PREVIEW_ROWS] if checked else [],
            "preview_size": imports.PREVIEW_ROWS,
            "error_list": checked.errors[: imports.MAX_STORED_ERRORS] if checked else [],
        },
    )


@login_required
@require_GET
def import_progress(request: HttpRequest, centre_pk: int, pk: int) -> HttpResponse:
    job = access.import_job_for(request.user, centre_pk, pk)
    if job.state == ImportState.UPLOADED:
        return redirect(job)
    template = (
        "network/_import_progress.html"
        if request.headers.get("HX-Request")
        else "network/import_progress.html"
    )
    return render(request, template, {"centre": job.centre, "job": job})


@login_required
@require_POST
def import_retry(request: AuthenticatedHttpRequest, centre_pk: int, pk: int) -> HttpResponse:
    """ "Erneut starten" for an import whose worker died (the progress page offers it)."""
    job = access.import_job_for(request.user, centre_pk, pk)
    try:
        services.retry_import(job, by=request.user)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("The import is started again."))
    return redirect("network:import_progress", job.centre_id, job.pk)
