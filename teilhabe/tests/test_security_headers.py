"""Every page carries a strict CSP and refuses framing; everything it loads comes from our host."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre


class _Resources(HTMLParser):
    """Collects what a page loads, and what a strict CSP would block."""

    def __init__(self) -> None:
        super().__init__()
        self.loaded: list[str] = []
        self.blocked: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "script":
            if a.get("src"):
                self.loaded.append(a["src"] or "")
            elif a.get("type") != "application/json":
                self.blocked.append("inline <script>")
        elif tag == "link" and a.get("href"):
            self.loaded.append(a["href"] or "")
        elif tag in ("img", "iframe", "source", "audio", "video", "embed") and a.get("src"):
            self.loaded.append(a["src"] or "")
        elif tag == "style":
            self.blocked.append("<style> element")
        for name, _value in attrs:
            if name == "style":
                self.blocked.append(f"style attribute on <{tag}>")
            elif name.startswith("on"):
                self.blocked.append(f"{name} handler on <{tag}>")


PUBLIC = [
    "/",
    "/barrierefreiheit/",
    "/impressum/",
    "/datenschutz/",
    "/zentren/",
    "/konto/anmelden/",
    "/gibt-es-nicht/",
    "/api/v1/docs",
]


@pytest.fixture
def pages(anna: User, bielefeld: Centre, verified_client) -> list[tuple[Client, str]]:
    anna_client = verified_client(anna)
    mine = [
        f"/zentren/{bielefeld.pk}/",
        f"/zentren/{bielefeld.pk}/bearbeiten/",
        f"/zentren/{bielefeld.pk}/personal/neu/",
        reverse("core:audit_log"),
        reverse("accounts:security"),
        reverse("accounts:two_factor_verify"),
        reverse("accounts:two_factor_setup"),
        "/",
    ]
    return [(Client(), url) for url in PUBLIC] + [(anna_client, url) for url in mine]


def test_it_sends_the_security_headers_on_every_page(pages: list[tuple[Client, str]]) -> None:
    for client, url in pages:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        csp = response["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp, url
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, url
        assert response["X-Frame-Options"] == "DENY", url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "same-origin", url
        assert response["X-Request-ID"], url


def test_it_loads_scripts_styles_and_fonts_only_from_our_static_files(
    pages: list[tuple[Client, str]],
) -> None:
    for client, url in pages:
        parser = _Resources()
        parser.feed(client.get(url).content.decode())
        assert parser.loaded, url
        foreign = [src for src in parser.loaded if not src.startswith("/static/")]
        assert not foreign, f"{url} loads {foreign}"
        assert not any(
            "http://" in s or "https://" in s or s.startswith("//") for s in parser.loaded
        )


def test_it_has_nothing_inline_that_the_csp_would_block(pages: list[tuple[Client, str]]) -> None:
    problems = {}
    for client, url in pages:
        parser = _Resources()
        parser.feed(client.get(url).content.decode())
        if parser.blocked:
            problems[url] = sorted(set(parser.blocked))
    assert not problems, problems


def test_it_sends_the_csp_on_api_answers_too(territory: None, client: Client) -> None:
    response = client.get("/api/v1/districts")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
