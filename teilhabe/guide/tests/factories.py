"""Offers for the guide's tests and the shared matrices."""

from __future__ import annotations

import copy
import uuid
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.guide import importing, services
from teilhabe.guide.models import Category, Offer, OfferImport
from teilhabe.network import services as network
from teilhabe.network.models import Organisation
from teilhabe.network.tests import factories as network_factories


def offer_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "category": Category.objects.get(code="counselling"),
        "provider": None,
        "source_language": "de",
        "target_groups": ["newcomers"],
        "languages": ["de", "ar"],
        "cost": "free",
        "cost_amount": None,
        "contact_name": "Beratungsstelle",
        "contact_email": "beratung@ki.example",
    }
    return {**data, **changes}


def texts(**languages: dict[str, str]) -> dict[str, dict[str, str]]:
    base = {
        "de": {
            "title": "Migrationsberatung für Erwachsene",
            "summary": "Beratung zu Aufenthalt, Arbeit und Wohnen.",
            "description": "<p>Offene Sprechstunde, <strong>ohne Termin</strong>.</p>",
            "registration_how": "Telefonisch oder im Büro",
            "opening_hours": "Mo–Do 9–12 Uhr",
            "recurrence": "jeden Dienstag",
        },
        "en": {
            "title": "Migration counselling for adults",
            "summary": "Advice.",
            "description": "",
            "registration_how": "By phone or at the office",
        },
    }
    return {**base, **languages}


def location(centre: Centre, **changes: Any) -> dict[str, Any]:
    municipality = centre.grantee.municipalities().first()
    assert municipality is not None
    data = {
        "name": "KI-Büro",
        "street": "Niederwall 23",
        "postcode": "33602",
        "municipality": municipality,
        "lat": municipality.lat,
        "lon": municipality.lon,
        "step_free": True,
        "languages": ["de", "tr"],
    }
    return {**data, **changes}


def course(**changes: Any) -> dict[str, Any]:
    data = {
        "course_type": "general",
        "target_level": "B1",
        "class_format": "part_time",
        "starts_on": None,
        "ends_on": None,
        "registration_deadline": None,
        "places": 20,
        "places_taken": 12,
        "childcare": True,
        "free_with_entitlement": True,
    }
    return {**data, **changes}


def offer(centre: Centre, by: User, **changes: Any) -> Offer:
    return services.add_offer(
        centre, by=by, data=offer_data(**changes), texts=texts(), locations=[location(centre)]
    )


def published(centre: Centre, by: User, **changes: Any) -> Offer:
    return services.change_status(offer(centre, by, **changes), by=by, to="published")


def partner_organisation(centre: Centre, anna: User, paul: User) -> Organisation:
    """Paul's organisation in `centre` (linked if he is not yet)."""
    existing = getattr(paul, "partner_membership", None)
    if existing is not None:
        return existing.organisation
    org = network_factories.organisation(centre, anna, name="Sprachschule Lindenhof")
    network.link_partner_account(org, by=anna, user=paul)
    paul.refresh_from_db()
    return org


def hours(value: str) -> Decimal:
    return Decimal(value)


def offer_form(centre: Centre, **changes: Any) -> dict[str, Any]:
    """A valid POST of the offer's edit page: texts in de/en/ar, one location."""
    municipality = centre.grantee.municipalities().first()
    assert municipality is not None
    data = {
        "lock_version": "",
        "category": Category.objects.get(code="counselling").pk,
        "source_language": "de",
        "target_groups": ["newcomers"],
        "languages": ["de", "ar"],
        "cost": "free",
        "cost_amount": "",
        "contact_name": "Beratungsstelle",
        "text-de-registration_how": "Telefonisch",
        "text-de-title": "Migrationsberatung",
        "text-de-summary": "Beratung zu Aufenthalt und Arbeit.",
        "text-de-description": "<p>Offene Sprechstunde</p><script>x()</script>",
        "text-en-title": "Migration counselling",
        "text-en-summary": "Advice on residence and work.",
        "text-ar-title": "استشارة الهجرة",
        "text-ar-summary": "نصائح حول الإقامة والعمل",
        "locations-TOTAL_FORMS": "1",
        "locations-INITIAL_FORMS": "0",
        "locations-0-uuid": "",
        "locations-0-name": "KI-Büro",
        "locations-0-street": "Niederwall 23",
        "locations-0-postcode": "33602",
        "locations-0-municipality": municipality.pk,
        "locations-0-lat": "52,0200",
        "locations-0-lon": "8,5300",
        "locations-0-step_free": "true",
        "locations-0-languages": ["de", "tr"],
        "course-places": "",
        "course-places_taken": "",
    }
    return {**data, **changes}


def with_outdated_translation(centre: Centre, by: User, **changes: Any) -> Offer:
    """An offer whose German text changed after its English translation was written."""
    offer_ = offer(centre, by, **changes)
    newer = texts(de={**texts()["de"], "summary": "Beratung, jetzt auch per Video."})
    services.update_offer(
        offer_,
        by=by,
        data=offer_data(**changes),
        texts=newer,
        locations=[
            {"uuid": str(loc.uuid), **{n: getattr(loc, n) for n in services.LOCATION_FIELDS}}
            for loc in offer_.locations.all()
        ],
    )
    return offer_


IMPORT_CSV = (
    "\ufeffcategory;title_de;summary_de;location_1_street;location_1_postcode\r\n"
    "counselling;Sprechstunde Migration;Offen;Niederwall 23;33602\r\n"
).encode()


def import_upload(content: bytes = IMPORT_CSV) -> SimpleUploadedFile:
    return SimpleUploadedFile("angebote.csv", content, "text/csv")


def import_job(centre: Centre, by: User, *, confirm: bool = False) -> OfferImport:
    """An uploaded offer import of `centre` (confirmed: queued), its file on the storage (the
    test's transaction never commits, so the on-commit write never happens)."""
    job = importing.upload_import(centre, by=by, upload=import_upload())
    job.file.storage.save(job.file.name, ContentFile(IMPORT_CSV))
    if confirm:
        job = importing.confirm_import(job, by=by)
    return job


def copies(offer: Offer, n: int, *, first: int = 0, indexed: bool = False) -> list[Offer]:
    """`n` more published offers like `offer` (rows and snapshots, as the demo's bulk offers),
    titled "Angebot <first>", "Angebot <first + 1>" …; with `indexed` in the search table too."""
    rows = []
    for i in range(first, first + n):
        snapshot = copy.deepcopy(offer.published_snapshot)
        snapshot["texts"]["de"]["title"] = f"Angebot {i}"
        rows.append(
            Offer(
                uuid=uuid.uuid4(),
                centre_id=offer.centre_id,
                category_id=offer.category_id,
                status=offer.status,
                published_at=offer.published_at,
                last_reviewed_on=offer.last_reviewed_on,
                published_snapshot=snapshot,
            )
        )
    created = Offer.objects.bulk_create(rows)
    if indexed:
        from teilhabe.guide.search import index

        index.reindex_offers([o.pk for o in created])
    return created
