"""Browser tests: Chromium driven by Playwright against pytest-django's live server.

Every test in this folder is marked `browser` (scripts/test.sh runs them on SQLite only). One
Chromium per xdist worker; `page_as(user)` opens a fresh context logged in as `user` (second
factor passed) or anonymous (`None`). No host but the live server resolves, and every context
records requests to any other: the platform must work without the internet (everything is
vendored), and a test that made such a request fails.
"""

from __future__ import annotations

import os

# Playwright's sync API runs an event loop in this thread; Django would refuse DB access.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client

from conftest import login_verified, member_of  # the root conftest
from teilhabe.centres.models import Centre, PositionCategory, StaffFunction, StaffMember
from teilhabe.centres.services import add_staff_member
from teilhabe.core.chromium import CHROMIUM, CHROMIUM_ARGS

HERE = Path(__file__).resolve().parent
AXE_JS = Path(settings.BASE_DIR) / "teilhabe" / "static" / "vendor" / "axe-core" / "axe.min.js"
DEFAULT_TIMEOUT_MS = 15_000


def running_in_ci() -> bool:
    """True when the environment says CI (`CI=true`, `CI=1`, ...; not empty, 0, false or no)."""
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def require_chromium(path: str) -> None:
    """Without Chromium the browser tests are skipped locally, but fail in CI (`CI` set): there
    a skipped accessibility run would pass the build without having checked a page."""
    if Path(path).exists():
        return
    missing = (
        f"{path} is missing, so the browser tests cannot run: "
        "`bash scripts/ensure-chromium.sh` installs Debian's chromium"
    )
    if running_in_ci():
        pytest.fail(f"{missing} (CI={os.environ['CI']!r}: in CI a skip would hide them)")
    pytest.skip(f"{missing} (skipped because CI is not set)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark everything below this folder `browser` (and only that)."""
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium per test process (xdist worker)."""
    require_chromium(CHROMIUM)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        # No host but the live server's resolves: a request elsewhere fails at once (and the
        # guard of each context records it), it never waits for a network that is not there.
        offline = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost"
        chromium = p.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=[*CHROMIUM_ARGS, offline]
        )
        yield chromium
        chromium.close()


@dataclass
class ExternalRequestGuard:
    """Records every request of a page that does not go to the live server.

    Chromium resolves no host but the live server's (`--host-resolver-rules` in `browser`), so
    such a request fails; this listener makes the test fail too. A listener instead of
    `context.route("**/*")`: routing every request through Python turned off Chromium's HTTP
    cache, and each page fetched KERN's CSS and fonts anew through the test process (the
    accessibility run spent about a third of its time there).
    """

    origin: str
    blocked: list[str] = field(default_factory=list)

    def __call__(self, request: Any) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in {"data", "blob", "about"}:
            return  # in the page itself: nothing leaves the machine
        if f"{parts.scheme}://{parts.netloc}" != self.origin:
            self.blocked.append(request.url)


@dataclass
class Seed:
    """The rows every browser test can rely on (the DB is flushed after each live-server test)."""

    centre: Centre
    members: list[StaffMember]

    @property
    def member(self) -> StaffMember:
        return self.members[0]


@pytest.fixture
def seed(territory: None) -> Seed:
    """A few staff members of KI Bielefeld, so the staff tables and the audit trail have rows."""
    centre = Centre.objects.get(grantee__key="05711")
    rows = [
        (
            "Lena",
            "Müller",
            StaffFunction.HEAD,
            PositionCategory.PEDAGOGICAL,
            "1.00",
            date(2014, 1, 1),
        ),
        (
            "Ahmad",
            "Kaya",
            StaffFunction.MEMBER,
            PositionCategory.PEDAGOGICAL,
            "0.75",
            date(2019, 4, 1),
        ),
        (
            "Ivana",
            "Nowak",
            StaffFunction.MEMBER,
            PositionCategory.TEACHER,
            "1.00",
            date(2021, 8, 1),
        ),
    ]
    members = [
        add_staff_member(
            centre,
            by=member_of(centre),
            data={
                "first_name": first,
                "last_name": last,
                "function": function,
                "category": category,
                "fte": Decimal(fte),
                "start_date": start,
            },
        )
        for first, last, function, category, fte, start in rows
    ]
    return Seed(centre=centre, members=members)


class PageFactory:
    """`page_as(user)`: a new context + page, logged in as `user` or anonymous (None)."""

    def __init__(self, browser: Any, live_server: Any) -> None:
        self.browser = browser
        self.url = live_server.url.rstrip("/")
        self.guard = ExternalRequestGuard(origin=self.url)
        self.contexts: list[Any] = []
        self.csp_violations: list[str] = []

    @property
    def blocked(self) -> list[str]:
        return self.guard.blocked

    def __call__(
        self,
        user: Any = None,
        *,
        verified: bool = True,
        bypass_csp: bool = False,
        locale: str = "de-DE",
        viewport: dict[str, int] | None = None,
    ) -> Any:
        context = self.browser.new_context(
            base_url=self.url,
            bypass_csp=bypass_csp,
            locale=locale,
            viewport=viewport or {"width": 1280, "height": 900},
        )
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        context.on("request", self.guard)
        if user is not None:
            client = Client()
            if verified:
                login_verified(client, user)
            else:
                client.force_login(user)  # password passed, second factor not yet
            context.add_cookies(
                [
                    {
                        "name": settings.SESSION_COOKIE_NAME,
                        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                        "domain": urlsplit(self.url).hostname,
                        "path": "/",
                        "httpOnly": True,
                        "sameSite": "Lax",
                    }
                ]
            )
        if bypass_csp:  # a context for axe (run_axe)
            context.add_init_script(path=str(AXE_JS))
        self.contexts.append(context)
        page = context.new_page()
        if not bypass_csp:
            page.on("console", self._on_console)
        return page

    def _on_console(self, message: Any) -> None:
        if "Content Security Policy" in message.text:
            self.csp_violations.append(message.text)

    def close(self) -> None:
        for context in self.contexts:
            context.close()
        self.contexts.clear()


@pytest.fixture
def page_as(browser: Any, live_server: Any, seed: Seed) -> Iterator[Callable[..., Any]]:
    factory = PageFactory(browser, live_server)
    yield factory
    factory.close()
    if factory.blocked:
        pytest.fail(
            "The page requested hosts other than the live server (must work offline):\n  "
            + "\n  ".join(factory.blocked)
        )
    if factory.csp_violations:
        pytest.fail("Content-Security-Policy violations:\n  " + "\n  ".join(factory.csp_violations))


def run_axe(page: Any) -> list[dict[str, Any]]:
    """axe-core on the current page (WCAG 2.0/2.1 A and AA); all violations, any impact.

    A context made with `bypass_csp=True` has axe in every page already (an init script: sending
    its 550 KB with each page was a fifth of the accessibility run); elsewhere it is added
    here, inline, which our CSP forbids: check pages in a `bypass_csp=True` context.
    """
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        """async () => {
          const result = await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
            resultTypes: ['violations'],
          });
          return result.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary})),
          }));
        }"""
    )
