"""The import's pages: upload → mapping and preview → confirmation → progress, only for the
KI's own people (404 otherwise), with the fragment the progress page polls."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from teilhabe.network.models import ImportJob, ImportState, Organisation
from teilhabe.network.tasks import run_import_task

from .test_import import HEADER, csv_upload, rows

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):  # type: ignore[no-untyped-def]
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def _upload(client, centre, lines):  # type: ignore[no-untyped-def]
    response = client.post(reverse("network:import", args=[centre.pk]), {"file": csv_upload(lines)})
    job = ImportJob.objects.filter(centre=centre).first()
    if job is not None and job.file.name:
        job.file.storage.save(job.file.name, ContentFile(csv_upload(lines).read()))
    return response, job


def test_upload_preview_and_confirm(bielefeld, anna, verified_client) -> None:  # type: ignore[no-untyped-def]
    client = verified_client(anna)
    lines = [HEADER, *rows(60), "Kaputt;Raumschiff;;;;;;;;"]
    response, job = _upload(client, bielefeld, lines)
    assert response.status_code == 302
    assert response["Location"] == reverse("network:import_review", args=[bielefeld.pk, job.pk])
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert (page.context["checked"].valid, page.context["checked"].invalid) == (60, 1)
    assert len(page.context["preview"]) == 50
    assert "Unknown type “Raumschiff”." in page.content.decode()
    assert Organisation.objects.count() == 0
    # A changed mapping by GET: still nothing written.
    mapping = {name: str(i) for name, i in job.mapping.items()}
    page = client.get(page.request["PATH_INFO"], {**mapping, "type": ""})
    assert page.context["checked"].invalid == 0
    assert Organisation.objects.count() == 0
    confirmed = client.post(page.request["PATH_INFO"], mapping)
    assert confirmed.status_code == 302
    job.refresh_from_db()
    assert job.state == ImportState.QUEUED
    progress = client.get(confirmed["Location"])
    assert 'hx-trigger="every 2s"' in progress.content.decode()
    run_import_task.call(job.pk)
    fragment = client.get(confirmed["Location"], headers={"HX-Request": "true"})
    html = fragment.content.decode()
    assert "hx-trigger" not in html  # done: the polling stops
    assert "61 of 61 rows" in html
    assert "<html" not in html
    assert Organisation.objects.count() == 60


def test_a_bad_file_is_refused_at_its_field(bielefeld, anna, verified_client) -> None:  # type: ignore[no-untyped-def]
    client = verified_client(anna)
    latin1 = SimpleUploadedFile("x.csv", "Name;PLZ\nMüller;1\n".encode("latin-1"), "text/csv")
    response = client.post(reverse("network:import", args=[bielefeld.pk]), {"file": latin1})
    assert response.status_code == 422  # as every refused form (the shared upload page)
    assert response.context["form"].errors["file"]
    assert not ImportJob.objects.exists()


def test_a_bad_mapping_keeps_the_choices(bielefeld, anna, verified_client) -> None:  # type: ignore[no-untyped-def]
    client = verified_client(anna)
    _, job = _upload(client, bielefeld, [HEADER, *rows(2)])
    url = reverse("network:import_review", args=[bielefeld.pk, job.pk])
    response = client.post(url, {"name": "0", "type": "0"})
    assert response.status_code == 200
    assert response.context["form"].data["type"] == "0"
    job.refresh_from_db()
    assert job.state == ImportState.UPLOADED


@pytest.mark.parametrize("who", ["carla", "lars", "mia", "paul", "sven"])
def test_only_the_kis_own_people_import(who, bielefeld, anna, verified_client, request) -> None:  # type: ignore[no-untyped-def]
    _, job = _upload(verified_client(anna), bielefeld, [HEADER, *rows(2)])
    client = verified_client(request.getfixturevalue(who))
    for name in ("import_review", "import_progress"):
        assert (
            client.get(reverse(f"network:{name}", args=[bielefeld.pk, job.pk])).status_code == 404
        )
    assert client.get(reverse("network:import", args=[bielefeld.pk])).status_code == 404
    response = client.post(
        reverse("network:import", args=[bielefeld.pk]), {"file": csv_upload([HEADER])}
    )
    assert response.status_code == 404
    assert ImportJob.objects.count() == 1


def test_kai_sees_annas_import_of_their_ki(bielefeld, anna, kai, verified_client) -> None:  # type: ignore[no-untyped-def]
    _, job = _upload(verified_client(anna), bielefeld, [HEADER, *rows(2)])
    response = verified_client(kai).get(
        reverse("network:import_review", args=[bielefeld.pk, job.pk])
    )
    assert response.status_code == 200
