"""Every write through a page, posted as a VALID form by every persona who may not act.

`test_post_matrix.py` posts an arbitrary form; a page could refuse that one for the wrong
reason (an invalid form) and pass. Here each form is one the page accepts: posted by someone
who may act it writes (the last step of each case), posted by anyone else it must be answered
with 404 or, where that persona sees the page (staff on the submit page, the proposer on the
signing page), with the refusal shown on the page — and change nothing at all: no row, no file,
no mail. A page whose view and service both forgot a check fails here.

A new write route fails `test_every_write_route_has_a_valid_form` until it has a case.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from teilhabe.accounts import services as accounts
from teilhabe.accounts.models import User
from teilhabe.centres import services as centres
from teilhabe.centres.models import Centre, PositionCategory
from teilhabe.concepts.tests.conftest import valid_data
from teilhabe.controlling import reports as controlling_reports
from teilhabe.controlling.tests import factories as controlling_factories
from teilhabe.controlling.tests import report_factories as report_factories
from teilhabe.core.models import AuditEvent
from teilhabe.evaluation.tests import url_matrix as evaluation_rows
from teilhabe.events.tests import factories as event_factories
from teilhabe.events.tokens import checkin_token_for
from teilhabe.funding.models import (
    Application,
    ApplicationStatus,
    Condition,
    InformationRequest,
    Payment,
    PaymentStatus,
)
from teilhabe.funding.tests import budget_helpers, factories, review_steps
from teilhabe.guide import services as guide
from teilhabe.guide import services as guide_services
from teilhabe.guide import xliff as guide_xliff
from teilhabe.guide.models import Offer
from teilhabe.guide.tests import factories as guide_factories
from teilhabe.guide.tests import fake_translator
from teilhabe.measures.services import measures as measure_services
from teilhabe.measures.tests import factories as measure_factories
from teilhabe.measures.tests import url_matrix_groups as groups
from teilhabe.measures.tests import url_matrix_records as record_factories
from teilhabe.measures.tests import url_matrix_schools as school_rows
from teilhabe.network import services as network
from teilhabe.network.tests import factories as network_factories
from teilhabe.proofs.tests import repayment_factories
from teilhabe.proofs.tests import use_factories as proof_rows
from teilhabe.tests.test_post_matrix import PERSONAS, WRITE_ROUTES
from teilhabe.tests.test_service_permissions import stored_state

pytestmark = pytest.mark.django_db

Objects = tuple[dict[str, Any], Any]  # URL arguments, the object the form is about


@dataclass(frozen=True)
class Case:
    route: str
    actors: frozenset[str]  # who may act; the first one in `control` posts last and writes
    control: str
    setup: Callable[[dict[str, User], Centre], Objects]
    data: Callable[[Any], dict[str, Any]]  # a fresh valid form (files are read once)
    # Personas who see the page and are told why not: the text they see (English msgid).
    visible: dict[str, str] = field(default_factory=dict)
    # What the whole case runs inside (e.g. a local fake of an external service).
    context: Callable[[], AbstractContextManager[Any]] = nullcontext


def _soon(days: int = 30) -> date:
    return timezone.localdate() + timedelta(days=days)


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, factories.pdf_bytes(), content_type="application/pdf")


KI = frozenset({"kai", "anna"})
LEAD = frozenset({"anna"})
OFFICER = frozenset({"bernd"})
MINISTRY = frozenset({"mia"})

# --- the objects -------------------------------------------------------------------------------


def _centre(p: dict[str, User], centre: Centre) -> Objects:
    return {"pk": centre.pk}, centre


def _member(p: dict[str, User], centre: Centre) -> Objects:
    member = centres.add_staff_member(
        centre,
        by=p["anna"],
        data={
            "first_name": "Lena",
            "last_name": "Müller",
            "category": PositionCategory.PEDAGOGICAL,
            "fte": Decimal("1.00"),
            "start_date": date(2020, 1, 1),
        },
    )
    return {"pk": centre.pk, "member_pk": member.pk}, member


def _token(p: dict[str, User], centre: Centre) -> Objects:
    token, _raw = accounts.create_api_token(p["anna"], by=p["anna"], name="Alt")
    return {"pk": token.pk}, token


def _draft(p: dict[str, User], centre: Centre) -> Objects:
    application = factories.application(centre, year=2026)
    return {"pk": application.pk}, application


def _asked(p: dict[str, User], centre: Centre) -> Objects:
    application = factories.application(centre, year=2027, status=ApplicationStatus.INFO_REQUESTED)
    request = InformationRequest.objects.create(
        application=application, message="Stellenplan?", due_date=_soon(), requested_by=p["bernd"]
    )
    return {"pk": application.pk, "request_pk": request.pk}, request


def _submitted(p: dict[str, User], centre: Centre) -> Objects:
    application = factories.application(centre, status=ApplicationStatus.SUBMITTED)
    return {"pk": application.pk}, application


def _in_review(p: dict[str, User], centre: Centre) -> Objects:
    application = review_steps.in_review(centre, p["bernd"])
    return {"pk": application.pk}, application


def _proposed_by_bernd(p: dict[str, User], centre: Centre) -> Objects:
    factories.budget_line(2026)
    proposal = review_steps.proposed(centre, p["bernd"])
    return {"proposal_pk": proposal.pk}, proposal


def _paid_2025(p: dict[str, User], centre: Centre) -> Objects:
    decision = repayment_factories.paid_decision(
        centre, p["bernd"], p["guel"], on=date(2025, 2, 10)
    )
    return {"decision_pk": decision.pk}, decision


def _repayment_proposed(p: dict[str, User], centre: Centre) -> Objects:
    decision = repayment_factories.paid_decision(
        centre, p["bernd"], p["guel"], on=date(2025, 2, 10)
    )
    row = repayment_factories.proposed(decision, p["bernd"])
    return {"pk": row.pk}, row


def _repayment_signed(p: dict[str, User], centre: Centre) -> Objects:
    from unittest import mock

    from teilhabe.proofs import repayment_services

    kwargs, row = _repayment_proposed(p, centre)
    with mock.patch.object(
        repayment_services, "render_repayment_pdf", return_value=factories.pdf_bytes()
    ):
        row = repayment_services.sign_repayment(row, by=repayment_factories.verified(p["guel"]))
    return kwargs, row


def _decision(p: dict[str, User], centre: Centre) -> Objects:
    decision = factories.decision(
        factories.application(centre, year=2026), proposed_by=p["bernd"], signed_by=p["guel"]
    )
    return {"pk": decision.pk}, decision


def _condition(p: dict[str, User], centre: Centre) -> Objects:
    _kwargs, decision = _decision(p, centre)
    condition = Condition.objects.create(
        decision=decision, text="Schwerpunkte benennen.", due_date=_soon()
    )
    return {"pk": condition.pk}, condition


def _granted(p: dict[str, User], centre: Centre) -> Objects:
    application, _decision = budget_helpers.granted(centre, officer=p["bernd"], approver=p["guel"])
    return {"pk": application.pk}, application


def _requested(p: dict[str, User], centre: Centre) -> Objects:
    application, decision = budget_helpers.granted(centre, officer=p["bernd"], approver=p["guel"])
    payment = Payment.objects.create(
        application=application,
        decision=decision,
        fiscal_year=2026,
        amount=Decimal("40000.00"),
        requested_by=p["anna"],
        status=PaymentStatus.REQUESTED,
    )
    return {"pk": payment.pk}, payment


def _line(p: dict[str, User], centre: Centre) -> Objects:
    line = factories.budget_line(2026)
    return {"pk": line.pk}, line


def _nothing(p: dict[str, User], centre: Centre) -> Objects:
    return {}, None


def _window_open(p: dict[str, User], centre: Centre) -> Objects:
    factories.open_window(2031)  # the ministry opened applications for 2031
    return {}, None


# --- the measures' records ---------------------------------------------------------------------


def _pool(p: dict[str, User], centre: Centre) -> Objects:
    measure = record_factories.pool(centre, p["anna"])
    return {"centre_pk": centre.pk, "pk": measure.pk}, measure


def _pool_entry(p: dict[str, User], centre: Centre) -> Objects:
    kwargs, measure = _pool(p, centre)
    one = record_factories.assignment(measure, p["anna"])
    return {**kwargs, "record_pk": one.pk}, one


def _assignment_form(_obj: Any) -> dict[str, Any]:
    return {
        "held_on": record_factories.days_ago(3).isoformat(),
        "language": "uk",
        "purpose": "school",
        "institution": "",
        "hours": "2,5",
        "interpreter": "",
    }


def _log(p: dict[str, User], centre: Centre) -> Objects:
    measure = record_factories.log(centre, p["anna"])
    where = record_factories.school(centre, p["anna"])
    return {"centre_pk": centre.pk, "pk": measure.pk}, where


def _log_entry(p: dict[str, User], centre: Centre) -> Objects:
    kwargs, where = _log(p, centre)
    entry = record_factories.contact(
        record_factories.log(centre, p["anna"], title="Schulberatung Süd"), p["anna"], where
    )
    return {**kwargs, "pk": entry.measure_id, "record_pk": entry.pk}, where


def _counselling_form(school: Any) -> dict[str, Any]:
    return {
        "held_on": record_factories.days_ago(2).isoformat(),
        "school": str(school.pk),
        "topic": "heritage_language",
        "form": "phone",
        "outcome": "Bedarf für HSU Türkisch erhoben.",
    }


# --- the valid forms ---------------------------------------------------------------------------


def _centre_form(centre: Centre) -> dict[str, Any]:
    return {
        "name": centre.name,
        "status": centre.status,
        "opened_on": "2013-04-01",
        "attachment": "Amt für Schule und Integration",
        "street": "Niederwall 23",
        "postcode": "33602",
        "city": "Bielefeld",
        "email": "ki@bielefeld.example",
        "phone": "0521 510",
        "website": "https://www.bielefeld.example/ki",
    }


def _staff_form(**changes: str) -> dict[str, Any]:
    return {
        "first_name": "Zeynep",
        "last_name": "Kaya",
        "email": "",
        "phone": "",
        "function": "member",
        "category": "pedagogical",
        "fte": "0.5",
        "start_date": "2024-02-01",
        "end_date": "",
        **changes,
    }


def _concept_form(centre: Centre) -> dict[str, Any]:
    data = valid_data()
    data["resolution_date"] = data["resolution_date"].isoformat()
    return {**data, "document": _pdf("konzept.pdf")}


def _edit_form(application: Application) -> dict[str, Any]:
    """The application's edit form as the browser sends it, with one field changed."""
    application.refresh_from_db()
    data: dict[str, Any] = {
        "lock_version": str(application.lock_version),
        "concept": str(application.concept_id or ""),
        "council_resolution_date": str(application.council_resolution_date or ""),
        "teachers_requested": str(application.teachers_requested),
        "interpreter_pool_cost": str(application.interpreter_pool_cost),
        "own_rooms": str(application.own_rooms),
        "own_administration": str(application.own_administration),
        "own_materials": str(application.own_materials),
        "own_project_funds": str(application.own_project_funds),
        "own_contribution_notes": application.own_contribution_notes,
        "work_plan_education": "Rucksack KiTa in allen Stadtbezirken.",
        "work_plan_cross_cutting": application.work_plan_cross_cutting,
    }
    positions = list(application.positions.order_by("order"))
    data.update(
        {
            "positions-TOTAL_FORMS": str(len(positions)),
            "positions-INITIAL_FORMS": str(len(positions)),
            "positions-MIN_NUM_FORMS": "0",
            "positions-MAX_NUM_FORMS": "40",
        }
    )
    for i, position in enumerate(positions):
        data.update(
            {
                f"positions-{i}-title": position.title,
                f"positions-{i}-category": position.category,
                f"positions-{i}-fte": str(position.fte),
                f"positions-{i}-start_date": str(position.start_date or ""),
                f"positions-{i}-end_date": str(position.end_date or ""),
                f"positions-{i}-annual_cost": str(position.annual_cost),
            }
        )
    return data


