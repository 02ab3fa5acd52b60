"""add_concept_version: the rules of a concept, its numbering, its file and its audit event."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import transaction

from conftest import member_of
from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.concepts import services
from teilhabe.concepts.models import FocusArea, IntegrationConcept
from teilhabe.core.models import AuditEvent
from teilhabe.funding.tests.factories import pdf_bytes

from .conftest import upload, valid_data


def _refused(centre: Centre, by: User, data: dict[str, Any], **kwargs: Any) -> dict[str, list[str]]:
    """The error codes per field of a refused version."""
    with pytest.raises(ValidationError) as e:
        services.add_concept_version(centre, by=by, data=data, upload=kwargs.get("file", upload()))
    assert not IntegrationConcept.objects.filter(centre=centre).exists()  # nothing half-saved
    return {field: [err.code for err in errs] for field, errs in e.value.error_dict.items()}


def test_it_stores_a_version_with_the_facts_of_its_document(
    anna: User, bielefeld: Centre, data: dict[str, Any], django_capture_on_commit_callbacks
) -> None:
    content = pdf_bytes(pages=2)
    with django_capture_on_commit_callbacks(execute=True):  # the file is written on commit
        concept = services.add_concept_version(
            bielefeld, by=anna, data=data, upload=upload(content, "Konzept 2024.pdf")
        )
    concept.refresh_from_db()
    assert concept.version == 1
    assert concept.created_by == anna
    assert concept.document_name == "Konzept 2024.pdf"
    assert concept.document_pages == 2
    assert concept.document_size == len(content)
    assert concept.document_sha256 == hashlib.sha256(content).hexdigest()
    assert concept.focus_areas == ["education", "cross_cutting"]
    with concept.document.open("rb") as f:
        assert f.read() == content
    # Stored under the KI and version, never under the user's file name.
    assert concept.document.name.startswith(f"concepts/{bielefeld.pk}/v1-")
    assert "Konzept 2024" not in concept.document.name


def test_a_version_rolled_back_with_its_callers_transaction_leaves_no_file(
    anna: User,
    bielefeld: Centre,
    data: dict[str, Any],
    settings,
    django_capture_on_commit_callbacks,
) -> None:
    # What survives the rollback would be written: nothing may.
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.add_concept_version(bielefeld, by=anna, data=data, upload=upload())
        raise RuntimeError("the caller fails after the service")
    assert not IntegrationConcept.objects.filter(centre=bielefeld).exists()
    assert [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()] == []


def test_it_numbers_the_versions_per_centre(
    anna: User, carla: User, bielefeld: Centre, dortmund: Centre, data: dict[str, Any]
) -> None:
    versions = [
        services.add_concept_version(bielefeld, by=anna, data=data, upload=upload()).version
        for _ in range(3)
    ]
    assert versions == [1, 2, 3]
    other = services.add_concept_version(dortmund, by=carla, data=data, upload=upload())
    assert other.version == 1
    assert IntegrationConcept.objects.current_for(bielefeld).version == 3  # type: ignore[union-attr]


def test_it_refuses_a_concept_without_both_mandatory_focus_areas(
    anna: User, bielefeld: Centre
) -> None:
    errors = _refused(bielefeld, anna, valid_data(focus_areas=[FocusArea.EDUCATION]))
    assert errors == {"focus_areas": ["missing_focus_area"]}
    errors = _refused(bielefeld, anna, valid_data(focus_areas=[FocusArea.VOLUNTEERING]))
    assert errors == {"focus_areas": ["missing_focus_area"]}


def test_it_accepts_volunteering_as_a_third_focus_area(anna: User, bielefeld: Centre) -> None:
    areas = [FocusArea.VOLUNTEERING, FocusArea.CROSS_CUTTING, FocusArea.EDUCATION]
    concept = services.add_concept_version(
        bielefeld, by=anna, data=valid_data(focus_areas=areas), upload=upload()
    )
    assert concept.focus_areas == ["education", "cross_cutting", "volunteering"]


def test_it_refuses_unknown_codes(anna: User, bielefeld: Centre) -> None:
    errors = _refused(
        bielefeld, anna, valid_data(actors=["youth_welfare", "mayor"], adopting_body="senate")
    )
    assert errors == {"actors": ["invalid_choice"], "adopting_body": ["invalid_choice"]}


def test_it_wants_the_rat_of_a_kreisfreie_stadt(anna: User, bielefeld: Centre) -> None:
    assert bielefeld.grantee.kind == "kreisfreie_stadt"
    errors = _refused(bielefeld, anna, valid_data(adopting_body="kreistag"))
    assert errors == {"adopting_body": ["wrong_adopting_body"]}


def test_it_wants_the_kreistag_of_a_kreis(territory: None) -> None:
    guetersloh = Centre.objects.select_related("grantee").get(grantee__key="05754")
    assert guetersloh.grantee.kind == "kreis"
    member = member_of(guetersloh)
    errors = _refused(guetersloh, member, valid_data(adopting_body="rat"))
    assert errors == {"adopting_body": ["wrong_adopting_body"]}
    concept = services.add_concept_version(
        guetersloh, by=member, data=valid_data(adopting_body="kreistag"), upload=upload()
    )
    assert concept.version == 1


def test_it_wants_the_rat_of_the_city_of_aachen(territory: None) -> None:
    aachen = Centre.objects.select_related("grantee").get(grantee__key="05334002")
    staedteregion = Centre.objects.select_related("grantee").get(grantee__key="05334")
    assert services.expected_adopting_body(aachen.grantee.kind) == "rat"
    assert services.expected_adopting_body(staedteregion.grantee.kind) == "kreistag"
    concept = services.add_concept_version(
        aachen, by=member_of(aachen), data=valid_data(), upload=upload()
    )
    assert concept.adopting_body == "rat"


@time_machine.travel(date(2025, 6, 30))
def test_it_refuses_a_resolution_date_in_the_future(anna: User, bielefeld: Centre) -> None:
    errors = _refused(bielefeld, anna, valid_data(resolution_date=date(2025, 7, 1)))
    assert errors == {"resolution_date": ["resolution_in_future"]}
    today = services.add_concept_version(
        bielefeld, by=anna, data=valid_data(resolution_date=date(2025, 6, 30)), upload=upload()
    )
    assert today.resolution_date == date(2025, 6, 30)


def test_it_reports_every_problem_at_once_keyed_by_field(anna: User, bielefeld: Centre) -> None:
    data = valid_data(
        title="",
        adopting_body="kreistag",
        focus_areas=[],
        resolution_date=date.today() + timedelta(days=1),
    )
    errors = _refused(bielefeld, anna, data, file=upload(b"GIF89a not a pdf"))
    assert errors == {
        "title": ["blank"],
        "adopting_body": ["wrong_adopting_body"],
        "focus_areas": ["missing_focus_area"],
        "resolution_date": ["resolution_in_future"],
        "document": ["not_a_pdf"],
    }


def test_it_refuses_a_missing_document(anna: User, bielefeld: Centre) -> None:
    with pytest.raises(ValidationError) as e:
        services.add_concept_version(bielefeld, by=anna, data=valid_data(), upload=None)
    assert e.value.error_dict["document"][0].code == "required"


def test_it_refuses_fields_it_does_not_know(anna: User, bielefeld: Centre) -> None:
    with pytest.raises(ValidationError) as e:
        services.add_concept_version(
            bielefeld, by=anna, data=valid_data(version=7), upload=upload()
        )
    assert e.value.code == "unknown_field"


def test_it_records_who_added_which_version(anna: User, bielefeld: Centre) -> None:
    concept = services.add_concept_version(bielefeld, by=anna, data=valid_data(), upload=upload())
    event = AuditEvent.objects.get(action="concept.added")
    assert event.actor == anna
    assert event.centre_id == bielefeld.pk
    assert event.object_id == str(concept.pk)
    assert event.changes["version"] == {"from": None, "to": 1}
    assert event.changes["document_sha256"]["to"] == concept.document_sha256
    assert event.changes["focus_areas"]["to"] == ["education", "cross_cutting"]
    assert event.changes["resolution_date"]["to"] == "2024-03-14"


def test_it_records_nothing_when_it_refuses(anna: User, bielefeld: Centre) -> None:
    _refused(bielefeld, anna, valid_data(focus_areas=[]))
    assert not AuditEvent.objects.filter(action="concept.added").exists()
