"""Choosing the public guide's language per request."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.utils import translation

from teilhabe.guide import i18n

rf = RequestFactory()


@pytest.mark.parametrize(
    ("query", "header", "expected", "named"),
    [
        ("?lang=ar", "", "ar", True),
        ("?lang=de-x-ls", "en", "de-x-ls", True),
        ("?lang=xx", "tr-TR,tr;q=0.9", "tr", False),
        ("", "fr, uk;q=0.5", "uk", False),
        ("", "", "de", False),
        ("", "x" * 5000, "de", False),
    ],
)
def test_the_url_names_the_language_else_the_browser_else_german(query, header, expected, named):
    request = rf.get("/wegweiser/" + query, HTTP_ACCEPT_LANGUAGE=header)
    assert i18n.choose(request) == (expected, named)


def test_the_view_runs_in_that_language_and_says_so():
    seen = {}

    @i18n.public_view
    def view(request):  # type: ignore[no-untyped-def]
        from django.http import HttpResponse

        seen["active"] = translation.get_language()
        return HttpResponse("ok")

    response = view(rf.get("/wegweiser/?lang=de-x-ls"))
    assert seen["active"] == "de-ls"
    assert response["Content-Language"] == "de-x-ls"
    assert "Vary" not in response
    response = view(rf.get("/wegweiser/", HTTP_ACCEPT_LANGUAGE="fa"))
    assert seen["active"] == "fa"
    assert "Accept-Language" in response["Vary"]


def test_the_language_links_keep_the_rest_of_the_query():
    request = rf.get("/wegweiser/suche/?q=Deutsch&lang=de&kategorie=a&kategorie=b")
    request.guide_language = "de"  # type: ignore[attr-defined]
    context = i18n.public_context(request)
    arabic = next(item for item in context["ui_languages"] if item["code"] == "ar")
    assert arabic["direction"] == "rtl"
    assert arabic["url"] == "/wegweiser/suche/?kategorie=a&kategorie=b&lang=ar&q=Deutsch"
    assert context["ui_direction"] == "ltr"
    assert [item["current"] for item in context["ui_languages"]].count(True) == 1
