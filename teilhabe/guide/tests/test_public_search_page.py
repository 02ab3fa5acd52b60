"""The public search page `/wegweiser/suche/` (issue 19, "Search"): a GET form that works
without JavaScript, the API's parameter names, results as cards with their count, facet counts
at the filters, pages whose links keep every parameter, a town's name for a place, 422 with
every message at its field and every value kept, the map on demand, the htmx partial, the start
and KI pages' search forms, constant queries and the 100 KB budget. On SQLite and PostgreSQL
(the search core runs on both)."""

from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal
from html import unescape
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.guide import public_labels, public_search, search, services
from teilhabe.guide.models import Category, Offer
from teilhabe.guide.search import places

from . import factories as f

pytestmark = pytest.mark.django_db
URL = reverse("guide:public_search")


def _publish(centre: Centre, by: User, *, title: str, **data: Any) -> Offer:
    locations = data.pop("locations", None)
    course = data.pop("course", None)
    offer = services.add_offer(
        centre,
        by=by,
        data=f.offer_data(**data),
        texts={"de": {"title": title, "summary": "", "description": ""}},
        locations=[f.location(centre)] if locations is None else locations,
        course=course,
    )
    return services.change_status(offer, by=by, to="published")


@pytest.fixture
def offers(anna: User, bielefeld: Centre, carla: User, dortmund: Centre) -> dict[str, Offer]:
    return {
        "course": _publish(
            bielefeld,
            anna,
            title="Sprachkurs am Abend",
            category=Category.objects.get(code="course_general"),
            course=f.course(
                starts_on=datetime.date.today() + datetime.timedelta(days=10),
                class_format="evening",
                target_level="A2",
            ),
            languages=["de", "ar"],
            target_groups=["women"],
        ),
        "counselling": _publish(
            bielefeld,
            anna,
            title="Migrationsberatung",
            cost="amount",
            cost_amount=Decimal("5"),
            locations=[f.location(bielefeld, step_free=False)],
        ),
        "dortmund": _publish(
            dortmund,
            carla,
            title="Sprachcafé Dortmund",
            locations=[f.location(dortmund, postcode="44135", street="Markt 1")],
            languages=["de", "tr"],
        ),
    }


def _page(client, expect: int = 200, **params: Any) -> str:
    response = client.get(URL, params)
    assert response.status_code == expect, response.content.decode()[:2000]
    return response.content.decode()


def _titles(html: str) -> list[str]:
    return [
        unescape(t) for t in re.findall(r'<h3 class="g-card__title"><a [^>]+>([^<]+)</a>', html)
    ]


def _option(html: str, name: str, value: str) -> str:
    select = html[html.index(f'name="{name}"') :]
    select = select[: select.index("</select>")]
    match = re.search(rf'<option value="{re.escape(value)}"[^>]*>', select)
    assert match, f"no option {value} in {name}"
    return match.group(0)


def _links(html: str, rel: str) -> dict[str, list[str]]:
    match = re.search(rf'<a rel="{rel}" href="([^"]+)"', html)
    assert match, f"no {rel} link"
    found: dict[str, list[str]] = {}
    for k, v in parse_qsl(urlsplit(unescape(match.group(1))).query):
        found.setdefault(k, []).append(v)
    return found


def test_it_is_a_get_form_with_the_apis_parameter_names(offers, client) -> None:
    html = _page(client)
    form = html[html.index('<form id="search-form"') : html.index("</form>")]
    assert 'method="get"' in form and f'action="{URL}"' in form
    names = set(re.findall(r'name="([a-z_]+)"', form))
    api = {
        name for name, _schema, _doc in __import__("teilhabe.guide.api", fromlist=["x"]).PARAMETERS
    }
    shown = api - {"lang", "lat", "lon", "municipality", "page", "page_size"}
    assert shown <= names, shown - names
    assert 'data-count="3"' in html and len(_titles(html)) == 3
    with translation.override("de"):
        assert public_labels.offers_found(3) in html
    assert '<html lang="de" dir="ltr">' in html and 'class="breadcrumbs"' in html


def test_each_filter_narrows_the_results(offers, client) -> None:
    cases = {
        "category": ("language_courses", ["Sprachkurs am Abend"]),
        "languages": ("tr", ["Sprachcafé Dortmund"]),
        "district": ("05711", ["Sprachkurs am Abend", "Migrationsberatung"]),
        "target_group": ("women", ["Sprachkurs am Abend"]),
        "free": ("false", ["Migrationsberatung"]),
        "step_free": ("true", ["Sprachkurs am Abend", "Sprachcafé Dortmund"]),
        "starts_within_weeks": ("2", ["Sprachkurs am Abend"]),
        "free_places": ("true", ["Sprachkurs am Abend"]),
        "level": ("A2", ["Sprachkurs am Abend"]),
        "class_format": ("evening", ["Sprachkurs am Abend"]),
    }
    for name, (value, expected) in cases.items():
        html = _page(client, **{name: value})
        assert sorted(_titles(html)) == sorted(expected), name
        assert "data-remove" in html, name  # the filter is shown and can be removed
    assert _titles(_page(client, q="Migrationsberatung")) == ["Migrationsberatung"]


