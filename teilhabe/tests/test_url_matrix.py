"""Every URL of the project, with every persona and anonymous: who gets what.

The table below is the contract of `teilhabe.core.roles` as seen from outside. A new URL pattern
fails `test_it_has_an_expectation_for_every_url_pattern` until it gets a row here, so nobody
adds a page without deciding who may open it. Forbidden is answered like missing: 404.
"""

# ruff: noqa: E501 (the table reads best one URL per line)
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, urlparse

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.funding.tests.url_matrix_applications import draft_objects
from teilhabe.tests.url_objects import url_objects as objects_for_urls


@dataclass(frozen=True)
class Redirect:
    """A 302 to the page of this route name."""

    to: str

    def __str__(self) -> str:
        return f"302→{self.to}"


LOGIN = Redirect("accounts:login")
START = Redirect("pages:start")
APPL = Redirect("funding:application")
INBOX = Redirect("controlling:report_inbox")

# GET on every route. Personas are logged in with the second factor passed.
# kai: KI staff Bielefeld · anna: KI lead Bielefeld · carla: KI lead Dortmund · bernd: grant
# officer · guel: grant approver · mia: ministry · lars: coordination · sven: school authority
# of Bielefeld · eva: evaluator · paul: partner. Objects in URLs belong to KI Bielefeld.
# fmt: off
COLUMNS = ("anonymous", "kai", "anna", "carla", "bernd", "guel", "mia", "lars", "sven", "eva", "paul")

