"""The public search, on whichever database the suite runs (SQLite by default, PostgreSQL
with DATABASE_URL): both must answer these alike."""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.guide import services
from teilhabe.guide.models import Category, Offer, SearchEntry, SearchPlace
from teilhabe.guide.search import ParamError, engine, index, parse_query, search
from teilhabe.guide.search.query import SearchQuery
from teilhabe.network.models import LANGUAGES as SPOKEN

from . import factories as f


def _texts(title: str, summary: str = "", description: str = "", **more: Any) -> dict[str, Any]:
    return {"de": {"title": title, "summary": summary, "description": description}, **more}


def _publish(
    centre: Centre,
    by: User,
    *,
    title: str,
    summary: str = "",
    description: str = "",
    locations: list[dict[str, Any]] | None = None,
    course: dict[str, Any] | None = None,
    extra_texts: dict[str, Any] | None = None,
    **data: Any,
) -> Offer:
    offer = services.add_offer(
        centre,
        by=by,
        data=f.offer_data(**data),
        texts=_texts(title, summary, description, **(extra_texts or {})),
        locations=[f.location(centre)] if locations is None else locations,
        course=course,
    )
    return services.change_status(offer, by=by, to="published")


def _find(**params: Any) -> list[str]:
    return [h.title for h in search(parse_query(params)).hits]


@pytest.fixture
def offers(anna: User, bielefeld: Centre, carla: User, dortmund: Centre) -> dict[str, Offer]:
    course = Category.objects.get(code="course_general")
    return {
        "course": _publish(
            bielefeld,
            anna,
            title="Sprachkurs für Anfänger",
            summary="Deutsch lernen am Abend.",
            description="<p>Mit <strong>Kinderbetreuung</strong> im Haus.</p>",
            category=course,
            course=f.course(starts_on=datetime.date(2026, 12, 14), class_format="evening"),
            languages=["de", "ar"],
            target_groups=["women"],
        ),
        "counselling": _publish(
            bielefeld,
            anna,
            title="Migrationsberatung",
            summary="Beratung zu Aufenthalt und Arbeit.",
            extra_texts={"en": {"title": "Migration counselling", "summary": "Advice."}},
            next_start=datetime.date(2026, 12, 7),
            cost="amount",
            cost_amount=Decimal("5"),
        ),
        "dortmund": _publish(
            dortmund,
            carla,
            title="Sprachcafé Dortmund",
            summary="Deutsch sprechen bei Kaffee.",
            locations=[f.location(dortmund, postcode="44135", street="Markt 1")],
            languages=["de", "tr"],
        ),
    }


@pytest.mark.django_db
def test_it_stems_german_words(offers: dict[str, Offer]) -> None:
    assert _find(q="Sprachkurse") == ["Sprachkurs für Anfänger"]
    assert _find(q="lernen Abend") == ["Sprachkurs für Anfänger"]
    assert _find(q="kinderbetreuung") == ["Sprachkurs für Anfänger"]  # the description's text


@pytest.mark.django_db
def test_it_takes_the_last_word_as_a_prefix(offers: dict[str, Offer]) -> None:
    assert _find(q="Migrationsber") == ["Migrationsberatung"]
    assert _find(q="Migrationsber Arbeit") == []  # only the last word is a prefix


@pytest.mark.django_db
def test_it_shows_the_asked_language_and_falls_back_to_the_source(
    offers: dict[str, Offer],
) -> None:
    page = search(parse_query({"lang": "en"}))
    by_uuid = {h.uuid: h for h in page.hits}
    counselling = by_uuid[str(offers["counselling"].uuid)]
    assert (counselling.title, counselling.language) == ("Migration counselling", "en")
    assert counselling.url.endswith("?lang=en")
    course = by_uuid[str(offers["course"].uuid)]
    assert (course.language, course.title) == ("de", "Sprachkurs für Anfänger")
    assert page.count == 3
    assert _find(q="counselling", lang="en") == ["Migration counselling"]
    # a word of another of the offer's languages finds it too, shown in the reader's language
    assert _find(q="counselling") == ["Migrationsberatung"]


