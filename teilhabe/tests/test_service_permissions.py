"""Every public service function refuses a caller without the permission, and writes nothing.

The views check first and answer 404; the services check again themselves (docs/architecture.md,
"Write path"), so that a view, API endpoint or command that forgets its check still cannot write.
This enumerates every public function of every app's `services` (module or package) and calls
each with valid arguments as a persona without the permission: it must refuse with the code
`not_permitted` and leave every row, file and mail as they were. The same call by a persona who
may then succeeds, so the arguments are valid and only the permission stood in the way.

A new service function fails `test_every_public_service_function_has_a_row` until it gets a row
in ROWS or, if it is no action of a user, a reason in EXEMPT.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from teilhabe.accounts import services as accounts
from teilhabe.accounts.models import Notification, User
from teilhabe.centres import services as centres
from teilhabe.centres.models import Centre, PositionCategory
from teilhabe.concepts import services as concepts
from teilhabe.concepts.tests.conftest import valid_data
from teilhabe.controlling import services as controlling
from teilhabe.controlling.tests import factories as controlling_factories
from teilhabe.core.actions import Refusal
from teilhabe.evaluation import services as evaluation
from teilhabe.evaluation.tests import factories as evaluation_factories
from teilhabe.evaluation.tests import url_matrix as evaluation_rows
from teilhabe.events import services as events
from teilhabe.events.tests import factories as event_factories
from teilhabe.funding.models import (
    ApplicationStatus,
    BudgetPurpose,
    Condition,
    InformationRequest,
    Payment,
    PaymentStatus,
    Proposal,
    ProposalKind,
)
from teilhabe.funding.services import (
    applications,
    budget,
    guidelines,
    payments,
    receivables,
    review,
)
from teilhabe.funding.tests import budget_helpers, factories, review_steps
from teilhabe.guide import services as guide
from teilhabe.guide import xliff as guide_xliff
from teilhabe.guide.models import Offer
from teilhabe.guide.tests import factories as guide_factories
from teilhabe.guide.tests.fake_translator import Local
from teilhabe.measures.services import groups as measure_groups
from teilhabe.measures.services import measures, records, schools
from teilhabe.measures.tests import factories as measure_factories
from teilhabe.measures.tests import url_matrix_groups
from teilhabe.measures.tests import url_matrix_records as record_factories
from teilhabe.measures.tests import url_matrix_schools as school_rows
from teilhabe.network import services as network
from teilhabe.network.tests import factories as network_factories
from teilhabe.proofs import services as proofs
from teilhabe.quality import services as quality

pytestmark = pytest.mark.django_db

# --- every public service function -----------------------------------------------------------


def _service_modules() -> list[ModuleType]:
    """`<app>.services` of every app of ours, and each submodule where it is a package."""
    modules = []
    for config in apps.get_app_configs():
        if not config.name.startswith("teilhabe."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.services")
        except ModuleNotFoundError as e:
            if e.name != f"{config.name}.services":
                raise
            continue
        modules.append(module)
        for info in pkgutil.iter_modules(getattr(module, "__path__", [])):
            modules.append(importlib.import_module(f"{module.__name__}.{info.name}"))
    return modules


def service_functions() -> dict[str, Callable[..., Any]]:
    """Public functions defined in those modules (not imported ones), by dotted name."""
    return {
        f"{module.__name__}.{name}": function
        for module in _service_modules()
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__ and not name.startswith("_")
    }


# --- what is not a user's action, and why ------------------------------------------------------

READS = "reads and computes; writes nothing"
EXEMPT: dict[str, str] = {
    "teilhabe.territory.services.load_territory": "reference data loader; no actor, not audited",
    "teilhabe.centres.services.ensure_centres": "reference data loader; no actor, not audited",
    "teilhabe.accounts.services.create_user": (
        "the operator's step (the create_user command, the demo setting up its accounts): no "
        "page or API reaches it; by=None is the operator at the shell"
    ),
    "teilhabe.accounts.services.record_notifications": (
        "part of the step that calls it (funding's notify, in its transaction): that step checked "
        "its actor and records the audit event; no page or API reaches it"
    ),
    "teilhabe.accounts.services.prune_notifications": (
        "the operator's retention command (prune_notifications): deletes what is older than 12 "
        "months; no page or API reaches it"
    ),
    "teilhabe.pages.services.submit_accessibility_feedback": (
        "public by design: anyone, also an anonymous visitor, may report a barrier (BITV 2.0)"
    ),
    "teilhabe.concepts.services.expected_adopting_body": READS,
    "teilhabe.concepts.services.concept_rule_errors": READS,
    "teilhabe.funding.services.budget.year_deltas": READS,
    "teilhabe.funding.services.budget.deltas": READS,
    "teilhabe.funding.services.budget.line_for": READS,
    "teilhabe.funding.services.budget.pick_line": READS,
    "teilhabe.funding.services.budget.charges": READS,
    "teilhabe.funding.services.applications.last_change": READS,
    "teilhabe.funding.services.applications.missing_items": READS,
    "teilhabe.funding.services.applications.submission_problems": READS,
    "teilhabe.funding.services.review.checklist_codes": READS,
    "teilhabe.funding.services.review.checklist": READS,
    "teilhabe.funding.services.review.checklist_refusal": READS,
    "teilhabe.funding.services.review.computed_amounts": READS,
    "teilhabe.funding.services.review.decision_in_force": READS,
    "teilhabe.funding.services.review.decision_number": READS,
    "teilhabe.funding.services.review.computation_snapshot": READS,
    "teilhabe.funding.services.payments.decision_in_force": READS,
    "teilhabe.funding.services.payments.ledger": READS,
    "teilhabe.network.services.partner_changes": READS,
    "teilhabe.guide.services.snapshot": READS,
    "teilhabe.guide.services.compose_snapshot": READS,
    "teilhabe.guide.services.review_changes": READS,
    "teilhabe.guide.services.checksum": READS,
    "teilhabe.guide.services.feedback_retention_cutoff": READS,
    "teilhabe.guide.services.give_feedback": (
        "the public's anonymous feedback: nobody is logged in; the view checks that the offer "
        "is public and the rate limit, the service again that the offer is public"
    ),
    "teilhabe.guide.services.prune_feedback": (
        "the scheduled command flag_guide_reviews deletes done feedback after 12 months; "
        "audited as the system"
    ),
    "teilhabe.guide.services.check_offer": READS,
    "teilhabe.measures.services.measures.steps_from": READS,
    "teilhabe.measures.services.measures.figures_for": READS,
    "teilhabe.events.services.confirm_registration": (
        "the participant's own link: its signed token is the permission (no account needed)"
    ),
    "teilhabe.events.services.cancel_own_registration": (
        "the participant's own link: its signed token is the permission (no account needed)"
    ),
    "teilhabe.events.services.withdraw_access_needs_consent": (
        "the participant's own link: its signed token is the permission (no account needed)"
    ),
    "teilhabe.events.services.expire_offers": (
        "the scheduled command expire_event_offers: no person acts; audited as the system"
    ),
    "teilhabe.events.services.anonymise_participants": (
        "the scheduled retention command anonymise_event_participants; audited as the system"
    ),
    "teilhabe.events.services.forget_access_needs": (
        "the scheduled retention command anonymise_event_participants (needs two weeks after "
        "the event); audited as the system"
    ),
    "teilhabe.events.services.registration_by_token": READS,
    "teilhabe.events.services.offer_deadline": READS,
    "teilhabe.events.services.retention_cutoff": READS,
    "teilhabe.events.services.attendance_on": READS,
    "teilhabe.network.services.read_import": READS,
    "teilhabe.measures.services.schools.share_text": READS,
    "teilhabe.measures.services.schools.signatures_missing": READS,
    "teilhabe.measures.services.schools.with_due_dates": READS,
    "teilhabe.measures.services.schools.due_on": READS,
    "teilhabe.measures.services.schools.is_overdue": READS,
    "teilhabe.measures.services.schools.overdue_schools": READS,
    "teilhabe.controlling.services.registered_figures": READS,
    "teilhabe.quality.services.compute_statuses": (
        "the scheduled command compute_quality_status: no person acts; audited as the system"
    ),
    "teilhabe.measures.services.schools.send_school_reminders": (
        "the scheduled command remind_school_projects: no person acts; audited as the system"
    ),
}

# --- who may not, who may, and the call -------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """`call(objects, by)` as `refused` must refuse; as `allowed` it must write."""

    refused: str
    allowed: str
    call: Callable[[Any, User], object]
    setup: Callable[[dict[str, User], Centre], Any] = lambda personas, bielefeld: None
    # Every service refuses with the kit's Refusal; submit and withdraw say lead_only.
    codes: frozenset[str] = frozenset({"not_permitted"})


LEAD_ONLY = frozenset({"not_permitted", "lead_only"})


def _soon(days: int = 30) -> Any:
    return timezone.localdate() + timedelta(days=days)


def _pdf(name: str = "dokument.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, factories.pdf_bytes(), content_type="application/pdf")


def _staff_member(p: dict[str, User], centre: Centre) -> Any:
    return centres.add_staff_member(
        centre,
        by=p["anna"],
        data={
            "first_name": "Lena",
            "last_name": "Müller",
            "category": PositionCategory.PEDAGOGICAL,
            "fte": Decimal("1.00"),
            "start_date": _soon(-400),
        },
    )


def _pending_device(p: dict[str, User], centre: Centre) -> TOTPDevice:
    return TOTPDevice.objects.create(user=p["anna"], name="Neues Telefon", confirmed=False)


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _notification(p: dict[str, User], centre: Centre) -> Notification:
    return Notification.objects.create(
        recipient=p["anna"], event="review_started", subject="Prüfung begonnen", text="…", path="/"
    )


def _draft(p: dict[str, User], centre: Centre) -> Any:
    return factories.application(centre, year=2026)


def _asked(p: dict[str, User], centre: Centre) -> InformationRequest:
    application = factories.application(centre, year=2027, status=ApplicationStatus.INFO_REQUESTED)
    return InformationRequest.objects.create(
        application=application, message="Stellenplan?", due_date=_soon(), requested_by=p["bernd"]
    )


def _submitted(p: dict[str, User], centre: Centre) -> Any:
    return factories.application(centre, status=ApplicationStatus.SUBMITTED)


def _in_review(p: dict[str, User], centre: Centre) -> Any:
    return review_steps.in_review(centre, p["bernd"])


def _pending_proposal(p: dict[str, User], centre: Centre) -> Proposal:
    factories.budget_line(2026)
    return review_steps.proposed(centre, p["bernd"])


def _decision(p: dict[str, User], centre: Centre) -> Any:
    return factories.decision(
        factories.application(centre, status=ApplicationStatus.PROPOSED),
        proposed_by=p["bernd"],
        signed_by=p["guel"],
    )


def _uncommitted(p: dict[str, User], centre: Centre) -> Any:
    factories.budget_line(2026)
    return _decision(p, centre)


def _condition(p: dict[str, User], centre: Centre) -> Condition:
    return Condition.objects.create(
        decision=_decision(p, centre), text="Schwerpunkte benennen.", due_date=_soon()
    )


def _granted(p: dict[str, User], centre: Centre) -> Any:
    application, _decision = budget_helpers.granted(centre, officer=p["bernd"], approver=p["guel"])
    return application


def _receivable_args(p: dict[str, User], centre: Centre) -> dict[str, Any]:
    _application, decision = budget_helpers.granted(centre, officer=p["bernd"], approver=p["guel"])
    return {
        "decision": decision,
        "budget_line": decision.commitments.get().budget_line,
        "fiscal_year": 2026,
        "principal": Decimal("1000.00"),
        "reason": "Teilwiderruf",
        "reference": "R1",
        "source_url": "",
        "due_date": _soon(),
    }


def _receivable(p: dict[str, User], centre: Centre) -> Any:
    args = _receivable_args(p, centre)
    return receivables.book_receivable(args.pop("decision"), by=p["guel"], **args)


def _requested(p: dict[str, User], centre: Centre) -> Payment:
    application, decision = budget_helpers.granted(centre, officer=p["bernd"], approver=p["guel"])
    return Payment.objects.create(
        application=application,
        decision=decision,
        fiscal_year=2026,
        amount=Decimal("40000.00"),
        requested_by=p["anna"],
        status=PaymentStatus.REQUESTED,
    )


def _guideline(by: User) -> Any:
    return guidelines.add_guideline_version(
        by=by,
        code="2099",
        title="Richtlinie (Entwurf)",
        valid_from=_soon(60),
        citation="§ 8 TIntG NRW; Entwurf",
        specialist_amount=Decimal("60000"),
        assistant_amount=Decimal("46000"),
        annual_cap_kreis=None,
        annual_cap_kreisfreie_stadt=None,
        interpreter_pool_cap=Decimal("50000"),
        in_kind_teachers=2,
        in_kind_value=Decimal("100000"),
        groups=[
            {
                "code": "all",
                "name": "Alle",
                "categories": ["pedagogical", "administrative", "assistant"],
                "max_fte": Decimal("7.0"),
                "citation": "Entwurf",
            }
        ],
    )


def _pauls_organisation(p: dict[str, User], centre: Centre) -> Any:
    org = network_factories.organisation(centre, p["anna"])
    network.link_partner_account(org, by=p["anna"], user=p["paul"])
    return org


def _partner_change(p: dict[str, User], centre: Centre) -> Any:
    org = _pauls_organisation(p, centre)
    network.update_organisation(org, by=p["paul"], data={"phone": "0521 999"})
    return org, network.partner_changes(org)[0].pk


def _event(p: dict[str, User], centre: Centre) -> Any:
    return event_factories.published(centre, p["kai"], capacity=5)


def _internal_event(p: dict[str, User], centre: Centre) -> Any:
    return event_factories.published(centre, p["kai"], is_public=False)


def _draft_event(p: dict[str, User], centre: Centre) -> Any:
    return events.create_event(
        centre, by=p["kai"], data=event_factories.event_data(), dates=event_factories.dates()
    )


def _participant(p: dict[str, User], centre: Centre) -> Any:
    (registration,) = event_factories.accepted(_event(p, centre), 1)
    return registration


# The refused persona is the one who comes closest: a colleague, another KI's lead, the role
# that sees the object but does not act on it.
ROWS: dict[str, Row] = {
    # centres: the KI's own staff (may_edit_centre)
    "teilhabe.centres.services.update_centre": Row(
        "carla",
        "kai",
        lambda centre, by: centres.update_centre(centre, by=by, data={"street": "Niederwall 23"}),
        setup=lambda p, centre: centre,
    ),
    "teilhabe.centres.services.add_staff_member": Row(
        "sven",
        "anna",
        lambda centre, by: centres.add_staff_member(
            centre,
            by=by,
            data={
                "first_name": "Ahmad",
                "last_name": "Haddad",
                "category": PositionCategory.ADMINISTRATIVE,
                "fte": Decimal("0.50"),
                "start_date": _soon(-30),
            },
        ),
        setup=lambda p, centre: centre,
    ),
    "teilhabe.centres.services.update_staff_member": Row(
        "carla",
        "kai",
        lambda member, by: centres.update_staff_member(member, by=by, data={"end_date": _soon(-1)}),
        setup=_staff_member,
    ),
    # concepts: the KI's own staff (may_add_concept); the grant officer reads them
    "teilhabe.concepts.services.add_concept_version": Row(
        "bernd",
        "kai",
        lambda centre, by: concepts.add_concept_version(
            centre, by=by, data=valid_data(), upload=_pdf("konzept.pdf")
        ),
        setup=lambda p, centre: centre,
    ),
    # events: the organiser KI's staff (may_organise, may_manage); internal ones for staff only
    "teilhabe.events.services.create_event": Row(
        "carla",
        "kai",
        lambda centre, by: events.create_event(
            centre, by=by, data=event_factories.event_data(), dates=event_factories.dates()
        ),
        setup=lambda p, centre: centre,
    ),
    "teilhabe.events.services.update_event": Row(
        "carla",
        "anna",
        lambda event, by: events.update_event(
            event, by=by, data={"capacity": 8}, dates=event_factories.dates()
        ),
        setup=_event,
    ),
    "teilhabe.events.services.publish_event": Row(
        "lars", "kai", lambda event, by: events.publish_event(event, by=by), setup=_draft_event
    ),
    "teilhabe.events.services.cancel_event": Row(
        "carla", "anna", lambda event, by: events.cancel_event(event, by=by), setup=_event
    ),
    "teilhabe.events.services.register": Row(
        "paul",  # a partner, for an internal event
        "sven",
        lambda event, by: events.register(event, by=by, name="Test", email=by.email),
        setup=_internal_event,
    ),
    "teilhabe.events.services.cancel_registration": Row(
        "carla",
        "kai",
        lambda registration, by: events.cancel_registration(registration, by=by),
        setup=_participant,
    ),
    "teilhabe.events.services.set_attendance": Row(
        "lars",
        "kai",
        lambda registration, by: events.set_attendance(registration, by=by, attended=True),
        setup=_participant,
    ),
    "teilhabe.events.services.export_person_data": Row(
        "bernd",
        "anna",
        lambda registration, by: events.export_person_data(registration.email, by=by),
        setup=_participant,
    ),
    # accounts: self-service on one's own account only (is_own_account, owns_token)
    "teilhabe.accounts.services.change_password": Row(
        "kai",
        "anna",
        lambda anna, by: accounts.change_password(anna, by=by, new_password="Neu-Pferd-Batterie-8"),
        setup=lambda p, centre: p["anna"],
    ),
    "teilhabe.accounts.services.logout_everywhere": Row(
        "kai",
        "anna",
        lambda anna, by: accounts.logout_everywhere(anna, by=by),
        setup=lambda p, centre: p["anna"],
    ),
    "teilhabe.accounts.services.pending_totp_device": Row(
        "kai",
        "anna",
        lambda anna, by: accounts.pending_totp_device(anna, by=by),
        setup=lambda p, centre: p["anna"],
    ),
    "teilhabe.accounts.services.confirm_totp_device": Row(
        "kai",
        "anna",
        lambda device, by: accounts.confirm_totp_device(
            device.user, by=by, device=device, token=_code(device)
        ),
        setup=_pending_device,
    ),
    "teilhabe.accounts.services.create_api_token": Row(
        "kai",
        "anna",
        lambda anna, by: accounts.create_api_token(anna, by=by, name="Export"),
        setup=lambda p, centre: p["anna"],
    ),
    "teilhabe.accounts.services.revoke_api_token": Row(
        "kai",
        "anna",
        lambda token, by: accounts.revoke_api_token(token, by=by),
        setup=lambda p, centre: accounts.create_api_token(p["anna"], by=p["anna"], name="Alt")[0],
    ),
    "teilhabe.accounts.services.mark_notification_read": Row(
        "kai",
        "anna",
        lambda notification, by: accounts.mark_notification_read(notification, by=by),
        setup=_notification,
    ),
    "teilhabe.accounts.services.mark_all_notifications_read": Row(
        "kai",
        "anna",
        lambda anna, by: accounts.mark_all_notifications_read(anna, by=by),
        setup=lambda p, centre: _notification(p, centre).recipient,
    ),
    # budget and guidelines: the ministry; a commitment with the second signature
    "teilhabe.funding.services.budget.add_budget_line": Row(
        "bernd",
        "mia",
        lambda _, by: budget.add_budget_line(
            by=by,
            fiscal_year=2028,
            code="07 070 633 10",
            title="Kommunale Integrationszentren",
            purpose=BudgetPurpose.CENTRES,
            planned=Decimal("21000000.00"),
        ),
    ),
    "teilhabe.funding.services.budget.change_planned": Row(
        "guel",
        "mia",
        lambda line, by: budget.change_planned(line, by=by, planned=Decimal("25000000.00")),
        setup=lambda p, centre: factories.budget_line(2026),
    ),
    "teilhabe.funding.services.budget.commit_decision": Row(
        "bernd",
        "guel",
        lambda decision, by: budget.commit_decision(decision, by=by),
        setup=_uncommitted,
    ),
    "teilhabe.funding.services.receivables.book_receivable": Row(
        "bernd",
        "guel",
        lambda a, by: receivables.book_receivable(
            a["decision"], by=by, **{k: v for k, v in a.items() if k != "decision"}
        ),
        setup=_receivable_args,
    ),
    "teilhabe.funding.services.receivables.record_receipt": Row(
        "guel",
        "bernd",
        lambda r, by: receivables.record_receipt(
            r, by=by, received_on=timezone.localdate(), amount="100.00"
        ),
        setup=_receivable,
    ),
    "teilhabe.funding.services.guidelines.add_guideline_version": Row(
        "bernd", "mia", lambda _, by: _guideline(by)
    ),
    # the KI's side of an application
    "teilhabe.funding.services.applications.create_application": Row(
        "carla",
        "kai",
        lambda centre, by: applications.create_application(
            centre, by=by, first_year=2031, last_year=2031
        ),
        setup=lambda p, centre: (factories.open_window(2031), centre)[1],
    ),
    "teilhabe.funding.services.applications.set_application_window": Row(
        "bernd",
        "mia",
        lambda _, by: applications.set_application_window(
            2031, by=by, opens_on=date(2030, 4, 17), closes_on=date(2030, 10, 31)
        ),
    ),
    "teilhabe.funding.services.applications.save_draft": Row(
        "carla",
        "kai",
        lambda draft, by: applications.save_draft(
            draft,
            by=by,
            data={"work_plan_education": "Rucksack in allen Kitas."},
            positions=[
                {name: getattr(p, name) for name in applications.POSITION_FIELDS}
                for p in draft.positions.order_by("order")
            ],
            expected_version=draft.lock_version,
        ),
        setup=_draft,
    ),
    "teilhabe.funding.services.applications.request_signature": Row(
        "carla",
        "kai",
        lambda draft, by: applications.request_signature(draft, by=by),
        setup=_draft,
    ),
    "teilhabe.funding.services.applications.submit": Row(
        "kai",
        "anna",
        lambda draft, by: applications.submit(draft, by=by, signed=True),
        setup=_draft,
        codes=LEAD_ONLY,
    ),
    "teilhabe.funding.services.applications.answer_information_request": Row(
        "carla",
        "kai",
        lambda request, by: applications.answer_information_request(
            request, by=by, answer="Der Stellenplan liegt bei."
        ),
        setup=_asked,
    ),
    "teilhabe.funding.services.applications.withdraw": Row(
        "kai",
        "anna",
        lambda draft, by: applications.withdraw(draft, by=by),
        setup=_draft,
        codes=LEAD_ONLY,
    ),
    "teilhabe.funding.services.applications.add_attachment": Row(
        "carla",
        "kai",
        lambda draft, by: applications.add_attachment(
            draft, by=by, upload=_pdf("rat.pdf"), description="Ratsbeschluss"
        ),
        setup=_draft,
    ),
    # the grant authority's review and decisions
    "teilhabe.funding.services.review.start_review": Row(
        "lars",
        "bernd",
        lambda application, by: review.start_review(application, by=by),
        setup=_submitted,
    ),
    "teilhabe.funding.services.review.save_review": Row(
        "anna",  # the KI's lead, reviewing her own application
        "bernd",
        lambda application, by: review.save_review(
            application, by=by, checklist={"budget_plausible": True}, notes="Geprüft."
        ),
        setup=_in_review,
    ),
    "teilhabe.funding.services.review.request_information": Row(
        "lars",
        "bernd",
        lambda application, by: review.request_information(
            application, by=by, message="Bitte Stellenplan nachreichen.", due_date=_soon(14)
        ),
        setup=_in_review,
    ),
    "teilhabe.funding.services.review.propose": Row(
        "anna",
        "bernd",
        lambda application, by: review.propose(application, by=by, kind=ProposalKind.APPROVE_FULL),
        setup=_in_review,
    ),
    "teilhabe.funding.services.review.propose_amendment": Row(
        "guel",
        "bernd",
        lambda decision, by: review.propose_amendment(
            decision, by=by, amounts={2026: Decimal("160000.00")}, reasons="Stelle unbesetzt."
        ),
        setup=_decision,
    ),
    "teilhabe.funding.services.review.return_proposal": Row(
        "lars",
        "guel",
        lambda proposal, by: review.return_proposal(proposal, by=by, reason="Auflagen fehlen."),
        setup=_pending_proposal,
    ),
    "teilhabe.funding.services.review.sign_proposal": Row(
        "mia",
        "guel",
        lambda proposal, by: review.sign_proposal(proposal, by=by),
        setup=_pending_proposal,
    ),
    "teilhabe.funding.services.review.fulfil_condition": Row(
        "carla",
        "kai",
        lambda condition, by: review.fulfil_condition(condition, by=by, note="Benannt."),
        setup=_condition,
    ),
    # payments: the KI's lead requests, the grant officer releases or refuses
    "teilhabe.funding.services.payments.request_payment": Row(
        "kai",
        "anna",
        lambda application, by: payments.request_payment(
            application, by=by, year=2026, amount=Decimal("40000.00")
        ),
        setup=_granted,
    ),
    "teilhabe.funding.services.payments.release_payment": Row(
        "mia",  # the ministry, trying a release
        "bernd",
        lambda payment, by: payments.release_payment(payment, by=by),
        setup=_requested,
    ),
    "teilhabe.funding.services.payments.refuse_payment": Row(
        "guel",
        "bernd",
        lambda payment, by: payments.refuse_payment(payment, by=by, reason="Kein Nachweis."),
        setup=_requested,
    ),
    # measures: the KI's own people; the coordination office reads them
    "teilhabe.measures.services.measures.add_measure": Row(
        "lars",
        "kai",
        lambda centre, by: measures.add_measure(
            centre, by=by, data=measure_factories.measure_data()
        ),
        setup=lambda p, centre: centre,
    ),
    # measures: parent companions, groups, sessions (the KI's own people)
    "teilhabe.measures.services.groups.add_companion": Row(
        "lars",
        "kai",
        lambda centre, by: measure_groups.add_companion(
            centre, by=by, data=url_matrix_groups.companion_data()
        ),
        setup=lambda p, centre: centre,
    ),
    "teilhabe.measures.services.groups.update_companion": Row(
        "carla",
        "anna",
        lambda c, by: measure_groups.update_companion(c, by=by, data={"is_active": False}),
        setup=lambda p, centre: url_matrix_groups.companion(centre, p["anna"]),
    ),
    "teilhabe.measures.services.groups.add_group": Row(
        "lars",
        "kai",
        lambda m, by: measure_groups.add_group(m, by=by, data=url_matrix_groups.group_data()),
        setup=lambda p, centre: measure_factories.measure(centre, p["anna"]),
    ),
    "teilhabe.measures.services.groups.update_group": Row(
        "mia",
        "kai",
        lambda g, by: measure_groups.update_group(g, by=by, data={"families": 12}),
        setup=lambda p, centre: url_matrix_groups.group(
            measure_factories.measure(centre, p["anna"]), p["anna"]
        ),
    ),
    "teilhabe.measures.services.groups.add_session": Row(
        "carla",
        "kai",
        lambda g, by: measure_groups.add_session(
            g, by=by, data={"held_on": date(2026, 3, 5), "families_present": 8, "topic": ""}
        ),
        setup=lambda p, centre: url_matrix_groups.group(
            measure_factories.measure(centre, p["anna"]), p["anna"]
        ),
    ),
    "teilhabe.measures.services.groups.remove_session": Row(
        "lars",
        "anna",
        lambda s, by: measure_groups.remove_session(s, by=by),
        setup=lambda p, centre: url_matrix_groups.session(
            url_matrix_groups.group(measure_factories.measure(centre, p["anna"]), p["anna"]),
            p["anna"],
        ),
    ),
    # measures: the interpreter pool and the counselling log are the KI's own to keep
    "teilhabe.measures.services.records.add_assignment": Row(
        "lars",  # the coordination office reads the records, it does not keep them
        "kai",
        lambda measure, by: records.add_assignment(
            measure, by=by, data=record_factories.assignment_data()
        ),
        setup=lambda p, centre: record_factories.pool(centre, p["anna"]),
    ),
    "teilhabe.measures.services.records.update_assignment": Row(
        "carla",
        "kai",
        lambda one, by: records.update_assignment(one, by=by, data={"hours": "2,5"}),
        setup=lambda p, centre: record_factories.assignment(
            record_factories.pool(centre, p["anna"]), p["anna"]
        ),
    ),
    "teilhabe.measures.services.records.remove_assignment": Row(
        "lars",
        "anna",
        lambda one, by: records.remove_assignment(one, by=by),
        setup=lambda p, centre: record_factories.assignment(
            record_factories.pool(centre, p["anna"]), p["anna"]
        ),
    ),
    "teilhabe.measures.services.records.add_counselling_contact": Row(
        "carla",
        "kai",
        lambda objects, by: records.add_counselling_contact(
            objects[0], by=by, data=record_factories.contact_data(objects[1])
        ),
        setup=lambda p, centre: (
            record_factories.log(centre, p["anna"]),
            record_factories.school(centre, p["anna"]),
        ),
    ),
    "teilhabe.measures.services.records.update_counselling_contact": Row(
        "lars",
        "anna",
        lambda one, by: records.update_counselling_contact(
            one, by=by, data={"outcome": "Ergebnis ergänzt."}
        ),
        setup=lambda p, centre: record_factories.contact(
            record_factories.log(centre, p["anna"]),
            p["anna"],
            record_factories.school(centre, p["anna"]),
        ),
    ),
    "teilhabe.measures.services.records.remove_counselling_contact": Row(
        "carla",
        "kai",
        lambda one, by: records.remove_counselling_contact(one, by=by),
        setup=lambda p, centre: record_factories.contact(
            record_factories.log(centre, p["anna"]),
            p["anna"],
            record_factories.school(centre, p["anna"]),
        ),
    ),
    "teilhabe.measures.services.measures.add_programme_type": Row(
        "anna",  # the KIs read the catalogue; the coordination office keeps it
        "lars",
        lambda _none, by: measures.add_programme_type(
            by=by,
            data={
                "code": "sprachcafes",
                "name": "Sprachcafés",
                "name_en": "Language cafés",
                "field_of_action": "cross_cutting",
            },
        ),
    ),
    "teilhabe.measures.services.measures.update_programme_type": Row(
        "anna",
        "lars",
        lambda programme, by: measures.update_programme_type(
            programme, by=by, data={"is_active": False}
        ),
        setup=lambda p, centre: measure_factories.programme("komm-an"),
    ),
    # controlling: the coordination office keeps the catalogue and the periods, the KIs read them
    "teilhabe.controlling.services.add_indicator": Row(
        "anna",
        "lars",
        lambda _none, by: controlling.add_indicator(
            by=by, data=controlling_factories.manual_data()
        ),
        setup=lambda p, centre: controlling_factories.ensure_seed(),
    ),
    "teilhabe.controlling.services.add_indicator_version": Row(
        "mia",
        "lars",
        lambda events, by: controlling.add_indicator_version(
            events,
            by=by,
            data={"from_period": controlling_factories.half_year(2026, 1), "unit": "Termine"},
        ),
        setup=lambda p, centre: controlling_factories.indicator("volunteers-reached"),
    ),
    "teilhabe.controlling.services.add_reporting_period": Row(
        "anna",
        "lars",
        lambda _none, by: controlling.add_reporting_period(
            by=by,
            data={"kind": "half_year", "starts_on": date(2027, 1, 1), "ends_on": date(2027, 6, 30)},
        ),
        setup=lambda p, centre: controlling_factories.ensure_seed(),
    ),
    "teilhabe.controlling.services.release_period": Row(
        "mia",  # the ministry reads the state view; the coordination office releases
        "lars",
        lambda period, by: controlling.release_period(period, by=by),
        setup=lambda p, centre: controlling_factories.half_year(2024, 1),
    ),
    "teilhabe.measures.services.measures.update_measure": Row(
        "lars",  # the coordination office reads the measures, it does not keep them
        "kai",
        lambda measure, by: measures.update_measure(measure, by=by, data={"title": "Neu"}),
        setup=lambda p, centre: measure_factories.measure(centre, p["anna"]),
    ),
    "teilhabe.measures.services.measures.change_measure_status": Row(
        "carla",
        "kai",
        lambda measure, by: measures.change_measure_status(measure, by=by, step="start"),
        setup=lambda p, centre: measure_factories.measure(centre, p["anna"]),
    ),
    "teilhabe.measures.services.measures.add_target": Row(
        "lars",
        "anna",
        lambda measure, by: measures.add_target(
            measure, by=by, data={"label": "Elterncafés", "target": 6}
        ),
        setup=lambda p, centre: measure_factories.measure(centre, p["anna"]),
    ),
    "teilhabe.measures.services.measures.update_target": Row(
        "carla",
        "kai",
        lambda target, by: measures.update_target(target, by=by, data={"actual": 3}),
        setup=lambda p, centre: measures.add_target(
            measure_factories.measure(centre, p["anna"]),
            by=p["anna"],
            data={"label": "Elterncafés", "target": 6},
        ),
    ),
    "teilhabe.measures.services.measures.remove_target": Row(
        "lars",
        "kai",
        lambda target, by: measures.remove_target(target, by=by),
        setup=lambda p, centre: measures.add_target(
            measure_factories.measure(centre, p["anna"]),
            by=p["anna"],
            data={"label": "Elterncafés", "target": 6},
        ),
    ),
    "teilhabe.measures.services.measures.add_document": Row(
        "lars",
        "kai",
        lambda measure, by: measures.add_document(
            measure, by=by, title="Flyer", upload=_pdf("flyer.pdf")
        ),
        setup=lambda p, centre: measure_factories.measure(centre, p["anna"]),
    ),
    # measures: the member schools of Schule ohne Rassismus, kept by the KI's own people
    "teilhabe.measures.services.schools.add_school": Row(
        "lars",  # the coordination office reads the schools, it does not keep them
        "kai",
        lambda objects, by: schools.add_school(
            objects[0], by=by, data=school_rows.school_data(objects[1])
        ),
        setup=lambda p, centre: (
            school_rows.school_measure(centre, p["anna"]),
            school_rows.school(centre, p["anna"]),
        ),
    ),
    "teilhabe.measures.services.schools.update_school": Row(
        "carla",
        "anna",
        lambda membership, by: schools.update_school(
            membership, by=by, data={"patron": "Tarek Haddad"}, expected_version=0
        ),
        setup=lambda p, centre: school_rows.member(
            school_rows.school_measure(centre, p["anna"]), p["anna"]
        ),
    ),
    "teilhabe.measures.services.schools.record_school_left": Row(
        "lars",
        "kai",
        lambda membership, by: schools.record_school_left(
            membership, by=by, left_on=school_rows.days_ago(1), expected_version=0
        ),
        setup=lambda p, centre: school_rows.member(
            school_rows.school_measure(centre, p["anna"]), p["anna"]
        ),
    ),
    "teilhabe.measures.services.schools.add_project": Row(
        "mia",
        "kai",
        lambda membership, by: schools.add_project(
            membership, by=by, data=school_rows.project_data()
        ),
        setup=lambda p, centre: school_rows.member(
            school_rows.school_measure(centre, p["anna"]), p["anna"]
        ),
    ),
    # network: the KI's own people; a partner account its own organisation and contacts
    "teilhabe.network.services.add_organisation": Row(
        "carla",
        "kai",
        lambda centre, by: network.add_organisation(
            centre, by=by, data=network_factories.organisation_data()
        ),
        setup=lambda p, centre: centre,
    ),
    "teilhabe.network.services.update_organisation": Row(
        "lars",  # the coordination office reads the network, it does not keep it
        "paul",
        lambda org, by: network.update_organisation(org, by=by, data={"phone": "0521 1"}),
        setup=_pauls_organisation,
    ),
    "teilhabe.network.services.add_contact": Row(
        "carla",
        "paul",
        lambda org, by: network.add_contact(org, by=by, data={"name": "Ali Demir"}),
        setup=_pauls_organisation,
    ),
    "teilhabe.network.services.update_contact": Row(
        "mia",
        "paul",
        lambda contact, by: network.update_contact(contact, by=by, data={"function": "Vorstand"}),
        setup=lambda p, centre: network_factories.contact(
            _pauls_organisation(p, centre), p["anna"]
        ),
    ),
    "teilhabe.network.services.remove_contact": Row(
        "carla",
        "anna",
        lambda contact, by: network.remove_contact(contact, by=by),
        setup=lambda p, centre: network_factories.contact(
            network_factories.organisation(centre, p["anna"]), p["anna"]
        ),
    ),
    "teilhabe.network.services.add_agreement": Row(
        "paul",  # the partner reads its agreements; the KI records them
        "kai",
        lambda org, by: network.add_agreement(
            org,
            by=by,
            data={"kind": "cooperation", "since": date(2024, 1, 1)},
            upload=_pdf("vereinbarung.pdf"),
        ),
        setup=_pauls_organisation,
    ),
    "teilhabe.network.services.link_partner_account": Row(
        "carla",
        "anna",
        lambda objects, by: network.link_partner_account(objects[0], by=by, user=objects[1]),
        setup=lambda p, centre: (network_factories.organisation(centre, p["anna"]), p["paul"]),
    ),
    "teilhabe.network.services.undo_partner_change": Row(
        "paul",  # the partner may not undo its own change in the KI's name
        "anna",
        lambda objects, by: network.undo_partner_change(objects[0], by=by, event_id=objects[1]),
        setup=_partner_change,
    ),
    "teilhabe.network.services.upload_import": Row(
        "lars",  # the coordination office reads the network, it does not import into it
        "kai",
        lambda centre, by: network.upload_import(
            centre, by=by, upload=network_factories.import_upload()
        ),
        setup=lambda p, centre: centre,
    ),
    "teilhabe.network.services.confirm_import": Row(
        "carla",
        "kai",
        lambda job, by: network.confirm_import(job, by=by, mapping=job.mapping),
        setup=lambda p, centre: network_factories.import_job(centre, p["anna"]),
    ),
    "teilhabe.network.services.run_import": Row(
        "paul",
        "anna",
        lambda job, by: network.run_import(job, by=by),
        setup=lambda p, centre: network_factories.import_job(centre, p["anna"], confirm=True),
    ),
    "teilhabe.network.services.retry_import": Row(
        "carla",
        "kai",
        lambda job, by: network.retry_import(job, by=by),
        setup=lambda p, centre: network_factories.stalled_import(centre, p["anna"]),
    ),
    "teilhabe.network.services.merge_organisations": Row(
        "carla",
        "kai",
        lambda orgs, by: network.merge_organisations(orgs[0], by=by, merged=orgs[1]),
        setup=lambda p, centre: (
            network_factories.organisation(centre, p["anna"]),
            network_factories.organisation(centre, p["anna"], name="Elternverein Bielefeld"),
        ),
    ),
    # evaluation: the evaluator writes and sends questionnaires; a KI's staff save its answers,
    # its head submits them
    "teilhabe.evaluation.services.create_questionnaire": Row(
        "lars",
        "eva",
        lambda _none, by: evaluation.create_questionnaire(
            by=by, data={"title": "Prozessevaluation", "purpose": "process"}
        ),
    ),
    "teilhabe.evaluation.services.update_questionnaire": Row(
        "anna",
        "eva",
        lambda found, by: evaluation.update_questionnaire(found, by=by, data={"title": "Neu"}),
        setup=lambda p, centre: evaluation_rows.draft(),
    ),
    "teilhabe.evaluation.services.add_question": Row(
        "lars",
        "eva",
        lambda found, by: evaluation.add_question(
            found, by=by, data={"code": "neu", "text": "Neu?", "kind": "text"}
        ),
        setup=lambda p, centre: evaluation_rows.draft(),
    ),
    "teilhabe.evaluation.services.remove_question": Row(
        "kai",
        "eva",
        lambda question, by: evaluation.remove_question(question, by=by),
        setup=lambda p, centre: evaluation_rows.draft().questions.get(),
    ),
    "teilhabe.evaluation.services.new_version": Row(
        "mia",
        "eva",
        lambda found, by: evaluation.new_version(found, by=by),
        setup=lambda p, centre: evaluation_rows.frozen().questionnaire,
    ),
    "teilhabe.evaluation.services.send_questionnaire": Row(
        "lars",  # the coordination office reads the rates; it sends nothing
        "eva",
        lambda found, by: evaluation.send_questionnaire(
            found,
            by=by,
            data={"name": "Messung", "opens_on": _soon(1), "closes_on": _soon(30)},
        ),
        setup=lambda p, centre: evaluation_rows.draft(),
    ),
    "teilhabe.evaluation.services.save_answers": Row(
        "carla",  # another KI's head may not write Bielefeld's answers
        "kai",
        lambda point, by: evaluation.save_answers(
            point, by=by, centre=Centre.objects.get(grantee__key="05711"), raw={"traeger": "Ja"}
        ),
        setup=lambda p, centre: evaluation_rows.frozen(),
    ),
    "teilhabe.evaluation.services.submit_answers": Row(
        "kai",  # staff draft, the head submits
        "anna",
        lambda point, by: evaluation.submit_answers(
            point,
            by=by,
            centre=Centre.objects.get(grantee__key="05711"),
            raw=evaluation_factories.VALID,
        ),
        setup=lambda p, centre: evaluation_rows.frozen(),
        codes=LEAD_ONLY,
    ),
    # proofs: the base-rate table is the ministry's; the grant officer computes with it
    "teilhabe.proofs.services.add_base_rate": Row(
        "bernd",
        "mia",
        lambda _, by: proofs.add_base_rate(
            by=by, valid_from=date(2030, 1, 1), rate="2.50", source="Bundesanzeiger (Test)"
        ),
    ),
    # quality: the coordination office recomputes the statuses on demand; the grant authority reads
    "teilhabe.quality.services.recompute_statuses": Row(
        "bernd",
        "lars",
        lambda _, by: quality.recompute_statuses(timezone.localdate().year - 1, by=by),
    ),
    # guide: the KI's own people keep and publish; a partner account its organisation's offers
    "teilhabe.guide.services.add_offer": Row(
        "carla",
        "kai",
        lambda centre, by: guide.add_offer(
            centre, by=by, data=guide_factories.offer_data(), texts=guide_factories.texts()
        ),
        setup=lambda p, centre: centre,
    ),
    "teilhabe.guide.services.update_offer": Row(
        "lars",
        "paul",
        lambda offer, by: guide.update_offer(
            offer,
            by=by,
            data=guide_factories.offer_data(
                provider=offer.provider, contact_name="Sprachschule Lindenhof"
            ),
            texts=guide_factories.texts(),
        ),
        setup=lambda p, centre: guide_factories.offer(
            centre, p["anna"], provider=_pauls_organisation(p, centre)
        ),
    ),
    "teilhabe.guide.services.change_status": Row(
        "paul",  # the partner hands in; only the KI publishes
        "kai",
        lambda offer, by: guide.change_status(offer, by=by, to="published"),
        setup=lambda p, centre: guide_factories.offer(
            centre, p["anna"], provider=_pauls_organisation(p, centre)
        ),
    ),
    "teilhabe.guide.services.confirm_current": Row(
        "paul",  # he keeps his organisation's offer, but the KI confirms it as current
        "kai",
        lambda offer, by: guide.confirm_current(offer, by=by),
        setup=lambda p, centre: guide_factories.published(
            centre, p["anna"], provider=_pauls_organisation(p, centre)
        ),
    ),
    "teilhabe.guide.services.mark_feedback_done": Row(
        "carla",
        "anna",
        lambda item, by: guide.mark_feedback_done(item, by=by),
        setup=lambda p, centre: guide.give_feedback(
            guide_factories.published(centre, p["anna"]), comment="veraltet"
        ),
    ),
    "teilhabe.guide.services.review_translation": Row(
        "carla",
        "paul",  # the provider's partner account checks its own offer's translations too
        lambda offer, by: guide.review_translation(offer.texts.get(language="en"), by=by),
        setup=lambda p, centre: guide_factories.with_outdated_translation(
            centre, p["anna"], provider=_pauls_organisation(p, centre)
        ),
    ),
    # machine translation and XLIFF: the KI's own people (a partner asks its KI); an upload
    # is confirmed by the person who uploaded it
    "teilhabe.guide.services.machine_translate": Row(
        "paul",
        "kai",
        lambda offer, by: guide.machine_translate(offer, by=by, target="uk", translator=Local()),
        setup=lambda p, centre: guide_factories.offer(
            centre, p["anna"], provider=_pauls_organisation(p, centre)
        ),
    ),
    "teilhabe.guide.services.start_machine_translation": Row(
        "paul",
        "kai",
        lambda offer, by: guide.start_machine_translation(offer, by=by, translator=Local()),
        setup=lambda p, centre: guide_factories.offer(
            centre, p["anna"], provider=_pauls_organisation(p, centre)
        ),
    ),
    "teilhabe.guide.services.upload_xliff": Row(
        "carla",
        "kai",
        lambda objects, by: guide.upload_xliff(
            objects[0], by=by, file_name="uk.xlf", data=objects[1]
        ),
        setup=lambda p, centre: (centre, _xliff_back(guide_factories.offer(centre, p["anna"]))),
    ),
    "teilhabe.guide.services.confirm_xliff_import": Row(
        "kai",  # a colleague of the uploader: the preview is hers to confirm
        "anna",
        lambda job, by: guide.confirm_xliff_import(job, by=by),
        setup=lambda p, centre: guide.upload_xliff(
            centre,
            by=p["anna"],
            file_name="uk.xlf",
            data=_xliff_back(guide_factories.offer(centre, p["anna"])),
        ),
    ),
}


def _xliff_back(offer: Offer) -> bytes:
    """An agency's answer: the offer exported for Ukrainian, its title translated."""
    data = guide_xliff.export(Offer.objects.filter(pk=offer.pk).prefetch_related("texts"), "uk")
    return data.replace(b"</source>", "</source><target>Переклад</target>".encode(), 1)


