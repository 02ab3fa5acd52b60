"""The KI's side of an application through its services: one open per KI and year, optimistic
locking, submission with its checks and signature, answers, withdrawal, attachments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import translation

from teilhabe.centres import services as centres
from teilhabe.centres.models import PositionCategory, StaffFunction
from teilhabe.core.models import AuditEvent
from teilhabe.funding import computation
from teilhabe.funding.models import Application, ApplicationStatus, InformationRequest
from teilhabe.funding.services import applications as services

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):  # type: ignore[no-untyped-def]
    """The assertions read the English source texts (German is the default language)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def codes(error: ValidationError) -> set[str]:
    return {e.code for e in error.error_list if e.code}


def form_data(application: Application, **changes: object) -> dict[str, object]:
    data = {name: getattr(application, name) for name in services.DRAFT_FIELDS}
    return {**data, **changes}


def position_data(application: Application) -> list[dict[str, object]]:
    return [
        {name: getattr(p, name) for name in services.POSITION_FIELDS}
        for p in application.positions.order_by("order")
    ]


# --- create -----------------------------------------------------------------------------


def test_it_creates_a_draft_from_the_concept_and_the_staff(kai, bielefeld):
    concept = factories.concept(bielefeld)
    for first, category, function in [
        ("Lena", PositionCategory.PEDAGOGICAL, StaffFunction.MEMBER),
        ("Omar", PositionCategory.ADMINISTRATIVE, StaffFunction.HEAD),
        ("Tina", PositionCategory.TEACHER, StaffFunction.MEMBER),
    ]:
        centres.add_staff_member(
            bielefeld,
            by=kai,
            data={
                "first_name": first,
                "last_name": "Test",
                "category": category,
                "function": function,
                "fte": Decimal("1.00"),
                "start_date": date(2020, 1, 1),
            },
        )
    factories.open_window(2026)
    application = services.create_application(bielefeld, by=kai, first_year=2026, last_year=2027)
    assert application.status == ApplicationStatus.DRAFT
    assert application.concept == concept
    assert application.teachers_requested == 1
    positions = list(application.positions.order_by("order"))
    assert [(p.order, p.category) for p in positions] == [(1, "administrative"), (2, "pedagogical")]
    assert positions[0].title.startswith("Omar Test")
    assert all(p.annual_cost == 0 for p in positions)  # the KI enters the cost
    event = AuditEvent.objects.get(action="application.created")
    assert event.centre_id == bielefeld.pk and event.actor == kai
    assert event.changes["positions"] == {"from": None, "to": 2}


def test_it_allows_one_open_application_per_ki_and_year(anna, bielefeld):
    factories.open_window(2026)
    first = services.create_application(bielefeld, by=anna, first_year=2026, last_year=2026)
    with pytest.raises(ValidationError) as e:
        services.create_application(bielefeld, by=anna, first_year=2026, last_year=2026)
    assert e.value.code == "application_exists"
    assert f"no. {first.pk}" in e.value.messages[0]


@pytest.mark.parametrize(("first", "last"), [(2025, 2026), (2026, 2028), (2024, 2026)])
def test_it_refuses_an_overlapping_multi_year_application(anna, bielefeld, first, last):
    factories.application(bielefeld, year=2026, last_year=2027, status=ApplicationStatus.IN_REVIEW)
    factories.open_window(first)
    with pytest.raises(ValidationError) as e:
        services.create_application(bielefeld, by=anna, first_year=first, last_year=last)
    assert e.value.code == "application_exists"


def test_it_allows_a_new_application_after_withdrawal_and_for_other_kis(
    anna, carla, bielefeld, dortmund
):
    factories.application(bielefeld, year=2026, status=ApplicationStatus.WITHDRAWN)
    factories.application(bielefeld, year=2027)
    factories.open_window(2026, 2027)
    services.create_application(bielefeld, by=anna, first_year=2026, last_year=2026)
    services.create_application(dortmund, by=carla, first_year=2027, last_year=2027)
    assert Application.objects.open().filter(centre=bielefeld).count() == 2


