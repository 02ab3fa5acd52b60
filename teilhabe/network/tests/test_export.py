"""The organisation list's export: the list's filters and scoping, the import's columns, and
the round trip (a downloaded list re-imports without a change)."""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from teilhabe.core.models import AuditEvent
from teilhabe.network import services
from teilhabe.network.models import Organisation
from teilhabe.network.tasks import run_import_task

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):  # type: ignore[no-untyped-def]
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def _export(client, centre, fmt, **query):  # type: ignore[no-untyped-def]
    url = reverse("network:list_export", kwargs={"centre_pk": centre.pk, "fmt": fmt})
    response = client.get(url, query)
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def _network(bielefeld, anna):  # type: ignore[no-untyped-def]
    factories.organisation(bielefeld, anna)
    factories.organisation(
        bielefeld,
        anna,
        name="Übergangsbüro Bielefeld gGmbH",
        type="other",
        stages=["transition", "youth_work"],
        languages=[],
        municipality=None,
        postcode="33609",
        website="https://uebergang.example",
        areas_of_work="Beratung; Begleitung",
    )
    factories.organisation(bielefeld, anna, name="SV Sport", type="sports_club", postcode="33647")


def test_the_export_has_the_lists_filters_and_the_imports_columns(
    bielefeld, anna, dortmund, carla, verified_client, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    _network(bielefeld, anna)
    factories.organisation(
        dortmund, carla, name="Dortmunder Verein", postcode="44135", municipality=None
    )
    client = verified_client(anna)
    with django_assert_max_num_queries(12):
        content = _export(client, bielefeld, "csv", type="sports_club")
    lines = content.decode("utf-8-sig").splitlines()
    assert lines[0].split(";")[:4] == ["Name", "Type", "Street and number", "Postcode"]
    assert len(lines) == 2 and lines[1].startswith("SV Sport;")
    everything = _export(client, bielefeld, "xlsx")
    sheet = load_workbook(io.BytesIO(everything), read_only=True).worksheets[0]
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "Dortmunder Verein" not in names and len(names) == 3
    assert AuditEvent.objects.filter(action="list.exported").count() == 2


def test_who_may_not_see_the_network_gets_no_export(bielefeld, anna, mia, verified_client) -> None:  # type: ignore[no-untyped-def]
    url = reverse("network:list_export", kwargs={"centre_pk": bielefeld.pk, "fmt": "csv"})
    assert verified_client(mia).get(url).status_code == 404


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_reimports_without_a_change(fmt, bielefeld, anna, verified_client) -> None:  # type: ignore[no-untyped-def]
    _network(bielefeld, anna)
    before = {
        o.pk: (
            o.name,
            o.type,
            o.street,
            o.postcode,
            o.municipality_id,
            o.email,
            o.phone,
            o.website,
            o.languages,
            o.areas_of_work,
            o.stages,
        )
        for o in Organisation.objects.all()
    }
    content = _export(verified_client(anna), bielefeld, fmt)
    job = services.upload_import(
        bielefeld, by=anna, upload=SimpleUploadedFile(f"export.{fmt}", content)
    )
    job.file.storage.save(job.file.name, ContentFile(content))
    assert set(job.mapping) == {
        "name",
        "type",
        "street",
        "postcode",
        "place",
        "municipality",
        "email",
        "phone",
        "website",
        "languages",
        "areas_of_work",
        "stages",
    }
    services.confirm_import(job, by=anna, mapping=job.mapping)
    run_import_task.call(job.pk)
    job.refresh_from_db()
    assert (job.created, job.updated, job.unchanged, job.error_count) == (0, 0, 3, 0), job.errors
    after = {
        o.pk: (
            o.name,
            o.type,
            o.street,
            o.postcode,
            o.municipality_id,
            o.email,
            o.phone,
            o.website,
            o.languages,
            o.areas_of_work,
            o.stages,
        )
        for o in Organisation.objects.all()
    }
    assert after == before
