"""The search API's repeated anonymous answers come before the middleware stack
(guide/fast_answers.py): the same bytes and headers as the view's, one query, 304 and HEAD as
the view answers them; never for a request with a cookie or a token, never a 422, never a
stale answer after a publication."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.sessions.middleware import SessionMiddleware
from django.test import Client

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre

from . import factories as f

SEARCH = "/api/v1/guide/offers?q=Migration&near=33602&radius_km=20"


@pytest.fixture
def stack(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths that went through the middleware stack (its session middleware)."""
    seen: list[str] = []
    original = SessionMiddleware.process_request

    def counted(self: SessionMiddleware, request: Any) -> None:
        seen.append(request.get_full_path())
        original(self, request)

    monkeypatch.setattr(SessionMiddleware, "process_request", counted)
    return seen


def _headers(response: Any) -> dict[str, str]:
    return {k: v for k, v in response.items() if k not in ("X-Request-ID", "Date")}


@pytest.mark.django_db
def test_a_repeated_search_is_the_same_answer_without_the_stack(
    anna: User, bielefeld: Centre, stack: list[str], django_assert_num_queries: Any
) -> None:
    f.published(bielefeld, anna)
    client = Client()
    first = client.get(SEARCH)
    assert first.status_code == 200 and first.json()["count"] == 1
    assert stack == [SEARCH]
    with django_assert_num_queries(1):  # the search table's and the categories' last change
        again = client.get(SEARCH)
    assert stack == [SEARCH]  # not through the stack again
    assert again.status_code == 200 and again.content == first.content
    assert _headers(again) == _headers(first)
    assert "Content-Security-Policy" in again and again["Access-Control-Allow-Origin"] == "*"
    assert again["X-Request-ID"] != first["X-Request-ID"]  # the outer middleware still runs

    assert client.get(SEARCH, headers={"If-None-Match": first["ETag"]}).status_code == 304
    since = client.get(SEARCH, headers={"If-Modified-Since": first["Last-Modified"]})
    assert since.status_code == 304 and since["ETag"] == first["ETag"]
    head = client.head(SEARCH)
    assert head.status_code == 200 and head.content == b""
    assert head["Content-Length"] == str(len(first.content))
    assert stack == [SEARCH]


@pytest.mark.django_db
def test_a_publication_is_in_the_next_answer(
    anna: User, bielefeld: Centre, stack: list[str]
) -> None:
    f.published(bielefeld, anna)
    client = Client()
    assert client.get(SEARCH).json()["count"] == 1
    f.published(bielefeld, anna)
    assert client.get(SEARCH).json()["count"] == 2
    assert stack == [SEARCH, SEARCH]


@pytest.mark.django_db
def test_each_language_has_its_own_answer(anna: User, bielefeld: Centre, stack: list[str]) -> None:
    f.published(bielefeld, anna)
    client = Client()
    german = client.get(SEARCH, headers={"Accept-Language": "de"})
    english = client.get(SEARCH, headers={"Accept-Language": "en"})
    assert (german["Content-Language"], english["Content-Language"]) == ("de", "en")
    again = client.get(SEARCH, headers={"Accept-Language": "en"})
    assert again.content == english.content and again["Content-Language"] == "en"
    assert len(stack) == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "headers",
    [{"Cookie": "sessionid=abc"}, {"Authorization": "Bearer abc"}],
    ids=["cookie", "token"],
)
def test_a_request_with_a_cookie_or_a_token_goes_through_the_stack(
    anna: User, bielefeld: Centre, stack: list[str], headers: dict[str, str]
) -> None:
    f.published(bielefeld, anna)
    Client().get(SEARCH)  # stored
    client = Client()
    client.get(SEARCH, headers=headers)
    client.get(SEARCH, headers=headers)
    assert stack == [SEARCH] * 3


@pytest.mark.django_db
def test_a_bad_request_is_never_stored(territory: None, stack: list[str]) -> None:
    client = Client()
    bad = "/api/v1/guide/offers?radius_km=abc&near=33602"
    for _ in range(2):
        response = client.get(bad)
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "radius_km"
    assert stack == [bad, bad]


@pytest.mark.django_db
def test_other_paths_are_untouched(territory: None, stack: list[str]) -> None:
    client = Client()
    for _ in range(2):
        assert client.get("/api/v1/guide/categories").status_code == 200
    assert stack == ["/api/v1/guide/categories"] * 2


@pytest.mark.django_db
def test_the_last_changes_are_read_as_the_models_say(anna: User, bielefeld: Centre) -> None:
    """`index.changes()` is raw SQL (it runs on every request): the same moments, aware, as
    the ORM reads them, on SQLite (text) and PostgreSQL (timestamps) alike."""
    from django.db.models import Max

    from teilhabe.guide.models import Category, SearchRevision
    from teilhabe.guide.search import index

    SearchRevision.objects.all().delete()
    categories = Category.objects.aggregate(at=Max("updated_at"))["at"]
    assert index.changes() == (None, categories)
    f.published(bielefeld, anna)
    searched = SearchRevision.objects.get(pk=1).changed_at
    assert index.changes() == (searched, categories)
    assert all(m is not None and m.tzinfo is not None for m in index.changes())


def test_the_process_keeps_only_the_most_recently_used_answers() -> None:
    from teilhabe.guide.fast_answers import _Recent

    recent = _Recent(2)
    for key in ("a", "b"):
        recent.put(key, {"body": key})
    assert recent.get("a") == {"body": "a"}  # now the most recent
    recent.put("c", {"body": "c"})
    assert (recent.get("a"), recent.get("b"), recent.get("c")) == (
        {"body": "a"},
        None,
        {"body": "c"},
    )


@pytest.mark.django_db
def test_a_first_search_reads_the_last_changes_once(anna: User, bielefeld: Centre) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    f.published(bielefeld, anna)
    with CaptureQueriesContext(connection) as queries:
        assert Client().get(SEARCH).status_code == 200
    reads = [q["sql"] for q in queries.captured_queries if "guide_searchrevision" in q["sql"]]
    assert len(reads) == 1, reads  # the middleware's, handed to the view