@pytest.mark.django_db
def test_it_filters(offers: dict[str, Offer]) -> None:
    assert _find(district="05913") == ["Sprachcafé Dortmund"]
    assert _find(municipality="05711000") == ["Migrationsberatung", "Sprachkurs für Anfänger"]
    assert _find(category="language_courses") == ["Sprachkurs für Anfänger"]  # a descendant
    assert _find(category="course_general") == ["Sprachkurs für Anfänger"]
    assert _find(languages="tr") == ["Sprachcafé Dortmund"]
    assert _find(languages=["tr", "uk"]) == ["Sprachcafé Dortmund"]  # any of them
    assert len(_find(languages="ar,tr")) == 3
    assert _find(languages="uk") == []
    assert _find(target_group="women") == ["Sprachkurs für Anfänger"]
    assert _find(free="false") == ["Migrationsberatung"]
    assert len(_find(free="true")) == 2
    assert _find(level="B1") == ["Sprachkurs für Anfänger"]
    assert _find(level="A1") == []
    assert _find(class_format="evening") == ["Sprachkurs für Anfänger"]
    assert _find(free_places="true") == ["Sprachkurs für Anfänger"]  # 20 places, 12 taken
    assert len(_find(step_free="true")) == 3


@pytest.mark.django_db
def test_it_filters_by_start_within_weeks(offers: dict[str, Offer], time_machine: Any) -> None:
    time_machine.move_to(datetime.datetime(2026, 12, 1, 9, tzinfo=datetime.UTC))
    assert _find(starts_within_weeks="1") == ["Migrationsberatung"]
    assert _find(starts_within_weeks="2") == ["Migrationsberatung", "Sprachkurs für Anfänger"]


@pytest.mark.django_db
def test_it_sorts_by_next_start_with_undated_offers_last(offers: dict[str, Offer]) -> None:
    assert _find() == ["Migrationsberatung", "Sprachkurs für Anfänger", "Sprachcafé Dortmund"]


@pytest.mark.django_db
def test_it_counts_facets_over_the_filtered_set(offers: dict[str, Offer]) -> None:
    page = search(parse_query({"district": "05711"}))
    counts = {name: {v: n for v, _label, n in facet} for name, facet in page.facets.items()}
    assert counts["district"] == {"05711": 2}
    assert counts["category"] == {"language_courses": 1, "counselling": 1}
    assert counts["languages"] == {"de": 2, "ar": 2}
    assert counts["free"] == {True: 1, False: 1}
    assert counts["level"] == {"B1": 1}
    assert counts["class_format"] == {"evening": 1}
    assert counts["target_group"] == {"women": 1, "newcomers": 1}
    everything = search(parse_query({}))
    assert {v: n for v, _l, n in everything.facets["district"]} == {"05711": 2, "05913": 1}


@pytest.mark.django_db
def test_it_sorts_by_distance_and_keeps_to_the_radius(offers: dict[str, Offer]) -> None:
    page = search(parse_query({"near": "44135", "radius_km": "200", "sort": "distance"}))
    assert next(h.title for h in page.hits) == "Sprachcafé Dortmund"
    distances = [h.distance_km for h in page.hits]
    assert distances == sorted(distances)  # type: ignore[type-var]
    assert all(d is not None and d.as_tuple().exponent == -1 for d in distances)
    assert len(page.hits) == 3
    near = search(parse_query({"near": "44135"}))  # 10 km by default
    assert [h.title for h in near.hits] == ["Sprachcafé Dortmund"]
    by_key = search(parse_query({"near": "05711000", "radius_km": "5"}))
    assert sorted(h.title for h in by_key.hits) == ["Migrationsberatung", "Sprachkurs für Anfänger"]
    by_point = search(parse_query({"lat": "52.0200", "lon": "8.5300", "radius_km": "20"}))
    assert by_point.count == 2


