"""The public guide's pages: the state's start page, a KI's landing page with its map, the
offer page on the public layout, and the KI's choice of categories."""

from __future__ import annotations

import datetime
import gzip
import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from teilhabe.core.models import AuditEvent
from teilhabe.guide import guide_settings, services
from teilhabe.guide.models import Category, GuideSettings, Offer
from teilhabe.guide.search import index

from . import factories as f

BUDGET = 100 * 1024  # bytes transferred: HTML and the static files it references, gzip-compressed


def _landing(centre, **query) -> str:
    return reverse("guide:public_centre", args=[centre.grantee.key]) + (
        "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""
    )


def _transferred(client: Client, url: str) -> int:
    """The HTML's gzip size plus the gzip size of every static file it links or loads."""
    html = client.get(url).content
    total = len(gzip.compress(html, 9))
    refs = re.findall(rb'<(?:link[^>]+href|script[^>]+src)="(/static/[^"]+)"', html)
    assert refs, "the page references no static file"
    for ref in set(refs):
        path = finders.find(ref.decode().removeprefix("/static/"))
        assert path, ref
        with open(path, "rb") as fh:
            total += len(gzip.compress(fh.read(), 9))
    return total


def test_it_shows_the_landing_page_in_german_and_arabic(anna, bielefeld, client) -> None:
    offer = f.published(bielefeld, anna)
    page = client.get(_landing(bielefeld)).content.decode()
    assert '<html lang="de" dir="ltr">' in page and offer.get_public_url() in page
    assert 'data-category="counselling"' in page and 'href="#main"' in page
    assert reverse("pages:imprint") in page and reverse("pages:privacy") in page
    arabic = client.get(_landing(bielefeld, lang="ar")).content.decode()
    assert '<html lang="ar" dir="rtl">' in arabic
    # the offer has no Arabic text: its German one, marked as such, inside the Arabic page
    assert '<li class="g-card" lang="de" dir="ltr">' in arabic
    assert 'hreflang="fa" dir="rtl"' in arabic and "Staff" not in arabic


def test_it_shows_no_unpublished_or_archived_offer(
    anna, kai, bielefeld, dortmund, carla, client
) -> None:
    shown = f.published(bielefeld, anna)
    draft = f.offer(bielefeld, kai)
    archived = f.published(bielefeld, anna)
    services.change_status(archived, by=anna, to="archived")
    other = f.published(dortmund, carla)
    page = client.get(_landing(bielefeld)).content.decode()
    assert shown.get_public_url() in page
    for hidden in (draft, archived, other):
        assert hidden.get_public_url() not in page


def test_it_shows_the_published_version_not_the_pending_change(
    anna, paul, bielefeld, client
) -> None:
    org = f.partner_organisation(bielefeld, anna, paul)
    offer = f.published(bielefeld, anna, provider=org)
    changed = f.texts(de={**f.texts()["de"], "title": "Noch nicht geprüft"})
    services.update_offer(offer, by=paul, data=f.offer_data(provider=org), texts=changed)
    page = client.get(_landing(bielefeld)).content.decode()
    assert "Migrationsberatung für Erwachsene" in page and "Noch nicht geprüft" not in page


@pytest.mark.parametrize("n", [5, 50])
def test_the_landing_page_needs_the_same_queries_for_5_and_50_offers(
    anna, bielefeld, client, django_assert_num_queries, n
) -> None:
    f.copies(f.published(bielefeld, anna), n - 1)
    # centre, the last changes and the settings' (the stored page's key), settings,
    # categories, counts, page count, offers, municipalities (+ session-less)
    with django_assert_num_queries(9):
        response = client.get(_landing(bielefeld))
    assert response.content.decode().count('class="g-card"') == n


def test_the_start_page_lists_the_54_kis_by_region_with_counts(
    anna, bielefeld, client, django_assert_num_queries
) -> None:
    f.copies(f.published(bielefeld, anna), 2)
    with django_assert_num_queries(4):
        page = client.get(reverse("guide:public_start")).content.decode()
    assert page.count('data-key="') == 54
    assert 'data-key="05334002"' in page and 'data-key="05711"' in page
    assert page.count('class="g-region"') == 5
    assert (
        'data-category="counselling"' in page
        and "3" in page.split('data-category="counselling"')[1][:80]
    )


