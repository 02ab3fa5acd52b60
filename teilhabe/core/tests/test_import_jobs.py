"""The shared import job (`core.import_jobs`) on its own, with a made-up importer of text lines
over the network's job table: the size bound before a byte is read, the states each step
needs (and nothing written when it refuses), the progress and its bounds, the stored errors'
cap, a failing run, and the retry's guards. The apps' tests cover their parsing and writing."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from teilhabe.core import import_jobs
from teilhabe.core.import_jobs import Batch, ImportActions, ImportState, Reading
from teilhabe.core.models import AuditEvent
from teilhabe.network import access
from teilhabe.network.models import ImportJob

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():  # type: ignore[no-untyped-def]
    with translation.override("en"):
        yield


class Lines(import_jobs.Importer[ImportJob, str]):
    """A file of lines: "bad" is a row error, "refuse" makes the run fail with a reason,
    "crash" with a bug; every other line is added."""

    model = ImportJob
    actions = ImportActions(
        uploaded="import.uploaded",
        discarded="import.discarded",
        confirmed="import.confirmed",
        started="import.started",
        finished="import.finished",
        failed="import.failed",
        retried="import.retried",
    )
    max_bytes = 100
    batch_size = 2
    max_stored_errors = 3

    def __init__(self) -> None:
        self.enqueued: list[int] = []
        self.written: list[str] = []

    def may_import(self, user: Any, centre_id: int) -> bool:
        return access.may_manage_network(user, centre_id)

    def enqueue(self, job_id: int) -> None:
        self.enqueued.append(job_id)

    def read(self, content: bytes) -> Reading:
        return Reading("csv", len(content.decode().splitlines()))

    def rows(self, job: ImportJob) -> list[str]:
        return import_jobs.read_file(self, job).decode().splitlines()

    def write(self, job: ImportJob, rows: Sequence[str], *, by: Any) -> Batch:
        if "refuse" in rows:
            raise ValidationError("The source refused.", code="refused")
        if "crash" in rows:
            raise OSError("a bug")
        bad = [n for n, row in enumerate(rows) if row == "bad"]
        self.written += [row for row in rows if row != "bad"]
        return Batch(
            created=len(rows) - len(bad),
            failed=len(bad),
            errors=[{"row": job.done + n + 1, "column": "x", "message": "bad"} for n in bad],
        )


@pytest.fixture
def lines() -> Lines:
    return Lines()


class Unread(SimpleUploadedFile):
    """An upload that fails the test if a byte of it is read."""

    def chunks(self, chunk_size: int | None = None) -> Iterator[bytes]:
        raise AssertionError("the upload was read")


def upload(lines: Lines, anna, bielefeld, content: bytes = b"a\nb\nc\n") -> ImportJob:  # type: ignore[no-untyped-def]
    job = import_jobs.upload(
        lines, bielefeld.pk, by=anna, upload=SimpleUploadedFile("x.csv", content)
    )
    # The test's transaction never commits: put the file where the row says it is.
    job.file.storage.save(job.file.name, ContentFile(content))
    return job


def queued(lines: Lines, anna, bielefeld, content: bytes = b"a\nb\nc\n") -> ImportJob:  # type: ignore[no-untyped-def]
    job = upload(lines, anna, bielefeld, content)
    total = len(content.splitlines())
    return import_jobs.confirm(lines, job, by=anna, check=lambda job: {"total": total})


def test_the_size_is_checked_before_a_byte_is_read(lines, anna, bielefeld) -> None:  # type: ignore[no-untyped-def]
    too_large = Unread("x.csv", b"a" * 101)
    with pytest.raises(ValidationError) as e:
        import_jobs.upload(lines, bielefeld.pk, by=anna, upload=too_large)
    assert e.value.code == "file_too_large"
    # An upload whose declared size lies is bounded by what it holds.
    lying = SimpleUploadedFile("x.csv", b"a" * 101)
    lying.size = 10
    with pytest.raises(ValidationError) as e:
        import_jobs.upload(lines, bielefeld.pk, by=anna, upload=lying)
    assert e.value.code == "file_too_large"
    assert not ImportJob.objects.exists()


def test_the_upload_is_kept_audited_and_replaces_the_users_unconfirmed_one(
    lines, anna, bielefeld
) -> None:
    first = upload(lines, anna, bielefeld)
    assert (first.state, first.total, first.file_format) == (ImportState.UPLOADED, 3, "csv")
    assert first.file.name.startswith(f"network/imports/{bielefeld.pk}/")
    assert first.file_name == "x.csv" and first.file_name not in first.file.name
    second = upload(lines, anna, bielefeld)
    first.refresh_from_db()
    assert (first.state, first.file.name) == (ImportState.DISCARDED, "")
    assert second.state == ImportState.UPLOADED
    events = AuditEvent.objects.filter(action__startswith="import.").order_by("pk")
    actions = list(events.values_list("action", flat=True))
    assert actions == ["import.uploaded", "import.discarded", "import.uploaded"]


def test_someone_of_another_ki_may_do_no_step(lines, anna, carla, bielefeld) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as e:
        import_jobs.upload(lines, bielefeld.pk, by=carla, upload=SimpleUploadedFile("x", b"a"))
    assert e.value.code == "not_permitted"
    job = upload(lines, anna, bielefeld)
    with pytest.raises(ValidationError) as e:
        import_jobs.confirm(lines, job, by=carla, check=lambda job: {"total": 3})
    assert e.value.code == "not_permitted"
    job = import_jobs.confirm(lines, job, by=anna, check=lambda job: {"total": 3})
    for by in (carla, None):  # None: the system, which this importer does not let run
        with pytest.raises(ValidationError) as e:
            import_jobs.run(lines, job, by=by)
        assert e.value.code == "not_permitted"
    job.refresh_from_db()
    assert job.state == ImportState.QUEUED and lines.written == []


def test_the_system_runs_only_where_the_app_lets_it(lines, anna, bielefeld) -> None:  # type: ignore[no-untyped-def]
    job = queued(lines, anna, bielefeld)
    lines.system_may_run = True
    job = import_jobs.run(lines, job, by=None)
    assert job.state == ImportState.DONE
    assert AuditEvent.objects.get(action="import.started").actor_label == "system"


def test_the_confirmation_needs_an_unconfirmed_job_and_enqueues_after_the_commit(
    lines, anna, bielefeld, django_capture_on_commit_callbacks
) -> None:
    job = upload(lines, anna, bielefeld)
    with django_capture_on_commit_callbacks(execute=True):
        job = import_jobs.confirm(lines, job, by=anna, check=lambda job: {"total": 3})
    assert job.state == ImportState.QUEUED and job.progressed_at is not None
    assert lines.enqueued == [job.pk]
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as e:
        import_jobs.confirm(lines, job, by=anna, check=lambda job: {"total": 3})
    assert e.value.code == "wrong_status"
    assert AuditEvent.objects.count() == events and lines.enqueued == [job.pk]


def test_a_refused_check_leaves_the_job_unconfirmed(lines, anna, bielefeld) -> None:  # type: ignore[no-untyped-def]
    job = upload(lines, anna, bielefeld)

    def refuse(job: ImportJob) -> dict[str, Any]:
        raise ValidationError("no", code="column_twice")

    with pytest.raises(ValidationError):
        import_jobs.confirm(lines, job, by=anna, check=refuse)
    job.refresh_from_db()
    assert job.state == ImportState.UPLOADED
    assert not AuditEvent.objects.filter(action="import.confirmed").exists()


def test_only_a_queued_job_runs(lines, anna, bielefeld) -> None:  # type: ignore[no-untyped-def]
    job = upload(lines, anna, bielefeld)
    assert import_jobs.run(lines, job, by=anna).state == ImportState.UPLOADED
    job = import_jobs.confirm(lines, job, by=anna, check=lambda job: {"total": 3})
    import_jobs.run(lines, job, by=anna)
    import_jobs.run(lines, job, by=anna)  # a task delivered twice
    assert lines.written == ["a", "b", "c"]
    assert AuditEvent.objects.filter(action="import.started").count() == 1


def test_the_run_saves_its_progress_after_each_batch(lines, anna, bielefeld) -> None:  # type: ignore[no-untyped-def]
    job = queued(lines, anna, bielefeld, b"a\nbad\nc\nd\ne\n")
    seen: list[tuple[int, int, int]] = []

    def progress(job: ImportJob) -> None:
        stored = ImportJob.objects.get(pk=job.pk)  # committed, so the page sees it
        seen.append((stored.done, stored.total, stored.percent))

    job = import_jobs.run(lines, job, by=anna, on_progress=progress)
    assert seen == [(2, 5, 40), (4, 5, 80), (5, 5, 100)]
    assert (job.state, job.created, job.error_count) == (ImportState.DONE, 4, 1)
    assert job.file.name == "" and job.finished_at is not None
    event = AuditEvent.objects.get(action="import.finished")
    assert event.changes["state"] == {"from": "running", "to": "done"}
    assert event.changes["created"] == {"from": None, "to": 4}
    assert event.changes["error_count"] == {"from": None, "to": 1}


def test_the_stored_errors_are_capped_and_all_are_counted(lines, anna, bielefeld) -> None:  # type: ignore[no-untyped-def]
    job = queued(lines, anna, bielefeld, b"bad\n" * 5)
    job = import_jobs.run(lines, job, by=anna)
    assert job.error_count == 5
    assert [e["row"] for e in job.errors] == [1, 2, 3]


def test_progress_stays_within_its_bounds(lines, anna, bielefeld) -> None:  # type: ignore[no-untyped-def]
    job = upload(lines, anna, bielefeld)
    assert (job.done, job.total, job.percent) == (0, 3, 0)
    job.total = 0
    assert job.percent == 100  # an empty file is done, never a division by zero
    job.total, job.done = 3, 7
    assert job.percent == 100
    with pytest.raises(IntegrityError), transaction.atomic():
        ImportJob.objects.filter(pk=job.pk).update(done=4, total=3)


@pytest.mark.parametrize(
    ("line", "failure", "raised"),
    [
        ("refuse", "The source refused.", None),
        (
            "crash",
            "An unexpected error stopped the import; the operators are informed.",
            OSError,
        ),
    ],
)
def test_a_failing_run_ends_failed_with_its_reason(
    lines, anna, bielefeld, line, failure, raised
) -> None:  # type: ignore[no-untyped-def]
    job = queued(lines, anna, bielefeld, f"a\nb\n{line}\n".encode())
    if raised is None:
        job = import_jobs.run(lines, job, by=anna)
    else:
        with pytest.raises(raised):
            import_jobs.run(lines, job, by=anna)
        job.refresh_from_db()
    assert (job.state, job.failure, job.done) == (ImportState.FAILED, failure, 2)
    assert job.file.name == ""
    assert AuditEvent.objects.filter(action="import.failed").count() == 1


def test_a_missing_file_fails_the_run(lines, anna, bielefeld) -> None:  # type: ignore[no-untyped-def]
    job = queued(lines, anna, bielefeld)
    job.file.storage.delete(job.file.name)
    job = import_jobs.run(lines, job, by=anna)
    assert (job.state, job.failure) == (
        ImportState.FAILED,
        "The file of this import is no longer kept.",
    )


def _quiet(job: ImportJob, minutes: int) -> ImportJob:
    ImportJob.objects.filter(pk=job.pk).update(
        progressed_at=timezone.now() - timedelta(minutes=minutes)
    )
    job.refresh_from_db()
    return job


def test_retry_needs_a_stalled_job_and_an_app_that_offers_it(
    lines, anna, bielefeld, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.NETWORK_IMPORT_STALL_MINUTES = 10
    job = upload(lines, anna, bielefeld)
    with pytest.raises(ValidationError) as e:  # not confirmed: nothing to start again
        import_jobs.retry(lines, job, by=anna)
    assert e.value.code == "wrong_status"
    job = _quiet(import_jobs.confirm(lines, job, by=anna, check=lambda job: {"total": 3}), 9)
    with pytest.raises(ValidationError) as e:
        import_jobs.retry(lines, job, by=anna)
    assert e.value.code == "still_running"
    job = _quiet(job, 11)
    without = Lines()
    without.actions = ImportActions(**{**lines.actions.__dict__, "retried": ""})
    with pytest.raises(ValidationError) as e:
        import_jobs.retry(without, job, by=anna)
    assert e.value.code == "still_running"
    job = import_jobs.retry(lines, job, by=anna)
    assert job.state == ImportState.QUEUED and not job.is_stalled
    assert AuditEvent.objects.filter(action="import.retried").count() == 1


def test_a_job_of_an_app_without_a_stall_time_never_stalls(lines, anna, bielefeld) -> None:  # type: ignore[no-untyped-def]
    job = _quiet(queued(lines, anna, bielefeld), 60 * 24 * 365)
    assert import_jobs.ImportJobBase.stall_after() is None
    assert job.is_stalled  # the network's job has one (NETWORK_IMPORT_STALL_MINUTES)
    from teilhabe.guide.models import OfferImport

    offers = OfferImport(state=ImportState.QUEUED, created_at=timezone.now() - timedelta(days=9))
    assert not offers.is_stalled