@pytest.mark.django_db
def test_it_leaves_out_offers_without_coordinates_when_a_place_is_given(
    anna: User, bielefeld: Centre
) -> None:
    _publish(
        bielefeld, anna, title="Ohne Ort", locations=[f.location(bielefeld, lat=None, lon=None)]
    )
    assert _find() == ["Ohne Ort"]
    assert _find(near="05711000", radius_km="200") == []


@pytest.mark.django_db
def test_it_pages(anna: User, bielefeld: Centre) -> None:
    for i in range(5):
        _publish(bielefeld, anna, title=f"Angebot {i}", next_start=datetime.date(2027, 1, 1 + i))
    first = search(parse_query({"page_size": "2"}))
    assert (first.count, first.pages, [h.title for h in first.hits]) == (
        5,
        3,
        ["Angebot 0", "Angebot 1"],
    )
    last = search(parse_query({"page_size": "2", "page": "3"}))
    assert [h.title for h in last.hits] == ["Angebot 4"]
    beyond = search(parse_query({"page_size": "2", "page": "4"}))
    assert (beyond.count, beyond.hits) == (5, [])


@pytest.mark.django_db
def test_it_searches_the_published_snapshot_not_a_pending_change(
    anna: User, bielefeld: Centre, paul: User
) -> None:
    org = f.partner_organisation(bielefeld, anna, paul)
    offer = _publish(bielefeld, anna, title="Elterncafé", provider=org)
    services.update_offer(
        offer,
        by=paul,
        data=f.offer_data(provider=org),
        texts=_texts("Elternfrühstück Lindenhof"),
        locations=[f.location(bielefeld)],
    )
    offer.refresh_from_db()
    assert offer.status == "in_review"
    assert _find(q="Elternfrühstück") == []
    assert _find(q="Elterncafé") == ["Elterncafé"]
    services.change_status(offer, by=anna, to="published")
    assert _find(q="Elternfrühstück") == ["Elternfrühstück Lindenhof"]
    assert _find(q="Elterncafé") == []


@pytest.mark.django_db
def test_an_archived_offer_vanishes_and_a_draft_is_never_found(
    anna: User, bielefeld: Centre
) -> None:
    offer = _publish(bielefeld, anna, title="Nähcafé")
    f.offer(bielefeld, anna)  # a draft: Migrationsberatung
    assert _find(q="Nähcafé") == ["Nähcafé"]
    assert _find(q="Migrationsberatung") == []
    services.change_status(offer, by=anna, to="archived")
    assert _find(q="Nähcafé") == []
    assert not SearchEntry.objects.filter(offer=offer).exists()


@pytest.mark.django_db
def test_the_kis_own_change_of_a_published_offer_is_found_at_once(
    anna: User, bielefeld: Centre
) -> None:
    offer = _publish(bielefeld, anna, title="Schwimmkurs")
    services.update_offer(
        offer,
        by=anna,
        data=f.offer_data(),
        texts=_texts("Schwimmkurs für Frauen"),
        locations=[f.location(bielefeld)],
    )
    assert _find(q="Frauen") == ["Schwimmkurs für Frauen"]


@pytest.mark.django_db
def test_it_ranks_a_title_match_above_a_description_match(anna: User, bielefeld: Centre) -> None:
    _publish(bielefeld, anna, title="Beratung", description="<p>Auch zum Thema Wohnung.</p>")
    _publish(bielefeld, anna, title="Wohnungssuche", summary="Hilfe bei der Wohnung.")
    assert _find(q="Wohnung") == ["Wohnungssuche", "Beratung"]