@pytest.mark.parametrize(
    ("first", "last", "code"),
    [
        (2026, 2029, "too_many_years"),
        (2027, 2026, "years_reversed"),
        (2011, 2011, "year_out_of_range"),
    ],
)
def test_it_refuses_bad_years(anna, bielefeld, first, last, code):
    with pytest.raises(ValidationError) as e:
        services.create_application(bielefeld, by=anna, first_year=first, last_year=last)
    assert e.value.code == code


def test_it_lets_no_one_outside_the_ki_create(carla, bernd, bielefeld):
    for user in (carla, bernd):
        with pytest.raises(ValidationError) as e:
            services.create_application(bielefeld, by=user, first_year=2026, last_year=2026)
        assert e.value.code == "not_permitted"
    assert not Application.objects.exists()


# --- drafts -----------------------------------------------------------------------------


def test_it_saves_a_draft_replaces_the_positions_and_audits_the_changes(kai, bielefeld):
    application = factories.application(bielefeld)
    positions = position_data(application)[::-1][:2]
    saved = services.save_draft(
        application,
        by=kai,
        data=form_data(application, own_rooms=Decimal("20000"), work_plan_education="Neu"),
        positions=positions,
        expected_version=1,
    )
    assert saved.lock_version == 2
    assert saved.own_rooms == Decimal("20000.00")
    assert [p.title for p in saved.positions.order_by("order")] == ["Assistenz", "Verwaltung"]
    event = AuditEvent.objects.get(action="application.draft_saved")
    assert set(event.changes) == {"own_rooms", "positions", "work_plan_education"}
    assert event.changes["own_rooms"] == {"from": "18000.00", "to": "20000.00"}


def test_it_records_nothing_when_nothing_changed(kai, bielefeld):
    application = factories.application(bielefeld)
    services.save_draft(
        application,
        by=kai,
        data=form_data(application),
        positions=position_data(application),
        expected_version=1,
    )
    application.refresh_from_db()
    assert application.lock_version == 1
    assert not AuditEvent.objects.filter(action="application.draft_saved").exists()


def test_it_refuses_a_stale_edit_and_names_who_changed_it(anna, kai, bielefeld):
    application = factories.application(bielefeld)
    services.save_draft(
        application,
        by=anna,
        data=form_data(application, own_rooms=Decimal("1.00")),
        positions=position_data(application),
        expected_version=1,
    )
    with pytest.raises(ValidationError) as e:
        services.save_draft(
            application,
            by=kai,
            data=form_data(application, own_materials=Decimal("2.00")),
            positions=position_data(application),
            expected_version=1,
        )
    assert e.value.code == "stale_edit"
    assert "Anna Test" in e.value.messages[0]
    application.refresh_from_db()
    assert (application.own_rooms, application.own_materials) == (
        Decimal("1.00"),
        Decimal("4000.00"),
    )
    assert application.lock_version == 2


def test_it_refuses_to_save_a_submitted_application(kai, bielefeld):
    application = factories.application(bielefeld, status=ApplicationStatus.SUBMITTED)
    with pytest.raises(ValidationError) as e:
        services.save_draft(
            application, by=kai, data={}, positions=position_data(application), expected_version=1
        )
    assert e.value.code == "not_editable"


def test_it_refuses_a_concept_of_another_ki(kai, bielefeld, dortmund):
    application = factories.application(bielefeld)
    with pytest.raises(ValidationError) as e:
        services.save_draft(
            application,
            by=kai,
            data={"concept": factories.concept(dortmund)},
            positions=position_data(application),
            expected_version=1,
        )
    assert e.value.code == "concept_foreign"


def test_it_refuses_positions_with_reversed_dates(kai, bielefeld):
    application = factories.application(bielefeld)
    positions = position_data(application)
    positions[0].update(start_date=date(2026, 6, 1), end_date=date(2026, 3, 1))
    with pytest.raises(ValidationError) as e:
        services.save_draft(application, by=kai, data={}, positions=positions, expected_version=1)
    assert e.value.code == "period_reversed"


# --- submit -----------------------------------------------------------------------------


def test_it_submits_signed_by_the_lead_and_mails_the_grant_authority_after_commit(
    anna, bernd, bielefeld, django_capture_on_commit_callbacks
):
    application = factories.application(bielefeld)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(application, by=anna, signed=True)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.signed_by == anna and application.submitted_at is not None
    assert AuditEvent.objects.filter(action="application.submitted", actor=anna).count() == 1
    [message] = mail.outbox
    assert message.to == [bernd.email]
    assert "Anna Test" in message.body and "English" in message.body


