"""The guide's writes: guards, rules, locks, versions of translations, workflow, snapshots."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from teilhabe.core.actions import Refusal
from teilhabe.core.models import AuditEvent
from teilhabe.guide import services
from teilhabe.guide.models import Category, LanguageCourse, Offer, OfferStatus
from teilhabe.territory.models import Municipality

from . import factories as f


def _update(offer: Offer, by, **kw):  # type: ignore[no-untyped-def]
    args = {
        "data": f.offer_data(**kw.pop("data", {})),
        "texts": kw.pop("texts", f.texts()),
        "locations": kw.pop("locations", [f.location(offer.centre)]),
    }
    return services.update_offer(offer, by=by, **args, **kw)


def test_it_adds_a_draft_with_clean_texts_and_one_audit_event(kai, bielefeld) -> None:
    offer = services.add_offer(
        bielefeld,
        by=kai,
        data=f.offer_data(),
        texts=f.texts(de={"title": "Kurs", "description": "<script>x()</script><p>Hallo</p>"}),
        locations=[f.location(bielefeld)],
    )
    assert offer.status == OfferStatus.DRAFT
    assert offer.text_in("de").description == "<p>Hallo</p>"
    assert offer.locations.count() == 1
    assert AuditEvent.objects.filter(action="offer.added", object_id=str(offer.pk)).count() == 1


def test_it_refuses_another_kis_staff_and_writes_nothing(carla, bielefeld) -> None:
    with pytest.raises(Refusal):
        f.offer(bielefeld, carla)
    assert not Offer.objects.exists()


def test_it_refuses_a_location_outside_the_kis_area(kai, bielefeld) -> None:
    dortmund_town = Municipality.objects.get(ags="05913000")
    with pytest.raises(ValidationError) as e:
        services.add_offer(
            bielefeld,
            by=kai,
            data=f.offer_data(),
            texts=f.texts(),
            locations=[f.location(bielefeld, municipality=dortmund_town)],
        )
    assert e.value.error_dict["locations"][0].code == "municipality_outside_area"


@pytest.mark.parametrize(
    ("lat", "lon", "code"),
    [
        (Decimal("48.1"), Decimal("11.5"), "outside_nrw"),
        (Decimal("52.0"), None, "coordinates_incomplete"),
    ],
)
def test_it_refuses_coordinates_outside_nrw_or_half_given(kai, bielefeld, lat, lon, code) -> None:
    with pytest.raises(ValidationError) as e:
        services.add_offer(
            bielefeld,
            by=kai,
            data=f.offer_data(),
            texts=f.texts(),
            locations=[f.location(bielefeld, lat=lat, lon=lon)],
        )
    assert e.value.error_dict["locations"][0].code == code


def test_it_needs_the_source_language_text_and_a_fee_when_not_free(kai, bielefeld) -> None:
    with pytest.raises(ValidationError) as e:
        services.add_offer(bielefeld, by=kai, data=f.offer_data(), texts={"en": f.texts()["en"]})
    assert e.value.error_dict["title_de"][0].code == "source_text_missing"
    with pytest.raises(ValidationError) as e:
        services.add_offer(bielefeld, by=kai, data=f.offer_data(cost="amount"), texts=f.texts())
    assert e.value.error_dict["cost_amount"][0].code == "amount_missing"


def test_a_language_course_needs_its_details_and_never_overbooks(kai, bielefeld) -> None:
    category = Category.objects.get(code="course_general")
    with pytest.raises(ValidationError) as e:
        services.add_offer(bielefeld, by=kai, data=f.offer_data(category=category), texts=f.texts())
    assert e.value.error_dict["course_type"][0].code == "course_missing"
    for course, code in [
        (f.course(places=10, places_taken=11), "places_taken_above_places"),
        (f.course(course_type="women"), "course_type_mismatch"),
    ]:
        with pytest.raises(ValidationError) as e:
            services.add_offer(
                bielefeld,
                by=kai,
                data=f.offer_data(category=category),
                texts=f.texts(),
                course=course,
            )
        assert code in [err.code for errs in e.value.error_dict.values() for err in errs]
    offer = services.add_offer(
        bielefeld, by=kai, data=f.offer_data(category=category), texts=f.texts(), course=f.course()
    )
    assert offer.course.free_places == 8


def test_the_database_refuses_more_places_taken_than_places(kai, bielefeld) -> None:
    from django.db import IntegrityError, transaction

    category = Category.objects.get(code="course_general")
    offer = services.add_offer(
        bielefeld, by=kai, data=f.offer_data(category=category), texts=f.texts(), course=f.course()
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        LanguageCourse.objects.filter(offer=offer).update(places_taken=99)


def test_a_translation_is_outdated_once_its_source_changes(kai, bielefeld) -> None:
    offer = f.offer(bielefeld, kai)
    en = offer.texts.get(language="en")
    assert not en.outdated_against(offer.texts.get(language="de"))
    changed = f.texts(de={**f.texts()["de"], "title": "Migrationsberatung (neu)"})
    _update(offer, kai, texts=changed)
    de, en = offer.texts.get(language="de"), offer.texts.get(language="en")
    assert de.version == 2 and en.outdated_against(de)
    # Updating the translation brings it up to date again.
    _update(offer, kai, texts={**changed, "en": {**changed["en"], "title": "Counselling (new)"}})
    assert not offer.texts.get(language="en").outdated_against(offer.texts.get(language="de"))


def test_it_refuses_a_stale_form_and_keeps_the_row(kai, anna, bielefeld) -> None:
    offer = f.offer(bielefeld, kai)
    _update(offer, anna, data={"contact_name": "Frau Yilmaz"}, expected_version=0)
    with pytest.raises(ValidationError) as e:
        _update(offer, kai, data={"contact_name": "Herr Novak"}, expected_version=0)
    assert e.value.code == "stale"
    offer.refresh_from_db()
    assert offer.contact_name == "Frau Yilmaz"


def test_publishing_takes_the_snapshot_and_the_kis_edit_republishes(kai, bielefeld) -> None:
    offer = f.published(bielefeld, kai)
    assert offer.published_snapshot["texts"]["de"]["title"] == "Migrationsberatung für Erwachsene"
    assert offer.last_reviewed_on is not None
    _update(offer, kai, data={"contact_name": "Frau Yilmaz"})
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PUBLISHED
    assert offer.published_snapshot["offer"]["contact_name"] == "Frau Yilmaz"


def test_a_partners_change_of_a_published_offer_goes_to_review(anna, paul, bielefeld) -> None:
    org = f.partner_organisation(bielefeld, anna, paul)
    offer = f.published(bielefeld, anna, provider=org)
    kept = f.location(bielefeld, uuid=offer.locations.get().uuid)  # the same place, by its id
    _update(offer, paul, data={"provider": org, "contact_name": "Frau Yilmaz"}, locations=[kept])
    offer.refresh_from_db()
    assert offer.status == OfferStatus.IN_REVIEW
    # The public keeps the old one.
    assert offer.published_snapshot["offer"]["contact_name"] == "Beratungsstelle"
    changes = services.review_changes(offer)
    assert [(c.section, c.field, c.after) for c in changes] == [
        ("offer", "contact_name", "Frau Yilmaz")
    ]


def test_a_partner_offers_only_as_its_own_organisation_and_never_publishes(
    anna, paul, bielefeld
) -> None:
    org = f.partner_organisation(bielefeld, anna, paul)
    offer = services.add_offer(
        bielefeld, by=paul, data=f.offer_data(provider=None), texts=f.texts()
    )
    assert offer.provider == org
    with pytest.raises(Refusal):
        services.change_status(offer, by=paul, to="published")
    services.change_status(offer, by=paul, to="in_review")
    offer.refresh_from_db()
    assert offer.status == OfferStatus.IN_REVIEW and offer.published_at is None


def test_a_partner_cannot_touch_another_organisations_offer(anna, paul, bielefeld) -> None:
    f.partner_organisation(bielefeld, anna, paul)
    other = f.offer(bielefeld, anna)
    with pytest.raises(Refusal):
        _update(other, paul)
    with pytest.raises(Refusal):
        services.change_status(other, by=paul, to="in_review")


def test_the_workflow_refuses_steps_the_rules_do_not_allow(kai, bielefeld) -> None:
    offer = f.offer(bielefeld, kai)
    with pytest.raises(ValidationError) as e:
        services.change_status(offer, by=kai, to="archived")
    assert e.value.code == "wrong_status"
    services.change_status(offer, by=kai, to="published")
    services.change_status(offer, by=kai, to="archived")
    with pytest.raises(ValidationError):
        _update(offer, kai)
    services.change_status(offer, by=kai, to="draft")
    assert AuditEvent.objects.filter(action="offer.reopened").count() == 1
