"""The shared import pages (`core.import_jobs`): the upload, the review's frame, the progress
page whose fragment polls itself every two seconds until the job ends, and the retry of a
stalled job. An app's views are thin: they find the KI, build the app's form and preview, and
call these with the app's `ImportPages`; the templates are `templates/core/import_*.html`
(the review page of an app extends `core/import_review.html` and fills its block)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext
from django_stubs_ext import StrOrPromise

from .import_jobs import Importer, ImportJobBase, ImportState, retry

J = TypeVar("J", bound=ImportJobBase)
T = TypeVar("T")
RECENT_JOBS = 5


@dataclass(frozen=True)
class ImportPages(Generic[J]):
    """What the shared pages say of one app's import."""

    importer: Importer[J, Any]
    title: StrOrPromise  # "Import organisations": the upload page's heading
    intro: StrOrPromise  # step 1's explanation on the upload page
    list_url: str  # the URL name of the KI's list the import fills ("network:list")
    list_label: StrOrPromise  # its breadcrumb
    back_label: StrOrPromise  # the link to it once the job has ended
    errors_by_field: bool = False  # an error names a field (else the file's column)
    # Why a stalled job stopped, with %(when)s (where the app offers the retry).
    stalled_note: StrOrPromise = ""

    def context(self, centre: Any, **more: Any) -> dict[str, Any]:
        return {"pages": self, "urls": self.importer.url_names, "centre": centre, **more}


def upload_page(
    request: HttpRequest,
    pages: ImportPages[J],
    centre: Any,
    form: forms.Form,
    start: Callable[[Mapping[str, Any]], J],
) -> HttpResponse:
    """Step 1: the form with the file; `start(cleaned_data)` keeps the upload as a job (the
    app's `upload_import`). A refused file is shown at its field (422), the other choices kept."""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                job = start(form.cleaned_data)
            except ValidationError as e:
                form.add_error("file", e)
            else:
                return redirect(job)
        status = 422
    recent = pages.importer.model._default_manager.filter(centre=centre).exclude(
        state=ImportState.DISCARDED
    )[:RECENT_JOBS]
    return render(
        request,
        "core/import_upload.html",
        pages.context(centre, form=form, jobs=recent),
        status=status,
    )


def review_page(
    request: HttpRequest,
    pages: ImportPages[J],
    job: J,
    *,
    template: str,
    read: Callable[[J], T],
    page: Callable[[T], dict[str, Any] | HttpResponse],
) -> HttpResponse:
    """Step 2 and 3: only for a job not yet confirmed (else its progress). `read(job)` reads the
    kept file (a file gone is told, back on the upload page); `page(found)` shows the preview
    (its context: `show_preview`, `can_import`, `error_list`, `error_total` and `preview` for
    the blocks of `core/import_review.html`) or has confirmed (its response: `confirmed`)."""
    if job.state != ImportState.UPLOADED:
        return redirect(job)
    try:
        found = read(job)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
        return redirect(pages.importer.url_names["upload"], job.centre_id)
    outcome = page(found)
    if isinstance(outcome, HttpResponse):
        return outcome
    context = pages.context(job.centre, job=job, preview_size=pages.importer.preview_rows)
    return render(request, template, {**context, **outcome})


def confirmed(request: HttpRequest, pages: ImportPages[J], job: J) -> HttpResponse:
    """The answer to a confirmation: to the progress page, saying so."""
    messages.success(request, gettext("The import is confirmed and runs in the background."))
    return redirect(pages.importer.url_names["progress"], job.centre_id, job.pk)


def progress_page(request: HttpRequest, pages: ImportPages[J], job: J) -> HttpResponse:
    """The job's progress; for htmx the fragment alone (it polls itself while the job runs)."""
    if job.state == ImportState.UPLOADED:
        return redirect(job)
    stalled = job.is_stalled and bool(pages.importer.actions.retried)
    note = ""
    if stalled:
        when = date_format(localtime(job.last_progress), "SHORT_DATETIME_FORMAT")
        note = str(pages.stalled_note) % {"when": when}
    template = (
        "core/_import_progress.html"
        if request.headers.get("HX-Request")
        else "core/import_progress.html"
    )
    return render(
        request, template, pages.context(job.centre, job=job, stalled=stalled, stalled_note=note)
    )


def retry_page(request: HttpRequest, pages: ImportPages[J], job: J) -> HttpResponse:
    """ "Erneut starten" for a job whose worker died (the progress page offers it); POST."""
    try:
        retry(pages.importer, job, by=request.user)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, gettext("The import is started again."))
    return redirect(pages.importer.url_names["progress"], job.centre_id, job.pk)
