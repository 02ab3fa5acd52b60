"""Rows for the network's tests and the shared matrices (URL, POST, service permissions)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.funding.tests.factories import pdf_bytes
from teilhabe.network import services
from teilhabe.network.models import ContactPerson, ImportJob, Organisation
from teilhabe.territory.models import Municipality


def organisation_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "type": "migrant_organisation",
        "name": "Interkultureller Elternverein Bielefeld e. V.",
        "street": "Niederwall 10",
        "postcode": "33602",
        "municipality": Municipality.objects.get(ags="05711000"),
        "email": "info@elternverein.example",
        "phone": "0521 123456",
        "languages": ["tr", "ar"],
        "stages": ["kita", "school"],
    }
    return {**data, **changes}


def organisation(centre: Centre, by: User, **changes: Any) -> Organisation:
    """An organisation of `centre`, in a municipality of its area (Bielefeld's, for KI
    Bielefeld)."""
    if "municipality" not in changes and centre.grantee.key != "05711":
        changes["municipality"] = centre.grantee.municipalities().first()
    return services.add_organisation(centre, by=by, data=organisation_data(**changes))


def contact(org: Organisation, by: User, **changes: Any) -> ContactPerson:
    data = {"name": "Sabine Krüger", "function": "Leitung", "email": "leitung@verein.example"}
    return services.add_contact(org, by=by, data={**data, **changes})


def pdf(name: str = "vereinbarung.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


IMPORT_LINES = (
    "Name;Art;Straße;PLZ;Ort;E-Mail",
    "Caritasverband Bielefeld e. V.;Wohlfahrtsverband;Turnerstraße 4;33602;Bielefeld;"
    "info@caritas.example",
    "SV Brackwede 1905;Sportverein;Am Sportplatz 1;33647;Bielefeld;",
)


def import_upload(lines: tuple[str, ...] = IMPORT_LINES) -> SimpleUploadedFile:
    content = ("\ufeff" + "\r\n".join(lines) + "\r\n").encode()
    return SimpleUploadedFile("partner.csv", content, content_type="text/csv")


def import_job(centre: Centre, by: User, *, confirm: bool = False) -> ImportJob:
    """An uploaded import (confirmed, if asked); the test's transaction never commits, so the
    file the service writes on commit is put where the row names it."""
    job = services.upload_import(centre, by=by, upload=import_upload())
    job.file.storage.save(job.file.name, ContentFile(import_upload().read()))
    if confirm:
        job = services.confirm_import(job, by=by, mapping=job.mapping)
    return job


def stalled_import(centre: Centre, by: User) -> ImportJob:
    """A confirmed import whose worker died: queued, without progress for an hour."""
    job = import_job(centre, by, confirm=True)
    ImportJob.objects.filter(pk=job.pk).update(progressed_at=timezone.now() - timedelta(hours=1))
    job.refresh_from_db()
    return job


def url_objects(anna: User, bielefeld: Centre) -> dict[str, dict[str, object]]:
    """The network's URL kwargs for the URL matrix: an organisation of KI Bielefeld with a
    contact, an agreement, a likely duplicate and a partner's change; the persona Paul (when
    the test has him) is its partner account."""
    org = organisation(bielefeld, anna)
    twin = organisation(bielefeld, anna, name="Interkultureller Elternverein Bielefeld eV")
    person = contact(org, anna)
    agreement = services.add_agreement(
        org, by=anna, data={"kind": "cooperation", "since": "2024-01-01"}, upload=pdf()
    )
    # The test's transaction never commits, so the file the service wrote on commit is put
    # there by hand under the name the row holds.
    agreement.document.storage.save(agreement.document.name, ContentFile(pdf_bytes()))
    paul = User.objects.filter(username="paul").first()
    event_pk = 0
    if paul is not None:
        services.link_partner_account(org, by=anna, user=paul)
        services.update_organisation(org, by=paul, data={"phone": "0521 999"})
        event_pk = services.partner_changes(org)[0].pk
    ids = {"centre_pk": bielefeld.pk}
    one = {**ids, "pk": org.pk}
    queued = import_job(bielefeld, anna, confirm=True)
    uploaded = import_job(bielefeld, anna)
    return {
        "network:list": ids,
        "network:add": ids,
        "network:duplicates": ids,
        "network:matrix": ids,
        "network:detail": one,
        "network:edit": one,
        "network:contact_add": one,
        "network:contact_edit": {**one, "contact_pk": person.pk},
        "network:agreement_add": one,
        "network:agreement_document": {**one, "agreement_pk": agreement.pk},
        "network:undo": {**one, "event_pk": event_pk},
        "network:merge": {**one, "other_pk": twin.pk},
        "network:import": ids,
        "api:get_organisation": {"organisation_id": org.pk},
        "network:import_review": {**ids, "pk": uploaded.pk},
        "network:import_progress": {**ids, "pk": queued.pk},
        "network:import_retry": {**ids, "pk": queued.pk},
    }
