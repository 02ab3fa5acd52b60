"""On PostgreSQL, a word search over thousands of rows reads the partial GIN index of its
configuration, and the index alone decides the match: no row's tsvector is read to check it
(docs/guide.md, "Search"; bench/RESULTS.md). Skipped on SQLite, whose FTS5 table is an index
by construction."""

from __future__ import annotations

import pytest
from django.db import connection

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.guide.models import Category, Offer, SearchEntry
from teilhabe.guide.search import index, parse_query, text
from teilhabe.guide.search.engine import filtered

ROWS = 6000
WORDS = ["Sprachkurs", "Beratung", "Wohnung", "Elterncafé", "Schwimmen", "Nähen", "Arbeit"]

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the plan of PostgreSQL's full-text search"
)


@pytest.mark.django_db
def test_a_word_search_reads_the_gin_index(anna: User, bielefeld: Centre) -> None:
    category = Category.objects.get(code="counselling")
    offers = Offer.objects.bulk_create(
        Offer(centre=bielefeld, category=category, status="published") for _ in range(ROWS)
    )
    entries = [
        SearchEntry(
            offer=o,
            offer_uuid=o.uuid,
            language="de",
            is_source=True,
            text_languages=",de,",
            config="german",
            title=f"{WORDS[i % len(WORDS)]} {i}",
            summary="Ein Angebot des Kommunalen Integrationszentrums.",
            body="Wir beraten und begleiten Sie in allen Fragen des Alltags. " * 8,
            category_code="counselling",
            category_name_de="Beratung",
            category_name_en="Counselling",
            branch_code="counselling",
            branch_name_de="Beratung",
            branch_name_en="Counselling",
            free_of_charge=True,
        )
        for i, o in enumerate(offers)
    ]
    index._write(entries)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE guide_searchentry")
        # What is guarded is that the query's expression is the index's, so the index can be
        # read; whether the planner prefers it over a scan of a few thousand rows depends on
        # costs and statistics (a CI run once chose the scan). Scans are priced out, not
        # forbidden: were the expression not the index's, the plan would still scan.
        cursor.execute("SET LOCAL enable_seqscan = off")
    qs = filtered(parse_query({"q": "Elterncafé"})).order_by()
    plan = qs.explain()
    assert "Seq Scan on guide_searchentry" not in plan, plan
    assert "guide_search_vector_german" in plan, plan
    # The match is the index's: `@@` is no filter evaluated on each row the index found.
    filters = [line for line in plan.splitlines() if line.strip().startswith("Filter:")]
    assert not any("@@" in line for line in filters), plan
    assert qs.count() == ROWS // len(WORDS) + (1 if ROWS % len(WORDS) > 3 else 0)


@pytest.mark.django_db
def test_every_text_search_configuration_has_its_partial_index() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'guide_searchentry'"
        )
        found = dict(cursor.fetchall())
    for config in text.ALL_CONFIGS:
        definition = found.get(f"guide_search_vector_{config}", "")
        assert "USING gin" in definition, (config, found)
        assert f"WHEN ((config)::text = '{config}'::text) THEN vector" in definition, definition
        assert definition.endswith(f"WHERE ((config)::text = '{config}'::text)"), definition
    assert "guide_search_vector_gin" not in found  # the one index over all rows is gone
