"""Review age: offers not reviewed for GUIDE_REVIEW_FLAG_DAYS are due, after
GUIDE_REVIEW_HIDE_DAYS hidden from the public until the KI confirms them as current."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from teilhabe.core.models import AuditEvent
from teilhabe.guide import services
from teilhabe.guide.models import Offer

from . import factories as f


def aged(offer: Offer, days: int) -> Offer:
    """The offer as if it was last reviewed `days` ago."""
    Offer.objects.filter(pk=offer.pk).update(
        last_reviewed_on=timezone.localdate() - timedelta(days=days)
    )
    offer.refresh_from_db()
    return offer


def test_it_hides_an_offer_from_the_public_from_the_hide_day_on(kai, bielefeld, client) -> None:
    fresh = f.published(bielefeld, kai)
    due = aged(f.published(bielefeld, kai), 180)
    almost = aged(f.published(bielefeld, kai), 364)
    hidden = aged(f.published(bielefeld, kai), 365)
    shown = set(Offer.objects.for_public_display().values_list("pk", flat=True))
    assert shown == {fresh.pk, due.pk, almost.pk}
    assert client.get(almost.get_public_url()).status_code == 200
    assert client.get(hidden.get_public_url()).status_code == 404
    assert client.get(reverse("guide:public_feedback", args=[hidden.uuid])).status_code == 404


def test_the_thresholds_come_from_the_settings(kai, bielefeld, client, settings) -> None:
    settings.GUIDE_REVIEW_FLAG_DAYS, settings.GUIDE_REVIEW_HIDE_DAYS = 10, 20
    offer = aged(f.published(bielefeld, kai), 20)
    assert not Offer.objects.for_public_display().filter(pk=offer.pk).exists()
    settings.GUIDE_REVIEW_HIDE_DAYS = 21
    assert Offer.objects.for_public_display().filter(pk=offer.pk).exists()


def test_the_public_query_compares_an_indexed_date(kai, bielefeld) -> None:
    cutoff = timezone.localdate() - timedelta(days=365)
    sql = str(Offer.objects.for_public_display().query)
    assert "last_reviewed_on" in sql and cutoff.isoformat() in sql
    indexed = {tuple(index.fields) for index in Offer._meta.indexes}
    assert ("last_reviewed_on",) in indexed


def test_confirming_as_current_shows_a_hidden_offer_again_without_changing_it(
    kai, bielefeld, verified_client, client
) -> None:
    offer = aged(f.published(bielefeld, kai), 400)
    Offer.objects.filter(pk=offer.pk).update(review_notified="hidden")
    version, changed, snapshot = offer.lock_version, offer.updated_at, offer.published_snapshot
    url = reverse("guide:offer_confirm", args=[bielefeld.pk, offer.pk])
    response = verified_client(kai).post(url)
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.last_reviewed_on == timezone.localdate() and offer.review_notified == ""
    assert (offer.lock_version, offer.updated_at, offer.published_snapshot) == (
        version,
        changed,
        snapshot,
    )
    event = AuditEvent.objects.get(action="offer.confirmed_current", object_id=str(offer.pk))
    assert event.actor == kai and "last_reviewed_on" in event.changes
    assert client.get(offer.get_public_url()).status_code == 200


def test_only_the_kis_own_people_confirm_an_offer(
    anna, paul, carla, bielefeld, verified_client
) -> None:
    org = f.partner_organisation(bielefeld, anna, paul)
    offer = aged(f.published(bielefeld, anna, provider=org), 200)
    url = reverse("guide:offer_confirm", args=[bielefeld.pk, offer.pk])
    assert verified_client(paul).post(url).status_code == 404  # he keeps it, the KI confirms
    assert verified_client(carla).post(url).status_code == 404
    offer.refresh_from_db()
    assert offer.last_reviewed_on == timezone.localdate() - timedelta(days=200)
    assert not AuditEvent.objects.filter(action="offer.confirmed_current").exists()


def test_a_draft_is_not_confirmed_as_current(kai, bielefeld) -> None:
    with pytest.raises(ValidationError) as refused:
        services.confirm_current(f.offer(bielefeld, kai), by=kai)
    assert refused.value.code == "not_published"


def test_publishing_again_resets_what_was_notified(kai, bielefeld) -> None:
    offer = aged(f.published(bielefeld, kai), 200)
    Offer.objects.filter(pk=offer.pk).update(review_notified="due")
    services.update_offer(
        offer,
        by=kai,
        data=f.offer_data(contact_name="Frau Yilmaz"),
        texts=f.texts(),
        locations=[f.location(bielefeld)],
    )
    offer.refresh_from_db()
    assert offer.last_reviewed_on == timezone.localdate() and offer.review_notified == ""


def test_the_list_shows_and_filters_the_review_state(kai, bielefeld, verified_client) -> None:
    fresh = f.published(bielefeld, kai)
    due = aged(f.published(bielefeld, kai), 200)
    hidden = aged(f.published(bielefeld, kai), 500)
    draft = f.offer(bielefeld, kai)
    url = reverse("guide:offers", args=[bielefeld.pk])
    client = verified_client(kai)
    page = client.get(url).content.decode()
    assert page.count('data-review="due"') == 1 and page.count('data-review="hidden"') == 1

    def listed(review: str) -> set[int]:
        response = client.get(url, {"review": review})
        return {o.pk for o in response.context["offers"]}

    assert listed("due") == {due.pk}
    assert listed("hidden") == {hidden.pk}
    assert listed("current") == {fresh.pk}
    assert listed("") == {fresh.pk, due.pk, hidden.pk, draft.pk}


def test_the_offer_page_says_since_when_and_offers_the_button(
    kai, anna, paul, bielefeld, verified_client
) -> None:
    org = f.partner_organisation(bielefeld, anna, paul)
    offer = aged(f.published(bielefeld, kai, provider=org), 200)
    url = reverse("guide:offer", args=[bielefeld.pk, offer.pk])
    response = verified_client(kai).get(url)
    assert response.context["review_state"] == "due"
    assert response.context["review_since"] == offer.last_reviewed_on + timedelta(days=180)
    confirm = reverse("guide:offer_confirm", args=[bielefeld.pk, offer.pk])
    assert confirm in response.content.decode()
    assert confirm not in verified_client(paul).get(url).content.decode()


def test_the_start_page_asks_the_ki_to_review(kai, carla, bielefeld, verified_client) -> None:
    aged(f.published(bielefeld, kai), 200)
    aged(f.published(bielefeld, kai), 400)
    f.published(bielefeld, kai)
    target = reverse("guide:offers", args=[bielefeld.pk]) + "?review=due"
    page = verified_client(kai).get(reverse("pages:start")).content.decode()
    assert target.replace("&", "&amp;") in page or target in page
    assert target not in verified_client(carla).get(reverse("pages:start")).content.decode()


def test_the_start_card_counts_in_one_query_per_card(
    kai, bielefeld, django_assert_num_queries
) -> None:
    from teilhabe.guide.start import guide_cards

    for days in (200, 300, 400):
        aged(f.published(bielefeld, kai), days)
    with django_assert_num_queries(2):
        cards = list(guide_cards(kai))
    assert len(cards) == 1 and "3" in cards[0].title


def test_a_hidden_offer_leaves_the_search_with_the_daily_run_and_returns_on_confirm(
    kai, bielefeld
) -> None:
    from teilhabe.guide import search
    from teilhabe.guide.reviews import flag_reviews

    def found() -> set[str]:
        page = search.search(search.parse_query({"q": "Migrationsberatung"}))
        return {hit.uuid for hit in page.hits}

    offer = f.published(bielefeld, kai)
    assert found() == {str(offer.uuid)}
    aged(offer, 400)
    flag_reviews(dry_run=True)
    assert found() == {str(offer.uuid)}  # a dry run stores nothing
    flag_reviews()
    assert found() == set()
    services.confirm_current(offer, by=kai)
    assert found() == {str(offer.uuid)}
