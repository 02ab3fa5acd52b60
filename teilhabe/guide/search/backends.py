"""The two full-text implementations behind one shape: `matching(qs, words)` keeps the rows
of the offers one of whose texts matches every word (the last one also as a prefix), each text
in its own language — so a German course name typed into the Arabic guide finds the course, shown
in Arabic — and annotates `rank` (higher is better; the row's own text's match, none when
only another language matched). SQLite: the FTS5 table with words stemmed in Python;
PostgreSQL: the tsvector column with a GIN index per configuration."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import BooleanField, Expression, F, Field, FloatField, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.sql.compiler import SQLCompiler

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


class OverColumns(Expression):
    """SQL of our own (`sql`, its `%s` placeholders filled by `params`) over columns of the
    row, `{0}`, `{1}` … in `sql`, each compiled by the query itself: qualified with the
    table's alias of that query, also where the queryset becomes a subquery (`U0`) — a column
    name written into the SQL would name a table the subquery does not have."""

    def __init__(
        self,
        sql: str,
        params: list[Any],
        columns: list[str],
        output_field: Field[Any, Any] | None = None,
    ) -> None:
        super().__init__(output_field=output_field or FloatField())
        self.sql, self.params = sql, list(params)
        self.columns: list[Any] = [F(name) for name in columns]

    def get_source_expressions(self) -> list[Any]:
        return self.columns

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        self.columns = list(exprs)

    def as_sql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, tuple[Any, ...]]:
        names = []
        for column in self.columns:
            sql, params = compiler.compile(column)
            if params:  # a column reference never has any
                raise ValueError(f"{column!r} is no column")
            names.append(sql)
        return self.sql.format(*names), tuple(self.params)


class SQLiteBackend:
    def matching(self, qs: QuerySet[SearchEntry], words: list[str]) -> QuerySet[SearchEntry]:
        expression = _fts5_expression(words)
        # bm25 is lower for a better match; the title weighs most, then the summary.
        rank = OverColumns(
            "(SELECT -bm25(guide_search_fts, 0.0, 10.0, 4.0, 1.0) FROM guide_search_fts "
            "WHERE guide_search_fts MATCH %s AND rowid = {0})",
            [expression],
            ["id"],
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


def vector_of(config: str) -> str:
    """The row's tsvector where its config is `config`, else NULL: the expression of that
    config's own GIN index (migration 0010), for a query over the search table alone.
    `config` must be one of text.ALL_CONFIGS (our own names: it is written into the SQL)."""
    if config not in text.ALL_CONFIGS:
        raise ValueError(f"not a text search configuration: {config!r}")
    return f"(CASE WHEN config = '{config}' THEN vector ELSE NULL END)"


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
            f"WHEN '{c}' THEN ts_rank({{1}}, to_tsquery('{c}'::regconfig, %s))" for c in queries
        )
        rank = OverColumns(
            f"CASE {{0}} {cases} ELSE 0.0 END", list(queries.values()), ["config", "vector"]
        )
        return qs.filter(offer_id__in=matched.values("offer_id")).annotate(rank=rank)


def backend() -> Backend:
    return PostgresBackend() if connection.vendor == "postgresql" else SQLiteBackend()
