"""The shared import job: a file uploaded into a KI's data is kept until its user has seen the
preview and confirmed, then run by the background worker (django-tasks) in batches with its
progress, every step audited. Core knows no app; an app plugs in with two pieces:

- a model on `ImportJobBase` (the state, the kept file, the counters, the stored errors), with
  `url_namespace` naming the app's URLs `import`, `import_review`, `import_progress` (and
  `import_retry` where a stalled job may be started again, see `stall_after`);
- an `Importer` that reads the app's file (`read`), checks its rows for the run (`rows`) and
  writes a batch of them (`write`), names the audit actions (`ImportActions`), who may import
  (`may_import`) and how the worker is reached (`enqueue`).

The functions below are the job's whole life; each checks its caller with `may_import` itself:
`upload` → `confirm` (queued, the task enqueued after the commit) → `run` (running → done or
failed) and `retry` for a stalled job. The pages are `core.import_pages`, the templates
`templates/core/import_*.html` (docs/architecture.md, "Imports").
"""

from __future__ import annotations

import datetime
import logging
import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import audit
from .actions import locked, require, require_status, transition
from .files import save_on_commit
from .roles import Principal

logger = logging.getLogger(__name__)

MAX_BYTES = 5 * 1024 * 1024


class ImportState(models.TextChoices):
    UPLOADED = "uploaded", _("uploaded, not confirmed")
    QUEUED = "queued", _("waiting for the worker")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")
    DISCARDED = "discarded", _("discarded")


FINISHED = (ImportState.DONE, ImportState.FAILED, ImportState.DISCARDED)


def stored_file_path(instance: ImportJobBase, filename: str) -> str:
    # Never the user's file name on disk.
    label = instance._meta.app_label
    return f"{label}/imports/{instance.centre_id}/{instance.token}.{instance.file_format}"


