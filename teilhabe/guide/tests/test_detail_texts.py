"""How to register, dates or recurrence, duration and opening hours are words of the offer per
language (issue 19, "Languages"): written in each language section, outdated with the source,
shown to the public in the visitor's language with the source's as fallback, in the API, the
CSV per language (older files' single columns read as the source's) and moved there by the
migration, published snapshots included."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from conftest import migrate_to, migrate_to_latest
from teilhabe.guide import csvformat, importing, public, services
from teilhabe.guide.models import Offer, OfferText

from . import factories as f

pytestmark = pytest.mark.django_db
ARABIC = {
    "title": "استشارة الهجرة",
    "summary": "نصائح",
    "description": "",
    "registration_how": "بالهاتف أو في المكتب",
}


def _published(centre, by, **texts: dict[str, str]) -> Offer:  # type: ignore[no-untyped-def]
    offer = services.add_offer(
        centre, by=by, data=f.offer_data(), texts=f.texts(**texts), locations=[]
    )
    return services.change_status(offer, by=by, to="published")


def test_a_changed_detail_of_the_source_outdates_the_translations(kai, bielefeld) -> None:
    offer = f.offer(bielefeld, kai)
    texts = f.texts()
    texts["de"]["opening_hours"] = "Mo–Fr 8–16 Uhr"
    services.update_offer(offer, by=kai, data=f.offer_data(), texts=texts, locations=[])
    de, en = offer.texts.get(language="de"), offer.texts.get(language="en")
    assert de.version == 2 and de.opening_hours == "Mo–Fr 8–16 Uhr"
    assert en.outdated_against(de)
    assert en.registration_how == "By phone or at the office"  # the translation's own, kept


def test_the_service_bounds_each_detail_and_names_its_language(kai, bielefeld) -> None:
    too_long = {**ARABIC, "registration_how": "x" * 301}
    with pytest.raises(services.ValidationError) as e:
        services.add_offer(bielefeld, by=kai, data=f.offer_data(), texts=f.texts(ar=too_long))
    assert list(e.value.error_dict) == ["registration_how_ar"]
    assert e.value.error_dict["registration_how_ar"][0].code == "too_long"


def test_the_form_keeps_and_places_a_detail_in_its_language(
    kai, bielefeld, verified_client
) -> None:
    data = f.offer_form(
        bielefeld,
        **{
            "text-ar-registration_how": "ب" * 301,
            "text-de-x-ls-title": "Beratung für Zugewanderte",
            "text-de-x-ls-opening_hours": "x" * 501,
        },
    )
    response = verified_client(kai).post(reverse("guide:offer_add", args=[bielefeld.pk]), data)
    page = response.content.decode()
    assert response.status_code == 422 and not Offer.objects.exists()
    assert 'href="#id_text-ar-registration_how"' in page  # at the field, in its section
    assert 'href="#id_text-de-x-ls-opening_hours"' in page
    assert "ب" * 301 in page and "Telefonisch" in page


def test_the_form_saves_the_details_per_language(kai, bielefeld, verified_client) -> None:
    data = f.offer_form(
        bielefeld,
        **{"text-en-registration_how": "By phone", "text-ar-recurrence": "كل يوم ثلاثاء"},
    )
    response = verified_client(kai).post(reverse("guide:offer_add", args=[bielefeld.pk]), data)
    assert response.status_code == 302
    offer = Offer.objects.get()
    assert offer.text_in("de").registration_how == "Telefonisch"
    assert offer.text_in("en").registration_how == "By phone"
    assert offer.text_in("ar").recurrence == "كل يوم ثلاثاء"


def test_the_public_reads_them_in_its_language_and_else_the_source(kai, bielefeld, client) -> None:
    offer = _published(bielefeld, kai, ar=ARABIC)
    page = client.get(offer.get_public_url() + "?lang=ar").content.decode()
    assert '<dd lang="ar" dir="rtl">بالهاتف أو في المكتب</dd>' in page
    # The Arabic text has no opening hours: the German ones, marked German.
    assert '<dd lang="de" dir="ltr">Mo–Do 9–12 Uhr</dd>' in page
    assert "Telefonisch oder im Büro" not in page
    german = client.get(offer.get_public_url() + "?lang=de").content.decode()
    assert '<dd lang="de" dir="ltr">Telefonisch oder im Büro</dd>' in german


def test_details_falls_back_field_by_field() -> None:
    texts = {
        "de": {"registration_how": "Telefonisch", "duration": "3 Monate", "recurrence": ""},
        "fa": {"registration_how": "تلفنی", "duration": ""},
    }
    shown = public.details(texts, "fa", "de")
    assert shown == {
        "registration_how": public.Detail("تلفنی", "fa", "rtl"),
        "duration": public.Detail("3 Monate", "de", "ltr"),
    }
    assert public.details(texts, "tr", "de")["registration_how"].language == "de"


def test_the_api_gives_them_in_the_language_asked_for(kai, bielefeld, client) -> None:
    offer = _published(bielefeld, kai)
    body = client.get(f"/api/v1/guide/offers/{offer.uuid}?lang=en").json()
    assert body["language"] == "en"
    assert body["registration"]["how"] == "By phone or at the office"
    assert body["contact"]["opening_hours"] == "Mo–Do 9–12 Uhr"  # no English: the source's
    assert body["schedule"]["recurrence"] == "jeden Dienstag"
    # Which language each detail is in, so a client can mark it (as the page does with lang).
    assert body["details_language"]["registration_how"] == "en"
    assert body["details_language"]["opening_hours"] == "de"
    assert body["details_language"]["recurrence"] == "de"
    assert body["outdated"] is False and body["machine_translated"] is False
    OfferText.objects.filter(offer=offer, language="en").update(machine_made=True)
    body = client.get(f"/api/v1/guide/offers/{offer.uuid}?lang=en").json()
    assert body["machine_translated"] is True
    assert client.get(f"/api/v1/guide/offers/{offer.uuid}").json()["machine_translated"] is False


def _csv(offers: Any) -> str:
    return "".join(csvformat.write(csvformat.records(offers)))


def test_the_csv_has_them_per_language(kai, bielefeld) -> None:
    _published(bielefeld, kai, ar=ARABIC)
    content = _csv(Offer.objects.all())
    header = content.lstrip("\ufeff").split("\r\n")[0].split(";")
    assert {"registration_how_de", "registration_how_en", "registration_how_ar"} <= set(header)
    assert "registration_how" not in header
    [row] = csvformat.read(content.encode())
    assert row.record is not None
    assert row.record.texts["ar"]["registration_how"] == "بالهاتف أو في المكتب"


def test_an_older_csv_and_a_missing_column(kai, bielefeld) -> None:
    offer = _published(bielefeld, kai)
    older = (
        "\ufeffid;category;source_language;title_de;registration_how;opening_hours\r\n"
        f"{offer.uuid};counselling;de;Migrationsberatung für Erwachsene;Nur online;\r\n"
    ).encode()
    [row] = csvformat.read(older)
    assert row.record is not None
    assert row.record.texts["de"]["registration_how"] == "Nur online"
    result = importing.import_content(older, bielefeld, by=kai)
    assert (result.updated, result.failed) == (1, 0), result.errors
    de = offer.texts.get(language="de")
    assert de.registration_how == "Nur online"
    assert de.opening_hours == ""  # the file's empty cell: emptied
    assert de.recurrence == "jeden Dienstag"  # no column for it: kept
    assert de.summary == "Beratung zu Aufenthalt, Arbeit und Wohnen."  # kept as well
    # The file has no English column at all: the English text is kept, not deleted.
    en = offer.texts.get(language="en")
    assert (en.title, en.registration_how) == (
        "Migration counselling for adults",
        "By phone or at the office",
    )


def test_a_too_long_older_column_is_named_as_the_file_names_it(kai, bielefeld) -> None:
    offer = _published(bielefeld, kai)
    older = (
        "\ufeffid;category;source_language;title_de;registration_how\r\n"
        f"{offer.uuid};counselling;de;Migrationsberatung für Erwachsene;{'x' * 301}\r\n"
    ).encode()
    result = importing.import_content(older, bielefeld, by=kai)
    assert result.failed == 1
    assert [(e.field, e.code) for e in result.errors] == [("registration_how", "too_long")]


def test_an_edit_made_after_the_check_keeps_what_the_file_leaves_out(kai, bielefeld) -> None:
    """The preview (or a long import's first rows) is checked before the row is written; what
    the KI changes meanwhile in a field or a language the file has no column for stays."""
    offer = _published(bielefeld, kai)
    content = (
        "\ufeffid;category;source_language;title_de;registration_how_de\r\n"
        f"{offer.uuid};counselling;de;Migrationsberatung für Erwachsene;Nur online\r\n"
    ).encode()
    _format, rows = importing.parse(content)
    [prepared] = importing.prepare_all(rows, importing.Context(bielefeld, None))
    assert not prepared.errors
    texts = f.texts()
    texts["de"]["recurrence"] = "jeden Mittwoch"
    texts["en"]["title"] = "Counselling for adults, new"
    data = {**f.offer_data(), "website": "https://example.org/neu"}
    services.update_offer(offer, by=kai, data=data, texts=texts, locations=[])
    assert importing.apply(prepared, bielefeld, by=kai, publish=False) == importing.UPDATED
    offer.refresh_from_db()
    assert offer.website == "https://example.org/neu"
    de, en = offer.texts.get(language="de"), offer.texts.get(language="en")
    assert de.registration_how == "Nur online"  # the file's
    assert de.recurrence == "jeden Mittwoch"  # no column: the edit's, not the check's
    assert en.title == "Counselling for adults, new"  # no English column: kept whole


def test_a_csv_with_a_languages_columns_but_no_words_removes_that_text(kai, bielefeld) -> None:
    offer = _published(bielefeld, kai)
    content = (
        "\ufeffid;category;source_language;title_de;title_en;summary_en\r\n"
        f"{offer.uuid};counselling;de;Migrationsberatung für Erwachsene;;\r\n"
    ).encode()
    result = importing.import_content(content, bielefeld, by=kai)
    assert (result.updated, result.failed) == (1, 0), result.errors
    assert not offer.texts.filter(language="en").exists()


def test_an_outdated_translation_shows_the_sources_facts(kai, bielefeld, client) -> None:
    texts = f.texts()
    texts["en"]["opening_hours"] = "Mon–Thu 9–12"
    offer = _published(bielefeld, kai, en=texts["en"])
    english = client.get(offer.get_public_url() + "?lang=en").content.decode()
    assert '<dd lang="en" dir="ltr">Mon–Thu 9–12</dd>' in english
    # The KI drops the opening hours and registers online only; English is not updated yet.
    texts["de"].update(opening_hours="", registration_how="Nur online")
    services.update_offer(offer, by=kai, data=f.offer_data(), texts=texts, locations=[])
    english = client.get(offer.get_public_url() + "?lang=en").content.decode()
    assert "Mon–Thu 9–12" not in english and "By phone or at the office" not in english
    assert '<dd lang="de" dir="ltr">Nur online</dd>' in english
    body = client.get(f"/api/v1/guide/offers/{offer.uuid}?lang=en").json()
    assert body["registration"]["how"] == "Nur online"
    assert body["contact"]["opening_hours"] == ""
    assert body["outdated"] is True
    assert body["details_language"]["registration_how"] == "de"
    assert "opening_hours" not in body["details_language"]


def test_an_older_hsds_export_in_another_language_keeps_the_source_words(kai, bielefeld) -> None:
    import json

    from teilhabe.guide import hsds_in
    from teilhabe.guide.hsds import mapping

    offer = Offer.objects.select_related("centre__grantee").get(pk=_published(bielefeld, kai).pk)
    served = mapping.service(offer, mapping.Batch.load([offer]), lang="en")
    # As the exporter before stop 27 wrote it: the service's details were the source's words,
    # the translations had none.
    served["application_process"] = "Telefonisch oder im Büro"
    for attribute in served["attributes"]:
        if attribute["taxonomy_term"]["code"] == "teilhabe:translation":
            words = json.loads(attribute["value"])
            for name in ("registration_how", "recurrence", "duration", "opening_hours"):
                words.pop(name)
            attribute["value"] = json.dumps(words)
    [row] = hsds_in.read(json.dumps(served).encode())
    assert row.record is not None, row.errors
    assert row.record.texts["de"]["registration_how"] == "Telefonisch oder im Büro"
    assert row.record.texts["en"]["registration_how"] == ""
    assert row.record.texts["en"]["title"] == "Migration counselling for adults"


BEFORE = [("guide", "0011_search_places")]
AFTER = [("guide", "0013_remove_offer_detail_texts")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_them_to_the_source_text_and_back(bielefeld, kai) -> None:
    try:
        old = migrate_to(BEFORE)
        category = old.get_model("guide", "Category").objects.get(code="counselling")
        snapshot = {
            "offer": {"source_language": "en", "registration_how": "By phone", "duration": ""},
            "texts": {"en": {"title": "Counselling"}, "de": {"title": "Beratung"}},
        }
        offer = old.get_model("guide", "Offer").objects.create(
            centre_id=bielefeld.pk,
            category=category,
            source_language="en",
            registration_how="By phone",
            opening_hours="Mon 9–12",
            status="published",
            published_snapshot=snapshot,
        )
        texts = old.get_model("guide", "OfferText").objects
        texts.create(offer=offer, language="en", title="Counselling")
        texts.create(offer=offer, language="de", title="Beratung")
        # An offer without a text in its source language keeps its values in a new one.
        lone = old.get_model("guide", "Offer").objects.create(
            centre_id=bielefeld.pk,
            category=category,
            source_language="en",
            registration_how="By phone",
            status="published",
            published_snapshot={
                "offer": {"source_language": "en", "registration_how": "By phone"},
                "texts": {"de": {"title": "Beratung"}},
            },
        )
        texts.create(offer=lone, language="de", title="Beratung")
        new = migrate_to(AFTER)
        moved = new.get_model("guide", "OfferText").objects
        en, de = (
            moved.get(offer_id=offer.pk, language="en"),
            moved.get(offer_id=offer.pk, language="de"),
        )
        assert (en.registration_how, en.opening_hours) == ("By phone", "Mon 9–12")
        assert (de.registration_how, de.opening_hours) == ("", "")
        published = new.get_model("guide", "Offer").objects.get(pk=offer.pk).published_snapshot
        assert "registration_how" not in published["offer"]
        assert published["texts"]["en"]["registration_how"] == "By phone"
        assert published["texts"]["de"]["registration_how"] == ""
        lone_published = new.get_model("guide", "Offer").objects.get(pk=lone.pk).published_snapshot
        assert lone_published["texts"]["en"]["registration_how"] == "By phone"
        assert lone_published["texts"]["en"]["title"] == "Beratung"
        lone_en = moved.get(offer_id=lone.pk, language="en")
        assert (lone_en.title, lone_en.registration_how) == ("Beratung", "By phone")
        back = migrate_to(BEFORE).get_model("guide", "Offer").objects.get(pk=offer.pk)
        assert (back.registration_how, back.opening_hours) == ("By phone", "Mon 9–12")
        assert back.published_snapshot["offer"]["registration_how"] == "By phone"
        assert "registration_how" not in back.published_snapshot["texts"]["en"]
    finally:
        migrate_to_latest()  # later tests need the whole schema
