"""The exchange record read from a published offer (what every export writes)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from teilhabe.guide import services
from teilhabe.guide.interchange import record_from_offer
from teilhabe.guide.models import Category
from teilhabe.guide.tests import factories
from teilhabe.territory.models import Municipality

pytestmark = pytest.mark.django_db


def _lookups():  # type: ignore[no-untyped-def]
    return {
        "category_codes": dict(Category.objects.values_list("pk", "code")),
        "municipality_keys": dict(Municipality.objects.values_list("pk", "ags")),
        "providers": {},
    }


def test_the_record_is_the_published_version_with_codes_not_keys(kai, anna, paul, bielefeld):
    org = factories.partner_organisation(bielefeld, anna, paul)
    offer = factories.published(
        bielefeld,
        kai,
        provider=org,
        next_start=datetime.date(2027, 2, 1),
        hours_per_week=Decimal("4.5"),
        cost="amount",
        cost_amount=Decimal("25.00"),
    )
    offer.hsds_extra = {"service": {"wait_time": "2 Wochen"}}
    lookups = _lookups()
    lookups["providers"] = {org.pk: (org.uuid, org.name)}

    record = record_from_offer(offer, **lookups)

    assert record.id == offer.uuid
    assert record.category == "counselling"
    assert record.provider is not None and record.provider.id == org.uuid
    assert record.texts["de"]["title"] == "Migrationsberatung für Erwachsene"
    assert set(record.texts) == {"de", "en"}
    assert record.data["next_start"] == datetime.date(2027, 2, 1)
    assert record.data["hours_per_week"] == Decimal("4.5")
    assert record.data["cost_amount"] == Decimal("25.00")
    place = record.locations[0]
    assert place.id == offer.locations.get().uuid
    assert place.municipality_key == offer.locations.get().municipality.ags
    assert record.extra == {"service": {"wait_time": "2 Wochen"}}
    assert record.course is None


def test_a_pending_change_is_not_in_the_record(kai, bielefeld):
    offer = factories.published(bielefeld, kai)
    services.change_status(offer, by=kai, to="archived")
    offer.refresh_from_db()
    record = record_from_offer(offer, **_lookups())
    assert record.texts["de"]["title"] == "Migrationsberatung für Erwachsene"


def test_course_dates_come_back_as_dates(kai, bielefeld):
    data = factories.offer_data(category=Category.objects.get(code="course_general"))
    offer = services.add_offer(
        bielefeld,
        by=kai,
        data=data,
        texts=factories.texts(),
        locations=[factories.location(bielefeld)],
        course=factories.course(starts_on=datetime.date(2027, 1, 11)),
    )
    offer = services.change_status(offer, by=kai, to="published")
    record = record_from_offer(offer, **_lookups())
    assert record.course is not None
    assert record.course["starts_on"] == datetime.date(2027, 1, 11)
    assert record.course["places"] == 20