HOSTILE = [
    '"',
    '""',
    '"Sprachkurs',
    "Sprachkurs NEAR Abend",
    "NEAR(Sprachkurs Abend)",
    "Sprachkurs AND OR NOT",
    "*",
    "Sprach*",
    "title:Sprachkurs",
    "config : german",
    "{title}: x",
    "'; DROP TABLE guide_searchentry; --",
    "1) OR (1=1",
    "a & b | !c <-> d:*",
    "😀 Sprachkurs 👍",
    "دورة الاندماج",
    "^x",
    "-Sprachkurs",
    "x" * 200,
]


@pytest.mark.django_db
@pytest.mark.parametrize("q", HOSTILE)
def test_it_survives_hostile_input(offers: dict[str, Offer], q: str) -> None:
    page = search(parse_query({"q": q}))
    assert page.count == len(page.hits)
    assert SearchEntry.objects.count() == 4  # nothing dropped


@pytest.mark.django_db
def test_it_reads_words_out_of_operator_noise(offers: dict[str, Offer]) -> None:
    assert _find(q='"Sprachkurs') == ["Sprachkurs für Anfänger"]
    assert _find(q="title:Sprachkurs*") == []  # "title" is a word like any other
    assert _find(q="😀 Sprachkurs 👍") == ["Sprachkurs für Anfänger"]


@pytest.mark.django_db
def test_it_finds_arabic_text(anna: User, bielefeld: Centre) -> None:
    _publish(
        bielefeld,
        anna,
        title="Integrationskurs",
        extra_texts={"ar": {"title": "دورة الاندماج", "summary": "", "description": ""}},
    )
    assert _find(q="الاندماج", lang="ar") == ["دورة الاندماج"]
    # the German course name typed into the Arabic guide: found, and shown in Arabic
    assert _find(q="Integrationskurs", lang="ar") == ["دورة الاندماج"]
    assert _find(q="الاندماج", lang="de") == ["Integrationskurs"]


@pytest.mark.django_db
def test_a_part_of_a_german_compound_finds_it(anna: User, bielefeld: Centre) -> None:
    """ "Kurs" found none of the federal course types: one word each to the index."""
    _publish(bielefeld, anna, title="Jugendintegrationskurs B1", summary="Für junge Menschen.")
    _publish(bielefeld, anna, title="Frauentreff", description="<p>Jeden Dienstag.</p>")
    assert _find(q="Kurs") == ["Jugendintegrationskurs B1"]
    assert _find(q="Kurse") == ["Jugendintegrationskurs B1"]
    assert _find(q="Integrationskurs") == ["Jugendintegrationskurs B1"]
    assert _find(q="Integration") == ["Jugendintegrationskurs B1"]
    assert _find(q="Treff") == ["Frauentreff"]
    assert _find(q="Frauen") == ["Frauentreff"]
    # the parts are only searched: the hit shows the offer's own text
    assert search(parse_query({"q": "Kurs"})).hits[0].summary == "Für junge Menschen."


@pytest.mark.django_db
def test_the_words_of_its_topic_find_an_offer(anna: User, bielefeld: Centre) -> None:
    """ "Deutschkurs" near Dortmund found none of the language courses there (topics.py): the
    row's body carries its topic's names in its language and, in German, the usual words."""
    from django.utils import translation

    from teilhabe.guide import public_labels

    course = Category.objects.get(code="course_general")
    _publish(
        bielefeld,
        anna,
        title="Integrationskurs B1",
        category=course,
        course=f.course(),
        extra_texts={"ar": {"title": "دورة الاندماج", "summary": "", "description": ""}},
    )
    _publish(
        bielefeld,
        anna,
        title="Familienzentrum Sonnenschein",
        category=Category.objects.get(code="childcare"),
    )
    assert _find(q="Deutschkurs") == ["Integrationskurs B1"]  # the top level's search words
    assert _find(q="Sprachkurse") == ["Integrationskurs B1"]  # its name, stemmed
    assert _find(q="Kita") == ["Familienzentrum Sonnenschein"]
    assert _find(q="Kindergarten") == ["Familienzentrum Sonnenschein"]
    with translation.override("ar"):
        arabic = public_labels.category_name("language_courses")
    assert _find(q=arabic, lang="ar") == ["دورة الاندماج"]  # the topic's name in Arabic
    # the title still ranks first: a course called so beats one that only has the topic
    _publish(bielefeld, anna, title="Deutschkurs am Abend", category=course, course=f.course())
    ranked = _find(q="Deutschkurs", sort="relevance")
    assert ranked == ["Deutschkurs am Abend", "Integrationskurs B1"]
    # the words are only searched: the hit shows the offer's own text
    assert search(parse_query({"q": "Kita"})).hits[0].summary == ""


