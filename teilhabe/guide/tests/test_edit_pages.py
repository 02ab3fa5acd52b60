"""The offer's create and edit pages through their URLs: every typed field stays on an error,
in every language section; stale edits are refused with the input kept."""

from __future__ import annotations

from django.urls import reverse

from teilhabe.guide.models import Category, Offer

from . import factories as f


def test_it_adds_an_offer_with_texts_in_three_languages(kai, bielefeld, verified_client) -> None:
    client = verified_client(kai)
    assert client.get(reverse("guide:offer_add", args=[bielefeld.pk])).status_code == 200
    response = client.post(reverse("guide:offer_add", args=[bielefeld.pk]), f.offer_form(bielefeld))
    assert response.status_code == 302
    offer = Offer.objects.get(centre=bielefeld)
    assert {t.language for t in offer.texts.all()} == {"de", "en", "ar"}
    assert "<script" not in offer.text_in("de").description
    location = offer.locations.get()
    assert location.step_free is True and location.languages == ["de", "tr"]
    assert str(location.lat) == "52.020000"


def test_it_keeps_every_typed_field_in_every_language_on_an_error(
    kai, bielefeld, verified_client
) -> None:
    data = f.offer_form(bielefeld, **{"text-de-title": "", "cost": "amount", "cost_amount": ""})
    response = verified_client(kai).post(reverse("guide:offer_add", args=[bielefeld.pk]), data)
    page = response.content.decode()
    assert response.status_code == 422
    assert Offer.objects.count() == 0
    assert 'id="form-errors"' in page and 'href="#id_cost_amount"' in page
    for typed in (
        "Beratung zu Aufenthalt und Arbeit.",
        "Migration counselling",
        "Advice on residence and work.",
        "استشارة الهجرة",
        "نصائح حول الإقامة والعمل",
        "Niederwall 23",
        "Telefonisch",
    ):
        assert typed in page, typed


def test_it_puts_the_services_text_error_at_the_language_field(
    kai, bielefeld, verified_client
) -> None:
    data = f.offer_form(bielefeld, **{"text-en-title": "", "text-en-summary": "Only a summary"})
    response = verified_client(kai).post(reverse("guide:offer_add", args=[bielefeld.pk]), data)
    page = response.content.decode()
    assert response.status_code == 422
    assert 'href="#id_text-en-title"' in page and "Only a summary" in page
    assert "Migrationsberatung" in page and "استشارة الهجرة" in page


def test_it_needs_the_course_details_for_a_language_course(kai, bielefeld, verified_client) -> None:
    category = Category.objects.get(code="course_general")
    data = f.offer_form(bielefeld, category=category.pk, **{"course-course_type": "general"})
    response = verified_client(kai).post(reverse("guide:offer_add", args=[bielefeld.pk]), data)
    page = response.content.decode()
    assert response.status_code == 422
    assert 'href="#id_course-target_level"' in page and 'href="#id_course-class_format"' in page
    data.update({"course-target_level": "B1", "course-class_format": "evening"})
    data.update({"course-places": "16", "course-places_taken": "4"})
    response = verified_client(kai).post(reverse("guide:offer_add", args=[bielefeld.pk]), data)
    assert response.status_code == 302
    assert Offer.objects.get().course.free_places == 12


def test_it_refuses_a_location_outside_the_kis_area_at_the_rows(
    kai, bielefeld, dortmund, verified_client
) -> None:
    data = f.offer_form(bielefeld)
    # Dortmund's municipality is not on Bielefeld's list: the form refuses it at its field
    data["locations-0-municipality"] = dortmund.grantee.municipalities().first().pk
    response = verified_client(kai).post(reverse("guide:offer_add", args=[bielefeld.pk]), data)
    assert response.status_code == 422
    assert 'href="#id_locations-0-municipality"' in response.content.decode()
    assert Offer.objects.count() == 0


def test_it_adds_a_location_row_without_javascript(kai, bielefeld, verified_client) -> None:
    data = f.offer_form(bielefeld, add_location="1")
    response = verified_client(kai).post(reverse("guide:offer_add", args=[bielefeld.pk]), data)
    page = response.content.decode()
    assert response.status_code == 200 and Offer.objects.count() == 0
    assert 'name="locations-1-street"' in page and "Niederwall 23" in page
    assert "استشارة الهجرة" in page


def test_it_edits_an_offer_and_removes_a_location(kai, bielefeld, verified_client) -> None:
    offer = f.offer(bielefeld, kai)
    client = verified_client(kai)
    url = reverse("guide:offer_edit", args=[bielefeld.pk, offer.pk])
    page = client.get(url).content.decode()
    assert "Migrationsberatung für Erwachsene" in page and "Niederwall 23" in page
    location = offer.locations.get()
    data = f.offer_form(
        bielefeld,
        lock_version=offer.lock_version,
        **{
            "locations-INITIAL_FORMS": "1",
            "locations-0-uuid": str(location.uuid),
            "locations-0-DELETE": "on",
            "text-de-title": "Migrationsberatung (neu)",
        },
    )
    assert client.post(url, data).status_code == 302
    offer.refresh_from_db()
    assert offer.title == "Migrationsberatung (neu)" and not offer.locations.exists()


def test_it_refuses_a_stale_edit_and_keeps_the_input(kai, anna, bielefeld, verified_client) -> None:
    offer = f.offer(bielefeld, kai)
    version = offer.lock_version
    f.services.update_offer(
        offer,
        by=anna,
        data=f.offer_data(contact_name="Frau Yilmaz"),
        texts=f.texts(),
        locations=[f.location(bielefeld)],
    )
    url = reverse("guide:offer_edit", args=[bielefeld.pk, offer.pk])
    data = f.offer_form(bielefeld, lock_version=version, **{"text-de-title": "Kais Fassung"})
    response = verified_client(kai).post(url, data)
    page = response.content.decode()
    assert response.status_code == 422
    assert "Kais Fassung" in page and "استشارة الهجرة" in page
    offer.refresh_from_db()
    assert offer.title == "Migrationsberatung für Erwachsene"
    # the page now carries the current version: a second, deliberate save wins
    assert f'name="lock_version" value="{offer.lock_version}"' in page


def test_a_partner_adds_an_offer_of_his_organisation(
    anna, paul, bielefeld, verified_client
) -> None:
    org = f.partner_organisation(bielefeld, anna, paul)
    client = verified_client(paul)
    mine = client.get(reverse("guide:mine")).content.decode()
    assert reverse("guide:offer_add", args=[bielefeld.pk]) in mine
    page = client.get(reverse("guide:offer_add", args=[bielefeld.pk])).content.decode()
    assert 'name="provider"' not in page
    response = client.post(reverse("guide:offer_add", args=[bielefeld.pk]), f.offer_form(bielefeld))
    assert response.status_code == 302
    assert Offer.objects.get().provider == org


def test_others_find_no_create_or_edit_page(
    anna, paul, carla, bernd, bielefeld, dortmund, verified_client
) -> None:
    f.partner_organisation(bielefeld, anna, paul)
    offer = f.offer(bielefeld, anna)  # the KI's own, not Paul's organisation's
    edit = reverse("guide:offer_edit", args=[bielefeld.pk, offer.pk])
    add = reverse("guide:offer_add", args=[bielefeld.pk])
    assert verified_client(carla).get(edit).status_code == 404
    assert verified_client(carla).get(add).status_code == 404
    assert verified_client(bernd).get(add).status_code == 404
    assert verified_client(paul).get(edit).status_code == 404
    assert (
        verified_client(paul).get(reverse("guide:offer_add", args=[dortmund.pk])).status_code == 404
    )
