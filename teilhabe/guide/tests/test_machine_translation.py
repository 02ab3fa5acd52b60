"""Machine translation of an offer: who may, what is written (machine-made, from the source's
current version, unreviewed), the overwrite rule, the background job with its progress, the
buttons (none without a configured translator) and the public page's flag."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from teilhabe.core.models import AuditEvent
from teilhabe.guide import services
from teilhabe.guide.models import JobState, OfferText, TranslationJob
from teilhabe.guide.tasks import run_translation_job

from . import factories as f
from . import fake_translator


def test_it_writes_a_machine_translation_from_the_current_source(kai, bielefeld) -> None:
    offer = f.offer(bielefeld, kai)
    with fake_translator.configured() as fake:
        text = services.machine_translate(offer, by=kai, target="uk")
    source = offer.texts.get(language="de")
    assert text.language == "uk" and text.machine_made
    assert text.title == f"UK: {source.title}"
    assert text.description == "<p>UK: Offene Sprechstunde, <strong>ohne Termin</strong>.</p>"
    assert text.registration_how == "UK: Telefonisch oder im Büro"
    assert (text.recurrence, text.duration) == ("UK: jeden Dienstag", "")  # empty stays empty
    assert text.opening_hours == "UK: Mo–Do 9–12 Uhr"
    assert text.source_version == source.version and text.reviewed_by is None
    assert fake.requests[0].body["source"] == "de"
    event = AuditEvent.objects.get(action="offer.machine_translated")
    assert event.actor == kai and event.changes["translator"]["to"] == "libretranslate"
    assert "uk.title" in event.changes


def test_it_refuses_without_a_translator(kai, bielefeld, settings) -> None:  # type: ignore[no-untyped-def]
    settings.GUIDE_TRANSLATOR = ""
    offer = f.offer(bielefeld, kai)
    with pytest.raises(ValidationError) as e:
        services.machine_translate(offer, by=kai, target="uk")
    assert e.value.code == "no_translator"


def test_a_partner_and_another_ki_may_not(anna, paul, carla, bielefeld) -> None:
    org = f.partner_organisation(bielefeld, anna, paul)
    offer = f.offer(bielefeld, anna, provider=org)
    with fake_translator.configured() as fake:
        for who in (paul, carla):
            with pytest.raises(ValidationError) as e:
                services.machine_translate(offer, by=who, target="uk")
            assert e.value.code == "not_permitted"
            with pytest.raises(ValidationError):
                services.start_machine_translation(offer, by=who)
    assert not fake.requests  # refused before the provider is asked
    assert not OfferText.objects.filter(offer=offer, language="uk").exists()


def test_it_keeps_an_up_to_date_human_translation_unless_asked(kai, bielefeld) -> None:
    offer = f.offer(bielefeld, kai)  # its English text is a person's, up to date
    with fake_translator.configured() as fake:
        with pytest.raises(ValidationError) as e:
            services.machine_translate(offer, by=kai, target="en")
        assert e.value.code == "human_translation" and not fake.requests
        text = services.machine_translate(offer, by=kai, target="en", overwrite=True)
    assert text.machine_made and text.title.startswith("EN: ")


def test_it_replaces_an_outdated_or_machine_made_translation(kai, bielefeld) -> None:
    offer = f.with_outdated_translation(bielefeld, kai)
    with fake_translator.configured():
        text = services.machine_translate(offer, by=kai, target="en")
        assert text.machine_made
        again = services.machine_translate(offer, by=kai, target="en")  # machine-made: fine
    assert again.pk == text.pk
    assert not again.outdated_against(offer.texts.get(language="de"))


def test_it_refuses_the_source_language_and_unknown_ones(kai, bielefeld) -> None:
    offer = f.offer(bielefeld, kai)
    with fake_translator.configured():
        for target, code in (("de", "source_language"), ("xx", "unknown_language")):
            with pytest.raises(ValidationError) as e:
                services.machine_translate(offer, by=kai, target=target)
            assert e.value.error_dict["language"][0].code == code


def test_a_translation_longer_than_its_field_names_the_field(kai, bielefeld) -> None:
    offer = f.offer(bielefeld, kai)
    OfferText.objects.filter(offer=offer, language="de").update(duration="x" * 98)
    # The stand-in prefixes "UK: ": 102 characters for a field of 100.
    with fake_translator.configured(), pytest.raises(ValidationError) as e:
        services.machine_translate(offer, by=kai, target="uk")
    assert e.value.code == "too_long"
    assert e.value.messages == [
        "Die maschinelle Übersetzung von „Dauer“ hat 102 Zeichen, das Feld erlaubt 100. "
        "Bitte kürzen Sie das Feld im Ausgangstext oder übersetzen Sie diese Sprache von Hand."
    ]
    assert not OfferText.objects.filter(offer=offer, language="uk").exists()


def test_a_provider_failure_writes_nothing(kai, bielefeld) -> None:
    offer = f.offer(bielefeld, kai)
    with fake_translator.configured(status=456), pytest.raises(ValidationError) as e:
        services.machine_translate(offer, by=kai, target="uk")
    assert e.value.code == "translator_quota"
    assert not OfferText.objects.filter(offer=offer, language="uk").exists()
    assert not AuditEvent.objects.filter(action="offer.machine_translated").exists()


def test_a_published_offer_shows_the_translation_marked(kai, bielefeld, client) -> None:
    offer = f.published(bielefeld, kai)
    with fake_translator.configured():
        services.machine_translate(offer, by=kai, target="tr")
    offer.refresh_from_db()
    assert offer.published_snapshot["texts"]["tr"]["title"].startswith("TR: ")
    response = client.get(offer.get_public_url() + "?lang=tr")
    assert response.status_code == 200 and response.context["text_machine_made"] is True
    response = client.get(offer.get_public_url() + "?lang=en")  # a person's translation
    assert response.context["text_machine_made"] is False
    services.review_translation(offer.texts.get(language="tr"), by=kai)
    response = client.get(offer.get_public_url() + "?lang=tr")
    assert response.context["text_machine_made"] is False


def test_a_draft_keeps_its_snapshot(kai, bielefeld) -> None:
    offer = f.offer(bielefeld, kai)
    with fake_translator.configured():
        services.machine_translate(offer, by=kai, target="tr")
    offer.refresh_from_db()
    assert offer.published_snapshot in (None, {})


def test_all_missing_languages_run_in_the_background_with_progress(
    kai, bielefeld, django_capture_on_commit_callbacks
) -> None:
    offer = f.offer(bielefeld, kai)  # has de and en
    with fake_translator.configured() as fake:
        with django_capture_on_commit_callbacks() as callbacks:
            job = services.start_machine_translation(offer, by=kai)
        assert job.languages == ["ar", "tr", "uk", "ru", "fa", "pl", "ro", "bg"]
        assert job.state == JobState.QUEUED and not fake.requests
        assert len(callbacks) == 1
        with pytest.raises(ValidationError) as e:  # one job per offer at a time
            services.start_machine_translation(offer, by=kai)
        assert e.value.code == "job_running"
        run_translation_job.call(job.pk)
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.done == job.languages and not job.failed
    assert set(offer.texts.filter(machine_made=True).values_list("language", flat=True)) == set(
        job.languages
    )
    with fake_translator.configured(), pytest.raises(ValidationError) as e:
        services.start_machine_translation(offer, by=kai)
    assert e.value.code == "nothing_missing"


def test_a_provider_that_is_down_fails_the_job_without_asking_for_every_language(
    kai, bielefeld
) -> None:
    offer = f.offer(bielefeld, kai)
    with fake_translator.configured(status=503) as fake:
        job = services.start_machine_translation(offer, by=kai)
        run_translation_job.call(job.pk)
    job.refresh_from_db()
    assert job.state == JobState.FAILED and set(job.failed) == set(job.languages)
    assert len(fake.requests) == 1


def test_the_page_has_no_buttons_without_a_translator(
    kai, bielefeld, verified_client, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.GUIDE_TRANSLATOR = ""
    offer = f.offer(bielefeld, kai)
    page = verified_client(kai).get(offer.get_absolute_url()).content.decode()
    assert reverse("guide:machine_translate", args=[bielefeld.pk, offer.pk]) not in page
    assert 'id="machine-translation-section"' not in page


def test_the_page_translates_one_language_and_all_missing(kai, bielefeld, verified_client) -> None:
    offer = f.offer(bielefeld, kai)
    url = reverse("guide:machine_translate", args=[bielefeld.pk, offer.pk])
    client = verified_client(kai)
    with fake_translator.configured():
        page = client.get(offer.get_absolute_url()).content.decode()
        assert f'action="{url}"' in page and 'data-language="uk"' in page
        assert 'value="all"' in page
        assert client.post(url, {"language": "uk"}).status_code == 302
        assert offer.texts.get(language="uk").machine_made
        # the English text is a person's: the page asks to replace it, with overwrite
        assert client.post(url, {"language": "en"}).status_code == 302
        assert not offer.texts.get(language="en").machine_made
        assert client.post(url, {"language": "en", "overwrite": "1"}).status_code == 302
        assert offer.texts.get(language="en").machine_made
        assert client.post(url, {"language": "all"}).status_code == 302
        job = TranslationJob.objects.get(offer=offer)
        page = client.get(offer.get_absolute_url()).content.decode()
    assert 'id="translation-job"' in page and job.languages and "uk" not in job.languages


def test_a_partner_and_another_ki_get_404_on_the_button(
    anna, paul, carla, bielefeld, verified_client
) -> None:
    org = f.partner_organisation(bielefeld, anna, paul)
    offer = f.offer(bielefeld, anna, provider=org)
    url = reverse("guide:machine_translate", args=[bielefeld.pk, offer.pk])
    with fake_translator.configured() as fake:
        page = verified_client(paul).get(offer.get_absolute_url()).content.decode()
        assert url not in page
        for who in (paul, carla):
            assert verified_client(who).post(url, {"language": "uk"}).status_code == 404
    assert not fake.requests


def test_a_job_the_worker_never_finished_stops_blocking_after_an_hour(kai, bielefeld) -> None:
    offer = f.offer(bielefeld, kai)
    with fake_translator.configured():
        job = services.start_machine_translation(offer, by=kai)
        with pytest.raises(ValidationError):
            services.start_machine_translation(offer, by=kai)
        TranslationJob.objects.filter(pk=job.pk).update(
            created_at=timezone.now() - timedelta(hours=services.JOB_BLOCKS_HOURS, minutes=1)
        )
        again = services.start_machine_translation(offer, by=kai)
    assert again.pk != job.pk
