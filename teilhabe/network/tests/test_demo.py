"""The network's demo: Bielefeld's finished import, through the real services, once."""

from __future__ import annotations

import pytest
from django.db import transaction

from teilhabe.network.demo import DEMO_IMPORT, _demo_import, seed_network_demo
from teilhabe.network.models import ImportJob, ImportState, Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def _autocommit(monkeypatch):  # type: ignore[no-untyped-def]
    """What commits when, as `seed_demo` runs it (autocommit): each service's work at its end
    (the uploaded file is written, the task enqueued), not at the end of the test."""
    monkeypatch.setattr(transaction, "on_commit", lambda run, using=None, robust=False: run())


def test_the_demo_shows_a_finished_import_for_bielefeld_and_runs_it_once(
    bielefeld, _autocommit
) -> None:
    seed_network_demo()  # inside the test's transaction the import waits for the commit
    assert not ImportJob.objects.exists()
    _demo_import()  # as the commit would run it
    job = ImportJob.objects.get(centre=bielefeld, file_name=DEMO_IMPORT)
    assert job.state == ImportState.DONE
    assert (job.created, job.updated, job.unchanged, job.error_count) == (2, 1, 1, 1)
    assert job.errors[0]["column"] == "Ort"  # Gütersloh lies outside KI Bielefeld's area
    assert not job.file  # the file is gone once the job ended
    count = Organisation.objects.filter(centre=bielefeld).count()
    seed_network_demo()
    assert _demo_import() is None  # once only
    assert ImportJob.objects.filter(centre=bielefeld).count() == 1
    assert Organisation.objects.filter(centre=bielefeld).count() == count


@pytest.mark.django_db(transaction=True)
def test_the_demo_import_runs_after_the_demo_transaction_commits(bielefeld, anna) -> None:
    # As `seed_demo` runs it: one transaction around every seeder, then real commits (no
    # stand-in for on_commit): the uploaded file exists when the confirmation reads it.
    with transaction.atomic():
        seed_network_demo()
        assert not ImportJob.objects.filter(file_name=DEMO_IMPORT).exists()
    job = ImportJob.objects.get(centre=bielefeld, file_name=DEMO_IMPORT)
    assert job.state == ImportState.DONE and job.created == 2
