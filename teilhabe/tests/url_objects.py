"""The objects behind the URLs of every route: one set of rows of KI Bielefeld, shared by the
URL-by-role matrix (`test_url_matrix.py`) and the browser accessibility run
(`browser/test_accessibility.py`). Each app's helper makes the rows its routes need."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.urls import reverse

from teilhabe.accounts import services as accounts
from teilhabe.accounts.models import Notification, User
from teilhabe.centres import services as centres
from teilhabe.centres.models import Centre, PositionCategory
from teilhabe.controlling.tests import url_matrix as url_matrix_controlling
from teilhabe.evaluation.tests import url_matrix as url_matrix_evaluation
from teilhabe.events.tests import url_matrix as url_matrix_events
from teilhabe.funding.tests import budget_helpers, url_matrix_applications, url_matrix_review
from teilhabe.funding.tests.factories import concept as make_concept
from teilhabe.guide.tests import url_matrix as url_matrix_guide
from teilhabe.measures.tests import url_matrix as url_matrix_measures
from teilhabe.measures.tests import url_matrix_groups, url_matrix_records, url_matrix_schools
from teilhabe.network.tests import factories as network
from teilhabe.proofs.tests import url_matrix as url_matrix_proofs
from teilhabe.proofs.tests import url_matrix_repayment
from teilhabe.quality.tests import url_matrix as url_matrix_quality

# Each export route (`core.exports.export_path`) and the list it exports.
EXPORTS = {
    "core:audit_log_export": "core:audit_log",
    "centres:list_export": "centres:list",
    "network:list_export": "network:list",
    "funding:applications_export": "funding:applications",
    "funding:decisions_export": "funding:decisions",
    "funding:budget_export": "funding:budget",
    "funding:payments_export": "funding:payments",
    "funding:payment_queue_export": "funding:payment_queue",
    "events:registrations_export": "events:manage",
    "measures:assignments_export": "measures:assignments",
    "measures:counselling_export": "measures:counselling",
    "measures:state_figures_export": "measures:state_figures",
    "measures:list_export": "measures:list",
    "measures:all_export": "measures:all",
    "measures:schools_export": "measures:schools",
    "measures:companions_export": "measures:companions",
    "controlling:state_export": "controlling:state",
}


def url_objects(anna: User, bielefeld: Centre) -> dict[str, dict[str, object]]:
    """URL kwargs per route name (routes without arguments are not listed)."""
    member = centres.add_staff_member(
        bielefeld,
        by=anna,
        data={
            "first_name": "Lena",
            "last_name": "Müller",
            "category": PositionCategory.PEDAGOGICAL,
            "fte": Decimal("1.00"),
            "start_date": date(2020, 1, 1),
        },
    )
    token, _raw = accounts.create_api_token(anna, by=anna, name="Export")
    concept = make_concept(bielefeld)
    applications = url_matrix_applications.objects(anna, bielefeld)
    note = Notification.objects.create(
        recipient=anna,
        event="review_started",
        subject="Ihr Antrag wird geprüft",
        text="Die Bewilligungsbehörde hat die Prüfung begonnen.",
        translations={"en": {"subject": "Your application is being reviewed", "text": "Begun."}},
        path=reverse("funding:application", kwargs=applications["funding:application"]),
    )
    objects: dict[str, dict[str, object]] = {
        "accounts:revoke_token": {"pk": token.pk},
        "accounts:notification_open": {"pk": note.pk},
        "centres:detail": {"pk": bielefeld.pk},
        "centres:edit": {"pk": bielefeld.pk},
        "centres:staff_add": {"pk": bielefeld.pk},
        "centres:staff_edit": {"pk": bielefeld.pk, "member_pk": member.pk},
        "api:get_district": {"key": bielefeld.grantee.key},
        "api:get_centre": {"centre_id": bielefeld.pk},
        "api:list_staff": {"centre_id": bielefeld.pk},
        "concepts:list": {"centre_pk": bielefeld.pk},
        "concepts:add": {"centre_pk": bielefeld.pk},
        "concepts:detail": {"centre_pk": bielefeld.pk, "version": concept.version},
        "concepts:document": {"centre_pk": bielefeld.pk, "version": concept.version},
        "api:list_concepts": {"centre_id": bielefeld.pk},
        "funding:application_window": {"year": 2028},
        **applications,
        **url_matrix_review.objects(bielefeld),
        **budget_helpers.matrix_objects(anna, bielefeld),
        **url_matrix_repayment.objects(anna, bielefeld),
        **network.url_objects(anna, bielefeld),
        **url_matrix_events.objects(anna, bielefeld),
        **url_matrix_groups.objects(anna, bielefeld),
        **url_matrix_records.objects(anna, bielefeld),
        **url_matrix_measures.objects(anna, bielefeld),
        **url_matrix_schools.objects(anna, bielefeld),
        **url_matrix_controlling.objects(anna, bielefeld),
        **url_matrix_quality.objects(anna, bielefeld),
        **url_matrix_evaluation.objects(anna, bielefeld),
        **url_matrix_proofs.objects(anna, bielefeld),
        **url_matrix_guide.objects(anna, bielefeld),
    }
    for export, listed in EXPORTS.items():  # each list's export: the list's arguments, as CSV
        objects[export] = {**objects.get(listed, {}), "fmt": "csv"}
    return objects