NO_CONDITIONS = {
    "conditions-TOTAL_FORMS": "1",
    "conditions-INITIAL_FORMS": "0",
    "conditions-0-text": "",
    "conditions-0-due_date": "",
}


def _guideline_form(_: Any) -> dict[str, Any]:
    return {
        "code": "2099",
        "title": "Förderrichtlinien KI (Entwurf)",
        "valid_from": _soon(60).isoformat(),
        "valid_until": "",
        "citation": "§ 8 TIntG NRW; Entwurf",
        "specialist_amount": "60000.00",
        "assistant_amount": "47000.00",
        "annual_cap_kreis": "",
        "annual_cap_kreisfreie_stadt": "",
        "interpreter_pool_cap": "50000.00",
        "in_kind_teachers": "2",
        "in_kind_value": "100000.00",
        "concept_max_age_years": "3",
        "assumptions": "",
        "groups-TOTAL_FORMS": "1",
        "groups-INITIAL_FORMS": "0",
        "groups-MIN_NUM_FORMS": "0",
        "groups-MAX_NUM_FORMS": "20",
        "groups-0-code": "all",
        "groups-0-name": "Alle",
        "groups-0-categories": ["pedagogical", "administrative", "assistant"],
        "groups-0-max_fte": "7",
        "groups-0-district_kind": "",
        "groups-0-citation": "Entwurf",
    }