def test_it_sends_no_mail_when_the_transaction_rolls_back(
    anna, bernd, bielefeld, django_capture_on_commit_callbacks
):
    application = factories.application(bielefeld, work_plan_education="")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.submit(application, by=anna, signed=True)
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"with_concept": False}, "concept_missing"),
        ({"council_resolution_date": None}, "council_resolution_missing"),
        ({"positions": ()}, "positions_missing"),
        ({"positions": (("Leitung", "pedagogical", "1.00", "0.00"),)}, "position_cost_missing"),
        ({"work_plan_education": " "}, "work_plan_education_missing"),
        ({"work_plan_cross_cutting": ""}, "work_plan_cross_cutting_missing"),
    ],
)
def test_it_refuses_each_missing_item_with_its_code(anna, bielefeld, fields, code):
    application = factories.application(bielefeld, **fields)
    with pytest.raises(ValidationError) as e:
        services.submit(application, by=anna, signed=True)
    assert code in codes(e.value)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


@pytest.mark.parametrize(
    ("concept_fields", "code"),
    [
        ({"resolution_date": date(2020, 3, 14)}, "concept_age"),
        ({"focus_areas": ["education"]}, "focus_areas"),
        ({"actors": []}, "participation"),
        ({"adopting_body": "kreistag"}, "concept_adopted"),
    ],
)
def test_it_refuses_each_failed_check_with_its_code(anna, bielefeld, concept_fields, code):
    application = factories.application(
        bielefeld, concept=factories.concept(bielefeld, **concept_fields)
    )
    with pytest.raises(ValidationError) as e:
        services.submit(application, by=anna, signed=True)
    assert e.value.code == code
    assert e.value.messages[0].endswith(")")  # the check's citation


def test_it_requires_the_signature(anna, bielefeld):
    application = factories.application(bielefeld)
    with pytest.raises(ValidationError) as e:
        services.submit(application, by=anna, signed=False)
    assert e.value.code == "sign_required"


def test_only_the_lead_of_the_ki_signs(kai, carla, bernd, bielefeld):
    application = factories.application(bielefeld)
    for user in (kai, carla, bernd):
        with pytest.raises(ValidationError) as e:
            services.submit(application, by=user, signed=True)
        assert e.value.code == "lead_only"
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_it_refuses_to_submit_twice(anna, bielefeld):
    application = factories.application(bielefeld, status=ApplicationStatus.SUBMITTED)
    with pytest.raises(ValidationError) as e:
        services.submit(application, by=anna, signed=True)
    assert e.value.code == "not_submittable"


# --- information requests ---------------------------------------------------------------


@pytest.fixture
def asked(bielefeld, bernd):
    application = factories.application(bielefeld, status=ApplicationStatus.INFO_REQUESTED)
    request = InformationRequest.objects.create(
        application=application,
        message="Bitte die Assistenzstelle begründen.",
        due_date=date(2026, 2, 1),
        requested_by=bernd,
    )
    return application, request


def test_it_resubmits_only_after_the_answer(
    anna, kai, bernd, asked, django_capture_on_commit_callbacks
):
    application, request = asked
    with pytest.raises(ValidationError) as e:
        services.submit(application, by=anna, signed=True)
    assert e.value.code == "information_unanswered"

    services.answer_information_request(request, by=kai, answer="  Die Stelle ist besetzt.  ")
    request.refresh_from_db()
    assert (request.answer, request.answered_by) == ("Die Stelle ist besetzt.", kai)
    assert AuditEvent.objects.filter(action="application.information_answered").count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        services.submit(application, by=anna, signed=True)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert AuditEvent.objects.filter(action="application.resubmitted").count() == 1
    [message] = mail.outbox
    assert message.to == [bernd.email] and "resubmitted" in message.body


