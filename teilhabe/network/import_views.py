"""The import's pages (the shared ones, `core.import_pages`): the upload, the column mapping
with its preview and the confirmation, the progress page that reloads its fragment every two
seconds until the job ends, and the retry of a job whose worker died."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from teilhabe.accounts.auth import AuthenticatedHttpRequest
from teilhabe.core import import_pages
from teilhabe.core.forms import add_service_errors

from . import access, imports, services
from .forms import ImportUploadForm, MappingForm
from .models import ImportJob

PAGES = import_pages.ImportPages[ImportJob](
    importer=services.IMPORTER,
    title=_("Import organisations"),
    intro=_(
        "Step 1 of 3: choose the file. Next you check which column holds what and see a "
        "preview with every error; nothing is written until you confirm. Organisations with "
        "the same name and postcode as one in the network are updated, not added twice."
    ),
    list_url="network:list",
    list_label=_("Partner network"),
    back_label=_("To the partner network"),
    stalled_note=_(
        "Nothing has happened since %(when)s: the background worker has probably stopped. "
        "Start the import again; organisations it has imported already are not added twice."
    ),
)


@login_required
def import_upload(request: AuthenticatedHttpRequest, centre_pk: int) -> HttpResponse:
    centre = access.centre_for_network(request.user, centre_pk, manage=True)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    return import_pages.upload_page(
        request,
        PAGES,
        centre,
        form,
        lambda data: services.upload_import(centre, by=request.user, upload=data["file"]),
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

    def page(table: imports.Table) -> dict[str, object] | HttpResponse:
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
                return import_pages.confirmed(request, PAGES, job)
        columns = [name for name in imports.FIELDS if form.is_bound and form.data.get(name)]
        return {
            "form": form,
            "checked": checked,
            "columns": [(name, imports.FIELDS[name]) for name in columns],
            "preview": checked.rows[: imports.PREVIEW_ROWS] if checked else [],
            "error_list": checked.errors[: imports.MAX_STORED_ERRORS] if checked else [],
            "error_total": len(checked.errors) if checked else 0,
            "show_preview": checked is not None,
            "can_import": bool(checked and checked.valid),
        }

    return import_pages.review_page(
        request,
        PAGES,
        job,
        template="network/import_review.html",
        read=services.read_import,
        page=page,
    )


@login_required
@require_GET
def import_progress(request: HttpRequest, centre_pk: int, pk: int) -> HttpResponse:
    job = access.import_job_for(request.user, centre_pk, pk)
    return import_pages.progress_page(request, PAGES, job)


@login_required
@require_POST
def import_retry(request: AuthenticatedHttpRequest, centre_pk: int, pk: int) -> HttpResponse:
    """ "Erneut starten" for an import whose worker died (the progress page offers it)."""
    job = access.import_job_for(request.user, centre_pk, pk)
    return import_pages.retry_page(request, PAGES, job)