class ImportJobBase(models.Model):
    """One upload of a file into a KI's data: kept as uploaded until its user confirms, then
    run by the background worker. The file is kept only until the job is done, failed or
    discarded. An app's model adds what it keeps of its own (the network's column mapping,
    the guide's default category) and may give the counters their own names."""

    FINISHED = FINISHED
    url_namespace: ClassVar[str]  # the app's URL namespace ("network")

    centre = models.ForeignKey(
        "centres.Centre", on_delete=models.PROTECT, related_name="+", verbose_name=_("KI")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=ImportState.choices,
        default=ImportState.UPLOADED,
    )
    token = models.CharField(max_length=32, editable=False)
    file = models.FileField(_("file"), upload_to=stored_file_path, max_length=300, blank=True)
    file_name = models.CharField(_("file name"), max_length=255)
    file_format = models.CharField(_("format"), max_length=4)
    total = models.PositiveIntegerField(_("rows"), default=0)
    done = models.PositiveIntegerField(_("rows done"), default=0)
    created = models.PositiveIntegerField(_("added"), default=0)
    updated = models.PositiveIntegerField(_("changed"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    error_count = models.PositiveIntegerField(_("rows with errors"), default=0)
    failure = models.CharField(_("reason of the failure"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    # Set when the job is queued, started, after each batch and at its end: a queued or
    # running job whose last progress is older than `stall_after()` has lost its worker.
    progressed_at = models.DateTimeField(_("last progress"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(done__lte=models.F("total")),
                name="%(app_label)s_import_done_within_total",
            )
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_state_display()})"

    def get_absolute_url(self) -> str:
        page = "import_review" if self.state == ImportState.UPLOADED else "import_progress"
        return reverse(f"{self.url_namespace}:{page}", args=[self.centre_id, self.pk])

    @classmethod
    def stall_after(cls) -> datetime.timedelta | None:
        """How long a queued or running job may go without progress before it counts as
        stalled (its worker died); None: never (the app offers no retry)."""
        return None

    @property
    def is_finished(self) -> bool:
        return self.state in FINISHED

    @property
    def last_progress(self) -> datetime.datetime:
        return self.progressed_at or self.started_at or self.created_at

    @property
    def is_stalled(self) -> bool:
        """Queued or running, but without progress for `stall_after()`: `retry` may start it
        again."""
        after = self.stall_after()
        if after is None or self.state not in (ImportState.QUEUED, ImportState.RUNNING):
            return False
        return self.last_progress < timezone.now() - after

    @property
    def percent(self) -> int:
        """Rows done in per cent, 0 to 100 (an empty file is done)."""
        if not self.total:
            return 100
        return max(0, min(100, self.done * 100 // self.total))


J = TypeVar("J", bound=ImportJobBase)
R = TypeVar("R")


@dataclass(frozen=True)
class ImportActions:
    """The audit actions of one app's import (each needs its label in the app's
    `registry.audit_actions`; `test_audit_action_labels` reads them from this call)."""

    uploaded: str
    discarded: str
    confirmed: str
    started: str
    finished: str
    failed: str
    retried: str = ""


@dataclass(frozen=True)
class Reading:
    """What the upload learnt from the file: its format, its rows' count and what the job
    keeps of it besides (the network's guessed column mapping)."""

    file_format: str
    total: int
    fields: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class Batch:
    """What writing one batch did; `errors` as the job stores them (JSON)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)


class Importer(Generic[J, R]):
    """One app's import, as the shared job needs it. Subclass and set the class attributes;
    implement `may_import`, `enqueue`, `read`, `rows` and `write`."""

    model: type[J]
    actions: ImportActions
    max_bytes: int = MAX_BYTES
    batch_size: int = 500
    max_stored_errors: int = 200
    preview_rows: int = 50
    # Whether `run` may act as the system (by=None: an operator's command); never a page.
    system_may_run: bool = False

    def may_import(self, user: Any, centre_id: int) -> bool:
        """The app's access rule: may `user` import into the KI (and see its imports)?"""
        raise NotImplementedError

    def enqueue(self, job_id: int) -> None:
        """Hand the job to the worker (`task.enqueue(job_id)`); called after the commit."""
        raise NotImplementedError

    def read(self, content: bytes) -> Reading:
        """The uploaded file checked by its content; ValidationError if it is unreadable."""
        raise NotImplementedError

    def rows(self, job: J) -> Sequence[R]:
        """The kept file's rows (`read_file`), each checked, for the run."""
        raise NotImplementedError

    def write(self, job: J, rows: Sequence[R], *, by: Principal | None) -> Batch:
        """Write one batch (in the run's transaction for it) and say what it did."""
        raise NotImplementedError

    def too_large(self, size: int) -> ValidationError:
        return ValidationError(
            _("The file is %(size)s; at most %(limit)s are allowed."),
            code="file_too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(self.max_bytes)},
        )

    @property
    def url_names(self) -> dict[str, str]:
        """The URL names of the pages, for the templates (`importer.url_names.progress`)."""
        ns = self.model.url_namespace
        return {
            "upload": f"{ns}:import",
            "review": f"{ns}:import_review",
            "progress": f"{ns}:import_progress",
            "retry": f"{ns}:import_retry",
        }


def job_for(
    model: type[J], may_import: Callable[[Any, int], bool], user: Any, centre_pk: int, pk: int
) -> J:
    """A job of the KI for those who may import into it (also one a colleague uploaded); 404
    otherwise, as for a job that does not exist."""
    job = get_object_or_404(
        model._default_manager.select_related("centre", "centre__grantee", "created_by"),
        centre_id=centre_pk,
        pk=pk,
    )
    if not may_import(user, job.centre_id):
        raise Http404
    return job


def _require(importer: Importer[Any, Any], by: Principal | None, centre_id: int) -> None:
    if by is None and importer.system_may_run:
        return
    require(by, importer.may_import, centre_id)


def file_name_of(upload: UploadedFile) -> str:
    """The name to show: no directories, at most 255 characters."""
    return (upload.name or "").replace("\\", "/").rsplit("/", 1)[-1][-255:] or "import"


def upload_content(importer: Importer[Any, Any], upload: UploadedFile) -> bytes:
    """The upload's bytes; its size is checked before a byte is read."""
    size = upload.size or 0
    if size > importer.max_bytes:
        raise importer.too_large(size)
    content = b"".join(upload.chunks())
    if len(content) > importer.max_bytes:  # a declared size that lied
        raise importer.too_large(len(content))
    return content


def new_job(
    importer: Importer[J, Any],
    *,
    centre_id: int,
    by: Principal | None,
    name: str,
    content: bytes,
    reading: Reading,
    fields: Mapping[str, Any] | None = None,
) -> J:
    """A job of the file, saved, its file written when the transaction commits (no audit: the
    caller records the step that made it)."""
    user: Any = by if by is not None and by.is_authenticated else None  # the user model
    job = importer.model(
        centre_id=centre_id,
        created_by=user,
        token=secrets.token_hex(16),
        file_name=name[-255:],
        file_format=reading.file_format,
        total=reading.total,
        **{**reading.fields, **(fields or {})},
    )
    save_on_commit(job.file, f"import.{reading.file_format}", content)
    job.save()
    return job


@transaction.atomic
def upload(
    importer: Importer[J, Any],
    centre_id: int,
    *,
    by: Principal,
    upload: UploadedFile,
    fields: Mapping[str, Any] | None = None,
) -> J:
    """Keep an uploaded file (checked by content within the bounds) until its user has seen the
    preview and confirmed; nothing of it is written to the app's data yet. The user's earlier
    unconfirmed upload for the KI is discarded with its file. `fields`: the upload form's
    choices the job keeps (audited with it)."""
    require(by, importer.may_import, centre_id)
    content = upload_content(importer, upload)
    reading = importer.read(content)
    for earlier in importer.model._default_manager.select_for_update().filter(
        centre_id=centre_id, created_by=by, state=ImportState.UPLOADED
    ):
        _discard(importer, earlier, by=by)
    job = new_job(
        importer,
        centre_id=centre_id,
        by=by,
        name=file_name_of(upload),
        content=content,
        reading=reading,
        fields=fields,
    )
    action = importer.actions.uploaded
    audit.record(
        job,
        action,
        actor=by,
        changes=audit.created(job, ("file_name", "file_format", "total", *(fields or {}))),
        centre_id=centre_id,
    )
    return job


def _discard(importer: Importer[Any, Any], job: ImportJobBase, *, by: Principal) -> None:
    action = importer.actions.discarded
    transition(
        job,
        to=ImportState.DISCARDED,
        allowed=[ImportState.UPLOADED],
        by=by,
        action=action,
        fields={"finished_at": timezone.now()},
        field="state",
    )
    drop_file(job)


def drop_file(job: ImportJobBase) -> None:
    """The job forgets its file; the file is deleted when the transaction commits."""
    name, storage = job.file.name, job.file.storage
    job.file.name = ""
    type(job)._default_manager.filter(pk=job.pk).update(file="")
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def read_file(importer: Importer[Any, Any], job: ImportJobBase) -> bytes:
    """The kept file's bytes (a read for the preview and the run; the caller checked who
    asks). A file gone from the disk is an error, never an empty import."""
    gone = ValidationError(gettext("The file of this import is no longer kept."), code="file_gone")
    if not job.file:
        raise gone
    try:
        with job.file.open("rb") as handle:
            content: bytes = handle.read(importer.max_bytes + 1)
    except FileNotFoundError:
        raise gone from None
    return content


def enqueue_on_commit(importer: Importer[Any, Any], job: ImportJobBase) -> None:
    job_id = job.pk
    transaction.on_commit(lambda: importer.enqueue(job_id))


@transaction.atomic
def confirm(
    importer: Importer[J, Any],
    job: J,
    *,
    by: Principal,
    check: Callable[[J], Mapping[str, Any]],
) -> J:
    """The user confirms the preview: `check(job)` reads the kept file (`read_file`) and checks
    it once more, and returns what the job keeps with it (at least `total`); the job is queued
    and the worker runs it after the commit."""
    require(by, importer.may_import, job.centre_id)
    job = locked(importer.model, job.pk)
    fields = check(job)
    action = importer.actions.confirmed
    transition(
        job,
        to=ImportState.QUEUED,
        allowed=[ImportState.UPLOADED],
        by=by,
        action=action,
        fields={**fields, "progressed_at": timezone.now()},
        field="state",
    )
    enqueue_on_commit(importer, job)
    return job


@transaction.atomic
def retry(importer: Importer[J, Any], job: J, *, by: Principal) -> J:
    """Start a job again whose worker died: queued or running without progress for
    `stall_after()`, it is queued anew and enqueued after the commit. Safe only where the
    app's run is idempotent (rows the first attempt wrote are found, not added twice); a first
    attempt that was only slow stops at its next batch (it sees `lock_version` moved). Refused
    (`still_running`) while the job makes progress, so a second click does not queue it twice."""
    require(by, importer.may_import, job.centre_id)
    job = locked(importer.model, job.pk)
    require_status(job, [ImportState.QUEUED, ImportState.RUNNING], field="state")
    if not importer.actions.retried or not job.is_stalled:
        raise ValidationError(
            gettext("The import is still making progress; it is not started again."),
            code="still_running",
        )
    action = importer.actions.retried
    transition(
        job,
        to=ImportState.QUEUED,
        allowed=[ImportState.QUEUED, ImportState.RUNNING],
        by=by,
        action=action,
        fields={"progressed_at": timezone.now()},  # recorded from the last progress to now
        field="state",
    )
    enqueue_on_commit(importer, job)
    return job


PROGRESS_FIELDS = [
    "progressed_at",
    "total",
    "done",
    "created",
    "updated",
    "unchanged",
    "errors",
    "error_count",
]


def store_errors(importer: Importer[Any, Any], job: ImportJobBase, errors: list[Any]) -> None:
    """Keep the first `max_stored_errors` errors of the run (all are counted)."""
    room = importer.max_stored_errors - len(job.errors)
    if room > 0:
        job.errors = [*job.errors, *errors[:room]]


def run(
    importer: Importer[J, Any],
    job: J,
    *,
    by: Principal | None,
    on_progress: Callable[[J], None] | None = None,
) -> J:
    """Run a confirmed job as `by` (its uploader, checked again: someone who left the KI since
    imports nothing; None only where the app lets the system run). The rows are written in
    batches of `batch_size`, each in its own transaction with the job's progress, so the
    progress shows while it runs. Not atomic as a whole, by design: a repeat after a crash
    repeats one batch at most. The file is deleted when the job ends, done or failed."""
    _require(importer, by, job.centre_id)
    with transaction.atomic():
        job = locked(
            importer.model._default_manager.select_related("centre", "centre__grantee"), job.pk
        )
        if job.state != ImportState.QUEUED:
            return job  # running or run already (a task delivered twice)
        action = importer.actions.started
        now = timezone.now()
        transition(
            job,
            to=ImportState.RUNNING,
            allowed=[ImportState.QUEUED],
            by=by,
            action=action,
            fields={
                "started_at": now,
                "progressed_at": now,
                "done": 0,
                "created": 0,
                "updated": 0,
                "unchanged": 0,
                "errors": [],
                "error_count": 0,
            },
            field="state",
        )
    attempt = job.lock_version  # a retry moves it: this run then stops at its next batch
    try:
        rows = importer.rows(job)
        job.total = len(rows)
        for start in range(0, len(rows), importer.batch_size):
            batch = rows[start : start + importer.batch_size]
            with transaction.atomic():
                if _superseded(importer, job, attempt):
                    return job
                result = importer.write(job, batch, by=by)
                job.done += len(batch)
                job.created += result.created
                job.updated += result.updated
                job.unchanged += result.unchanged
                job.error_count += result.failed
                store_errors(importer, job, result.errors)
                job.progressed_at = timezone.now()
                job.save(update_fields=PROGRESS_FIELDS)
            if on_progress is not None:
                on_progress(job)
    except ValidationError as e:
        failure = " ".join(e.messages)
        return _finish(
            importer, job, by=by, attempt=attempt, state=ImportState.FAILED, failure=failure
        )
    except Exception:
        logger.exception("import %s %s failed", importer.model._meta.label, job.pk)
        _finish(
            importer,
            job,
            by=by,
            attempt=attempt,
            state=ImportState.FAILED,
            failure=gettext("An unexpected error stopped the import; the operators are informed."),
        )
        raise
    return _finish(importer, job, by=by, attempt=attempt)


def _superseded(importer: Importer[Any, Any], job: ImportJobBase, attempt: int) -> bool:
    """Whether a retry took the job over since this run started. The job's row stays locked
    until the batch commits, so a retry waits for the batch and no two runs write at once."""
    current = locked(importer.model, job.pk)
    if current.lock_version == attempt and current.state == ImportState.RUNNING:
        return False
    logger.warning("import %s %s: taken over by a retry", importer.model._meta.label, job.pk)
    return True


@transaction.atomic
def _finish(
    importer: Importer[J, Any],
    job: J,
    *,
    by: Principal | None,
    attempt: int,
    state: str = ImportState.DONE,
    failure: str = "",
) -> J:
    """The run's end: done, or failed with its reason (audited with the counts)."""
    if _superseded(importer, job, attempt):
        return job
    job.refresh_from_db(fields=["file"])
    failed = state == ImportState.FAILED
    action = importer.actions.failed if failed else importer.actions.finished
    now = timezone.now()
    transition(
        job,
        to=state,
        allowed=[ImportState.RUNNING],
        by=by,
        action=action,
        fields={"finished_at": now, "progressed_at": now, "failure": str(failure)[:500]},
        changes={
            name: {"from": None, "to": getattr(job, name)}
            for name in ("created", "updated", "unchanged", "error_count")
        },
        field="state",
    )
    drop_file(job)
    return job