def test_the_category_filter_shows_only_that_category(anna, bielefeld, client) -> None:
    counselling = f.published(bielefeld, anna)
    health = f.published(bielefeld, anna, category=Category.objects.get(code="health"))
    page = client.get(_landing(bielefeld, category="health")).content.decode()
    assert health.get_public_url() in page and counselling.get_public_url() not in page
    assert client.get(_landing(bielefeld, category="no-such")).status_code == 404


def test_the_ki_chooses_the_categories_its_guide_shows(
    anna, bielefeld, verified_client, client
) -> None:
    counselling = f.published(bielefeld, anna)
    health = f.published(bielefeld, anna, category=Category.objects.get(code="health"))
    url = reverse("guide:settings", args=[bielefeld.pk])
    staff = verified_client(anna)
    assert staff.get(url).status_code == 200
    pk = Category.objects.get(code="health").pk
    response = staff.post(url, {"categories": [pk], "intro": "Willkommen in Bielefeld."})
    assert response.status_code == 302
    page = client.get(_landing(bielefeld)).content.decode()
    assert health.get_public_url() in page and counselling.get_public_url() not in page
    assert "Willkommen in Bielefeld." in page
    assert client.get(_landing(bielefeld, category="counselling")).status_code == 404
    event = AuditEvent.objects.get(action="guide.settings_changed")
    assert event.actor == anna and event.changes["categories"] == {"from": [], "to": ["health"]}
    # the offer page of a hidden category stays public
    assert client.get(counselling.get_public_url()).status_code == 200


def test_the_settings_refuse_a_subcategory_and_a_long_intro(
    anna, bielefeld, verified_client
) -> None:
    url = reverse("guide:settings", args=[bielefeld.pk])
    child = Category.objects.exclude(parent=None).first()
    staff = verified_client(anna)
    assert staff.post(url, {"categories": [child.pk]}).status_code == 422
    assert staff.post(url, {"intro": "x" * 601}).status_code == 422
    assert (
        not GuideSettings.objects.exists()
        and not AuditEvent.objects.filter(action="guide.settings_changed").exists()
    )
    with pytest.raises(Exception) as refused:
        guide_settings.update_guide_settings(bielefeld, by=anna, categories=[child], intro="")
    assert "not_top_level" in str(refused.value.error_dict["categories"][0].code)


def test_another_ki_and_a_partner_may_not_change_the_settings(
    anna, carla, paul, bielefeld, verified_client
) -> None:
    f.partner_organisation(bielefeld, anna, paul)
    url = reverse("guide:settings", args=[bielefeld.pk])
    for outsider in (carla, paul):
        client = verified_client(outsider)
        assert client.get(url).status_code == 404
        assert client.post(url, {"intro": "Fremd"}).status_code == 404
    assert not GuideSettings.objects.exists()


def test_the_map_view_loads_leaflet_only_there_and_says_what_it_shows(
    anna, bielefeld, client
) -> None:
    f.published(bielefeld, anna)
    listing = client.get(_landing(bielefeld)).content.decode()
    assert "leaflet" not in listing and "view=map" in listing
    response = client.get(_landing(bielefeld, view="map"))
    page = response.content.decode()
    assert "vendor/leaflet/leaflet" in page and 'id="guide-map-data"' in page
    assert 'id="place-1"' in page and 'id="map-summary"' in page
    assert response["Content-Security-Policy"].count("img-src 'self' data:;") == 1


def test_the_map_page_allows_the_tile_server_alone(anna, bielefeld, client, settings) -> None:
    settings.GUIDE_MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    f.published(bielefeld, anna)
    assert (
        "img-src 'self' data: https://tiles.example.org;"
        in client.get(_landing(bielefeld, view="map"))["Content-Security-Policy"]
    )
    assert "tiles.example.org" not in client.get(_landing(bielefeld))["Content-Security-Policy"]