@pytest.mark.django_db
def test_the_number_of_queries_does_not_grow_with_the_results(
    anna: User, bielefeld: Centre
) -> None:
    def queries(n: int) -> int:
        query = parse_query({"q": "Kurs", "category": "counselling", "near": "05711000"})
        with CaptureQueriesContext(connection) as ctx:
            page = search(query)
        assert page.count == n
        return len(ctx.captured_queries)

    _publish(bielefeld, anna, title="Kurs 1")
    one = queries(1)
    for i in range(2, 8):
        _publish(bielefeld, anna, title=f"Kurs {i}")
    assert queries(7) == one
    # The last changes (the cache key), the category's subtree, the facets, the page.
    assert one == 4


@pytest.mark.django_db
def test_rebuild_is_idempotent_and_drops_rows_of_offers_no_longer_public(
    offers: dict[str, Offer],
) -> None:
    before = sorted(SearchEntry.objects.values_list("offer_id", "language", "title"))
    SearchEntry.objects.filter(offer=offers["course"]).delete()
    Offer.objects.filter(pk=offers["dortmund"].pk).update(status="archived")  # past the services
    call_command("rebuild_guide_search", batch=1)
    call_command("rebuild_guide_search")
    after = sorted(SearchEntry.objects.values_list("offer_id", "language", "title"))
    assert after == [row for row in before if row[0] != offers["dortmund"].pk]
    assert _find(q="Sprachkurs") == ["Sprachkurs für Anfänger"]
    assert _find(q="Sprachcafé") == []