def test_every_public_service_function_has_a_row() -> None:
    found = set(service_functions())
    assert not set(ROWS) & set(EXEMPT), "a function is both checked and exempt"
    assert found - set(ROWS) - set(EXEMPT) == set(), "service functions without a row"
    assert (set(ROWS) | set(EXEMPT)) - found == set(), "rows for functions that do not exist"
    assert all(reason.strip() for reason in EXEMPT.values())


def test_what_is_exempt_as_a_read_takes_no_actor() -> None:
    """A read that grows a `by` has become an action: it needs a row instead."""
    functions = service_functions()
    acting = [
        name
        for name, reason in EXEMPT.items()
        if reason == READS and "by" in inspect.signature(functions[name]).parameters
    ]
    assert acting == []


def test_every_checked_function_takes_by_as_a_required_keyword() -> None:
    functions = service_functions()
    wrong = []
    for name in ROWS:
        by = inspect.signature(functions[name]).parameters.get("by")
        if by is None or by.kind != inspect.Parameter.KEYWORD_ONLY or by.default is not by.empty:
            wrong.append(name)
    assert wrong == []


def stored_state() -> dict[str, Any]:
    """Every row of our apps (and the second-factor devices), every stored file, every mail."""
    tables = {
        model._meta.label: list(model._default_manager.order_by("pk").values_list())
        for model in apps.get_models()
        # every app of ours, so a new app's tables are watched without a change here
        if model._meta.app_config.name.startswith("teilhabe.") or model is TOTPDevice
    }
    media = Path(settings.MEDIA_ROOT)
    files = sorted(str(f.relative_to(media)) for f in media.rglob("*") if f.is_file())
    return {"tables": tables, "files": files, "mails": len(mail.outbox)}


@pytest.mark.parametrize("name", sorted(ROWS))
def test_a_service_refuses_a_caller_without_the_permission_and_writes_nothing(
    name: str, personas: dict[str, User], bielefeld: Centre
) -> None:
    row = ROWS[name]
    objects = row.setup(personas, bielefeld)
    before = stored_state()
    with pytest.raises(ValidationError) as refused:
        row.call(objects, personas[row.refused])
    assert refused.value.code in row.codes, f"{name} refused {row.refused} with another reason"
    assert isinstance(refused.value, Refusal), f"{name} refuses without the kit's Refusal"
    assert stored_state() == before, f"{name} wrote something for {row.refused}"

    # The same call by someone who may: the arguments were valid, only the permission was not.
    row.call(objects, personas[row.allowed])
    assert stored_state()["tables"] != before["tables"], f"{name} wrote nothing for {row.allowed}"