def test_the_filters_show_the_facet_counts(offers, client) -> None:
    html = _page(client)
    assert 'data-count="2"' in _option(html, "district", "05711")
    assert 'data-count="1"' in _option(html, "district", "05913")
    # an option that would find nothing is shown with its 0 but cannot be chosen (no dead end)
    assert 'data-count="0" disabled' in _option(html, "district", "05111")
    assert "disabled" not in _option(html, "district", "05711")
    assert 'data-count="1"' in _option(html, "category", "language_courses")
    assert 'data-count="2"' in _option(html, "category", "counselling")
    assert 'data-count="2"' in _option(html, "free", "true")
    assert 'data-count="1"' in _option(html, "languages", "tr")
    # one district chosen: its count alone (the others would need a search of their own)
    chosen = _page(client, district="05711")
    assert "selected" in _option(chosen, "district", "05711")
    assert "data-count" not in _option(chosen, "district", "05913")
    assert "disabled" not in _option(chosen, "district", "05913")
    # a chosen option that finds nothing stays chosen (a disabled choice would not be sent)
    nothing = _page(client, district="05111")
    assert "disabled" not in _option(nothing, "district", "05111")
    assert 'data-count="1"' in _option(chosen, "free", "false")


def test_the_page_links_keep_every_parameter(anna, bielefeld, client) -> None:
    offer = _publish(bielefeld, anna, title="Angebot 0")
    f.copies(offer, 24, first=1, indexed=True)
    params = {"q": "Angebot", "near": "Bielefeld", "radius_km": "25", "free": "true", "lang": "en"}
    first = _page(client, **params)
    assert len(_titles(first)) == 20
    following = _links(first, "next")
    assert following.pop("page") == ["2"]
    assert following == {k: [v] for k, v in params.items()}
    second = _page(client, **params, page="2")
    assert len(_titles(second)) == 5
    assert _links(second, "prev") == {k: [v] for k, v in params.items()}  # page 1: no `page`
    assert 'hreflang="ar"' in second and "near=Bielefeld" in unescape(second)


def test_a_typed_town_is_its_municipality(offers, client) -> None:
    assert sorted(_titles(_page(client, near="Bielefeld"))) == [
        "Migrationsberatung",
        "Sprachkurs am Abend",
    ]
    assert _titles(_page(client, near="dortmund ", radius_km="5")) == ["Sprachcafé Dortmund"]
    assert len(_titles(_page(client, near="33602 Bielefeld"))) == 2
    herford = places.town_named("Herford")
    assert herford is not None and herford.key == "05758012"
    assert places.town_named("MUENSTER") == places.town_named("münster") is not None
    assert places.town_named("Emmerich") is not None  # a place name of the postcode table
    assert places.town_named("x" * 101) is None


def test_an_unknown_town_is_a_422_with_what_was_meant(offers, client) -> None:
    html = _page(client, 422, q="Deutschkurs", near="Hereford")
    assert 'data-problem="near:unknown_place"' in html and 'href="#search-near"' in html
    assert 'value="Hereford"' in html and 'value="Deutschkurs"' in html
    suggestion = re.search(r'<a href="([^"]+)" data-suggestion>Herford</a>', html)
    assert suggestion is not None
    assert dict(parse_qsl(urlsplit(unescape(suggestion.group(1))).query)) == {
        "near": "Herford",
        "q": "Deutschkurs",
    }
    assert 'aria-describedby="search-near-hint search-near-error search-near-suggestions"' in html