TABLE: dict[str, tuple[int | Redirect, ...]] = {
    #                                anon   kai    anna   carla  bernd  guel   mia    lars   sven   eva    paul
    "pages:start":                  (200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "pages:accessibility":          (200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "pages:imprint":                (200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "pages:privacy":                (200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "set_language":                 (START, START, START, START, START, START, START, START, START, START, START),
    "accounts:login":               (200,   START, START, START, START, START, START, START, START, START, START),
    "accounts:logout":              (405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    "accounts:two_factor_setup":    (LOGIN, 200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "accounts:two_factor_verify":   (LOGIN, 200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "accounts:security":            (LOGIN, 200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "accounts:revoke_token":        (LOGIN, 405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    "accounts:logout_everywhere":   (LOGIN, 405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    "accounts:notifications":       (LOGIN, 200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    # Anna's notification on the application: opening it goes there; nobody else's to open.
    "accounts:notification_open":   (LOGIN, 404,   APPL,  404,   404,   404,   404,   404,   404,   404,   404),
    "accounts:notifications_read":  (LOGIN, 405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    "centres:list":                 (200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "centres:list_export":          (200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "centres:detail":               (200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "centres:edit":                 (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    "centres:staff_add":            (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    "centres:staff_edit":           (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    "core:audit_log":               (LOGIN, 404,   200,   200,   200,   200,   404,   200,   404,   404,   404),
    "core:audit_log_export":        (LOGIN, 404,   200,   200,   200,   200,   404,   200,   404,   404,   404),
    "api:api-root":                 (404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404),
    "api:openapi-json":             (200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "api:openapi-view":             (200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "api:list_districts":           (200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "api:get_district":             (200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "api:list_centres":             (200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "api:get_centre":               (200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "api:list_staff":               (401,   200,   200,   404,   200,   200,   200,   200,   200,   200,   404),
    "api:me":                       (401,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "api:list_audit_events":        (401,   404,   200,   200,   200,   200,   404,   200,   404,   404,   404),
    "api:calculate":                (405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    # concepts
    "concepts:list":                (LOGIN, 200,   200,   404,   200,   200,   200,   200,   200,   200,   404),
    "concepts:add":                 (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    "concepts:detail":              (LOGIN, 200,   200,   404,   200,   200,   200,   200,   200,   200,   404),
    "concepts:document":            (LOGIN, 200,   200,   404,   200,   200,   200,   200,   200,   200,   404),
    "api:list_concepts":            (401,   200,   200,   404,   200,   200,   200,   200,   200,   200,   404),
    "api:list_organisations":       (401,   200,   200,   200,   404,   404,   404,   200,   404,   404,   200),
    "api:get_organisation":         (401,   200,   200,   404,   404,   404,   404,   200,   404,   404,   200),
    # funding: applications
    "funding:applications":         (LOGIN, 200,   200,   200,   200,   200,   200,   200,   404,   404,   404),
    "funding:applications_export":  (LOGIN, 200,   200,   200,   200,   200,   200,   200,   404,   404,   404),
    "funding:application_new":      (LOGIN, 200,   200,   200,   404,   404,   404,   404,   404,   404,   404),
    "funding:application":          (LOGIN, 200,   200,   404,   200,   200,   200,   200,   404,   404,   404),
    "funding:application_edit":     (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    "funding:application_submit":   (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    "funding:application_withdraw": (LOGIN, 405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    "funding:signature_request":    (LOGIN, 405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    "funding:application_autosave": (LOGIN, 405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    "funding:attachment_add":       (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    "funding:attachment":           (LOGIN, 200,   200,   404,   200,   200,   200,   200,   404,   404,   404),
    "funding:information_answer":   (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    "api:list_applications":        (401,   200,   200,   200,   200,   200,   200,   200,   404,   404,   404),
    "api:get_application":          (401,   200,   200,   404,   200,   200,   200,   200,   404,   404,   404),
    # funding: review and decisions
    "funding:review":               (LOGIN, 404,   404,   404,   200,   404,   404,   404,   404,   404,   404),
    "funding:information_request":  (LOGIN, 404,   404,   404,   200,   404,   404,   404,   404,   404,   404),
    "funding:proposal":             (LOGIN, 404,   404,   404,   200,   404,   404,   404,   404,   404,   404),
    "funding:signatures":           (LOGIN, 404,   404,   404,   200,   200,   404,   404,   404,   404,   404),
    "funding:sign":                 (LOGIN, 404,   404,   404,   200,   200,   404,   404,   404,   404,   404),
    "funding:decisions":            (LOGIN, 200,   200,   200,   200,   200,   200,   200,   404,   404,   404),
    "funding:decisions_export":     (LOGIN, 200,   200,   200,   200,   200,   200,   200,   404,   404,   404),
    "funding:decision":             (LOGIN, 200,   200,   404,   200,   200,   200,   200,   404,   404,   404),
    "funding:decision_pdf":         (LOGIN, 200,   200,   404,   200,   200,   200,   200,   404,   404,   404),
    "funding:amendment":            (LOGIN, 404,   404,   404,   200,   404,   404,   404,   404,   404,   404),
    "funding:conditions":           (LOGIN, 200,   200,   200,   200,   200,   200,   200,   404,   404,   404),
    "funding:condition_fulfil":     (LOGIN, 405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    "api:list_decisions":           (401,   200,   200,   200,   200,   200,   200,   200,   404,   404,   404),
    "api:get_decision":             (401,   200,   200,   404,   200,   200,   200,   200,   404,   404,   404),
    # funding: budget, payments, guidelines
    "funding:budget":               (LOGIN, 404,   404,   404,   200,   200,   200,   404,   404,   404,   404),
    "funding:budget_export":        (LOGIN, 404,   404,   404,   200,   200,   200,   404,   404,   404,   404),
    "funding:budget_line_add":      (LOGIN, 404,   404,   404,   404,   404,   200,   404,   404,   404,   404),
    "funding:budget_line":          (LOGIN, 404,   404,   404,   200,   200,   200,   404,   404,   404,   404),
    "funding:planning":             (LOGIN, 404,   404,   404,   200,   200,   200,   404,   404,   404,   404),
    "funding:payments":             (LOGIN, 200,   200,   404,   200,   200,   200,   200,   404,   404,   404),
    "funding:payments_export":      (LOGIN, 200,   200,   404,   200,   200,   200,   200,   404,   404,   404),
    "funding:payment_request":      (LOGIN, 404,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    "funding:payment_queue":        (LOGIN, 404,   404,   404,   200,   404,   404,   404,   404,   404,   404),
    "funding:payment_queue_export": (LOGIN, 404,   404,   404,   200,   404,   404,   404,   404,   404,   404),
    "funding:payment_release":      (LOGIN, 404,   404,   404,   200,   404,   404,   404,   404,   404,   404),
    "funding:payment_refuse":       (LOGIN, 404,   404,   404,   200,   404,   404,   404,   404,   404,   404),
    "funding:guidelines":           (200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "funding:calculator":           (200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "funding:guideline":            (200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "funding:guideline_add":        (LOGIN, 404,   404,   404,   404,   404,   200,   404,   404,   404,   404),
    "funding:application_windows":  (200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "funding:application_window":   (LOGIN, 404,   404,   404,   404,   404,   200,   404,   404,   404,   404),
    "api:list_budget_lines":        (401,   404,   404,   404,   200,   200,   200,   404,   404,   404,   404),
    "api:list_guidelines":          (200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    # network (the organisation belongs to KI Bielefeld; Paul is its partner account)
    "network:list":                 (LOGIN, 200,   200,   404,   404,   404,   404,   200,   404,   404,   404),
    "network:list_export":          (LOGIN, 200,   200,   404,   404,   404,   404,   200,   404,   404,   404),
    "network:add":                  (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    "network:duplicates":           (LOGIN, 200,   200,   404,   404,   404,   404,   200,   404,   404,   404),
    "network:matrix":               (LOGIN, 200,   200,   404,   404,   404,   404,   200,   404,   404,   404),
    "network:detail":               (LOGIN, 200,   200,   404,   404,   404,   404,   200,   404,   404,   200),
    "network:edit":                 (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   200),
    "network:contact_add":          (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   200),
    "network:contact_edit":         (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   200),
    "network:agreement_add":        (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    "network:agreement_document":   (LOGIN, 200,   200,   404,   404,   404,   404,   200,   404,   404,   200),
    "network:undo":                 (LOGIN, 405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    "network:merge":                (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    "network:mine":                 (LOGIN, 404,   404,   404,   404,   404,   404,   404,   404,   404,   200),
    # events: public pages, the organiser's (KI Bielefeld's) pages, the participant's link
    "events:list":                  (200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "events:new":                   (LOGIN, 200,   200,   200,   404,   404,   404,   200,   404,   404,   404),
    "events:person_data":           (LOGIN, 200,   200,   200,   404,   404,   404,   200,   404,   404,   404),
    "events:detail":                (200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "events:calendar":              (200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "events:edit":                  (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    "events:manage":                (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    "events:registrations_export":  (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    "events:attendance":            (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    "events:checkin":               (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    "events:certificate":           (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    "events:centre_calendar":       (200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "events:registration":          (200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "events:registration_certificate": (200, 200,  200,   200,   200,   200,   200,   200,   200,   200,   200),
    "api:list_events":              (200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "api:events_ics":               (200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "api:get_event":                (200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "api:search_offers":            (200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "api:get_offer":                (200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "api:list_categories":          (200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "network:import":               (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    "network:import_review":        (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    "network:import_progress":      (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    # measures: parent groups (KI Bielefeld's Rucksack KiTa measure; the coordination office reads)
    "measures:companions":          (LOGIN, 200,   200,   404,   404,   404,   404,   200,   404,   404,   404),
    "measures:companions_export":   (LOGIN, 200,   200,   404,   404,   404,   404,   200,   404,   404,   404),
    "measures:companion_add":       (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    "measures:companion_edit":      (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    "measures:group_add":           (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    "measures:group":               (LOGIN, 200,   200,   404,   404,   404,   404,   200,   404,   404,   404),
    "measures:group_edit":          (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    "measures:session_add":         (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    "measures:session_remove":      (LOGIN, 405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    # measures: the interpreter pool, the counselling log, the figures (KI Bielefeld's; the
    # coordination office reads them and alone sees every KI's figures side by side)
    "measures:assignments":         (LOGIN, 200,   200,   404,   404,   404,   404,   200,   404,   404,   404),
    "measures:assignments_export":  (LOGIN, 200,   200,   404,   404,   404,   404,   200,   404,   404,   404),
    "measures:assignment_add":      (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    "measures:assignment_edit":     (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    "measures:counselling":         (LOGIN, 200,   200,   404,   404,   404,   404,   200,   404,   404,   404),
    "measures:counselling_export":  (LOGIN, 200,   200,   404,   404,   404,   404,   200,   404,   404,   404),
    "measures:counselling_add":     (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    "measures:counselling_edit":    (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    "measures:figures":             (LOGIN, 200,   200,   404,   404,   404,   404,   200,   404,   404,   404),
    "measures:state_figures":       (LOGIN, 404,   404,   404,   404,   404,   404,   200,   404,   404,   404),
    "measures:state_figures_export": (LOGIN, 404,  404,   404,   404,   404,   404,   200,   404,   404,   404),
    # measures: the catalogue (every role reads it, the coordination office keeps it), the KI's
    # measures (its own people keep them, the coordination office reads them)
    "measures:catalogue":           (LOGIN, 200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "measures:programme_add":       (LOGIN, 404,   404,   404,   404,   404,   404,   200,   404,   404,   404),
    "measures:programme_edit":      (LOGIN, 404,   404,   404,   404,   404,   404,   200,   404,   404,   404),
    "measures:all":                 (LOGIN, 404,   404,   404,   404,   404,   404,   200,   404,   404,   404),
    "measures:all_export":          (LOGIN, 404,   404,   404,   404,   404,   404,   200,   404,   404,   404),
    "measures:list":                (LOGIN, 200,   200,   404,   404,   404,   404,   200,   404,   404,   404),
    "measures:list_export":         (LOGIN, 200,   200,   404,   404,   404,   404,   200,   404,   404,   404),
    "measures:add":                 (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    "measures:partners":            (LOGIN, 200,   200,   404,   404,   404,   404,   200,   404,   404,   404),
    "measures:detail":              (LOGIN, 200,   200,   404,   404,   404,   404,   200,   404,   404,   404),
    "measures:edit":                (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    "measures:status":              (LOGIN, 405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    "measures:target_add":          (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    "measures:target_edit":         (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    "measures:document_add":        (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    "measures:document":            (LOGIN, 200,   200,   404,   404,   404,   404,   200,   404,   404,   404),
    # measures: the member schools of Schule ohne Rassismus (the KI keeps them, lars reads)
    "measures:schools":             (LOGIN, 200,   200,   404,   404,   404,   404,   200,   404,   404,   404),
    "measures:schools_export":      (LOGIN, 200,   200,   404,   404,   404,   404,   200,   404,   404,   404),
    "measures:school_add":          (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    "measures:school":              (LOGIN, 200,   200,   404,   404,   404,   404,   200,   404,   404,   404),
    "measures:school_edit":         (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    "measures:school_left":         (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    "measures:school_project_add":  (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    "network:import_retry":         (LOGIN, 405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    # proofs: the interest calculator and the base-rate table are public
    "proofs:interest_calculator":   (200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "proofs:base_rates":            (200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "proofs:base_rate_add":         (LOGIN, 404,   404,   404,   404,   404,   200,   404,   404,   404,   404),
    # proofs: repayment decisions (the grant authority and the ministry; the KI its own once signed)
    "proofs:repayments":            (LOGIN, 404,   404,   404,   200,   200,   200,   404,   404,   404,   404),
    "proofs:repayment_new":         (LOGIN, 404,   404,   404,   200,   404,   404,   404,   404,   404,   404),
    "proofs:repayment":             (LOGIN, 200,   200,   404,   200,   200,   200,   404,   404,   404,   404),
    "proofs:repayment_sign":        (LOGIN, 404,   404,   404,   404,   200,   404,   404,   404,   404,   404),
    "proofs:repayment_receipt":     (LOGIN, 404,   404,   404,   200,   404,   404,   404,   404,   404,   404),
    "proofs:repayment_pdf":         (LOGIN, 200,   200,   404,   200,   200,   200,   404,   404,   404,   404),
    "api:compute_interest":         (405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    "api:list_base_rates":          (200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    # proofs: the proof of use (KI Bielefeld's: 2025 checked and confirmed, 2024 a partial
    # revocation awaiting the second signature); the KI and the grant authority, no one else
    "proofs:uses":                  (LOGIN, 200,   200,   200,   200,   200,   200,   404,   404,   404,   404),
    "proofs:use_start":             (LOGIN, 405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    "proofs:use":                   (LOGIN, 200,   200,   404,   200,   200,   200,   404,   404,   404,   404),
    "proofs:use_statement":         (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    "proofs:use_report":            (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    "proofs:use_submit":            (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    "proofs:use_check":             (LOGIN, 404,   404,   404,   200,   404,   404,   404,   404,   404,   404),
    "proofs:use_sign":              (LOGIN, 404,   404,   404,   404,   200,   404,   404,   404,   404,   404),
    "proofs:use_note":              (LOGIN, 200,   200,   404,   200,   200,   200,   404,   404,   404,   404),
    # controlling: the indicator catalogue and the reporting periods (every role reads them,
    # the coordination office keeps them)
    "controlling:indicators":       (LOGIN, 200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "controlling:indicator_add":    (LOGIN, 404,   404,   404,   404,   404,   404,   200,   404,   404,   404),
    "controlling:indicator":        (LOGIN, 200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "controlling:indicator_edit":   (LOGIN, 404,   404,   404,   404,   404,   404,   200,   404,   404,   404),
    "controlling:periods":          (LOGIN, 200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "controlling:period_add":       (LOGIN, 404,   404,   404,   404,   404,   404,   200,   404,   404,   404),
    # quality: the KIs' quality status (the KI sees its own; the coordination office, the grant
    # authority and the ministry every KI's; the coordination office recomputes)
    "quality:overview":             (LOGIN, 404,   404,   404,   200,   200,   200,   200,   404,   404,   404),
    "quality:recompute":            (LOGIN, 405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    "quality:centre":               (LOGIN, 200,   200,   404,   200,   200,   200,   200,   404,   404,   404),
    "quality:history":              (LOGIN, 200,   200,   404,   200,   200,   200,   200,   404,   404,   404),
    # controlling reports: the KI's own (its lead submits and corrects), the state-wide roles
    # read what was submitted, the coordination office decides
    "controlling:reports":          (LOGIN, 200,   200,   200,   INBOX, INBOX, INBOX, INBOX, 404,   INBOX, 404),
    "controlling:report_inbox":     (LOGIN, 404,   404,   404,   200,   200,   200,   200,   404,   200,   404),
    "controlling:report_open":      (LOGIN, 405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    "controlling:report":           (LOGIN, 200,   200,   404,   200,   200,   200,   200,   404,   200,   404),
    "controlling:report_submit":    (LOGIN, 405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    "controlling:report_decide":    (LOGIN, 404,   404,   404,   404,   404,   404,   200,   404,   404,   404),
    "controlling:report_correct":   (LOGIN, 404,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    # evaluation: the evaluator's data sets and surveys; the coordination office reads the
    # response rates; the KIs answer the open surveys
    "evaluation:index":             (LOGIN, 404,   404,   404,   404,   404,   404,   200,   404,   200,   404),
    "evaluation:exports":           (LOGIN, 404,   404,   404,   404,   404,   404,   404,   404,   200,   404),
    "evaluation:dictionary":        (LOGIN, 404,   404,   404,   404,   404,   404,   404,   404,   200,   404),
    "evaluation:dictionary_export": (LOGIN, 404,   404,   404,   404,   404,   404,   404,   404,   200,   404),
    "evaluation:export":            (LOGIN, 404,   404,   404,   404,   404,   404,   404,   404,   200,   404),
    "evaluation:questionnaire_add": (LOGIN, 404,   404,   404,   404,   404,   404,   404,   404,   200,   404),
    "evaluation:questionnaire":     (LOGIN, 404,   404,   404,   404,   404,   404,   404,   404,   200,   404),
    "evaluation:questionnaire_edit": (LOGIN, 404,  404,   404,   404,   404,   404,   404,   404,   200,   404),
    "evaluation:question_add":      (LOGIN, 404,   404,   404,   404,   404,   404,   404,   404,   200,   404),
    "evaluation:question_remove":   (LOGIN, 405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    "evaluation:questionnaire_version": (LOGIN, 405, 405, 405,   405,   405,   405,   405,   405,   405,   405),
    "evaluation:point_add":         (LOGIN, 404,   404,   404,   404,   404,   404,   404,   404,   200,   404),
    "evaluation:point":             (LOGIN, 404,   404,   404,   404,   404,   404,   200,   404,   200,   404),
    "evaluation:point_export":      (LOGIN, 404,   404,   404,   404,   404,   404,   404,   404,   200,   404),
    "evaluation:compare":           (LOGIN, 404,   404,   404,   404,   404,   404,   404,   404,   200,   404),
    "evaluation:surveys":           (LOGIN, 200,   200,   200,   404,   404,   404,   404,   404,   404,   404),
    "evaluation:answer":            (LOGIN, 200,   200,   200,   404,   404,   404,   404,   404,   404,   404),
    # controlling's state view: the state-wide roles; the office releases a period as open data,
    # which is public (the figures need ?period=, so the bare address is 422)
    "controlling:state":            (LOGIN, 404,   404,   404,   200,   200,   200,   200,   404,   200,   404),
    "controlling:state_export":     (LOGIN, 404,   404,   404,   200,   200,   200,   200,   404,   200,   404),
    "controlling:state_series":     (LOGIN, 404,   404,   404,   200,   200,   200,   200,   404,   200,   404),
    "controlling:state_map":        (LOGIN, 404,   404,   404,   200,   200,   200,   200,   404,   200,   404),
    "controlling:state_release":    (LOGIN, 404,   404,   404,   404,   404,   404,   200,   404,   404,   404),
    "api:list_figures":             (422,   422,   422,   422,   422,   422,   422,   422,   422,   422,   422),
    "api:list_indicators":          (200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    # guide: the KI's own people keep their guide; Paul keeps his organisation's offer (KI
    # Bielefeld's, published, his change waiting for review); its public page is everyone's
    "guide:offers":                 (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    "guide:review":                 (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    "guide:offer":                  (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   200),
    "guide:offer_add":              (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   200),
    "guide:offer_edit":             (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   200),
    "guide:offer_status":           (LOGIN, 405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    "guide:text_reviewed":          (LOGIN, 405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    "guide:mine":                   (LOGIN, 404,   404,   404,   404,   404,   404,   404,   404,   404,   200),
    "guide:public_offer":           (200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "guide:public_start":           (200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "guide:public_centre":          (200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "guide:public_search":          (200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "guide:public_boundary":        (200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    # the KI's own people choose what their public guide shows
    "guide:settings":               (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    # machine translation and XLIFF: the KI's own people only (a partner asks its KI); the
    # export without ?lang= is 422; an upload's preview is its uploader's (Anna's)
    "guide:machine_translate":      (LOGIN, 405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    "guide:xliff":                  (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    "guide:xliff_export":           (LOGIN, 422,   422,   404,   404,   404,   404,   404,   404,   404,   404),
    "guide:xliff_import":           (LOGIN, 404,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    "guide:open_data":              (200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "guide:open_data_offers":       (200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    # HSDS 3.0: the guide's open data, public (ids of KI Bielefeld's published offer)
    "hsds:root":                    (200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "hsds:services":                (200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "hsds:service":                 (200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "hsds:organizations":           (200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "hsds:organization":            (200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "hsds:service_at_locations":    (200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "hsds:taxonomies":              (200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "hsds:taxonomy":                (200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "hsds:taxonomy_terms":          (200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "hsds:taxonomy_term":           (200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "hsds:dataset":                 (200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    # guide: only the KI's own people confirm offers as current and read the public's feedback
    "guide:offer_confirm":          (LOGIN, 405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    "guide:feedback":               (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    "guide:feedback_done":          (LOGIN, 405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    "guide:public_feedback":        (200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    "guide:calendar":               (200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    # guide: the import and the KI's CSV are the KI's own people's (not its partners'); the
    # open-data CSV of all published offers is everyone's
    "guide:import":                 (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    "guide:import_review":          (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    "guide:import_progress":        (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    "guide:offers_csv":             (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    "guide:open_data_csv":          (200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
}

# The same reading routes for a draft and for a draft withdrawn before it was ever submitted
# (funding/tests/url_matrix_applications.py `draft_objects`): they stay the KI's own, the grant
# authority, the ministry and the coordination office see an application from its submission on.
DRAFT_TABLE: dict[str, tuple[int | Redirect, ...]] = {
    #                                anon   kai    anna   carla  bernd  guel   mia    lars   sven   eva    paul
    "funding:application":          (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    "funding:attachment":           (LOGIN, 200,   200,   404,   404,   404,   404,   404,   404,   404,   404),
    "api:get_application":          (401,   200,   200,   404,   404,   404,   404,   404,   404,   404,   404),
}
# fmt: on

EXPECTED: dict[tuple[str, str], int | Redirect] = {
    (name, who): outcome
    for name, row in TABLE.items()
    for who, outcome in zip(COLUMNS, row, strict=True)
}


def _route_names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            names |= _route_names(pattern, inner)
        elif isinstance(pattern, URLPattern):
            assert pattern.name, f"URL pattern {pattern.pattern} has no name"
            names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


# The personas and the rows behind the URLs are made once for the module (`module_db`):
# building them for each of the ~280 routes was four fifths of the matrix's time.
@pytest.fixture(scope="module")
def shared_url_objects(module_personas: dict[str, User]) -> dict[str, dict[str, object]]:
    bielefeld = Centre.objects.select_related("grantee").get(grantee__key="05711")
    return objects_for_urls(module_personas["anna"], bielefeld)


@pytest.fixture
def personas(module_personas: dict[str, User], db: None) -> dict[str, User]:
    return module_personas


@pytest.fixture
def anna(module_personas: dict[str, User], db: None) -> User:
    return module_personas["anna"]


@pytest.fixture
def url_objects(
    shared_url_objects: dict[str, dict[str, object]], db: None
) -> dict[str, dict[str, object]]:
    """The URL arguments per route: objects of KI Bielefeld (teilhabe/tests/url_objects.py)."""
    return shared_url_objects


def _outcome(response: HttpResponse) -> int | Redirect | str:
    if response.status_code == 302:
        target = urlparse(response["Location"]).path
        try:
            return Redirect(resolve(target).view_name)
        except Resolver404:
            return f"302→{target}"
    return response.status_code


def test_it_has_an_expectation_for_every_url_pattern() -> None:
    patterns = _route_names(get_resolver())
    assert patterns == set(TABLE), (
        f"without a row in TABLE: {sorted(patterns - set(TABLE))}; "
        f"rows for no pattern: {sorted(set(TABLE) - patterns)}"
    )
    assert {who for _name, who in EXPECTED} == set(COLUMNS)


@pytest.mark.parametrize("name", sorted(TABLE))
def test_it_answers_each_persona_as_the_roles_say(
    name: str,
    personas: dict[str, User],
    url_objects: dict[str, dict[str, object]],
    verified_client,
) -> None:
    url = reverse(name, kwargs=url_objects.get(name, {}))
    clients = {
        "anonymous": Client(),
        **{who: verified_client(user) for who, user in personas.items()},
    }
    wrong = []
    for who, client in clients.items():
        response = client.get(url)
        expected, got = EXPECTED[(name, who)], _outcome(response)
        if got != expected:
            wrong.append(f"{who}: expected {expected}, got {got}")
        elif got == 200 and "html" in response.get("Content-Type", ""):
            # A multi-line {# … #} is no Django comment: it reaches the page as text.
            html = response.content.decode()
            if "{#" in html or "#}" in html:
                wrong.append(f"{who}: a template comment shows on the page")
            # Every full page below the start page shows the way back to it.
            full_page = "<html" in html
            if (
                full_page
                and name not in ("pages:start", "guide:public_start")  # the two start pages
                and not name.startswith("api:")
                and 'class="breadcrumbs"' not in html
            ):
                wrong.append(f"{who}: no breadcrumbs")
            if name == "pages:start" and 'class="breadcrumbs"' in html:
                wrong.append(f"{who}: breadcrumbs on the start page")
        elif url.startswith("/api/v1/") and got in (401, 404) and name != "api:api-root":
            body = response.json()
            assert body["errors"][0]["code"] == {401: "not_authenticated", 404: "not_found"}[got]
    assert not wrong, f"GET {url} ({name}):\n" + "\n".join(wrong)


@pytest.mark.parametrize("name", sorted(DRAFT_TABLE))
def test_it_keeps_drafts_to_the_centre(
    name: str, personas: dict[str, User], bielefeld: Centre, verified_client
) -> None:
    clients = {
        "anonymous": Client(),
        **{who: verified_client(user) for who, user in personas.items()},
    }
    wrong = []
    for kwargs in draft_objects(bielefeld)[name]:
        url = reverse(name, kwargs=kwargs)
        for who, client in clients.items():
            expected = DRAFT_TABLE[name][COLUMNS.index(who)]
            got = _outcome(client.get(url))
            if got != expected:
                wrong.append(f"GET {url} {who}: expected {expected}, got {got}")
    assert not wrong, f"{name}:\n" + "\n".join(wrong)


def test_it_sends_a_half_logged_in_user_to_the_second_factor(anna: User, bielefeld: Centre) -> None:
    client = Client()
    client.force_login(anna)  # password passed, second factor not yet
    url = reverse("centres:edit", args=[bielefeld.pk])
    response = client.get(url)
    assert response.status_code == 302
    location = urlparse(response["Location"])
    assert location.path == reverse("accounts:two_factor_verify")
    assert parse_qs(location.query)["next"] == [url]


def test_it_sends_a_half_logged_in_user_without_app_to_the_setup(anna: User) -> None:
    anna.totpdevice_set.all().delete()
    client = Client()
    client.force_login(anna)
    response = client.get(reverse("core:audit_log"))
    assert response.status_code == 302
    assert urlparse(response["Location"]).path == reverse("accounts:two_factor_setup")


def test_it_gives_a_half_logged_in_user_no_api_data(anna: User) -> None:
    client = Client()
    client.force_login(anna)
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "not_authenticated"