# --- the network -------------------------------------------------------------------------------


def _partner_org(p: dict[str, User], centre: Centre) -> Objects:
    """An organisation of KI Bielefeld with Paul as its partner account."""
    org = network_factories.organisation(centre, p["anna"])
    network.link_partner_account(org, by=p["anna"], user=p["paul"])
    return {"centre_pk": centre.pk, "pk": org.pk}, org


def _partner_contact(p: dict[str, User], centre: Centre) -> Objects:
    kwargs, org = _partner_org(p, centre)
    contact = network_factories.contact(org, p["anna"])
    return {**kwargs, "contact_pk": contact.pk}, contact


def _partner_change(p: dict[str, User], centre: Centre) -> Objects:
    kwargs, org = _partner_org(p, centre)
    network.update_organisation(org, by=p["paul"], data={"phone": "0521 999"})
    return {**kwargs, "event_pk": network.partner_changes(org)[0].pk}, org


def _partner_offer(p: dict[str, User], centre: Centre) -> Objects:
    _kwargs, org = _partner_org(p, centre)
    offer = guide_factories.offer(centre, p["anna"], provider=org)
    return {"centre_pk": centre.pk, "pk": offer.pk}, offer


def _partner_centre(p: dict[str, User], centre: Centre) -> Objects:
    _partner_org(p, centre)  # Paul may add his organisation's offers to its KI's guide
    return {"centre_pk": centre.pk}, centre


def _offer_form(offer: Any) -> dict[str, Any]:
    return guide_factories.offer_form(offer.centre, lock_version=str(offer.lock_version))


def _partner_outdated(p: dict[str, User], centre: Centre) -> Objects:
    _kwargs, org = _partner_org(p, centre)
    offer = guide_factories.with_outdated_translation(centre, p["anna"], provider=org)
    return {"centre_pk": centre.pk, "pk": offer.pk, "language": "en"}, offer


def _xliff_back(offer: Offer) -> bytes:
    """An agency's answer: the offer exported for Ukrainian, its title translated."""
    data = guide_xliff.export(Offer.objects.filter(pk=offer.pk).prefetch_related("texts"), "uk")
    return data.replace(b"</source>", "</source><target>Переклад</target>".encode(), 1)


def _xliff_file(offer: Any) -> dict[str, Any]:
    return {"file": SimpleUploadedFile("uk.xlf", _xliff_back(offer))}


def _ki_offer(p: dict[str, User], centre: Centre) -> Objects:
    offer = guide_factories.offer(centre, p["anna"])
    return {"centre_pk": centre.pk}, offer


def _xliff_upload(p: dict[str, User], centre: Centre) -> Objects:
    offer = guide_factories.offer(centre, p["anna"])
    job = guide_services.upload_xliff(
        centre, by=p["anna"], file_name="uk.xlf", data=_xliff_back(offer)
    )
    return {"centre_pk": centre.pk, "import_pk": job.pk}, job


def _partner_offer_due(p: dict[str, User], centre: Centre) -> Objects:
    """Paul's organisation's published offer, due for review."""
    _kwargs, org = _partner_org(p, centre)
    offer = guide_factories.published(centre, p["anna"], provider=org)
    type(offer).objects.filter(pk=offer.pk).update(last_reviewed_on=_soon(-200))
    return {"centre_pk": centre.pk, "pk": offer.pk}, offer


def _feedback(p: dict[str, User], centre: Centre) -> Objects:
    """The public's feedback on Paul's organisation's offer (addressed to the KI, not him)."""
    _kwargs, org = _partner_org(p, centre)
    offer = guide_factories.published(centre, p["anna"], provider=org)
    item = guide.give_feedback(offer, comment="Die Adresse ist veraltet.")
    return {"centre_pk": centre.pk, "feedback_pk": item.pk}, item


def _twins(p: dict[str, User], centre: Centre) -> Objects:
    org = network_factories.organisation(centre, p["anna"])
    twin = network_factories.organisation(centre, p["anna"], name="Elternverein Bielefeld eV")
    return {"centre_pk": centre.pk, "pk": org.pk, "other_pk": twin.pk}, org


def _organisation_form(_: Any) -> dict[str, Any]:
    return {
        "type": "sports_club",
        "name": "TuS Brackwede 1889 e. V.",
        "street": "Germanenstraße 22",
        "postcode": "33647",
        "municipality": str(network_factories.organisation_data()["municipality"].pk),
        "email": "info@tus-brackwede.example",
        "phone": "0521 44 55 66",
        "website": "",
        "languages": ["tr", "ar"],
        "areas_of_work": "Sport für Kinder und Jugendliche",
        "stages": ["youth_work"],
        "is_active": "on",
    }


def _offer_import_job(p: dict[str, User], centre: Centre) -> Objects:
    job = guide_factories.import_job(centre, p["anna"])
    return {"centre_pk": centre.pk, "pk": job.pk}, job


def _import_job(p: dict[str, User], centre: Centre) -> Objects:
    job = network_factories.import_job(centre, p["anna"])
    return {"centre_pk": centre.pk, "pk": job.pk}, job


# --- the measures ------------------------------------------------------------------------------

LARS = frozenset({"lars"})


def _programme(p: dict[str, User], centre: Centre) -> Objects:
    programme = measure_factories.programme("komm-an")
    return {"pk": programme.pk}, programme


def _programme_form(programme: Any) -> dict[str, Any]:
    data = {
        "name": "Sprachcafés",
        "name_en": "Language cafés",
        "description": "",
        "record_kind": "general",
        "field_of_action": "cross_cutting",
        "stages": ["transition"],
        "is_active": "on",
        "order": "200",
    }
    if programme is None:
        return {**data, "code": "sprachcafes"}
    return {**data, "lock_version": str(programme.lock_version)}


# --- controlling --------------------------------------------------------------------------------


def _seeded(p: dict[str, User], centre: Centre) -> Objects:
    """The seeded periods the form names (loaded again after a flushing test)."""
    controlling_factories.ensure_seed()
    return {}, None


