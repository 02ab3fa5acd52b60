"""The two full-text implementations behind one shape: `matching(qs, words)` keeps the rows
of the offers one of whose texts matches every word (the last one also as a prefix), each text
in its own language — so a German course name typed into the Arabic guide finds the course, shown
in Arabic — and annotates `rank` (higher is better; the row's own text's match, none when
only another language matched). SQLite: the FTS5 table with words stemmed in Python;
PostgreSQL: the tsvector column with a GIN index per configuration."""

from __future__ import annotations

from typing import Protocol

from django.db import connection
from django.db.models import BooleanField, FloatField, QuerySet
from django.db.models.expressions import RawSQL

from ..models import SearchEntry
from . import text


class Backend(Protocol):
    def matching(self, qs: QuerySet[SearchEntry], words: list[str]) -> QuerySet[SearchEntry]: ...


def _fts5_expression(words: list[str]) -> str:
    """An FTS5 query over every configuration: a row matches in its own language. Words are
    letters and digits only (text.tokens), and quoted, so nothing is FTS5 syntax."""
    branches = []
    for config in text.ALL_CONFIGS:
        terms = []
        for i, word in enumerate(words):
            star = "*" if i == len(words) - 1 else ""
            terms.append(
                "(" + " OR ".join(f'"{v}"{star}' for v in text.variants(word, config)) + ")"
            )
        words_part = " AND ".join(terms)
        branches.append(f'(config : "{config}" AND {{title summary body}} : ({words_part}))')
    return " OR ".join(branches)


class SQLiteBackend:
    def matching(self, qs: QuerySet[SearchEntry], words: list[str]) -> QuerySet[SearchEntry]:
        expression = _fts5_expression(words)
        # bm25 is lower for a better match; the title weighs most, then the summary.
        rank = RawSQL(
            "SELECT -bm25(guide_search_fts, 0.0, 10.0, 4.0, 1.0) FROM guide_search_fts "
            "WHERE guide_search_fts MATCH %s AND rowid = guide_searchentry.id",
            (expression,),
            output_field=FloatField(),
        )
        ids = RawSQL(
            "SELECT rowid FROM guide_search_fts WHERE guide_search_fts MATCH %s", (expression,)
        )
        offers = SearchEntry.objects.filter(pk__in=ids).values("offer_id")
        return qs.filter(offer_id__in=offers).annotate(rank=rank)

    def ranked_page(
        self, qs: QuerySet[SearchEntry], words: list[str], start: int, size: int
    ) -> list[SearchEntry]:
        """The page of `qs` by relevance, the ranks read in one pass of the FTS5 table. The
        `rank` of `matching` is a correlated subquery, a full-text query per matching row:
        sorting a thousand matches by it took 1.7 s (bench/RESULTS.md)."""
        inner, params = qs.order_by().values("pk").query.sql_with_params()
        columns = ", ".join(
            f'e."{f.column}"'
            for f in SearchEntry._meta.concrete_fields
            if f.name not in ("body", "vector")
        )
        sql = (
            # LEFT: a row whose offer matched in another language has no rank of its own.
            f"SELECT {columns} FROM guide_searchentry e LEFT JOIN ("  # noqa: S608 (our columns)
            "SELECT rowid AS rid, -bm25(guide_search_fts, 0.0, 10.0, 4.0, 1.0) AS rank "
            "FROM guide_search_fts WHERE guide_search_fts MATCH %s) r ON r.rid = e.id "
            f"WHERE e.id IN ({inner}) "
            "ORDER BY r.rank DESC, e.next_start IS NULL, e.next_start, e.title, e.offer_id "
            "LIMIT %s OFFSET %s"
        )
        return list(SearchEntry.objects.raw(sql, [_fts5_expression(words), *params, size, start]))


def _tsquery(words: list[str], config: str) -> str:
    """A raw tsquery of every word (the last also as a prefix), each as itself or its stem
    (text.variants). Words are letters and digits only: the text holds only our operators."""
    terms = []
    for i, word in enumerate(words):
        star = ":*" if i == len(words) - 1 else ""
        forms = dict.fromkeys([word, text.stem([word], config)[0]])
        terms.append("(" + " | ".join(f"{w}{star}" for w in forms) + ")")
    return " & ".join(terms)


def vector_of(config: str, table: str = "") -> str:
    """The row's tsvector where its config is `config`, else NULL: the expression of that
    config's own GIN index (migration 0010). `config` is one of text.ALL_CONFIGS (our own
    names), `table` a column qualifier or none."""
    assert config in text.ALL_CONFIGS, config
    return f"(CASE WHEN {table}config = '{config}' THEN {table}vector ELSE NULL END)"


_TABLE = f'"{SearchEntry._meta.db_table}".'


class PostgresBackend:
    def matching(self, qs: QuerySet[SearchEntry], words: list[str]) -> QuerySet[SearchEntry]:
        # Words are letters and digits only, so the raw tsquery holds only our operators; it
        # is passed as a parameter all the same.
        queries = {c: _tsquery(words, c) for c in text.ALL_CONFIGS}
        # One branch per configuration, `config = c AND <c's vector> @@ <constant>`: a bitmap
        # OR of the configs' own GIN indexes, each exact, so no row's tsvector is read to
        # check the match. The branches differ in their vector expression, so PostgreSQL
        # cannot factor out a tsquery that all configs happen to share (it did with plain
        # `vector`, and then used no index). Written as SQL of our own names and
        # placeholders: built from the ORM's expressions, the 7 branches and the rank's 7 cases
        # were a fifth of a cold search's time in Python (bench/RESULTS.md).
        where = " OR ".join(
            f"(config = '{c}' AND {vector_of(c)} @@ to_tsquery('{c}'::regconfig, %s))"
            for c in queries
        )
        matched = SearchEntry.objects.filter(
            RawSQL(where, list(queries.values()), output_field=BooleanField())  # noqa: S611
        )
        cases = " ".join(
            f"WHEN '{c}' THEN ts_rank({_TABLE}vector, to_tsquery('{c}'::regconfig, %s))"
            for c in queries
        )
        rank = RawSQL(  # noqa: S611 (our config names, the words as parameters)
            f"CASE {_TABLE}config {cases} ELSE 0.0 END",
            list(queries.values()),
            output_field=FloatField(),
        )
        return qs.filter(offer_id__in=matched.values("offer_id")).annotate(rank=rank)


def backend() -> Backend:
    return PostgresBackend() if connection.vendor == "postgresql" else SQLiteBackend()
