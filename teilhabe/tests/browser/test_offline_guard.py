"""The offline guard of the browser tests: a page that asks another host for anything gets
nothing (the host does not resolve) and its test is told (`page_as.blocked`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse


@pytest.mark.django_db(transaction=True)
def test_a_request_to_another_host_fails_and_is_recorded(page_as: Callable[..., Any]) -> None:
    page = page_as(None, bypass_csp=True)  # past our CSP, which would block it first
    page.goto(reverse("pages:start"))
    assert page_as.blocked == []  # the live server's own files are not another host
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    with page.expect_event("requestfailed"):
        page.evaluate(
            """() => { const img = new Image(); img.src = "http://tiles.example.org/1/2/3.png";
                document.body.append(img); }"""
        )
    assert failed == ["http://tiles.example.org/1/2/3.png"]
    assert page_as.blocked == ["http://tiles.example.org/1/2/3.png"]
    page_as.blocked.clear()  # seen; the fixture would otherwise fail the test for it