def _indicator(p: dict[str, User], centre: Centre) -> Objects:
    # One the KIs still enter (events is computed from H2 2026, a later version than the form's).
    volunteers = controlling_factories.indicator("volunteers-reached")
    return {"pk": volunteers.pk}, volunteers


def _report_period(p: dict[str, User], centre: Centre) -> Objects:
    return {"period_pk": report_factories.period().pk}, None


def _draft_report(p: dict[str, User], centre: Centre) -> Objects:
    report = report_factories.report(centre, p["kai"])
    return {"pk": report.pk}, report


def _filled_report(p: dict[str, User], centre: Centre) -> Objects:
    report = report_factories.fill(report_factories.report(centre, p["kai"]), p["kai"])
    return {"pk": report.pk}, report


def _submitted_report(p: dict[str, User], centre: Centre) -> Objects:
    report = report_factories.submitted(centre, p["anna"])
    return {"pk": report.pk}, report


def _accepted_report(p: dict[str, User], centre: Centre) -> Objects:
    report = report_factories.submitted(centre, p["anna"])
    report = controlling_reports.accept_report(report, by=p["lars"])
    return {"pk": report.pk}, report


def _report_form(report: Any) -> dict[str, Any]:
    return {
        "lock_version": str(report.lock_version),
        "value_newcomers-counselled": "1.234",
        "value_positions-filled": "6,5",
        "comment_events": "Zwei Fachtage",
    }


def _indicator_form(indicator: Any) -> dict[str, Any]:
    data = {
        "from_period": str(controlling_factories.half_year(2026, 1).pk),
        "name": "Sprachcafés",
        "name_en": "Language cafés",
        "definition": "Sprachcafés, die im Zeitraum mindestens einmal stattfanden.",
        "unit": "Cafés",
        "unit_en": "cafés",
        "decimal_places": "0",
        "higher_is_better": "on",
        "stages": ["transition"],
        "source": "manual",
        "figure": "",
        "relation_1_operator": "ge",
        "relation_1_indicator": "trainings-held",
    }
    if indicator is None:
        return {**data, "code": "language-cafes", "order": "200"}
    return {**data, "lock_version": str(indicator.lock_version)}


def _due_period(p: dict[str, User], centre: Centre) -> Objects:
    """A period whose deadline has passed, not released yet: the office may release it."""
    period = controlling_factories.half_year(2024, 1)
    return {"pk": period.pk}, period


def _a_measure(p: dict[str, User], centre: Centre) -> Objects:
    measure = measure_factories.measure(centre, p["anna"])
    return {"centre_pk": centre.pk, "pk": measure.pk}, measure


def _a_target(p: dict[str, User], centre: Centre) -> Objects:
    kwargs, measure = _a_measure(p, centre)
    target = measure_services.add_target(
        measure, by=p["anna"], data={"label": "Elternabende", "target": 4, "actual": 1}
    )
    return {**kwargs, "target_pk": target.pk}, target


def _measure_form(measure: Any) -> dict[str, Any]:
    return {
        "programme_type": str(measure_factories.programme("rucksack-kita").pk),
        "title": "Rucksack KiTa in Brackwede",
        "goals": "Familiensprache stärken.",
        "starts_on": "2026-02-01",
        "ends_on": "2026-12-31",
        "location_notes": "Kita Regenbogen",
        "budget": "1.200,00",
        "funding_source": "ki_grant",
        "funding_notes": "",
        "lock_version": str(measure.lock_version) if measure is not None else "",
    }


def _stalled_import(p: dict[str, User], centre: Centre) -> Objects:
    job = network_factories.stalled_import(centre, p["anna"])
    return {"centre_pk": centre.pk, "pk": job.pk}, job


PARTNER_KI = frozenset({"kai", "anna", "paul"})
ORGANISERS = frozenset({"kai", "anna", "carla", "lars"})  # any KI's people, the coordination office


def _event_form(title: str = "Elternarbeit in der Kita") -> dict[str, Any]:
    soon = _soon(40)
    return {
        "title": title,
        "kind": "training",
        "audience": "educators",
        "description": "",
        "place": "Niederwall 23, 33602 Bielefeld",
        "online_url": "",
        "capacity": "25",
        "registration_opens_at": f"{_soon(-1)}T08:00",
        "registration_closes_at": f"{_soon(30)}T18:00",
        "cost": "0.00",
        "is_public": "on",
        "lock_version": "",
        "dates-TOTAL_FORMS": "1",
        "dates-INITIAL_FORMS": "0",
        "dates-0-day": str(soon),
        "dates-0-starts": "09:00",
        "dates-0-ends": "13:00",
    }


def _an_event(p: dict[str, User], centre: Centre) -> Objects:
    event = event_factories.published(centre, p["kai"], capacity=2)
    return {"pk": event.pk}, event


def _with_participant(p: dict[str, User], centre: Centre) -> Objects:
    kwargs, event = _an_event(p, centre)
    (registration,) = event_factories.accepted(event, 1)
    return kwargs, registration


def _checkin_code(p: dict[str, User], centre: Centre) -> Objects:
    kwargs, registration = _with_participant(p, centre)
    return {**kwargs, "token": checkin_token_for(registration)}, registration


FOUR_EYES = "You made this proposal; a second person must sign or return it (four eyes)."

# --- the measures' parent groups ---------------------------------------------------------------


def _companion(p: dict[str, User], centre: Centre) -> Objects:
    ayse = groups.companion(centre, p["anna"])
    return {"centre_pk": centre.pk, "pk": ayse.pk}, ayse


def _groups_measure(p: dict[str, User], centre: Centre) -> Objects:
    measure = measure_factories.measure(centre, p["anna"], "rucksack-kita")
    return {"centre_pk": centre.pk, "pk": measure.pk}, measure


def _parent_group(p: dict[str, User], centre: Centre) -> Objects:
    kwargs, measure = _groups_measure(p, centre)
    group = groups.group(measure, p["anna"])
    return {**kwargs, "group_pk": group.pk}, group


def _group_session(p: dict[str, User], centre: Centre) -> Objects:
    kwargs, group = _parent_group(p, centre)
    held = groups.session(group, p["anna"])
    return {**kwargs, "session_pk": held.pk}, held


def _group_form(group: Any) -> dict[str, Any]:
    return {
        "site": "Kita Sonnenblume, Gruppe 2",
        "institution": "",
        "municipality": "",
        "languages": ["tr"],
        "starts_on": "2026-02-01",
        "ends_on": "2026-12-31",
        "families": "12",
        "lock_version": str(getattr(group, "lock_version", "")),
    }


