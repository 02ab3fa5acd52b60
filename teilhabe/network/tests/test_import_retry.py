"""An import whose worker died: the progress page says so after the configured time without
progress and offers "Start again" to the KI's people; the retry queues it anew, never adds an
organisation twice, is refused while the job progresses, and a slow first attempt stops."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from teilhabe.core.models import AuditEvent
from teilhabe.network import services
from teilhabe.network.models import ImportJob, ImportState, Organisation
from teilhabe.network.tasks import run_import_task

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):  # type: ignore[no-untyped-def]
    settings.LANGUAGE_CODE = "en"
    settings.NETWORK_IMPORT_STALL_MINUTES = 10
    with translation.override("en"):
        yield


def _queued(anna, bielefeld) -> ImportJob:  # type: ignore[no-untyped-def]
    return factories.import_job(bielefeld, anna, confirm=True)


def _quiet_for(job: ImportJob, minutes: int, **fields: object) -> ImportJob:
    """The job as a dead worker leaves it: no progress for `minutes`."""
    ImportJob.objects.filter(pk=job.pk).update(
        progressed_at=timezone.now() - timedelta(minutes=minutes), **fields
    )
    job.refresh_from_db()
    return job


def _progress(client, job):  # type: ignore[no-untyped-def]
    return client.get(reverse("network:import_progress", args=[job.centre_id, job.pk]))


def test_a_job_without_progress_is_shown_as_stalled_with_the_button(
    anna, bielefeld, verified_client
) -> None:
    job = _queued(anna, bielefeld)
    client = verified_client(anna)
    page = _progress(client, job).content.decode()
    assert "makes no progress" not in page
    assert 'hx-trigger="every 2s"' in page
    _quiet_for(job, 11)
    page = _progress(client, job).content.decode()
    assert "The import makes no progress" in page
    assert reverse("network:import_retry", args=[bielefeld.pk, job.pk]) in page
    assert "hx-trigger" not in page  # no polling that would replace the button under the focus


def test_the_time_is_a_setting(anna, bielefeld, settings) -> None:
    job = _quiet_for(_queued(anna, bielefeld), 30)
    assert job.is_stalled
    settings.NETWORK_IMPORT_STALL_MINUTES = 60
    assert not job.is_stalled


def test_retry_refuses_a_job_that_still_progresses_or_has_ended(anna, bielefeld) -> None:
    job = _quiet_for(_queued(anna, bielefeld), 9)
    with pytest.raises(ValidationError) as e:
        services.retry_import(job, by=anna)
    assert e.value.code == "still_running"
    run_import_task.call(job.pk)
    job = _quiet_for(job, 60)
    assert job.state == ImportState.DONE
    with pytest.raises(ValidationError) as e:
        services.retry_import(job, by=anna)
    assert e.value.code == "wrong_status"
    assert not AuditEvent.objects.filter(action="import.retried").exists()


def test_a_retried_running_job_finishes_without_duplicates(
    anna, bielefeld, django_capture_on_commit_callbacks
) -> None:
    job = _queued(anna, bielefeld)
    # The first attempt wrote the first organisation, then its worker died.
    factories.organisation(bielefeld, anna, name="Caritasverband Bielefeld e. V.", postcode="33602")
    job = _quiet_for(job, 15, state=ImportState.RUNNING, started_at=timezone.now(), done=1)
    with django_capture_on_commit_callbacks() as callbacks:
        services.retry_import(job, by=anna)
    job.refresh_from_db()
    assert job.state == ImportState.QUEUED
    assert not job.is_stalled
    assert len(callbacks) == 1  # the task is enqueued again
    event = AuditEvent.objects.get(action="import.retried")
    assert event.changes["state"] == {"from": "running", "to": "queued"}
    assert set(event.changes) == {"state", "progressed_at"}  # since when it made no progress
    with pytest.raises(ValidationError) as e:  # a second click: the job progresses again
        services.retry_import(job, by=anna)
    assert e.value.code == "still_running"
    run_import_task.call(job.pk)
    job.refresh_from_db()
    assert job.state == ImportState.DONE
    assert (job.created, job.updated + job.unchanged) == (1, 1)
    assert Organisation.objects.filter(centre=bielefeld).count() == 2


def test_a_retried_queued_job_runs_once(anna, bielefeld) -> None:
    job = _quiet_for(_queued(anna, bielefeld), 15)
    services.retry_import(job, by=anna)
    run_import_task.call(job.pk)  # the retry's task
    run_import_task.call(job.pk)  # the first one, delivered late
    job.refresh_from_db()
    assert job.state == ImportState.DONE
    assert Organisation.objects.filter(centre=bielefeld).count() == 2
    assert AuditEvent.objects.filter(action="import.started", object_id=str(job.pk)).count() == 1


def test_a_slow_first_attempt_stops_when_a_retry_took_over(anna, bielefeld, monkeypatch) -> None:
    job = _queued(anna, bielefeld)
    read = services.read_import

    def read_then_retry(job_to_read: ImportJob):  # type: ignore[no-untyped-def]
        table = read(job_to_read)
        # While the first attempt reads its file, someone starts the "stalled" job again.
        _quiet_for(job_to_read, 15)
        monkeypatch.setattr(services, "read_import", read)
        services.retry_import(job_to_read, by=anna)
        return table

    monkeypatch.setattr(services, "read_import", read_then_retry)
    first = services.run_import(job, by=anna)
    assert Organisation.objects.filter(centre=bielefeld).count() == 0  # it stopped, unwritten
    job.refresh_from_db()
    assert job.state == ImportState.QUEUED and first.state == ImportState.RUNNING
    services.run_import(job, by=anna)
    job.refresh_from_db()
    assert (job.state, job.created) == (ImportState.DONE, 2)


def test_the_button_retries_for_the_kis_people(anna, kai, bielefeld, verified_client) -> None:
    job = _quiet_for(_queued(anna, bielefeld), 15)
    url = reverse("network:import_retry", args=[bielefeld.pk, job.pk])
    response = verified_client(kai).post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "network:import_progress", args=[bielefeld.pk, job.pk]
    )
    assert "The import is started again." in response.content.decode()
    again = verified_client(kai).post(url, follow=True)  # a second click is told, not queued
    assert "still making progress" in again.content.decode()
    assert AuditEvent.objects.filter(action="import.retried").count() == 1
