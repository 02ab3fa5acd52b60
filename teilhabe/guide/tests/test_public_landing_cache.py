"""A KI's landing page is stored once rendered and answered from the cache while nothing it
shows has changed: a publication, an archived offer, the KI's guide settings, the category
tree and the day each show at once (docs/guide.md, "Public pages")."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from teilhabe.guide import guide_settings, services
from teilhabe.guide.models import Category

from . import factories as f

pytestmark = pytest.mark.django_db


def _url(centre: Any, query: str = "") -> str:
    return reverse("guide:public_centre", args=[centre.grantee.key]) + query


def _stored() -> list[str]:
    return [k for k in cache._cache if "guide-landing" in k]  # type: ignore[attr-defined]


def test_a_landing_page_is_answered_from_the_cache(
    anna: Any, bielefeld: Any, client: Client, django_assert_num_queries: Any
) -> None:
    offer = f.published(bielefeld, anna)
    first = client.get(_url(bielefeld))
    assert first.status_code == 200 and offer.get_public_url() in first.content.decode()
    # the centre, the last changes, the KI's settings: no rendering, no offer read
    with django_assert_num_queries(3):
        again = client.get(_url(bielefeld))
    assert again.content == first.content
    assert again["Content-Type"] == "text/html; charset=utf-8"
    arabic = client.get(_url(bielefeld, "?lang=ar")).content.decode()
    assert '<html lang="ar" dir="rtl">' in arabic  # another language, another page
    assert client.get(_url(bielefeld)).content == first.content


def test_what_the_page_shows_is_seen_at_once(anna: Any, bielefeld: Any, client: Client) -> None:
    shown = f.published(bielefeld, anna)
    assert shown.get_public_url() in client.get(_url(bielefeld)).content.decode()
    added = f.published(bielefeld, anna)  # a publication moves the search table's revision
    page = client.get(_url(bielefeld)).content.decode()
    assert added.get_public_url() in page
    services.change_status(shown, by=anna, to="archived")
    assert shown.get_public_url() not in client.get(_url(bielefeld)).content.decode()
    guide_settings.update_guide_settings(bielefeld, by=anna, categories=[], intro="Willkommen!")
    assert "Willkommen!" in client.get(_url(bielefeld)).content.decode()
    stored = len(_stored())
    counselling = Category.objects.get(code="counselling")
    counselling.save()  # the category tree's last change moves: the page is rendered again
    client.get(_url(bielefeld))
    assert len(_stored()) == stored + 1


def test_an_offer_past_its_review_age_drops_out_the_next_day(
    anna: Any, bielefeld: Any, client: Client
) -> None:
    offer = f.published(bielefeld, anna)
    assert offer.get_public_url() in client.get(_url(bielefeld)).content.decode()
    with time_machine.travel("2030-01-01 10:00+01:00", tick=False):
        assert offer.get_public_url() not in client.get(_url(bielefeld)).content.decode()


def test_only_the_pages_it_reads_are_stored(anna: Any, bielefeld: Any, client: Client) -> None:
    f.published(bielefeld, anna)
    for query in ("", "?view=map", "?page=1", "?lang=ar&category=counselling"):
        assert client.get(_url(bielefeld, query)).status_code == 200
    assert len(_stored()) == 4
    # Other parameters, a number the page does not take as given, an unknown language or
    # category: rendered, never stored, so nobody can fill the cache with variants.
    for query in (
        "?utm_source=x",
        "?page=01",
        "?page=2",  # there is one page: page 1 is shown
        "?page=abc",
        "?lang=xx",
        "?view=list",
        "?category=nothing",
        "?page=1&page=1",
    ):
        assert client.get(_url(bielefeld, query)).status_code in (200, 404), query
    assert len(_stored()) == 4


def test_the_map_page_from_the_cache_keeps_its_policy(
    anna: Any, bielefeld: Any, client: Client, settings: Any
) -> None:
    f.published(bielefeld, anna)
    first = client.get(_url(bielefeld, "?view=map"))
    again = client.get(_url(bielefeld, "?view=map"))
    assert again.content == first.content
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]