def _school_measure(p: dict[str, User], centre: Centre) -> Objects:
    """A Schule ohne Rassismus measure of KI Bielefeld and a school of its network."""
    measure = school_rows.school_measure(centre, p["anna"])
    org = school_rows.school(centre, p["anna"])
    return {"centre_pk": centre.pk, "pk": measure.pk}, org


def _member_school(p: dict[str, User], centre: Centre) -> Objects:
    measure = school_rows.school_measure(centre, p["anna"])
    membership = school_rows.member(measure, p["anna"])
    return {"centre_pk": centre.pk, "pk": measure.pk, "school_pk": membership.pk}, membership


def _school_form(org: Any) -> dict[str, Any]:
    return {
        "school": org.pk,
        "title_awarded_on": school_rows.days_ago(30).isoformat(),
        "signatures": "700",
        "school_members": "1000",
        "patron": "Aylin Demir",
    }


# --- evaluation ---------------------------------------------------------------------------------

EVA = frozenset({"eva"})
KIS = frozenset({"kai", "anna", "carla"})  # every KI answers the survey for itself
HEADS = frozenset({"anna", "carla"})


def _questionnaire_draft(p: dict[str, User], centre: Centre) -> Objects:
    found = evaluation_rows.draft("Matrix")
    return {"pk": found.pk}, found


def _questionnaire_sent(p: dict[str, User], centre: Centre) -> Objects:
    point = evaluation_rows.frozen("Matrix versandt")
    return {"pk": point.questionnaire.pk}, point.questionnaire


def _draft_question(p: dict[str, User], centre: Centre) -> Objects:
    found = evaluation_rows.draft("Matrix Frage")
    question = found.questions.get()
    return {"pk": found.pk, "question_pk": question.pk}, question


def _open_survey(p: dict[str, User], centre: Centre) -> Objects:
    point = evaluation_rows.frozen("Matrix offen")
    return {"pk": point.pk}, point


def _questionnaire_form(found: Any) -> dict[str, Any]:
    data = {"title": "Prozessevaluation", "purpose": "process", "description": "Zweite Welle."}
    return data if found is None else {**data, "lock_version": str(found.lock_version)}


def _question_form(found: Any) -> dict[str, Any]:
    return {
        "order": "20",
        "code": "erfahrungen",
        "text": "Welche Erfahrungen machte das KI?",
        "kind": "text",
        "required": "on",
        "lock_version": str(found.lock_version),
    }


def _point_form(found: Any) -> dict[str, Any]:
    return {
        "name": "Prozessevaluation 1",
        "opens_on": _soon(1).isoformat(),
        "closes_on": _soon(40).isoformat(),
    }