def test_bad_parameters_are_a_422_with_the_message_at_each_field(offers, client) -> None:
    typed = {
        "q": "Kurs",
        "near": "Bielefeld",
        "radius_km": "999",
        "category": "keine",
        "starts_within_weeks": "0",
        "level": "Z9",
        "step_free": "vielleicht",
        "lang": "ar",
    }
    response = client.get(URL, typed)
    html = response.content.decode()
    assert response.status_code == 422 and '<html lang="ar" dir="rtl">' in html
    assert 'role="alert"' in html and 'data-problems="5"' in html
    for name in ("radius_km", "category", "starts_within_weeks", "level", "step_free"):
        assert f'href="#search-{name}"' in html, name
        assert f'id="search-{name}-error"' in html, name
        assert f'aria-describedby="search-{name}-error"' in html, name
    assert 'value="Kurs"' in html and 'value="Bielefeld"' in html
    assert '<option value="999" selected>' in html  # what came, with its error
    assert 'name="lang" value="ar"' in html
    with translation.override("ar"):
        expected = public_search.message("radius_km", "out_of_range")
        title = f"<title>{public_labels.pgettext('wegweiser', 'Error')}:"
    assert expected in html and title in html
    assert "Enter a value between" not in html  # the search core's staff message
    assert 'class="g-cards"' not in html


def test_a_bad_value_without_a_field_links_to_the_search_without_it(offers, client) -> None:
    html = _page(client, 422, q="Kurs", lat="99", lon="7")
    problem = html[html.index('data-problem="lat:out_of_range"') :]
    link = re.search(r'<a href="([^"]+)">', problem)
    assert link is not None and unescape(link.group(1)) == f"{URL}?q=Kurs"
    assert 'name="lat"' not in html  # never kept as a hidden field


def test_every_code_of_the_search_has_a_public_message() -> None:
    codes = [
        ("q", "too_long"), ("district", "invalid_district"), ("district", "unknown_district"),
        ("municipality", "invalid_municipality"), ("municipality", "unknown_municipality"),
        ("category", "unknown_category"), ("languages", "unknown_language"),
        ("languages", "too_many"), ("target_group", "invalid_target_group"),
        ("free", "invalid_boolean"), ("step_free", "invalid_boolean"),
        ("free_places", "invalid_boolean"), ("starts_within_weeks", "invalid_number"),
        ("starts_within_weeks", "out_of_range"), ("level", "invalid_level"),
        ("class_format", "invalid_class_format"), ("near", "invalid_near"),
        ("near", "unknown_postcode"), ("near", "unknown_municipality"),
        ("near", "unknown_place"), ("near", "place_twice"), ("lat", "invalid_number"),
        ("lat", "out_of_range"), ("lat", "lat_lon_both"), ("lon", "invalid_number"),
        ("lon", "out_of_range"), ("radius_km", "invalid_number"), ("radius_km", "out_of_range"),
        ("sort", "invalid_sort"), ("sort", "distance_needs_place"), ("page", "invalid_page"),
        ("page_size", "invalid_number"), ("page_size", "out_of_range"),
    ]  # fmt: skip
    for param, code in codes:
        text = public_search.message(param, code)
        assert text != str(public_search.FALLBACK) and "%(" not in text, (param, code)
    assert "200" in public_search.message("radius_km", "out_of_range")