def test_it_refuses_an_empty_or_second_answer_and_outsiders(kai, carla, asked):
    _application, request = asked
    with pytest.raises(ValidationError) as e:
        services.answer_information_request(request, by=kai, answer="   ")
    assert e.value.code == "answer_required"
    with pytest.raises(ValidationError) as e:
        services.answer_information_request(request, by=carla, answer="Ja")
    assert e.value.code == "not_permitted"
    services.answer_information_request(request, by=kai, answer="Ja")
    with pytest.raises(ValidationError) as e:
        services.answer_information_request(request, by=kai, answer="Nochmal")
    assert e.value.code == "request_closed"


# --- withdraw, attachments ---------------------------------------------------------------


def test_the_lead_withdraws_and_the_authority_hears_of_it(
    anna, bernd, bielefeld, django_capture_on_commit_callbacks
):
    application = factories.application(bielefeld, status=ApplicationStatus.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw(application, by=anna)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    assert AuditEvent.objects.get(action="application.withdrawn").changes == {
        "status": {"from": "submitted", "to": "withdrawn"}
    }
    assert [m.to for m in mail.outbox] == [[bernd.email]]


def test_it_refuses_withdrawal_by_staff_and_after_a_proposal(kai, anna, bielefeld):
    draft = factories.application(bielefeld)
    with pytest.raises(ValidationError) as e:
        services.withdraw(draft, by=kai)
    assert e.value.code == "lead_only"
    proposed = factories.application(bielefeld, year=2027, status=ApplicationStatus.PROPOSED)
    with pytest.raises(ValidationError) as e:
        services.withdraw(proposed, by=anna)
    assert e.value.code == "not_withdrawable"


def test_it_attaches_a_pdf_checked_by_content(kai, bielefeld, django_capture_on_commit_callbacks):
    application = factories.application(bielefeld)
    upload = SimpleUploadedFile("Rat.pdf", factories.pdf_bytes(), content_type="text/plain")
    with django_capture_on_commit_callbacks(execute=True):  # the file is written on commit
        attachment = services.add_attachment(
            application, by=kai, upload=upload, description="Ratsbeschluss"
        )
    assert (attachment.name, attachment.uploaded_by) == ("Rat.pdf", kai)
    assert attachment.document.read().startswith(b"%PDF-")
    assert AuditEvent.objects.filter(action="application.attachment_added").count() == 1

    fake = SimpleUploadedFile("x.pdf", b"not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as e:
        services.add_attachment(application, by=kai, upload=fake, description="x")
    assert e.value.code == "not_a_pdf"


def test_an_attachment_rolled_back_with_its_callers_transaction_leaves_no_file(
    kai, bielefeld, settings, django_capture_on_commit_callbacks
):
    application = factories.application(bielefeld)
    upload = SimpleUploadedFile("Rat.pdf", factories.pdf_bytes())
    # What survives the rollback would be written: nothing may.
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.add_attachment(application, by=kai, upload=upload, description="Rat")
        raise RuntimeError("the caller fails after the service")
    assert not application.attachments.exists()
    # (The factory's concept has its file; no attachment has.)
    assert [p for p in (Path(settings.MEDIA_ROOT) / "applications").rglob("*")] == []


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"with_concept": False}, ["concept_missing"]),
        ({"council_resolution_date": None}, ["council_resolution_missing"]),
        (
            {"work_plan_education": "", "work_plan_cross_cutting": " "},
            ["work_plan_education_missing", "work_plan_cross_cutting_missing"],
        ),
    ],
)
def test_a_missing_item_is_refused_once_not_again_as_failed_checks(
    anna, bielefeld, fields, expected
):
    application = factories.application(bielefeld, **fields)
    with pytest.raises(ValidationError) as e:
        services.submit(application, by=anna, signed=True)
    assert [error.code for error in e.value.error_list] == expected


def test_the_checks_that_need_a_missing_item_wait_for_it(bielefeld):
    application = factories.application(bielefeld, with_concept=False)
    outcomes = {c.code: c.outcome for c in computation.eligibility_checks(application)}
    assert outcomes == {
        "concept_adopted": "incomplete",
        "focus_areas": "incomplete",
        "concept_age": "incomplete",
        "work_plan": "passed",
        "council_resolution": "passed",
        "participation": "incomplete",
    }
    with translation.override("en"):
        assert services.missing_items(application) == [
            ("concept_missing", "Choose the integration concept the application relies on.")
        ]