def _codes(params: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(ParamError) as e:
        parse_query(params)
    return {param: code for param, code, _message in e.value.errors}


@pytest.mark.django_db
def test_it_names_every_bad_parameter(territory: None) -> None:
    assert _codes(
        {
            "q": "x" * 201,
            "district": "5711",
            "municipality": "0571100",
            "category": "nope",
            "languages": "xx",
            "target_group": "aliens",
            "free": "maybe",
            "starts_within_weeks": "105",
            "level": "D1",
            "class_format": "never",
            "radius_km": "0",
            "sort": "random",
            "page": "0",
            "page_size": "101",
            "lang": "xx",
        }
    ) == {
        "q": "too_long",
        "district": "invalid_district",
        "municipality": "invalid_municipality",
        "category": "unknown_category",
        "languages": "unknown_language",
        "target_group": "invalid_target_group",
        "free": "invalid_boolean",
        "starts_within_weeks": "out_of_range",
        "level": "invalid_level",
        "class_format": "invalid_class_format",
        "radius_km": "out_of_range",
        "sort": "invalid_sort",
        "page": "invalid_page",
        "page_size": "out_of_range",
        "lang": "invalid_language",
    }


@pytest.mark.django_db
def test_it_refuses_bad_places(territory: None) -> None:
    assert _codes({"near": "99999"}) == {"near": "unknown_postcode"}
    assert _codes({"near": "09999999"}) == {"near": "unknown_municipality"}
    # the form's lenient reading takes a town's name (its municipality key), the API does not
    assert parse_query({"near": "Bielefeld"}).near == "05711000"
    assert _codes({"near": "Nirgendwo"}) == {"near": "unknown_place"}
    with pytest.raises(ParamError) as strict:
        parse_query({"near": "Bielefeld"}, strict=True)
    assert strict.value.errors[0][:2] == ("near", "invalid_near")
    assert _codes({"lat": "52.0"}) == {"lat": "lat_lon_both"}
    assert _codes({"lat": "48.1", "lon": "11.5"}) == {"lat": "out_of_range", "lon": "out_of_range"}
    assert _codes({"lat": "NaN", "lon": "8.5"}) == {"lat": "invalid_number"}
    assert _codes({"sort": "distance"}) == {"sort": "distance_needs_place"}
    assert _codes({"district": "09999"}) == {"district": "unknown_district"}
    assert _codes({"page": "x"}) == {"page": "invalid_page"}
    assert _codes({"near": "33602", "lat": "52.0", "lon": "8.5"}) == {"near": "place_twice"}


@pytest.mark.django_db
def test_it_reads_defaults_and_places(territory: None) -> None:
    assert parse_query({}) == SearchQuery()
    assert parse_query({"q": "Kurs"}).sort == "relevance"
    near = parse_query({"near": "33602"})
    assert near.radius_km == 10 and near.origin is not None
    assert parse_query({"radius_km": "50"}).radius_km is None  # no place: no radius


@pytest.mark.django_db
def test_an_unknown_category_in_a_built_query_finds_nothing(offers: dict[str, Offer]) -> None:
    assert search(SearchQuery(category="no_such_category")).count == 0


@pytest.mark.django_db
def test_a_repeated_search_comes_from_the_cache_until_the_table_changes(
    kai, bielefeld, django_assert_max_num_queries
) -> None:
    from teilhabe.guide.tests import factories as f

    first = f.published(bielefeld, kai)
    query = parse_query({"q": "Migrationsberatung"})
    assert {h.uuid for h in search(query).hits} == {str(first.uuid)}
    with django_assert_max_num_queries(1):  # the table's revision only
        assert {h.uuid for h in search(query).hits} == {str(first.uuid)}
    second = f.published(bielefeld, kai)  # publishing reindexes: the cached answer is stale
    assert {h.uuid for h in search(query).hits} == {str(first.uuid), str(second.uuid)}


def _rows(offers: list[Offer], rng: Any) -> tuple[list[SearchEntry], list[SearchPlace]]:
    """Each offer's row and none to three places, some in no district."""
    entries, places = [], []
    for i, offer in enumerate(offers):
        found = [
            SearchPlace(
                offer=offer,
                position=n,
                district_key=(district := rng.choice(["05711", "05913", ""])),
                district_name=f"Kreis {district}",
                step_free=rng.choice([True, False, None]),
                lat=51.0 + rng.random(),
                lon=7.0 + rng.random(),
            )
            for n in range(rng.choice([0, 1, 1, 2, 3]))
        ]
        entry = _entry(offer, rng, i)
        entry.place_count = len(found)
        entry.district_keys = index._joined(dict.fromkeys(p.district_key for p in found))
        if found:
            entry.district_key, entry.lat, entry.lon = (
                found[0].district_key,
                found[0].lat,
                found[0].lon,
            )
        entries.append(entry)
        places.extend(found)
    return entries, places


def _entry(offer: Offer, rng: Any, i: int) -> SearchEntry:
    groups = ["women", "parents", "youth", "refugees"]
    return SearchEntry(
        offer=offer,
        offer_uuid=offer.uuid,
        language="de",
        is_source=True,
        text_languages=",de,",
        config="german",
        title=f"{rng.choice(['Sprachkurs', 'Beratung', 'Elterncafé'])} {i}",
        summary="Ein Angebot.",
        body="Wir beraten und begleiten Sie.",
        category_code=rng.choice(["counselling", "course_general", "work"]),
        category_name_de="Kategorie",
        category_name_en="Category",
        branch_code=(branch := rng.choice(["counselling", "language_courses", "work"])),
        branch_name_de=f"Zweig {branch}",
        branch_name_en=f"Branch {branch}",
        district_key=(district := rng.choice(["05711", "05913", ""])),
        district_name=f"Kreis {district}",
        municipality_key="",
        # Empty, one or several codes, now and then a stray quote that is no code.
        languages=rng.choice(["", ",de,", ",de,ar,", ",tr,uk,en,", ',x"y,de,']),
        target_groups=index._joined(rng.sample(groups, rng.randint(0, 2))),
        free_of_charge=rng.random() < 0.6,
        step_free=rng.choice([True, False, None]),
        level=rng.choice(["", "A1", "B2"]),
        class_format=rng.choice(["", "evening", "online"]),
        lat=51.0 + rng.random(),
        lon=7.0 + rng.random(),
    )


@pytest.mark.django_db
def test_the_database_counts_the_facets_as_counting_each_row_would(bielefeld: Centre) -> None:
    import random

    rng = random.Random(19)
    category = Category.objects.get(code="counselling")
    offers = Offer.objects.bulk_create(
        Offer(centre=bielefeld, category=category, status="published") for _ in range(300)
    )
    index._write(*_rows(offers, rng))
    for params in [
        {},
        {"q": "Beratung"},
        {"free": "true", "languages": "ar"},
        {"near": "05711000", "radius_km": "60", "q": "Sprach"},
        {"district": "05913", "step_free": "true"},
        {"near": "05711000", "radius_km": "80", "step_free": "false", "sort": "distance"},
        {"q": "nichtsdergleichen"},
    ]:
        query = parse_query(params)
        rows = list(
            engine.filtered(query).values_list(
                "branch_code", "languages", "district_keys", "target_groups", "level",
                "class_format", "free_of_charge",
            )
        )  # fmt: skip
        expected: dict[str, Counter[Any]] = {name: Counter() for name in engine.FACETS}
        for branch, langs, districts, groups, level, form, free in rows:
            expected["category"][branch] += 1
            expected["languages"].update(c for c in langs.split(",") if c in SPOKEN)
            expected["district"].update(d for d in districts.split(",") if d)
            expected["target_group"].update(g for g in groups.split(",") if g)
            expected["level"][level] += 1
            expected["class_format"][form] += 1
            expected["free"][free] += 1
        counted = engine.facets(engine.filtered(query))
        for name in engine.FACETS:
            want = {v: n for v, n in expected[name].items() if v not in ("", None)}
            assert {v: n for v, _label, n in counted[name]} == want, (params, name)
        page = search(query)
        assert page.count == len(rows), params
        assert {label for _v, label, _n in counted["district"]} <= {"Bielefeld", "Dortmund"}


@pytest.mark.django_db
def test_pages_by_relevance_follow_the_rank_and_fit_together(bielefeld: Centre) -> None:
    import random

    rng = random.Random(7)
    category = Category.objects.get(code="counselling")
    offers = Offer.objects.bulk_create(
        Offer(centre=bielefeld, category=category, status="published") for _ in range(60)
    )
    index._write([_entry(o, rng, i) for i, o in enumerate(offers)])
    everything = search(parse_query({"q": "Beratung", "page_size": "100"}))
    ranked = list(
        engine._ordered(engine.filtered(parse_query({"q": "Beratung"})), parse_query({"q": "x"}))
    )
    assert [h.uuid for h in everything.hits] == [str(e.offer_uuid) for e in ranked]
    assert everything.count == len(ranked) > 10
    paged = [
        h.uuid
        for n in (1, 2, 3)
        for h in search(parse_query({"q": "Beratung", "page_size": "7", "page": str(n)})).hits
    ]
    assert paged == [h.uuid for h in everything.hits][:21]