def test_htmx_gets_the_search_area_alone(offers, client) -> None:
    response = client.get(URL, {"q": "Sprachkurs"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html and "<body" not in html
    assert html.lstrip().startswith("<title>")
    assert 'id="search-form"' in html and 'id="search-results"' in html
    assert re.search(r'<div id="search-status" hx-swap-oob="innerHTML">[^<]*1', html)
    assert "HX-Request" in response["Vary"]
    assert "HX-Request" in client.get(URL)["Vary"]
    bad = client.get(URL, {"radius_km": "0"}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 422 and "<html" not in bad.content.decode()
    assert 'id="search-problems"' in bad.content.decode()
    restore = client.get(
        URL, {"q": "Sprachkurs"}, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in restore.content.decode()


def test_the_full_page_loads_htmx_and_the_search_script(offers, client) -> None:
    html = _page(client)
    assert 'src="/static/vendor/htmx/htmx.min.js"' in html
    assert 'src="/static/teilhabe/guide-search.js"' in html
    assert 'hx-push-url="true"' in html and "hx-get=" in html
    assert 'id="search-status" class="g-visually-hidden" role="status"' in html
    assert '"allowEval": false' in html and "leaflet" not in html


def test_the_arabic_page_is_right_to_left_and_keeps_its_language(offers, client) -> None:
    html = _page(client, lang="ar", category="counselling")
    assert '<html lang="ar" dir="rtl">' in html
    with translation.override("ar"):
        arabic = public_labels.category_name("counselling")
    assert arabic in html and 'name="lang" value="ar"' in html
    assert "?lang=ar" in html  # the cards' links
    assert re.search(r'<li class="g-card" lang="de" dir="ltr">', html)  # German text marked


def test_no_result_suggests_removing_filters_and_the_kis_guide(offers, client) -> None:
    html = _page(client, q="zzzz", district="05711", free="true")
    assert "data-empty" in html and 'data-centre="05711"' in html
    assert reverse("guide:public_centre", args=["05711"]) in html
    reset = re.search(r'<a href="([^"]+)" data-reset>', html)
    assert reset is not None and unescape(reset.group(1)) == f"{URL}?q=zzzz"
    assert html.count("data-remove") == 3  # the words and each filter, each removable
    # near a place: the KI of its district; without a place or district: all KIs
    assert 'data-centre="05913"' in _page(client, q="zzzz", near="44135")
    assert 'data-centre=""' in _page(client, q="zzzz")


def test_a_page_past_the_last_links_to_the_first(offers, client) -> None:
    html = _page(client, page="9")
    assert "data-beyond" in html and not _titles(html)


def test_the_map_shows_the_results_places_with_the_list(offers, client) -> None:
    response = client.get(URL, {"near": "Bielefeld", "view": "map", "district": "05711"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "vendor/leaflet/leaflet.js" in html and "htmx" not in html and "hx-" not in html
    data = json.loads(re.search(r'id="guide-map-data"[^>]*>(.*?)</script>', html, re.S).group(1))
    assert data["places"][0]["anchor"] == "place-1" and data["origin"]["radius_m"] == 10_000
    assert 'id="place-1"' in html and len(_titles(html)) == 2  # the list is there
    assert 'data-boundary="/wegweiser/05711/grenze.geojson"' in html
    assert 'name="view" value="map"' in html
    assert response["Content-Security-Policy"].count("img-src 'self' data:;") == 1


def test_the_start_and_ki_pages_search_here(anna, bielefeld, offers, client) -> None:
    start = client.get(reverse("guide:public_start")).content.decode()
    form = start[start.index("data-quick-search") - 200 :]
    assert f'action="{URL}"' in form and 'name="q"' in form and 'name="near"' in form
    ki = client.get(reverse("guide:public_centre", args=["05711"]) + "?lang=ar").content.decode()
    form = ki[ki.index("data-quick-search") :]
    form = form[: form.index("</form>")]
    assert '<input type="hidden" name="district" value="05711">' in form
    assert '<input type="hidden" name="lang" value="ar">' in form
    aachen = client.get(reverse("guide:public_centre", args=["05334002"])).content.decode()
    assert '<input type="hidden" name="municipality" value="05334002">' in aachen
    # what the KI's form sends: its district's offers only, the district shown as a filter
    html = _page(client, district="05711", q="", near="")
    assert sorted(_titles(html)) == ["Migrationsberatung", "Sprachkurs am Abend"]
    assert reverse("guide:public_centre", args=["05711"]) in html  # the breadcrumb


@pytest.mark.parametrize("n", [5, 25])
def test_the_map_shows_every_offer_found_not_only_the_page(
    anna, bielefeld, client, django_assert_num_queries, n
) -> None:
    f.copies(_publish(bielefeld, anna, title="Angebot 0"), n - 1, first=1, indexed=True)
    cache.clear()
    # the search page's eight, then the map's category subtree, offers and their places
    with django_assert_num_queries(11):
        html = _page(client, q="Angebot", near="Bielefeld", category="counselling", view="map")
    assert len(_titles(html)) == min(n, 20)  # the cards: one page
    start = html.index('<ol class="g-places">')
    listed = html[start : html.index("</ol>", start)]
    assert len(re.findall(r">Angebot \d+</a>", listed)) == n  # the map: all of them
    assert f"{n} Angebote an 1 Ort" in html and "die ersten" not in html


def test_a_map_of_more_offers_than_it_shows_says_so(anna, bielefeld, client, monkeypatch) -> None:
    f.copies(_publish(bielefeld, anna, title="Angebot 0"), 4, first=1, indexed=True)
    monkeypatch.setattr(search, "MAP_LIMIT", 3)
    html = _page(client, q="Angebot", view="map")
    start = html.index('<ol class="g-places">')
    listed = html[start : html.index("</ol>", start)]
    assert len(re.findall(r">Angebot \d+</a>", listed)) == 3
    assert "Die Karte zeigt die ersten 3 gefundenen Angebote" in html
    assert len(_titles(html)) == 5  # the list still has them all


@pytest.mark.parametrize("n", [5, 25])
def test_the_page_needs_the_same_queries_for_5_and_25_offers(
    anna, bielefeld, client, django_assert_num_queries, n
) -> None:
    f.copies(_publish(bielefeld, anna, title="Angebot 0"), n - 1, first=1, indexed=True)
    cache.clear()
    # category check, towns by name, search revision, category subtree, facets, page,
    # category tree and districts for the filters
    with django_assert_num_queries(8):
        html = _page(client, q="Angebot", near="Bielefeld", category="counselling")
    assert len(_titles(html)) == min(n, 20)