CASES: dict[str, Case] = {
    "accounts:revoke_token": Case("accounts:revoke_token", LEAD, "anna", _token, lambda t: {}),
    "centres:edit": Case("centres:edit", KI, "kai", _centre, _centre_form),
    "centres:staff_add": Case("centres:staff_add", KI, "kai", _centre, lambda c: _staff_form()),
    "centres:staff_edit": Case(
        "centres:staff_edit", KI, "kai", _member, lambda m: _staff_form(end_date="2025-06-30")
    ),
    "concepts:add": Case(
        "concepts:add", KI, "kai", lambda p, c: ({"centre_pk": c.pk}, c), _concept_form
    ),
    "funding:application_new": Case(
        "funding:application_new",
        KI | {"carla"},  # each for their own KI
        "kai",
        _window_open,
        lambda _: {"first_year": "2031", "last_year": "2031"},
    ),
    "funding:application_edit": Case("funding:application_edit", KI, "kai", _draft, _edit_form),
    "funding:application_autosave": Case(
        "funding:application_autosave", KI, "kai", _draft, _edit_form
    ),
    "funding:application_submit": Case(
        "funding:application_submit",
        LEAD,
        "anna",
        _draft,
        lambda a: {"signed": "on"},
        visible={"kai": "Only the head of the KI signs and submits the application."},
    ),
    "funding:signature_request": Case(
        "funding:signature_request",
        frozenset({"kai"}),
        "kai",
        _draft,
        lambda a: {},
        visible={"anna": "Only the staff of this KI ask its head to sign; the head signs herself."},
    ),
    "funding:application_withdraw": Case(
        "funding:application_withdraw",
        LEAD,
        "anna",
        _draft,
        lambda a: {},
        visible={"kai": "Only the head of the KI may sign, submit or withdraw the application."},
    ),
    "funding:attachment_add": Case(
        "funding:attachment_add",
        KI,
        "kai",
        _draft,
        lambda a: {"description": "Ratsbeschluss", "document": _pdf("rat.pdf")},
    ),
    "funding:information_answer": Case(
        "funding:information_answer",
        KI,
        "kai",
        _asked,
        lambda r: {"answer": "Der Stellenplan liegt bei."},
    ),
    "funding:review (start)": Case(
        "funding:review", OFFICER, "bernd", _submitted, lambda a: {"action": "start"}
    ),
    "funding:review (save)": Case(
        "funding:review",
        OFFICER,
        "bernd",
        _in_review,
        lambda a: {"check_budget_plausible": "on", "notes": "Stellenplan geprüft."},
    ),
    "funding:information_request": Case(
        "funding:information_request",
        OFFICER,
        "bernd",
        _in_review,
        lambda a: {"message": "Bitte Stellenplan nachreichen.", "due_date": _soon(14).isoformat()},
    ),
    "funding:proposal": Case(
        "funding:proposal",
        OFFICER,
        "bernd",
        _in_review,
        lambda a: {"kind": "approve_full", "amount_2026": "", "reasons": "", **NO_CONDITIONS},
    ),
    "funding:sign (sign)": Case(
        "funding:sign",
        frozenset({"guel"}),
        "guel",
        _proposed_by_bernd,
        lambda p: {"action": "sign", "reason": ""},
        visible={"bernd": FOUR_EYES},  # the proposer giving the second signature himself
    ),
    "funding:sign (return)": Case(
        "funding:sign",
        frozenset({"guel"}),
        "guel",
        _proposed_by_bernd,
        lambda p: {"action": "return", "reason": "Die Auflagen fehlen."},
        visible={"bernd": FOUR_EYES},
    ),
    "funding:amendment": Case(
        "funding:amendment",
        OFFICER,
        "bernd",
        _decision,
        lambda d: {"amount_2026": "160000.00", "reasons": "Stelle unbesetzt.", **NO_CONDITIONS},
    ),
    "funding:condition_fulfil": Case(
        "funding:condition_fulfil",
        KI,
        "kai",
        _condition,
        lambda c: {f"c{c.pk}-note": "Mit Schreiben vom heutigen Tag benannt."},
    ),
    "funding:payment_request": Case(
        "funding:payment_request",
        LEAD,
        "anna",
        _granted,
        lambda a: {"year": "2026", "amount": "40000.00", "note": "1. Abschlag"},
    ),
    "funding:payment_release": Case(
        "funding:payment_release", OFFICER, "bernd", _requested, lambda p: {"confirm": "1"}
    ),
    "funding:payment_refuse": Case(
        "funding:payment_refuse", OFFICER, "bernd", _requested, lambda p: {"reason": "Kein Bedarf."}
    ),
    "funding:budget_line_add": Case(
        "funding:budget_line_add",
        MINISTRY,
        "mia",
        _nothing,
        lambda _: {
            "fiscal_year": "2028",
            "code": "07 070 633 10",
            "title": "Kommunale Integrationszentren",
            "purpose": "centres",
            "planned": "21500000.00",
        },
    ),
    "funding:budget_line": Case(
        "funding:budget_line", MINISTRY, "mia", _line, lambda line: {"planned": "25000000.00"}
    ),
    "funding:guideline_add": Case(
        "funding:guideline_add", MINISTRY, "mia", _nothing, _guideline_form
    ),
    "proofs:repayment_new": Case(
        "proofs:repayment_new",
        OFFICER,
        "bernd",
        _paid_2025,
        lambda d: {
            "fiscal_year": "2025",
            "eligible": "157.500,00",
            "ineffective_on": "2025-03-15",
            "due_days": "30",
            "reasons": "Eine Stelle war drei Monate unbesetzt.",
        },
    ),
    "proofs:repayment_sign": Case(
        "proofs:repayment_sign",
        frozenset({"guel"}),
        "guel",
        _repayment_proposed,
        lambda r: {"action": "sign", "reason": ""},
    ),
    "proofs:repayment_sign (return)": Case(
        "proofs:repayment_sign",
        frozenset({"guel"}),
        "guel",
        _repayment_proposed,
        lambda r: {"action": "return", "reason": "Betrag prüfen."},
    ),
    "proofs:repayment_receipt": Case(
        "proofs:repayment_receipt",
        OFFICER,
        "bernd",
        _repayment_signed,
        lambda r: {"received_on": "2025-08-20", "amount": "1.000,00", "note": ""},
    ),
    "proofs:base_rate_add": Case(
        "proofs:base_rate_add",
        MINISTRY,
        "mia",
        _nothing,
        lambda _: {"valid_from": "2026-07-01", "rate": "1,27", "source": "Bundesanzeiger"},
    ),
    "proofs:use_start": Case(
        "proofs:use_start",
        KI,
        "kai",
        lambda p, c: (lambda d: ({"decision_pk": d.pk, "year": proof_rows.YEAR}, d))(
            proof_rows.granted(c)
        ),
        lambda d: {},
    ),
    "proofs:use_statement": Case(
        "proofs:use_statement",
        KI,
        "kai",
        lambda p, c: (lambda proof: ({"pk": proof.pk}, proof))(proof_rows.draft(c, p["kai"])),
        lambda proof: proof_rows.statement_form(proof),
    ),
    "proofs:use_report": Case(
        "proofs:use_report",
        KI,
        "anna",
        lambda p, c: (lambda proof: ({"pk": proof.pk}, proof))(proof_rows.draft(c, p["kai"])),
        lambda proof: proof_rows.report_form(proof),
    ),
    "proofs:use_submit": Case(
        "proofs:use_submit",
        LEAD,
        "anna",
        lambda p, c: (lambda proof: ({"pk": proof.pk}, proof))(proof_rows.reported(c, p["kai"])),
        lambda proof: {"signed": "on"},
        visible={"kai": "Only the head of the KI may sign and submit the proof of use."},
    ),
    "proofs:use_check": Case(
        "proofs:use_check",
        OFFICER,
        "bernd",
        lambda p, c: (lambda proof: ({"pk": proof.pk}, proof))(proof_rows.submitted(c, p["anna"])),
        lambda proof: {"action": "start"},
    ),
    "proofs:use_sign": Case(
        "proofs:use_sign",
        frozenset({"guel"}),
        "guel",
        lambda p, c: (lambda check: ({"pk": check.proof_id}, check))(proof_rows.proposed(c)),
        lambda check: {"action": "sign"},
    ),
    "events:new": Case(
        "events:new", ORGANISERS, "kai", lambda p, c: ({}, None), lambda _: _event_form()
    ),
    "events:edit": Case("events:edit", KI, "anna", _an_event, lambda e: _event_form("Neu")),
    "events:manage (cancel the event)": Case(
        "events:manage", KI, "kai", _an_event, lambda e: {"action": "cancel_event"}
    ),
    "events:manage (cancel a registration)": Case(
        "events:manage",
        KI,
        "anna",
        _with_participant,
        lambda r: {"action": "cancel_registration", "registration": str(r.pk)},
    ),
    "events:attendance": Case(
        "events:attendance",
        KI,
        "kai",
        _with_participant,
        lambda r: {"registration": str(r.pk), "attended": "1"},
    ),
    "events:checkin": Case("events:checkin", KI, "kai", _checkin_code, lambda r: {}),
    "events:person_data": Case(
        "events:person_data",
        ORGANISERS,
        "lars",
        lambda p, c: ({}, _with_participant(p, c)[1]),
        lambda r: {"email": r.email},
    ),
    "funding:application_window": Case(
        "funding:application_window",
        MINISTRY,
        "mia",
        lambda p, c: ({"year": 2028}, None),
        lambda _: {"opens_on": "2027-03-01", "closes_on": "2027-09-30"},
    ),
    "network:add": Case(
        "network:add", KI, "kai", lambda p, c: ({"centre_pk": c.pk}, c), _organisation_form
    ),
    "network:edit": Case("network:edit", PARTNER_KI, "kai", _partner_org, _organisation_form),
    "network:contact_add": Case(
        "network:contact_add",
        PARTNER_KI,
        "kai",
        _partner_org,
        lambda o: {"name": "Ali Demir", "function": "Vorstand", "email": "", "phone": ""},
    ),
    "network:contact_edit": Case(
        "network:contact_edit",
        PARTNER_KI,
        "kai",
        _partner_contact,
        lambda c: {"name": c.name, "function": "Vorstand", "email": "", "phone": ""},
    ),
    "network:agreement_add": Case(
        "network:agreement_add",
        KI,
        "kai",
        _partner_org,
        lambda o: {
            "kind": "cooperation",
            "since": "2024-01-01",
            "until": "",
            "document": _pdf("v.pdf"),
        },
    ),
    "network:undo": Case("network:undo", KI, "kai", _partner_change, lambda o: {}),
    "network:merge": Case("network:merge", KI, "kai", _twins, lambda o: {"phone": "merged"}),
    "network:import": Case(
        "network:import",
        KI,
        "kai",
        lambda p, c: ({"centre_pk": c.pk}, c),
        lambda c: {"file": network_factories.import_upload()},
    ),
    "network:import_review": Case(
        "network:import_review",
        KI,
        "kai",
        lambda p, c: _import_job(p, c),
        lambda job: {name: str(index) for name, index in job.mapping.items()},
    ),
    "measures:companion_add": Case(
        "measures:companion_add",
        KI,
        "kai",
        lambda p, c: ({"centre_pk": c.pk}, c),
        lambda _: {"name": "Olena Kovalenko", "languages": ["uk"], "is_active": "on"},
    ),
    "measures:companion_edit": Case(
        "measures:companion_edit",
        KI,
        "kai",
        _companion,
        lambda c: {"name": c.name, "languages": ["tr"], "qualified_on": "", "is_active": "on"},
    ),
    "measures:group_add": Case("measures:group_add", KI, "kai", _groups_measure, _group_form),
    "measures:group_edit": Case("measures:group_edit", KI, "kai", _parent_group, _group_form),
    "measures:session_add": Case(
        "measures:session_add",
        KI,
        "kai",
        _parent_group,
        lambda g: {"held_on": "2026-03-12", "families_present": "8", "topic": "Einkaufen"},
    ),
    "measures:session_remove": Case(
        "measures:session_remove", KI, "kai", _group_session, lambda s: {}
    ),
    "measures:assignment_add": Case("measures:assignment_add", KI, "kai", _pool, _assignment_form),
    "measures:assignment_edit": Case(
        "measures:assignment_edit", KI, "kai", _pool_entry, _assignment_form
    ),
    "measures:assignment_edit (remove)": Case(
        "measures:assignment_edit", KI, "anna", _pool_entry, lambda o: {"action": "remove"}
    ),
    "measures:counselling_add": Case(
        "measures:counselling_add", KI, "kai", _log, _counselling_form
    ),
    "measures:counselling_edit": Case(
        "measures:counselling_edit", KI, "kai", _log_entry, _counselling_form
    ),
    "measures:counselling_edit (remove)": Case(
        "measures:counselling_edit", KI, "anna", _log_entry, lambda o: {"action": "remove"}
    ),
    "measures:programme_add": Case(
        "measures:programme_add", LARS, "lars", lambda p, c: ({}, None), _programme_form
    ),
    "measures:programme_edit": Case(
        "measures:programme_edit", LARS, "lars", _programme, _programme_form
    ),
    "controlling:indicator_add": Case(
        "controlling:indicator_add", LARS, "lars", _seeded, _indicator_form
    ),
    "controlling:indicator_edit": Case(
        "controlling:indicator_edit", LARS, "lars", _indicator, _indicator_form
    ),
    "controlling:period_add": Case(
        "controlling:period_add",
        LARS,
        "lars",
        lambda p, c: ({}, None),
        lambda _: {"kind": "year", "starts_on": "2027-01-01", "ends_on": "2027-12-31"},
    ),
    "controlling:report_open": Case(
        "controlling:report_open",
        frozenset({"kai", "anna", "carla"}),  # each KI its own report on the period
        "kai",
        _report_period,
        lambda _: {},
    ),
    "controlling:report": Case("controlling:report", KI, "kai", _draft_report, _report_form),
    "controlling:report_submit": Case(
        "controlling:report_submit",
        LEAD,
        "anna",
        _filled_report,
        lambda r: {"signed": "on", "lock_version": str(r.lock_version)},
    ),
    "controlling:report_decide": Case(
        "controlling:report_decide",
        LARS,
        "lars",
        _submitted_report,
        lambda r: {"decision": "return", "comment": "Bitte die Fortbildungen prüfen."},
    ),
    "controlling:report_correct": Case(
        "controlling:report_correct",
        LEAD,
        "anna",
        _accepted_report,
        lambda r: {"reason": "Fortbildungen doppelt gezählt"},
    ),
    "controlling:state_release": Case(
        "controlling:state_release", LARS, "lars", _due_period, lambda _: {"confirm": "1"}
    ),
    "measures:add": Case(
        "measures:add", KI, "kai", lambda p, c: ({"centre_pk": c.pk}, None), _measure_form
    ),
    "measures:edit": Case("measures:edit", KI, "kai", _a_measure, _measure_form),
    "measures:status": Case("measures:status", KI, "kai", _a_measure, lambda m: {"step": "start"}),
    "measures:target_add": Case(
        "measures:target_add",
        KI,
        "kai",
        _a_measure,
        lambda m: {"label": "Elterncafés", "target": "6", "actual": "2"},
    ),
    "measures:target_edit": Case(
        "measures:target_edit",
        KI,
        "kai",
        _a_target,
        lambda t: {"label": "Elternabende", "target": "5", "actual": "3"},
    ),
    "measures:target_edit (remove)": Case(
        "measures:target_edit", KI, "kai", _a_target, lambda t: {"action": "remove"}
    ),
    "measures:document_add": Case(
        "measures:document_add",
        KI,
        "kai",
        _a_measure,
        lambda m: {"title": "Flyer", "document": _pdf("flyer.pdf")},
    ),
    "measures:school_add": Case("measures:school_add", KI, "kai", _school_measure, _school_form),
    "measures:school_edit": Case(
        "measures:school_edit",
        KI,
        "kai",
        _member_school,
        lambda m: {
            "title_awarded_on": m.title_awarded_on.isoformat(),
            "signatures": "800",
            "school_members": str(m.school_members),
            "patron": m.patron,
            "lock_version": "0",
        },
    ),
    "measures:school_left": Case(
        "measures:school_left",
        KI,
        "kai",
        _member_school,
        lambda m: {"left_on": school_rows.days_ago(1).isoformat(), "lock_version": "0"},
    ),
    "measures:school_project_add": Case(
        "measures:school_project_add",
        KI,
        "kai",
        _member_school,
        lambda m: {
            "held_on": school_rows.days_ago(3).isoformat(),
            "title": "Courage-Woche",
            "description": "",
        },
    ),
    "network:import_retry": Case(
        "network:import_retry",
        KI,
        "kai",
        lambda p, c: _stalled_import(p, c),
        lambda job: {},
    ),
    "quality:recompute": Case(
        "quality:recompute",
        LARS,
        "lars",
        lambda p, c: ({}, None),
        lambda _: {"year": str(timezone.localdate().year - 1)},
    ),
    "evaluation:questionnaire_add": Case(
        "evaluation:questionnaire_add", EVA, "eva", lambda p, c: ({}, None), _questionnaire_form
    ),
    "evaluation:questionnaire_edit": Case(
        "evaluation:questionnaire_edit", EVA, "eva", _questionnaire_draft, _questionnaire_form
    ),
    "evaluation:question_add": Case(
        "evaluation:question_add", EVA, "eva", _questionnaire_draft, _question_form
    ),
    "evaluation:question_remove": Case(
        "evaluation:question_remove", EVA, "eva", _draft_question, lambda q: {}
    ),
    "evaluation:questionnaire_version": Case(
        "evaluation:questionnaire_version", EVA, "eva", _questionnaire_sent, lambda q: {}
    ),
    "evaluation:point_add": Case(
        "evaluation:point_add", EVA, "eva", _questionnaire_draft, _point_form
    ),
    "evaluation:answer": Case(
        "evaluation:answer", KIS, "kai", _open_survey, lambda p: evaluation_rows.valid_answers()
    ),
    "evaluation:answer (submit)": Case(
        "evaluation:answer",
        HEADS,
        "anna",
        _open_survey,
        lambda p: evaluation_rows.valid_answers(submit=True),
        visible={"kai": "Only the head of the KI submits its answers."},
    ),
    # guide: the KI's people and the provider's partner account add and change offers
    "guide:offer_add": Case(
        "guide:offer_add",
        KI | {"paul"},
        "kai",
        _partner_centre,
        lambda c: guide_factories.offer_form(c),
    ),
    "guide:offer_edit": Case("guide:offer_edit", KI | {"paul"}, "kai", _partner_offer, _offer_form),
    # guide: the KI's people choose which categories their public guide shows
    "guide:settings": Case(
        "guide:settings",
        KI,
        "anna",
        _partner_centre,
        lambda c: {"categories": [], "intro": "Willkommen im Wegweiser."},
    ),
    "guide:text_reviewed": Case(
        "guide:text_reviewed", KI | {"paul"}, "kai", _partner_outdated, lambda o: {}
    ),
    # guide: machine translation and XLIFF are the KI's own (a partner asks its KI); the
    # preview of an upload is confirmed by its uploader
    "guide:machine_translate": Case(
        "guide:machine_translate",
        KI,
        "kai",
        _partner_offer,
        lambda o: {"language": "uk"},
        context=fake_translator.configured,
    ),
    "guide:xliff": Case("guide:xliff", KI, "kai", _ki_offer, _xliff_file),
    "guide:xliff_import": Case("guide:xliff_import", LEAD, "anna", _xliff_upload, lambda job: {}),
    # guide: only the KI's own people confirm an offer as current and close feedback on it
    "guide:offer_confirm": Case("guide:offer_confirm", KI, "kai", _partner_offer_due, lambda o: {}),
    "guide:feedback_done": Case("guide:feedback_done", KI, "anna", _feedback, lambda o: {}),
    # guide: the KI's own people import offers (upload, then confirm the preview)
    "guide:import": Case(
        "guide:import",
        KI,
        "kai",
        lambda p, c: ({"centre_pk": c.pk}, c),
        lambda c: {"file": guide_factories.import_upload()},
    ),
    "guide:import_review": Case(
        "guide:import_review", KI, "kai", _offer_import_job, lambda job: {}
    ),
    # guide: the KI's people and the provider's partner account hand an offer in for review
    "guide:offer_status": Case(
        "guide:offer_status",
        KI | {"paul"},
        "kai",
        _partner_offer,
        lambda o: {"to": "in_review", "lock_version": str(o.lock_version)},
    ),
}


