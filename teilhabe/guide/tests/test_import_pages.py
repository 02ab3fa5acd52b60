"""The import's pages: upload → preview with every row's errors → confirmation → progress
(htmx fragment; a reload link without JS), for the KI's own people only (404 otherwise, the
login for anonymous), and the CSV downloads."""

from __future__ import annotations

import json

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from teilhabe.core.models import AuditEvent
from teilhabe.guide.models import Category, Offer, OfferImport
from teilhabe.guide.tasks import run_offer_import_task
from teilhabe.network.models import ImportState

from . import factories
from .test_hsds_in import service

pytestmark = pytest.mark.django_db

BAD_ROW = "counselling;;Ohne Titel;Niederwall 1;33602\r\n"


def _post(client, centre, content: bytes, name: str = "daten.txt", **fields):  # type: ignore[no-untyped-def]
    response = client.post(
        reverse("guide:import", args=[centre.pk]),
        {"file": SimpleUploadedFile(name, content), **fields},
    )
    job = OfferImport.objects.filter(centre=centre).first()
    if job is not None and job.file.name:
        job.file.storage.save(job.file.name, ContentFile(content))
    return response, job


def test_upload_preview_confirm_and_progress(bielefeld, kai, verified_client):
    client = verified_client(kai)
    content = factories.IMPORT_CSV + BAD_ROW.encode()
    response, job = _post(client, bielefeld, content)
    assert response.status_code == 302
    assert response["Location"] == reverse("guide:import_review", args=[bielefeld.pk, job.pk])
    assert job.file_format == "csv"  # by content, whatever the name says
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert (page.context["valid"], page.context["invalid"]) == (1, 1)
    html = page.content.decode()
    assert 'data-row="2" data-field="title_de" data-code="title_missing"' in html
    assert Offer.objects.count() == 0
    confirmed = client.post(response["Location"])
    assert confirmed.status_code == 302
    job.refresh_from_db()
    assert job.state == ImportState.QUEUED
    progress = client.get(confirmed["Location"])
    assert 'hx-trigger="every 2s"' in progress.content.decode()
    assert (
        reverse("guide:import_progress", args=[bielefeld.pk, job.pk]) in progress.content.decode()
    )
    run_offer_import_task.call(job.pk)
    fragment = client.get(confirmed["Location"], headers={"HX-Request": "true"})
    html = fragment.content.decode()
    assert "hx-trigger" not in html and "<html" not in html
    assert 'data-state="done"' in html
    job.refresh_from_db()
    assert (job.created, job.error_count) == (1, 1)
    assert Offer.objects.get().status == "draft"


def test_a_service_error_shows_in_the_preview(bielefeld, kai, verified_client):
    client = verified_client(kai)
    plain = service()
    plain["attributes"] = []
    response, job = _post(client, bielefeld, json.dumps(plain).encode(), name="x.csv")
    assert job.file_format == "json"
    page = client.get(response["Location"])
    assert 'data-field="category" data-code="category_missing"' in page.content.decode()
    assert page.context["valid"] == 0


def test_the_preview_counts_what_is_kept_aside(bielefeld, kai, verified_client):
    client = verified_client(kai)
    category = Category.objects.get(code="counselling")
    response, job = _post(
        client,
        bielefeld,
        json.dumps(service()).encode(),
        default_category=str(category.pk),
        publish="on",
    )
    assert (job.default_category, job.publish) == (category, True)
    page = client.get(response["Location"])
    assert page.context["kept_aside"] > 0
    assert f'data-kept-aside="{page.context["kept_aside"]}"' in page.content.decode()


def test_a_bad_file_is_refused_at_its_field_and_the_choices_stay(bielefeld, kai, verified_client):
    client = verified_client(kai)
    category = Category.objects.get(code="counselling")
    response, job = _post(
        client, bielefeld, b"{nope", default_category=str(category.pk), publish="on"
    )
    assert response.status_code == 422
    assert job is None
    form = response.context["form"]
    assert form.errors["file"]
    assert form["default_category"].value() == str(category.pk)
    assert form["publish"].value() is True


@pytest.mark.parametrize("who", ["carla", "paul", "lars", "mia"])
def test_only_the_kis_own_people_import(who, bielefeld, anna, paul, verified_client, request):
    factories.partner_organisation(bielefeld, anna, paul)
    job = factories.import_job(bielefeld, anna)
    client = verified_client(request.getfixturevalue(who))
    for name in ("import_review", "import_progress"):
        url = reverse(f"guide:{name}", args=[bielefeld.pk, job.pk])
        assert client.get(url).status_code == 404
    assert (
        client.post(reverse("guide:import_review", args=[bielefeld.pk, job.pk])).status_code == 404
    )
    assert client.get(reverse("guide:import", args=[bielefeld.pk])).status_code == 404
    assert client.get(reverse("guide:offers_csv", args=[bielefeld.pk])).status_code == 404
    response = client.post(
        reverse("guide:import", args=[bielefeld.pk]), {"file": factories.import_upload()}
    )
    assert response.status_code == 404
    job.refresh_from_db()
    assert job.state == ImportState.UPLOADED and OfferImport.objects.count() == 1


def test_anonymous_is_sent_to_the_login(bielefeld, anna):
    job = factories.import_job(bielefeld, anna)
    for url in (
        reverse("guide:import", args=[bielefeld.pk]),
        reverse("guide:import_review", args=[bielefeld.pk, job.pk]),
        reverse("guide:offers_csv", args=[bielefeld.pk]),
    ):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_the_open_data_csv_has_the_published_offers_of_all_kis(bielefeld, dortmund, kai, carla):
    published = factories.published(bielefeld, kai)
    theirs = factories.published(dortmund, carla)
    draft = factories.offer(bielefeld, kai)
    response = Client().get(reverse("guide:open_data_csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeffid;category;")
    assert str(published.uuid) in body and str(theirs.uuid) in body
    assert str(draft.uuid) not in body


def test_the_kis_export_is_its_own_and_audited(bielefeld, dortmund, kai, carla, verified_client):
    ours = factories.published(bielefeld, kai)
    theirs = factories.published(dortmund, carla)
    response = verified_client(kai).get(reverse("guide:offers_csv", args=[bielefeld.pk]))
    body = b"".join(response.streaming_content).decode("utf-8")
    assert str(ours.uuid) in body and str(theirs.uuid) not in body
    assert AuditEvent.objects.filter(action="list.exported", centre_id=bielefeld.pk).exists()
    page = verified_client(kai).get(reverse("guide:offers", args=[bielefeld.pk]))
    assert reverse("guide:import", args=[bielefeld.pk]) in page.content.decode()
