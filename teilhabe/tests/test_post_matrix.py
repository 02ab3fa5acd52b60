"""Every write through a page, tried by every persona: who may not, gets 404 and writes nothing.

The GET matrix (`test_url_matrix.py`) shows who sees a form; this posts to every route that
accepts a POST, as each persona, and checks that a forbidden POST changes no row: the audit
trail, which every write extends, stays as it was. POST-only routes are listed here with the
personas who may use them.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.core.models import AuditEvent
from teilhabe.tests.test_url_matrix import COLUMNS, EXPECTED, TABLE
from teilhabe.tests.url_objects import url_objects

PERSONAS = [who for who in COLUMNS if who != "anonymous"]

# Routes that answer GET with 405: who may POST (everyone else must get 404, except those in
# REFUSED_VISIBLY, who see the object and are told why not).
POST_ONLY: dict[str, set[str]] = {
    "funding:application_withdraw": {"anna"},
    "funding:signature_request": {"kai"},  # staff ask their lead; the lead signs herself
    "funding:application_autosave": {"kai", "anna"},
    "funding:condition_fulfil": {"kai", "anna"},
    "accounts:logout": set(PERSONAS),
    "accounts:revoke_token": {"anna"},
    "accounts:logout_everywhere": set(PERSONAS),
    "network:undo": {"kai", "anna"},
    "accounts:notifications_read": set(PERSONAS),  # each marks her own
    "measures:session_remove": {"kai", "anna"},
    "measures:status": {"kai", "anna"},
    "network:import_retry": {"kai", "anna"},
    "quality:recompute": {"lars"},
    # Each KI begins its own report on a period (the URL names the period, the KI is the user's).
    "controlling:report_open": {"kai", "anna", "carla"},
    "controlling:report_submit": {"anna"},
    "evaluation:question_remove": {"eva"},
    "evaluation:questionnaire_version": {"eva"},
    "proofs:use_start": {"kai", "anna"},
    "guide:offer_status": {"kai", "anna", "paul"},  # Paul hands his organisation's offer in
    "guide:text_reviewed": {"kai", "anna", "paul"},  # and checks its translations
    "guide:machine_translate": {"kai", "anna"},  # the KI's people only; a partner asks its KI
    "guide:offer_confirm": {"kai", "anna"},  # the KI confirms an offer as current, not Paul
    "guide:feedback_done": {"kai", "anna"},  # and closes the public's feedback
}
REFUSED_VISIBLY: dict[str, set[str]] = {
    "funding:application_withdraw": {"kai"},  # staff see the application; only the lead withdraws
    "funding:signature_request": {"anna"},  # the lead sees it and is told she signs herself
}
# Routes without POST at all (read-only pages, downloads, the API's GET endpoints).
READ_ONLY_PREFIXES = ("api:",)
READ_ONLY = {
    "pages:start",
    "guide:offers",
    "guide:review",
    "guide:offer",
    "guide:mine",
    "guide:public_offer",
    "guide:public_start",
    "guide:public_centre",
    "guide:public_search",
    "guide:public_boundary",
    "guide:xliff_export",  # a download (GET only)
    "guide:feedback",
    "guide:calendar",
    "guide:import_progress",
    "guide:offers_csv",
    "guide:open_data_csv",
    "pages:imprint",
    "pages:privacy",
    "centres:list",
    "centres:list_export",
    "centres:detail",
    "core:audit_log",
    "core:audit_log_export",
    "accounts:notifications",
    # A GET only (POST: 405); it marks the reader's own notification read (accounts/tests).
    "accounts:notification_open",
    "concepts:list",
    "concepts:detail",
    "concepts:document",
    "funding:applications",
    "funding:applications_export",
    "funding:application",
    "funding:attachment",
    "funding:signatures",
    "funding:decisions",
    "funding:decisions_export",
    "funding:decision",
    "funding:decision_pdf",
    "funding:conditions",
    "funding:budget",
    "funding:budget_export",
    "funding:planning",
    "funding:payments",
    "funding:payments_export",
    "funding:payment_queue",
    "funding:payment_queue_export",
    "funding:guidelines",
    "funding:guideline",
    "funding:application_windows",
    "network:list",
    "network:list_export",
    "network:duplicates",
    "network:matrix",
    "network:detail",
    "network:agreement_document",
    "network:mine",
    "events:certificate",
    "events:registrations_export",
    "network:import_progress",
    "measures:companions",
    "measures:companions_export",
    "measures:group",
    "measures:assignments",
    "measures:assignments_export",
    "measures:counselling",
    "measures:counselling_export",
    "measures:figures",
    "measures:state_figures",
    "measures:state_figures_export",
    "measures:all",
    "measures:all_export",
    "measures:list",
    "measures:list_export",
    "measures:partners",
    "measures:detail",
    "measures:document",
    "measures:schools",
    "measures:schools_export",
    "measures:school",
    "proofs:base_rates",
    "quality:overview",
    "quality:centre",
    "quality:history",
    "controlling:reports",
    "controlling:report_inbox",
    "evaluation:index",
    "evaluation:exports",
    "evaluation:dictionary",
    "evaluation:dictionary_export",
    "evaluation:export",
    "evaluation:questionnaire",
    "evaluation:point",
    "evaluation:point_export",
    "evaluation:compare",
    "evaluation:surveys",
    "proofs:uses",
    "proofs:use",
    "proofs:use_note",
    "controlling:state",
    "controlling:state_export",
    "controlling:state_series",
    "controlling:state_map",
    "proofs:repayments",
    "proofs:repayment",
    "proofs:repayment_pdf",
}


def _forbidden(name: str) -> list[str]:
    """The personas who may not write through `name` (their GET answers 404)."""
    if name in POST_ONLY:
        return [who for who in PERSONAS if who not in POST_ONLY[name]]
    return [who for who in PERSONAS if EXPECTED[(name, who)] == 404]


WRITE_ROUTES = sorted(
    name
    for name in TABLE
    if name not in READ_ONLY and not name.startswith(READ_ONLY_PREFIXES) and _forbidden(name)
)


def test_every_post_only_route_is_listed() -> None:
    post_only = {
        name for name in TABLE if EXPECTED[(name, "kai")] == 405 and not name.startswith("api:")
    }
    assert post_only == set(POST_ONLY)


# The personas and the rows behind the URLs are made once for the module (`module_db`) and
# each test rolls back to them: made for each route, they were nine tenths of its time.
@pytest.fixture(scope="module")
def shared_url_objects(module_personas: dict[str, User]) -> dict[str, dict[str, object]]:
    bielefeld = Centre.objects.select_related("grantee").get(grantee__key="05711")
    return url_objects(module_personas["anna"], bielefeld)


@pytest.mark.parametrize("name", WRITE_ROUTES)
def test_a_forbidden_post_answers_404_and_writes_nothing(
    name: str,
    module_personas: dict[str, User],
    shared_url_objects: dict[str, dict[str, object]],
    db: None,
    verified_client,
) -> None:
    personas = module_personas
    url = reverse(name, kwargs=shared_url_objects.get(name, {}))
    # Logging each persona in is itself an audit event (accounts/security.py): not a write.
    writes = AuditEvent.objects.exclude(action="user.logged_in")
    before = writes.count()
    wrong = []
    for who in _forbidden(name):
        client: Client = verified_client(personas[who])
        response = client.post(url, {"action": "sign", "signed": "on", "amount": "1.00"})
        expected = 302 if who in REFUSED_VISIBLY.get(name, set()) else 404
        if response.status_code != expected:
            wrong.append(f"{who}: {response.status_code}")
    assert not wrong, f"POST {url} ({name}) by personas who may not: " + ", ".join(wrong)
    assert writes.count() == before, f"a forbidden POST to {name} wrote something"