def test_every_write_route_has_a_valid_form() -> None:
    assert {case.route for case in CASES.values()} == set(WRITE_ROUTES)
    for key, case in CASES.items():
        assert case.control in case.actors, key
        assert not set(case.visible) & case.actors, key


@pytest.fixture(autouse=True)
def _english(settings):  # type: ignore[no-untyped-def]
    """The refusals are looked for in their English source text (German is the default)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.mark.parametrize("key", sorted(CASES))
def test_a_valid_post_by_who_may_not_act_is_refused_and_changes_nothing(
    key: str, personas: dict[str, User], bielefeld: Centre, verified_client
) -> None:
    with CASES[key].context():
        _post_as_everyone(CASES[key], key, personas, bielefeld, verified_client)


def _post_as_everyone(
    case: Case, key: str, personas: dict[str, User], bielefeld: Centre, verified_client: Any
) -> None:
    kwargs, obj = case.setup(personas, bielefeld)
    url = reverse(case.route, kwargs=kwargs)
    clients = {who: verified_client(personas[who]) for who in PERSONAS}  # logins write
    before = stored_state()
    wrong = []
    refused = [who for who in PERSONAS if who not in case.actors]
    for who in refused:
        events = AuditEvent.objects.count()
        response = clients[who].post(url, case.data(obj), follow=True)
        told = case.visible.get(who)
        if told is None and response.status_code != 404:
            wrong.append(f"{who}: {response.status_code}, not 404")
        elif told is not None and (
            response.status_code not in (200, 403, 409, 422) or escape(told) not in response.text
        ):
            wrong.append(f"{who}: {response.status_code} without “{told}”")
        if AuditEvent.objects.count() != events:  # every write is audited: who wrote
            wrong.append(f"{who}: changed something")
    # Every row, file and mail once for all of them (a write that escaped the audit trail); a
    # comparison after each persona cost a third of the matrix's time.
    if stored_state() != before:
        wrong.append(f"one of {', '.join(refused)}: changed something without an audit event")
    assert not wrong, f"valid POST {url} ({key}) by personas who may not: " + "; ".join(wrong)

    # The same form by someone who may: it is valid, and it writes.
    events = AuditEvent.objects.count()
    response = clients[case.control].post(url, case.data(obj))
    assert response.status_code in (200, 302), response.status_code
    assert AuditEvent.objects.count() > events, f"{case.control}: valid POST to {key} wrote nothing"
