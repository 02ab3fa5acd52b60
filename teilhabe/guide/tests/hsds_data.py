"""A demo-like data set for the open-data tests: a language course of a partner organisation
with a fee, course dates, two locations, three languages and what an import kept
(`hsds_extra`); a counselling offer the KI provides itself; a draft and an archived offer the
public must never see."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.guide import services
from teilhabe.guide.models import Category, Offer
from teilhabe.network.models import Organisation

from . import factories

EXTRA = {
    "service": {
        "wait_time": "etwa 2 Wochen",
        "eligibility_description": "Mit Berechtigungsschein des BAMF",
        "minimum_age": 16,
        "url": "https://elsewhere.example/not-ours",  # mapped by the guide: never taken
        "alert": 42,  # the wrong type: left out
    },
    "organization": {"tax_status": "gemeinnützig", "name": "Not the provider's name"},
}


@dataclass
class DataSet:
    course: Offer
    counselling: Offer
    draft: Offer
    archived: Offer
    provider: Organisation


def course_texts() -> dict[str, dict[str, str]]:
    return {
        "de": {
            "title": "Integrationskurs B1 am Abend",
            "summary": "Deutsch lernen nach der Arbeit.",
            "description": "<p>Vier Abende pro Woche, <strong>mit Kinderbetreuung</strong>.</p>",
            "registration_how": "Telefonisch oder im Büro",
            "recurrence": "jeden Dienstag",
            "duration": "6 Monate",
            "opening_hours": "Mo–Do 9–12 Uhr",
        },
        "en": {
            "title": "Evening integration course B1",
            "summary": "Learn German after work.",
            "description": "<p>Four evenings a week.</p>",
            "registration_how": "By phone or at the office",
            "recurrence": "every Tuesday",
            "duration": "6 months",
        },
        "ar": {"title": "دورة الاندماج المسائية", "summary": "تعلم الألمانية", "description": ""},
    }


def demo_like(kai: User, anna: User, paul: User, bielefeld: Centre) -> DataSet:
    provider = factories.partner_organisation(bielefeld, anna, paul)
    data = factories.offer_data(
        category=Category.objects.get(code="course_general"),
        provider=provider,
        target_groups=["newcomers", "parents"],
        languages=["de", "en", "ar"],
        cost="amount",
        cost_amount=Decimal("120.50"),
        contact_phone="0521 51-0",
        website="https://lindenhof.example/kurse",
        next_start=datetime.date(2027, 2, 1),
        hours_per_week=Decimal("12.5"),
        registration_until=datetime.date(2027, 1, 15),
        free_places=8,
    )
    municipality = bielefeld.grantee.municipalities().first()
    course = services.add_offer(
        bielefeld,
        by=kai,
        data=data,
        texts=course_texts(),
        locations=[
            factories.location(bielefeld),
            factories.location(
                bielefeld,
                name="",
                street="Jahnplatz 5",
                postcode="33602",
                lat=None,
                lon=None,
                step_free=None,
                languages=[],
                municipality=municipality,
            ),
        ],
        course=factories.course(
            course_type="general",
            target_level="B1",
            class_format="evening",
            starts_on=datetime.date(2027, 2, 1),
            ends_on=datetime.date(2027, 7, 30),
            registration_deadline=datetime.date(2027, 1, 20),
        ),
    )
    course = services.change_status(course, by=kai, to="published")
    Offer.objects.filter(pk=course.pk).update(
        hsds_extra=EXTRA, last_reviewed_on=datetime.date(2026, 11, 2)
    )
    course.refresh_from_db()
    counselling = factories.published(bielefeld, kai)
    draft = factories.offer(bielefeld, kai)
    archived = services.change_status(factories.published(bielefeld, kai), by=kai, to="archived")
    return DataSet(course, counselling, draft, archived, provider)
