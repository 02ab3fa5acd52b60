"""The guide's pages through their URLs."""

from __future__ import annotations

from django.urls import reverse

from teilhabe.guide import services

from . import factories as f


def test_the_public_page_shows_the_visitors_language_with_rtl_and_falls_back(
    kai, bielefeld, client
) -> None:
    offer = services.add_offer(
        bielefeld,
        by=kai,
        data=f.offer_data(),
        texts=f.texts(ar={"title": "استشارة الهجرة", "summary": "", "description": ""}),
    )
    services.change_status(offer, by=kai, to="published")
    url = offer.get_public_url()
    arabic = client.get(url + "?lang=ar").content.decode()
    assert '<article lang="ar" dir="rtl"' in arabic and "استشارة الهجرة" in arabic
    fallback = client.get(url + "?lang=fa").content.decode()
    assert '<article lang="de" dir="ltr"' in fallback and "Migrationsberatung" in fallback
    assert "<script" not in fallback.split("<article", 1)[1].split("</article>")[0]


def test_the_public_page_shows_the_published_version_not_the_pending_change(
    anna, paul, bielefeld, client
) -> None:
    org = f.partner_organisation(bielefeld, anna, paul)
    offer = f.published(bielefeld, anna, provider=org)
    changed = f.texts(de={**f.texts()["de"], "title": "Noch nicht geprüft"})
    services.update_offer(offer, by=paul, data=f.offer_data(provider=org), texts=changed)
    page = client.get(offer.get_public_url()).content.decode()
    assert "Migrationsberatung für Erwachsene" in page and "Noch nicht geprüft" not in page


def test_a_draft_has_no_public_page(kai, bielefeld, client) -> None:
    offer = f.offer(bielefeld, kai)
    assert client.get(offer.get_public_url()).status_code == 404


def test_the_review_queue_shows_what_changed_per_language(
    anna, paul, bielefeld, verified_client
) -> None:
    org = f.partner_organisation(bielefeld, anna, paul)
    offer = f.published(bielefeld, anna, provider=org)
    en = {"title": "Counselling, updated", "summary": "Advice.", "description": ""}
    services.update_offer(offer, by=paul, data=f.offer_data(provider=org), texts=f.texts(en=en))
    page = verified_client(anna).get(reverse("guide:review", args=[bielefeld.pk])).content.decode()
    assert "Counselling, updated" in page and "Migration counselling for adults" in page


def test_the_list_needs_the_same_queries_for_many_offers(
    kai, bielefeld, verified_client, django_assert_max_num_queries
) -> None:
    for _ in range(12):
        f.offer(bielefeld, kai)
    client = verified_client(kai)
    url = reverse("guide:offers", args=[bielefeld.pk])
    client.get(url)  # warm the session
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert response.content.decode().count('class="kern-table__row"') == 13


def test_a_partner_hands_in_through_the_page(anna, paul, bielefeld, verified_client) -> None:
    org = f.partner_organisation(bielefeld, anna, paul)
    offer = f.offer(bielefeld, anna, provider=org)
    response = verified_client(paul).post(
        reverse("guide:offer_status", args=[bielefeld.pk, offer.pk]),
        {"to": "in_review", "lock_version": offer.lock_version},
    )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == "in_review"


def test_the_review_queue_names_fields_and_values_in_words(
    anna, paul, bielefeld, verified_client
) -> None:
    """Not `category 15`, `provider 20` or `['de', 'ar']`: the names a KI knows."""
    org = f.partner_organisation(bielefeld, anna, paul)
    offer = f.offer(bielefeld, anna, provider=org)  # never published: every field is new
    services.change_status(offer, by=paul, to="in_review")
    page = verified_client(anna).get(reverse("guide:review", args=[bielefeld.pk])).content.decode()
    assert "Migrationsberatung" in page and org.name in page
    assert "Deutsch, Arabisch" in page  # the languages held in, by name
    assert "Kategorie" in page and "Angebot" in page and "Orte" in page
    assert "[&#x27;" not in page and "{&#x27;" not in page  # no Python lists or dicts
    assert "&lt;p&gt;" not in page  # rich text as text


def test_the_review_queue_publishes_or_sends_back_right_there(
    anna, paul, bielefeld, verified_client
) -> None:
    org = f.partner_organisation(bielefeld, anna, paul)
    offer = f.offer(bielefeld, anna, provider=org, website="")
    services.change_status(offer, by=paul, to="in_review")
    offer.refresh_from_db()
    client = verified_client(anna)
    page = client.get(reverse("guide:review", args=[bielefeld.pk])).content.decode()
    action = reverse("guide:offer_status", args=[bielefeld.pk, offer.pk])
    assert page.count(f'action="{action}"') == 3  # publish, back to draft, archive
    assert 'name="to" value="published"' in page and 'name="to" value="draft"' in page
    assert '<td class="kern-table__cell">Website</td>' not in page  # empty on both sides
    assert '<td class="kern-table__cell">Kategorie</td>' in page
    response = client.post(action, {"to": "published", "lock_version": offer.lock_version})
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == "published"