def test_the_boundary_is_the_districts_only(bielefeld, client) -> None:
    response = client.get(reverse("guide:public_boundary", args=["05711"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/geo+json"
    assert response.json()["properties"]["key"] == "05711" and len(response.content) < 20_000
    assert "max-age=86400" in response["Cache-Control"]
    assert client.get(reverse("guide:public_boundary", args=["05334002"])).status_code == 404
    assert client.get(reverse("guide:public_boundary", args=["05999"])).status_code == 404


def test_the_landing_and_offer_pages_stay_within_100_kb(anna, bielefeld, client) -> None:
    offer = f.published(bielefeld, anna)
    f.copies(offer, 49)
    assert _transferred(client, _landing(bielefeld)) < BUDGET
    assert _transferred(client, _landing(bielefeld, lang="ar")) < BUDGET
    assert _transferred(client, offer.get_public_url()) < BUDGET


def test_a_search_results_page_of_20_stays_within_100_kb(anna, bielefeld, client) -> None:
    """The search page with 20 cards, htmx and its script (the map is loaded on demand only)."""
    offer = f.published(bielefeld, anna)
    f.copies(offer, 24)
    index.reindex_offers(list(Offer.objects.values_list("pk", flat=True)))
    for lang in ("de", "ar"):
        url = reverse("guide:public_search") + f"?near=Bielefeld&lang={lang}"
        page = client.get(url).content.decode()
        assert page.count('class="g-card"') == 20 and "htmx.min.js" in page
        assert _transferred(client, url) < BUDGET


def test_the_offer_page_shows_the_whole_published_offer_on_the_public_layout(
    anna, bielefeld, client
) -> None:
    offer = services.add_offer(
        bielefeld,
        by=anna,
        data=f.offer_data(
            category=Category.objects.get(code="course_general"),
            contact_phone="0521 51-0",
            website="https://ki.example/kurs",
            next_start="2027-01-11",
        ),
        texts=f.texts(),
        locations=[f.location(bielefeld)],
        course=f.course(),
    )
    services.change_status(offer, by=anna, to="published")
    page = client.get(offer.get_public_url() + "?lang=ar").content.decode()
    assert '<html lang="ar" dir="rtl">' in page and "site-nav" not in page
    assert 'data-course-type="general"' in page and 'data-free-places="8"' in page
    assert 'href="tel:0521 51-0"' in page and "https://ki.example/kurs" in page
    assert 'data-step-free="yes"' in page and 'lang="tr"' in page
    assert reverse("guide:public_centre", args=["05711"]) in page  # the breadcrumb
    assert 'hreflang="en"' in page and "{% block" not in page
    # the texts written once, in German, are marked German inside the Arabic page
    hours = re.search(r'<dd lang="(\w+)" dir="(\w+)">[^<]*Uhr', page)
    assert hours and hours.groups() == ("de", "ltr")


def test_the_print_stylesheet_hides_the_menus_and_writes_out_links() -> None:
    path = finders.find("teilhabe/guide.css")
    with open(path, encoding="utf-8") as fh:
        css = fh.read()
    printed = css.split("@media print", 1)[1]
    assert ".g-lang" in printed and "attr(href)" in printed and "#000" in printed
    assert not re.search(r"(?<![-\w])(left|right)\s*:|text-align:\s*(left|right)", css)


@pytest.mark.parametrize(("lang", "shown"), [("de", "01.02.2027"), ("en", "02/01/2027")])
def test_dates_read_as_the_visitor_writes_them_not_as_iso(
    anna, bielefeld, client, lang, shown
) -> None:
    offer = f.published(bielefeld, anna, next_start=datetime.date(2027, 2, 1))
    for url in (_landing(bielefeld, lang=lang), offer.get_public_url() + f"?lang={lang}"):
        page = client.get(url).content.decode()
        assert f'<time datetime="2027-02-01">{shown}</time>' in page, url
        assert ">2027-02-01<" not in page
