"""axe-core on every HTML page, for every persona and for anonymous visitors.

The pages come from the URL resolver: every non-API route of `teilhabe.urls` must be listed in
PAGES (visited, with its kwargs) or NOT_PAGES (not an HTML page, with the reason). A new route that
is in neither fails `test_every_route_is_in_the_table`, so every later page joins the check.

Which pages a role gets comes from the URL matrix (`teilhabe/tests/test_url_matrix.py`, 200 in
its TABLE; HALF_LOGGED_IN below for the two roles it has no column for). Each of them must answer
200, without a redirect, showing a heading and the role's own user (or nobody, anonymous), and is
checked; one that answers 404 or a redirect fails, and so does a page the role should not get
that answers 200. Each role's test asserts it checked exactly the pages the table expects. Then
the states a plain GET does not show: form errors, the second-factor pages, the lockout page, the
404 page. A violation of impact "serious" or "critical" fails the role's test; all are collected
first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import PERSONA_FIXTURES
from teilhabe.accounts import services as accounts
from teilhabe.accounts.models import User
from teilhabe.core.roles import Role
from teilhabe.tests.test_url_matrix import COLUMNS as MATRIX_ROLES
from teilhabe.tests.test_url_matrix import EXPECTED as MATRIX
from teilhabe.tests.url_objects import url_objects

from .conftest import Seed, run_axe

pytestmark = pytest.mark.browser

# The public guide's pages have their own layout, without the account in the header.
PUBLIC_LAYOUT = frozenset(
    {
        "guide:public_start",
        "guide:public_centre",
        "guide:public_search",
        "guide:public_offer",
        "guide:public_feedback",
        "guide:open_data",
    }
)
# Every HTML page: route name -> kwargs, whose values name an attribute of the `seed` fixture,
# or FROM_URL_OBJECTS: the kwargs of teilhabe/tests/url_objects.py (shared with the URL matrix).
FROM_URL_OBJECTS: dict[str, str] = {}
PAGES: dict[str, dict[str, str]] = {
    "pages:start": {},
    "pages:accessibility": {},
    "pages:imprint": {},
    "pages:privacy": {},
    "accounts:login": {},
    "accounts:two_factor_setup": {},
    "accounts:two_factor_verify": {},
    "accounts:security": {},
    "accounts:notifications": {},
    "centres:list": {},
    "centres:detail": {"pk": "centre"},
    "centres:edit": {"pk": "centre"},
    "centres:staff_add": {"pk": "centre"},
    "centres:staff_edit": {"pk": "centre", "member_pk": "member"},
    "core:audit_log": {},
    "concepts:list": FROM_URL_OBJECTS,
    "concepts:add": FROM_URL_OBJECTS,
    "concepts:detail": FROM_URL_OBJECTS,
    "funding:applications": {},
    "funding:application_new": {},
    "funding:application": FROM_URL_OBJECTS,
    "funding:application_edit": FROM_URL_OBJECTS,
    "funding:application_submit": FROM_URL_OBJECTS,
    "funding:attachment_add": FROM_URL_OBJECTS,
    "funding:information_answer": FROM_URL_OBJECTS,
    "funding:review": FROM_URL_OBJECTS,
    "funding:information_request": FROM_URL_OBJECTS,
    "funding:proposal": FROM_URL_OBJECTS,
    "funding:signatures": {},
    "funding:sign": FROM_URL_OBJECTS,
    "funding:decisions": {},
    "funding:decision": FROM_URL_OBJECTS,
    "funding:amendment": FROM_URL_OBJECTS,
    "funding:conditions": {},
    "funding:budget": {},
    "funding:budget_line_add": {},
    "funding:budget_line": FROM_URL_OBJECTS,
    "funding:planning": {},
    "funding:payments": FROM_URL_OBJECTS,
    "funding:payment_request": FROM_URL_OBJECTS,
    "funding:payment_refuse": FROM_URL_OBJECTS,
    "funding:payment_queue": {},
    "funding:payment_release": FROM_URL_OBJECTS,
    "funding:guidelines": {},
    "funding:calculator": {},
    "funding:guideline": FROM_URL_OBJECTS,
    "funding:guideline_add": {},
    "funding:application_windows": {},
    "funding:application_window": FROM_URL_OBJECTS,
    "network:list": FROM_URL_OBJECTS,
    "network:add": FROM_URL_OBJECTS,
    "network:duplicates": FROM_URL_OBJECTS,
    "network:matrix": FROM_URL_OBJECTS,
    "network:detail": FROM_URL_OBJECTS,
    "network:edit": FROM_URL_OBJECTS,
    "network:contact_add": FROM_URL_OBJECTS,
    "network:contact_edit": FROM_URL_OBJECTS,
    "network:agreement_add": FROM_URL_OBJECTS,
    "network:merge": FROM_URL_OBJECTS,
    "network:mine": {},
    "guide:offers": FROM_URL_OBJECTS,
    "guide:review": FROM_URL_OBJECTS,
    "guide:offer": FROM_URL_OBJECTS,
    "guide:offer_add": FROM_URL_OBJECTS,
    "guide:offer_edit": FROM_URL_OBJECTS,
    "guide:mine": {},
    "guide:public_offer": FROM_URL_OBJECTS,
    "guide:public_start": {},
    "guide:public_centre": FROM_URL_OBJECTS,
    "guide:public_search": {},
    "guide:settings": FROM_URL_OBJECTS,
    "guide:xliff": FROM_URL_OBJECTS,
    "guide:xliff_import": FROM_URL_OBJECTS,
    "guide:open_data": {},
    "guide:feedback": FROM_URL_OBJECTS,
    "guide:public_feedback": FROM_URL_OBJECTS,
    "guide:import": FROM_URL_OBJECTS,
    "guide:import_review": FROM_URL_OBJECTS,
    "guide:import_progress": FROM_URL_OBJECTS,
    "events:list": {},
    "events:new": {},
    "events:person_data": {},
    "events:detail": FROM_URL_OBJECTS,
    "events:edit": FROM_URL_OBJECTS,
    "events:manage": FROM_URL_OBJECTS,
    "events:attendance": FROM_URL_OBJECTS,
    "events:checkin": FROM_URL_OBJECTS,
    "events:registration": FROM_URL_OBJECTS,
    "network:import": FROM_URL_OBJECTS,
    "network:import_review": FROM_URL_OBJECTS,
    "network:import_progress": FROM_URL_OBJECTS,
    "measures:companions": FROM_URL_OBJECTS,
    "measures:companion_add": FROM_URL_OBJECTS,
    "measures:companion_edit": FROM_URL_OBJECTS,
    "measures:group_add": FROM_URL_OBJECTS,
    "measures:group": FROM_URL_OBJECTS,
    "measures:group_edit": FROM_URL_OBJECTS,
    "measures:session_add": FROM_URL_OBJECTS,
    "measures:assignments": FROM_URL_OBJECTS,
    "measures:assignment_add": FROM_URL_OBJECTS,
    "measures:assignment_edit": FROM_URL_OBJECTS,
    "measures:counselling": FROM_URL_OBJECTS,
    "measures:counselling_add": FROM_URL_OBJECTS,
    "measures:counselling_edit": FROM_URL_OBJECTS,
    "measures:figures": FROM_URL_OBJECTS,
    "measures:state_figures": {},
    "measures:catalogue": {},
    "measures:programme_add": {},
    "measures:programme_edit": FROM_URL_OBJECTS,
    "controlling:indicators": {},
    "controlling:indicator_add": {},
    "controlling:indicator": FROM_URL_OBJECTS,
    "controlling:indicator_edit": FROM_URL_OBJECTS,
    "controlling:periods": {},
    "controlling:period_add": {},
    "controlling:reports": {},
    "controlling:report_inbox": {},
    "controlling:report": FROM_URL_OBJECTS,
    "controlling:report_decide": FROM_URL_OBJECTS,
    "controlling:report_correct": FROM_URL_OBJECTS,
    "controlling:state": {},
    "controlling:state_series": {},
    "controlling:state_map": {},
    "controlling:state_release": FROM_URL_OBJECTS,
    "measures:all": {},
    "measures:list": FROM_URL_OBJECTS,
    "measures:add": FROM_URL_OBJECTS,
    "measures:partners": FROM_URL_OBJECTS,
    "measures:detail": FROM_URL_OBJECTS,
    "measures:edit": FROM_URL_OBJECTS,
    "measures:target_add": FROM_URL_OBJECTS,
    "measures:target_edit": FROM_URL_OBJECTS,
    "measures:document_add": FROM_URL_OBJECTS,
    "measures:schools": FROM_URL_OBJECTS,
    "measures:school_add": FROM_URL_OBJECTS,
    "measures:school": FROM_URL_OBJECTS,
    "measures:school_edit": FROM_URL_OBJECTS,
    "measures:school_left": FROM_URL_OBJECTS,
    "measures:school_project_add": FROM_URL_OBJECTS,
    "proofs:interest_calculator": {},
    "proofs:base_rates": {},
    "proofs:base_rate_add": {},
    "proofs:uses": {},
    "proofs:use": FROM_URL_OBJECTS,
    "proofs:use_statement": FROM_URL_OBJECTS,
    "proofs:use_report": FROM_URL_OBJECTS,
    "proofs:use_submit": FROM_URL_OBJECTS,
    "proofs:use_check": FROM_URL_OBJECTS,
    "proofs:use_sign": FROM_URL_OBJECTS,
    "proofs:repayments": {},
    "proofs:repayment_new": FROM_URL_OBJECTS,
    "proofs:repayment": FROM_URL_OBJECTS,
    "proofs:repayment_sign": FROM_URL_OBJECTS,
    "proofs:repayment_receipt": FROM_URL_OBJECTS,
    "quality:overview": {},
    "quality:centre": FROM_URL_OBJECTS,
    "quality:history": FROM_URL_OBJECTS,
    "evaluation:index": {},
    "evaluation:exports": {},
    "evaluation:dictionary": FROM_URL_OBJECTS,
    "evaluation:questionnaire_add": {},
    "evaluation:questionnaire": FROM_URL_OBJECTS,
    "evaluation:questionnaire_edit": FROM_URL_OBJECTS,
    "evaluation:question_add": FROM_URL_OBJECTS,
    "evaluation:point_add": FROM_URL_OBJECTS,
    "evaluation:point": FROM_URL_OBJECTS,
    "evaluation:compare": FROM_URL_OBJECTS,
    "evaluation:surveys": {},
    "evaluation:answer": FROM_URL_OBJECTS,
}
# Routes that are not pages of their own.
NOT_PAGES: dict[str, str] = {
    "accounts:logout": "POST only",
    "accounts:revoke_token": "POST only",
    "accounts:logout_everywhere": "POST only",
    "accounts:notification_open": "a redirect to the notification's page (marks it read)",
    "accounts:notifications_read": "POST only",
    "funding:signature_request": "POST only (the button on the submission page)",
    "set_language": "POST only (language switch; see test_journeys)",
    "concepts:document": "PDF download",
    "funding:attachment": "PDF download",
    "core:audit_log_export": "CSV/XLSX download (checked in core/tests/test_audit_log_page.py)",
    "centres:list_export": "CSV/XLSX download (centres/tests/test_centre_export.py)",
    "network:list_export": "CSV/XLSX download (network/tests/test_export.py)",
    "funding:applications_export": "CSV/XLSX download (funding/tests/test_list_exports.py)",
    "funding:decisions_export": "CSV/XLSX download (funding/tests/test_list_exports.py)",
    "funding:budget_export": "CSV/XLSX download (funding/tests/test_list_exports.py)",
    "funding:payments_export": "CSV/XLSX download (funding/tests/test_list_exports.py)",
    "funding:payment_queue_export": "CSV/XLSX download (funding/tests/test_list_exports.py)",
    "funding:decision_pdf": "PDF download (checked in test_decision_pdf.py)",
    "funding:application_withdraw": "POST only",
    "funding:application_autosave": "POST only (htmx; see test_funding_journey)",
    "funding:condition_fulfil": "POST only",
    "network:undo": "POST only (the undo button on network:detail)",
    "guide:offer_status": "POST only (the workflow buttons on guide:offer)",
    "network:import_retry": "POST only (the retry button on network:import_progress)",
    "network:agreement_document": "PDF download",
    "events:calendar": "iCalendar download (checked in events/tests/test_calendar.py)",
    "events:centre_calendar": "iCalendar download (checked in events/tests/test_calendar.py)",
    "events:registrations_export": "CSV/XLSX download (events/tests/test_registrations_export.py)",
    "events:certificate": "PDF download (checked in events/tests/test_certificates.py)",
    "events:registration_certificate": "PDF download (events/tests/test_certificates.py)",
    "measures:session_remove": "POST only (the remove button on measures:group)",
    "measures:assignments_export": "CSV/XLSX download (measures/tests/test_records_pages.py)",
    "measures:counselling_export": "CSV/XLSX download (measures/tests/test_records_pages.py)",
    "measures:state_figures_export": "CSV/XLSX download (measures/tests/test_figures_page.py)",
    "measures:list_export": "CSV/XLSX download (measures/tests/test_measure_pages.py)",
    "measures:all_export": "CSV/XLSX download (measures/tests/test_measure_pages.py)",
    "measures:status": "POST only (the status buttons on measures:detail)",
    "measures:document": "PDF download (measures/tests/test_measure_pages.py)",
    "measures:schools_export": "CSV/XLSX download (measures/tests/test_schools_pages.py)",
    "measures:companions_export": "CSV/XLSX download (measures/tests/test_companions_export.py)",
    "quality:recompute": "POST only (the button on quality:overview)",
    "guide:text_reviewed": "POST only (the button on guide:offer)",
    "guide:public_boundary": "GeoJSON for the map (guide/tests/test_public_pages.py)",
    "guide:machine_translate": "POST only (the machine-translation buttons on guide:offer)",
    "guide:xliff_export": "an XLIFF download (its form is on guide:xliff)",
    "guide:open_data_offers": "JSON download (guide/tests/test_opendata.py)",
    "guide:offer_confirm": "POST only (the button on guide:offer)",
    "guide:feedback_done": "POST only (the buttons on guide:feedback and guide:offer)",
    "guide:calendar": "an iCalendar feed (text/calendar), not an HTML page",
    "guide:offers_csv": "a CSV download (the link on guide:offers)",
    "guide:open_data_csv": "a CSV download (open data)",
    "controlling:report_open": "POST only (the button on controlling:reports)",
    "controlling:report_submit": "POST only (the button on controlling:report)",
    "controlling:state_export": "CSV/XLSX download (controlling/tests/test_state_exports.py)",
    "proofs:use_start": "POST only (the button on proofs:uses)",
    "proofs:use_note": "PDF download (proofs/tests/test_use_pages.py)",
    "proofs:repayment_pdf": "PDF download (proofs/tests/test_repayment_pages.py)",
    "evaluation:dictionary_export": "CSV download (evaluation/tests/test_exports.py)",
    "evaluation:export": "CSV/XLSX download (evaluation/tests/test_exports.py)",
    "evaluation:point_export": "CSV/XLSX download of the answers (the URL matrix)",
    "evaluation:question_remove": "POST only (the remove button on evaluation:questionnaire)",
    "evaluation:questionnaire_version": "POST only (the button on evaluation:questionnaire)",
}
SEVERE = {"serious", "critical"}
ROLES = ["anonymous", *PERSONA_FIXTURES, "anna-unverified", "no-device"]
# Logged in with the password only, the second factor not passed: every other page sends them to
# the second factor (test_url_matrix checks those redirects).
HALF_LOGGED_IN: dict[str, set[str]] = {
    "anna-unverified": {
        "pages:start",
        "pages:accessibility",
        "pages:imprint",
        "pages:privacy",
        "accounts:two_factor_verify",
    },
    "no-device": {
        "pages:start",
        "pages:accessibility",
        "pages:imprint",
        "pages:privacy",
        "accounts:two_factor_setup",
    },
}


def expected_pages(role: str) -> list[str]:
    """The pages of PAGES that `role` gets (200): the ones its run must check, in PAGES order."""
    if role in HALF_LOGGED_IN:
        return [name for name in PAGES if name in HALF_LOGGED_IN[role]]
    return [name for name in PAGES if MATRIX[(name, role)] == 200]


def non_api_routes() -> set[str]:
    """The names of all routes of teilhabe.urls outside the JSON API (unnamed ones by pattern)."""
    found: set[str] = set()

    def walk(patterns: list[Any], namespace: list[str], prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace == "api" or str(p.pattern).startswith("api/"):
                    continue
                walk(
                    p.url_patterns,
                    [*namespace, p.namespace] if p.namespace else namespace,
                    prefix + str(p.pattern),
                )
            elif isinstance(p, URLPattern):
                found.add(
                    ":".join([*namespace, p.name]) if p.name else f"<unnamed {prefix}{p.pattern}>"
                )

    walk(get_resolver("teilhabe.urls").url_patterns, [], "")
    return found


def test_every_route_is_in_the_table() -> None:
    routes = non_api_routes()
    listed = set(PAGES) | set(NOT_PAGES)
    assert not set(PAGES) & set(NOT_PAGES)
    new, gone = sorted(routes - listed), sorted(listed - routes)
    assert not new, (
        f"New routes: add them to PAGES (with kwargs) or NOT_PAGES (with a reason): {new}"
    )
    assert not gone, f"Routes listed here no longer exist: {gone}"


def test_every_page_is_expected_to_be_checked_for_some_role() -> None:
    assert set(ROLES) == set(MATRIX_ROLES) | set(HALF_LOGGED_IN)
    expected = {role: expected_pages(role) for role in ROLES}
    never = [name for name in PAGES if not any(name in pages for pages in expected.values())]
    assert not never, f"No role gets these pages, so axe never checks them: {never}"
    total = sum(len(pages) for pages in expected.values())
    print(f"\naxe checks {total} page×role combinations ({len(PAGES)} pages, {len(ROLES)} roles)")


class AxeCheck:
    """Collects axe results for one role; `check(label)` runs axe on the current page.

    `who` is the name the header must show (the role's user), None for anonymous visitors.
    """

    def __init__(self, role: str, page: Any, who: str | None) -> None:
        self.role = role
        self.page = page
        self.who = who
        self.checked: list[str] = []
        self.not_for_role: list[str] = []
        self.failures: list[str] = []
        self.minor: list[str] = []
        self.client: Client | None = None

    def check(self, label: str) -> None:
        self.checked.append(label)
        for v in run_axe(self.page):
            targets = "\n      ".join(f"{n['target']}" for n in v["nodes"])
            where = f"[{self.role}] {label} ({self.page.url})"
            line = f"{where}: {v['impact']} {v['id']}: {v['help']}\n      {targets}"
            (self.failures if v["impact"] in SEVERE else self.minor).append(line)

    def visit(
        self, label: str, url: str, *, expect_status: int = 200, account_shown: bool = True
    ) -> bool:
        """Go to `url`, which must answer `expect_status` without a redirect and show a heading
        and the role's user; then check it. Anything else is a failure, never a skip."""
        response = self.page.goto(url)
        assert response is not None
        where = f"[{self.role}] {label} ({url})"
        if response.request.redirected_from is not None:
            self.failures.append(f"{where}: expected {expect_status}, redirected to {response.url}")
            return False
        if response.status != expect_status:
            self.failures.append(f"{where}: expected {expect_status}, answered {response.status}")
            return False
        # The headings and the account in one round trip to the browser (four were a tenth of
        # the run).
        headings, shown = self.page.evaluate(
            """() => [
              [...document.querySelectorAll("main h1")].map(h => h.innerText),
              document.querySelector(".site-user")?.innerText ?? null,
            ]"""
        )
        if len(headings) != 1 or not headings[0].strip():
            self.failures.append(f"{where}: no single heading (main h1) on the page")
            return False
        if account_shown and (
            (self.who is None and shown is not None)
            or (self.who is not None and (shown is None or self.who not in shown))
        ):
            self.failures.append(f"{where}: the header shows {shown!r}, expected {self.who!r}")
            return False
        self.check(label)
        return True

    def refused(self, label: str, url: str) -> None:
        """A page the role does not get: it must not answer 200 (it answers 404 or a redirect).
        Asked in-process with the page's own session (through the browser, these requests
        were a third of a role's walk); nothing of the page is rendered to check."""
        if self.client is None:
            self.client = Client()
            for cookie in self.page.context.cookies():
                if cookie["name"] == settings.SESSION_COOKIE_NAME:
                    self.client.cookies[settings.SESSION_COOKIE_NAME] = cookie["value"]
        status = self.client.get(url).status_code
        if status == 200:
            self.failures.append(
                f"[{self.role}] {label} ({url}): answers 200, but the tables do not give this "
                "role the page: update TABLE in test_url_matrix.py or HALF_LOGGED_IN here"
            )
        self.not_for_role.append(f"{label} ({status})")

    def open(self, url: str) -> None:
        """Go to a page only to fill its form (it is checked on its own already)."""
        response = self.page.goto(url)
        assert (
            response is not None and response.status == 200 and not response.request.redirected_from
        ), url

    def submit(self, label: str, button: str, fill: dict[str, str] | None = None) -> None:
        """Fill fields (selector -> value), press `button`, and check the answer."""
        for selector, value in (fill or {}).items():
            self.page.fill(selector, value)
        with self.page.expect_navigation():
            self.page.click(button)
        self.check(label)


def _user_for(role: str, request: pytest.FixtureRequest, seed: Seed) -> tuple[User | None, bool]:
    """(user, verified) for a role of the matrix."""
    if role == "anonymous":
        return None, False
    if role == "anna-unverified":  # password given, second factor not yet: the verify page
        return request.getfixturevalue("anna"), False
    if role == "no-device":  # a new KI staff member without an authenticator app: the setup page
        user = accounts.create_user(
            "nora",
            by=None,
            email="nora@teilhabe.example",
            first_name="Nora",
            last_name="Test",
            password="Korrekt-Pferd-Batterie-7",
            role=Role.KI_STAFF,
            centre=seed.centre,
        )
        return user, False
    return request.getfixturevalue(role), True


def _extra_states(
    role: str, ax: AxeCheck, seed: Seed, shared: dict[str, dict[str, object]]
) -> None:
    """States a GET does not show: form errors, lockout, second-factor errors, 404."""
    page = ax.page
    centre = seed.centre.pk
    errors = ".kern-alert--danger"
    if role == "anonymous":
        ax.open(reverse("accounts:login"))
        ax.submit(
            "login with wrong password",
            "main form button[type=submit]",
            {"#id_username": "niemand", "#id_password": "falsches-Passwort-1"},
        )
        assert page.locator(errors).is_visible(), "the failed login shows no error"
        ax.open(reverse("pages:accessibility"))
        ax.submit("feedback form with errors", "main form button[type=submit]")
        assert page.locator(errors).is_visible(), "the empty feedback form shows no error"
        ax.visit("centres search without result", reverse("centres:list") + "?q=zzzzz")
        ax.open(reverse("funding:calculator"))
        page.select_option("#id_district", "05711")
        page.select_option("#id_positions-0-category", "pedagogical")
        ax.submit(
            "grant calculator with a result",
            "main form button.kern-btn--primary",
            {
                "#id_positions-0-fte": "1,0",
                "#id_positions-0-months": "12",
                "#id_positions-0-annual_cost": "62.000",
            },
        )
        assert page.locator("#result-total").is_visible(), "the calculator shows no result"
        ax.open(reverse("funding:calculator"))
        ax.submit("grant calculator with errors", "main form button.kern-btn--primary")
        assert page.locator(errors).is_visible(), "the empty calculator shows no error"
        ax.open(reverse("proofs:interest_calculator"))
        ax.submit(
            "interest calculator with a result",
            "main form button.kern-btn--primary",
            {"#id_amount": "10.000,00", "#id_start": "2024-06-15", "#id_until": "2024-07-15"},
        )
        assert page.locator("#result-interest").is_visible(), "no interest shown"
        ax.open(reverse("proofs:interest_calculator"))
        ax.submit("interest calculator with errors", "main form button.kern-btn--primary")
        assert page.locator(errors).is_visible(), "the empty interest calculator shows no error"
        page.goto(reverse("accounts:login"))
        for _ in range(8):  # django-axes locks the username after a few failures
            page.fill("#id_username", "gesperrt")
            page.fill("#id_password", "falsches-Passwort-1")
            with page.expect_navigation() as nav:
                page.click("main form button[type=submit]")
            if nav.value and nav.value.status == 429:
                ax.check("locked out after failed logins")
                break
        else:
            ax.failures.append("[anonymous] the lockout page never appeared")
    elif role == "anna":
        ax.open(reverse("centres:staff_add", kwargs={"pk": centre}))
        ax.submit(
            "staff form with errors",
            "main form button[type=submit]",
            {"#id_first_name": "Test", "#id_fte": "5", "#id_start_date": ""},
        )
        assert page.locator(errors).is_visible(), "the invalid staff form shows no error"
        ax.open(reverse("centres:edit", kwargs={"pk": centre}))
        ax.submit(
            "centre form with errors",
            "main form button[type=submit]",
            {"#id_phone": "keine Nummer", "#id_postcode": "123"},
        )
        assert page.locator(errors).is_visible(), "the invalid centre form shows no error"
        ax.open(reverse("accounts:security"))
        ax.submit(
            "security: password form with errors",
            "form:has(input[name=action][value=password]) button[type=submit]",
        )
        ax.open(reverse("accounts:security"))
        ax.submit(
            "security: new API token shown once",
            "form:has(input[name=action][value=token]) button[type=submit]",
            {"#id_name": "Statistik-Export"},
        )
        assert page.locator(".token-once").is_visible(), "the new token is not shown"
        ax.open(reverse("concepts:add", kwargs=shared["concepts:add"]))
        ax.submit("concept form with errors", "main form button[type=submit]", {"#id_title": ""})
        assert page.locator(errors).is_visible(), "the invalid concept form shows no error"
        ax.open(reverse("funding:application_edit", kwargs=shared["funding:application_edit"]))
        ax.submit(
            "application draft with errors",
            "main form button[name=save]",
            {"#id_positions-0-fte": "5", "#id_interpreter_pool_cost": "-1"},
        )
        assert page.locator(errors).is_visible(), "the invalid application shows no error"
        # The accepted report corrected: the reason missing, then the new revision's form (a
        # GET of a submitted report shows no form), then a value that is no number.
        ax.open(reverse("controlling:report_correct", kwargs=shared["controlling:report_correct"]))
        ax.submit("report correction with errors", "main form button.kern-btn--primary")
        assert page.locator(errors).is_visible(), "the correction without reason shows no error"
        ax.submit(
            "controlling report: the draft's form",
            "main form button.kern-btn--primary",
            {"#id_reason": "Die Zahl der Beratungen war zu niedrig angegeben."},
        )
        assert page.locator("main form input[id^=id_value_]").count(), "the draft shows no form"
        ax.submit(
            "controlling report with errors",
            "main form button.kern-btn--primary",
            {"main form input[id^=id_value_]": "viele"},
        )
        assert page.locator(errors).is_visible(), "the invalid report shows no error"
        ax.open(reverse("evaluation:answer", kwargs=shared["evaluation:answer"]))
        ax.submit(
            "survey answers with errors",
            "main form button[name=action][value=submit]",
            {"#id_q_stellen": "99"},
        )
        assert page.locator(errors).is_visible(), "the invalid survey answers show no error"
    elif role == "bernd":
        ax.open(reverse("funding:proposal", kwargs=shared["funding:proposal"]))
        page.select_option("#id_kind", "approve_partial")
        ax.submit("proposal with errors", "main form button.kern-btn--primary", {"#id_reasons": ""})
        assert page.locator(errors).is_visible(), "the invalid proposal shows no error"
        trail = reverse("core:audit_log")
        ax.visit("audit trail filtered", f"{trail}?action=staff.added&q=a&centre={centre}")
        ax.visit(
            "audit trail with filter errors", f"{trail}?date_from=2026-12-31&date_to=2026-01-01"
        )
        assert page.locator(".kern-error").is_visible(), "the wrong dates show no error"
        ax.visit("audit trail filtered to nothing", f"{trail}?q=zzzzz")
    elif role == "lars":
        ax.open(reverse("controlling:indicator_add"))
        ax.submit("indicator form with errors", "main form button.kern-btn--primary")
        assert page.locator(errors).is_visible(), "the empty indicator form shows no error"
        ax.open(reverse("controlling:period_add"))
        ax.submit(
            "period form with errors",
            "main form button.kern-btn--primary",
            {"#id_starts_on": "2027-01-02", "#id_ends_on": "2027-06-30"},
        )
        assert page.locator(errors).is_visible(), "the wrong period shows no error"
        ax.open(reverse("controlling:report_decide", kwargs=shared["controlling:report_decide"]))
        ax.submit("report decision with errors", "main form button.kern-btn--primary")
        assert page.locator(errors).is_visible(), "the decision without a choice shows no error"
    elif role == "mia":
        ax.open(reverse("funding:guideline_add"))
        ax.submit("guideline form with errors", "main form button[type=submit]")
        assert page.locator(errors).is_visible(), "the empty guideline form shows no error"
    elif role == "anna-unverified":
        ax.open(reverse("accounts:two_factor_verify"))
        ax.submit(
            "verify with a wrong code", "main form button[type=submit]", {"#id_token": "12345"}
        )
        assert page.locator(errors).is_visible(), "the wrong code shows no error"
    elif role == "no-device":
        ax.open(reverse("accounts:two_factor_setup"))
        ax.submit(
            "2FA setup with a wrong code", "main form button[type=submit]", {"#id_token": "000000"}
        )
        assert page.locator(errors).is_visible(), "the wrong code shows no error"
    ax.visit("404 page", "/gibt-es-nicht/", expect_status=404)


@pytest.mark.parametrize("role", ROLES)
def test_every_page_passes_axe(
    role: str, request: pytest.FixtureRequest, page_as: Callable[..., Any], seed: Seed
) -> None:
    user, verified = _user_for(role, request, seed)
    page = page_as(user, verified=verified, bypass_csp=True)  # axe is injected inline
    ax = AxeCheck(role, page, user.get_full_name() if user is not None else None)
    ids = {"centre": seed.centre.pk, "member": seed.member.pk}
    shared = url_objects(request.getfixturevalue("anna"), seed.centre)
    expected = expected_pages(role)
    for name, kwargs in PAGES.items():
        if kwargs is FROM_URL_OBJECTS:
            url = reverse(name, kwargs=shared[name])
        else:
            url = reverse(name, kwargs={k: ids[v] for k, v in kwargs.items()})
        if name in expected:
            ax.visit(name, url, account_shown=name not in PUBLIC_LAYOUT)
        else:
            ax.refused(name, url)
    pages_checked = [label for label in ax.checked if label in PAGES]
    _extra_states(role, ax, seed, shared)
    states = len(ax.checked) - len(pages_checked)

    print(
        f"\n[{role}] checked {len(pages_checked)} of the {len(expected)} pages the table expects"
        f" and {states} states: {', '.join(ax.checked)}"
    )
    print(f"[{role}] not for this role (404/redirect): {', '.join(ax.not_for_role) or '-'}")
    if ax.minor:
        print(f"[{role}] moderate/minor findings (not failing):\n  " + "\n  ".join(ax.minor))
    assert not page_as.blocked, f"requests to other hosts: {page_as.blocked}"
    assert not ax.failures, "pages not as expected or with serious/critical violations:\n" + (
        "\n".join(ax.failures)
    )
    assert pages_checked == expected, (
        f"checked {len(pages_checked)} pages, the table expects {len(expected)}: "
        f"missing {sorted(set(expected) - set(pages_checked))}"
    )


@pytest.mark.parametrize("role", ["anonymous", "anna", "bernd"])
def test_pages_at_phone_width_pass_axe_and_reflow(
    role: str, request: pytest.FixtureRequest, page_as: Callable[..., Any], seed: Seed
) -> None:
    """390 px wide: axe again, and no sideways scrolling of the page (WCAG 1.4.10 reflow)."""
    user, verified = _user_for(role, request, seed)
    page = page_as(user, verified=verified, bypass_csp=True, viewport={"width": 390, "height": 844})
    ax = AxeCheck(f"{role}@390px", page, user.get_full_name() if user is not None else None)
    urls = [reverse("pages:start"), reverse("centres:list"), seed.centre.get_absolute_url()]
    if role == "bernd":  # the grant officer's payment steps
        shared = url_objects(request.getfixturevalue("anna"), seed.centre)
        urls += [
            reverse("funding:payment_queue"),
            reverse("funding:payment_release", kwargs=shared["funding:payment_release"]),
            reverse("funding:payment_refuse", kwargs=shared["funding:payment_refuse"]),
            reverse("funding:payments", kwargs=shared["funding:payments"]),
        ]
    elif user is not None:
        shared = url_objects(user, seed.centre)
        urls += [
            reverse("centres:edit", kwargs={"pk": seed.centre.pk}),
            reverse("accounts:security"),
            reverse("accounts:notifications"),
            reverse("funding:applications"),
            reverse("funding:application", kwargs=shared["funding:application"]),
            reverse("funding:application_edit", kwargs=shared["funding:application_edit"]),
            reverse("funding:application_submit", kwargs=shared["funding:application_submit"]),
            reverse("funding:decision", kwargs=shared["funding:decision"]),
            reverse("funding:payments", kwargs=shared["funding:payments"]),
            # the door list, ticked on a phone at the entrance
            reverse("events:attendance", kwargs=shared["events:attendance"]),
            reverse("events:checkin", kwargs=shared["events:checkin"]),
            reverse("events:detail", kwargs=shared["events:detail"]),
        ]
    for url in urls:
        if ax.visit(url, url):
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 0:
                ax.failures.append(f"[{ax.role}] {url}: the page scrolls sideways by {overflow}px")
    print(f"\n[{ax.role}] checked {len(ax.checked)} of {len(urls)} pages: {', '.join(ax.checked)}")
    assert not ax.failures, "\n".join(ax.failures)
    assert ax.checked == urls, f"checked {len(ax.checked)} of {len(urls)} pages"


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_public_guide_passes_axe_and_reflows_in_german_and_arabic(
    language: str, request: pytest.FixtureRequest, page_as: Callable[..., Any], seed: Seed
) -> None:
    """The public guide at 390 px in German and in Arabic (right to left): axe, no sideways
    scrolling, the language menu opens without script; then the map under the real CSP."""
    from teilhabe.guide import services as guide_services
    from teilhabe.guide.tests import factories as guide_factories

    anna = request.getfixturevalue("anna")
    # A web address in how to register, in both languages: one long word that must wrap.
    address = (
        "https://www.vhs.example/programm/deutsch-als-zweitsprache/integrationskurse/anmeldung"
    )
    texts = guide_factories.texts(
        ar={"title": "استشارة الهجرة", "summary": "نصائح", "registration_how": address}
    )
    texts["de"]["registration_how"] = f"Online: {address}"
    offer = guide_services.add_offer(
        seed.centre,
        by=anna,
        data=guide_factories.offer_data(),
        texts=texts,
        locations=[guide_factories.location(seed.centre)],
    )
    offer = guide_services.change_status(offer, by=anna, to="published")
    key = seed.centre.grantee.key
    page = page_as(None, bypass_csp=True, viewport={"width": 390, "height": 844})
    ax = AxeCheck(f"anonymous@390px/{language}", page, None)
    urls = [
        reverse("guide:public_start"),
        reverse("guide:public_centre", args=[key]),
        reverse("guide:public_centre", args=[key]) + "?view=map",
        offer.get_public_url(),
    ]
    for url in urls:
        url += ("&" if "?" in url else "?") + f"lang={language}"
        if ax.visit(url, url, account_shown=False):
            assert page.get_attribute("html", "lang") == language
            assert page.get_attribute("html", "dir") == ("rtl" if language == "ar" else "ltr")
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 0:
                ax.failures.append(f"[{ax.role}] {url}: the page scrolls sideways by {overflow}px")
    page.goto(reverse("guide:public_centre", args=[key]) + f"?lang={language}")
    page.locator(".g-lang__toggle").click()
    assert page.locator(".g-lang__list a[hreflang='uk']").is_visible()
    ax.check("language menu open")
    assert not ax.failures, "\n".join(ax.failures)
    # The map under the project's CSP (no bypass): Leaflet draws the marker links.
    strict = page_as(None, viewport={"width": 390, "height": 844})
    strict.goto(reverse("guide:public_centre", args=[key]) + f"?lang={language}&view=map")
    strict.locator(".g-marker__link").first.wait_for(state="visible")
    assert strict.locator(".g-marker__link").first.get_attribute("href") == "#place-1"
    strict.locator("path.leaflet-interactive, .leaflet-overlay-pane path").first.wait_for(
        state="attached"
    )


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_public_feedback_and_open_data_pages_pass_axe_in_german_and_arabic(
    language: str, request: pytest.FixtureRequest, page_as: Callable[..., Any], seed: Seed
) -> None:
    """The feedback form on its own page, with a comment too long (422, the error linked to the
    field) and after sending (thank-you page), and the open data page: axe at 390 px in German
    and Arabic, no sideways scrolling."""
    from django.core.cache import cache

    from teilhabe.guide.tests import factories as guide_factories

    cache.clear()  # the feedback rate limit
    offer = guide_factories.published(seed.centre, request.getfixturevalue("anna"))
    page = page_as(None, bypass_csp=True, viewport={"width": 390, "height": 844})
    ax = AxeCheck(f"anonymous@390px/{language}", page, None)

    def reflows(label: str) -> None:
        assert page.get_attribute("html", "lang") == language
        assert page.get_attribute("html", "dir") == ("rtl" if language == "ar" else "ltr")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            ax.failures.append(f"[{ax.role}] {label}: the page scrolls sideways by {overflow}px")

    feedback = reverse("guide:public_feedback", args=[offer.uuid]) + f"?lang={language}"
    if ax.visit("feedback form", feedback, account_shown=False):
        reflows("feedback form")
        # past the textarea's maxlength, as a browser that ignores it would send
        page.evaluate("document.querySelector('#feedback-comment').removeAttribute('maxlength')")
        page.fill("#feedback-comment", "x" * 1001)
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()
        assert page.locator("#feedback-comment-error").is_visible()
        assert "feedback-comment-error" in (
            page.get_attribute("#feedback-comment", "aria-describedby") or ""
        )
        ax.check("feedback form with an error")
        reflows("feedback form with an error")
        page.fill("#feedback-comment", "Die Zeiten stimmen nicht mehr.")
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()
        assert page.locator("[data-feedback-received]").is_visible()
        ax.check("feedback thank-you page")
        reflows("feedback thank-you page")
    open_data = reverse("guide:open_data") + f"?lang={language}"
    if ax.visit("open data", open_data, account_shown=False):
        reflows("open data")
    cache.clear()
    assert not ax.failures, "\n".join(ax.failures)
    assert len(ax.checked) == 4, ax.checked


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_search_page_passes_axe_in_german_and_arabic(
    language: str, request: pytest.FixtureRequest, page_as: Callable[..., Any], seed: Seed
) -> None:
    """The search page (`/wegweiser/suche/`) at 1280 and 390 px in German and Arabic: with
    results, "Filters" open, with errors (422, the summary linked to the fields), with no result,
    and the map; no sideways scrolling at 390 px."""
    from teilhabe.guide.tests import factories as guide_factories

    anna = request.getfixturevalue("anna")
    for _ in range(3):
        guide_factories.published(seed.centre, anna)
    search = reverse("guide:public_search")
    states = {
        "results": f"?near=Bielefeld&lang={language}",
        "filters": f"?category=counselling&free=true&lang={language}",
        "errors": f"?q=Kurs&near=Hereford&radius_km=999&level=Z9&lang={language}",
        "no result": f"?q=zzzz&district=05711&lang={language}",
        "map": f"?near=Bielefeld&view=map&lang={language}",
    }
    for width in (1280, 390):
        page = page_as(None, bypass_csp=True, viewport={"width": width, "height": 900})
        ax = AxeCheck(f"anonymous@{width}px/{language}", page, None)
        for label, query in states.items():
            expect = 422 if label == "errors" else 200
            if not ax.visit(label, search + query, expect_status=expect, account_shown=False):
                continue
            assert page.get_attribute("html", "dir") == ("rtl" if language == "ar" else "ltr")
            if label == "filters":
                assert page.locator("#search-filters-box").get_attribute("open") is not None
            if label == "errors":
                assert page.locator("#search-problems a[href='#search-near']").is_visible()
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 0:
                ax.failures.append(
                    f"[{ax.role}] {label}: the page scrolls sideways by {overflow}px"
                )
        assert not ax.failures, "\n".join(ax.failures)
        assert len(ax.checked) == len(states), ax.checked


def test_the_search_page_updates_in_place_with_htmx(
    request: pytest.FixtureRequest, page_as: Callable[..., Any], seed: Seed
) -> None:
    """Under the real CSP: a changed filter replaces the results without a page load, pushes
    the address (without the empty fields) and says the new count in the live region; a sent
    form moves the focus to the count; the back button gives the earlier search again; the map
    view draws its markers."""
    from teilhabe.guide.models import Category
    from teilhabe.guide.tests import factories as guide_factories

    anna = request.getfixturevalue("anna")
    guide_factories.published(seed.centre, anna)
    guide_factories.published(seed.centre, anna, category=Category.objects.get(code="health"))
    page = page_as(None)
    search = reverse("guide:public_search")
    page.goto(search)
    page.evaluate("window.notReloaded = true")
    assert page.locator("#search-results").get_attribute("data-count") == "2"
    page.locator("summary.g-filters__toggle").click()
    page.locator("#search-category").focus()  # as a visitor's tap or Tab does
    with page.expect_response(lambda r: "category=health" in r.url):
        page.select_option("#search-category", "health")
    page.wait_for_selector("#search-results[data-count='1']")
    assert page.evaluate("window.notReloaded") is True
    assert "category=health" in page.url and "q=" not in page.url  # no empty fields
    assert "1" in page.locator("#search-status").inner_text()
    assert page.evaluate("document.activeElement.id") == "search-category"
    assert page.locator("#search-filters-box").get_attribute("open") is not None
    page.fill("#search-q", "Migrationsberatung")
    with page.expect_response(lambda r: "q=Migrationsberatung" in r.url):
        page.locator("#search-form button[type=submit]").first.click()
    _wait_for_focus(page, "results-heading")
    assert page.evaluate("window.notReloaded") is True
    with page.expect_response(lambda r: "category=health" in r.url and "q=" not in r.url):
        page.go_back()  # htmx asks for the whole page again (no history cache)
    for _ in range(50):
        if page.input_value("#search-q") == "":
            break
        page.wait_for_timeout(100)
    assert page.input_value("#search-q") == "" and "q=" not in page.url
    assert page.locator("#search-results").get_attribute("data-count") == "1"
    # the radius beside the place is no filter inside "Filters", but changing it searches too
    with page.expect_response(lambda r: "radius_km=50" in r.url and r.status == 200):
        page.select_option("#search-radius_km", "50")
    assert page.evaluate("window.notReloaded") is True and "radius_km=50" in page.url
    # a bad value: the error summary arrives in place, the typed words stay
    page.fill("#search-q", "x" * 5)
    page.fill("#search-near", "Hereford")
    with page.expect_response(lambda r: r.status == 422):
        page.locator("#search-form button[type=submit]").first.click()
    page.wait_for_selector("#search-problems")
    assert page.input_value("#search-q") == "xxxxx"
    _wait_for_focus(page, "search-problems")
    page.goto(search + "?near=Bielefeld&view=map")
    page.locator(".g-marker__link").first.wait_for(state="visible")
    assert page.locator(".g-marker__link").first.get_attribute("href") == "#place-1"


def _wait_for_focus(page: Any, element_id: str) -> None:
    """Until the element has the focus (page.wait_for_function would need eval, which the
    page's CSP forbids)."""
    for _ in range(50):
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"#{element_id} never got the focus")
