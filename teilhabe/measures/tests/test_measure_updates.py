"""Changing a measure: its data with the optimistic lock, the steps of its life, its targets
(counted from the records or typed, never both) and its documents (PDFs by content)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.core.actions import Refusal
from teilhabe.core.models import AuditEvent
from teilhabe.measures.models import MeasureDocument, MeasureTarget, ParentGroup
from teilhabe.measures.services import measures as services
from teilhabe.network.tests import factories as network

from . import factories

pytestmark = pytest.mark.django_db


def _codes(error: pytest.ExceptionInfo[ValidationError], field: str) -> list[str]:
    return [e.code for e in error.value.error_dict[field]]


def test_a_change_is_audited_with_its_links_and_bumps_the_version(
    bielefeld: Centre, kai: User, anna: User
) -> None:
    measure = factories.measure(bielefeld, kai)
    kita = network.organisation(bielefeld, anna, type="kita", name="Kita Sonnenblume")
    services.update_measure(
        measure, by=anna, data={"title": "Rucksack KiTa Sieker", "partners": [kita]}
    )
    event = AuditEvent.objects.get(action="measure.updated")
    assert event.changes == {
        "title": {"from": "Rucksack KiTa in Sieker", "to": "Rucksack KiTa Sieker"},
        "partners": {"from": [], "to": [kita.pk]},
    }
    measure.refresh_from_db()
    assert measure.lock_version == 1
    services.update_measure(measure, by=anna, data={"title": "Rucksack KiTa Sieker"})
    assert AuditEvent.objects.filter(action="measure.updated").count() == 1  # nothing changed


def test_a_stale_form_is_refused_and_the_other_change_kept(
    bielefeld: Centre, kai: User, anna: User
) -> None:
    measure = factories.measure(bielefeld, kai)
    services.update_measure(measure, by=anna, data={"goals": "Anna"}, expected_version=0)
    with pytest.raises(ValidationError) as e:
        services.update_measure(measure, by=kai, data={"goals": "Kai"}, expected_version=0)
    assert e.value.code == "stale"
    measure.refresh_from_db()
    assert measure.goals == "Anna"


def test_another_kis_partner_is_refused_on_a_change(
    bielefeld: Centre, dortmund: Centre, kai: User, carla: User
) -> None:
    measure = factories.measure(bielefeld, kai)
    theirs = network.organisation(dortmund, carla, name="Verein in Dortmund")
    with pytest.raises(ValidationError) as e:
        services.update_measure(measure, by=kai, data={"partners": [theirs]})
    assert _codes(e, "partners") == ["unknown_partner"]
    assert not measure.partners.exists()


def test_a_deactivated_programme_stays_on_its_measure_but_is_not_chosen_anew(
    bielefeld: Centre, kai: User
) -> None:
    measure = factories.measure(bielefeld, kai, "komm-an")
    for code in ("komm-an", "sonstige"):
        programme = factories.programme(code)
        programme.is_active = False
        programme.save()
    services.update_measure(measure, by=kai, data={"title": "KOMM-AN weiter"})
    with pytest.raises(ValidationError) as e:
        services.update_measure(
            measure, by=kai, data={"programme_type": factories.programme("sonstige")}
        )
    assert _codes(e, "programme_type") == ["programme_inactive"]


def test_a_measure_with_records_keeps_its_kind_of_programme(bielefeld: Centre, kai: User) -> None:
    measure = factories.measure(bielefeld, kai)
    services.update_measure(
        measure, by=kai, data={"programme_type": factories.programme("griffbereit")}
    )
    ParentGroup.objects.create(measure=measure, site="Kita", starts_on=date(2026, 3, 1))
    with pytest.raises(ValidationError) as e:
        services.update_measure(
            measure, by=kai, data={"programme_type": factories.programme("sonstige")}
        )
    assert _codes(e, "programme_type") == ["records_kept"]


def test_the_coordination_office_changes_nothing(bielefeld: Centre, kai: User, lars: User) -> None:
    measure = factories.measure(bielefeld, kai)
    with pytest.raises(Refusal):
        services.update_measure(measure, by=lars, data={"title": "X"})
    with pytest.raises(Refusal):
        services.change_measure_status(measure, by=lars, step="start")


@pytest.mark.parametrize(
    ("steps", "status", "action"),
    [
        (["start"], "running", "measure.started"),
        (["start", "complete"], "completed", "measure.completed"),
        (["cancel"], "cancelled", "measure.cancelled"),
        (["start", "cancel"], "cancelled", "measure.cancelled"),
        (["start", "complete", "reopen"], "running", "measure.reopened"),
    ],
)
def test_the_steps_of_a_measures_life(
    bielefeld: Centre, kai: User, steps: list[str], status: str, action: str
) -> None:
    measure = factories.measure(bielefeld, kai)
    for step in steps:
        services.change_measure_status(measure, by=kai, step=step)
    measure.refresh_from_db()
    assert measure.status == status
    assert measure.lock_version == len(steps)
    event = AuditEvent.objects.filter(action=action).latest("pk")
    assert event.changes["status"]["to"] == status


@pytest.mark.parametrize(
    ("steps", "wrong"),
    [([], "complete"), ([], "reopen"), (["start", "complete"], "cancel"), (["cancel"], "start")],
)
def test_a_step_from_the_wrong_status_is_refused(
    bielefeld: Centre, kai: User, steps: list[str], wrong: str
) -> None:
    measure = factories.measure(bielefeld, kai)
    for step in steps:
        services.change_measure_status(measure, by=kai, step=step)
    with pytest.raises(ValidationError) as e:
        services.change_measure_status(measure, by=kai, step=wrong)
    assert e.value.code == "wrong_status"


def test_an_unknown_step_is_refused(bielefeld: Centre, kai: User) -> None:
    with pytest.raises(ValidationError) as e:
        services.change_measure_status(factories.measure(bielefeld, kai), by=kai, step="delete")
    assert e.value.code == "unknown_step"


def test_a_counted_target_takes_no_typed_actual_and_only_its_kinds_figures(
    bielefeld: Centre, kai: User
) -> None:
    measure = factories.measure(bielefeld, kai)
    with pytest.raises(ValidationError) as e:
        services.add_target(
            measure,
            by=kai,
            data={"label": "Familien", "target": 20, "figure": "measures.families", "actual": 3},
        )
    assert _codes(e, "actual") == ["actual_counted"]
    with pytest.raises(ValidationError) as e:
        services.add_target(
            measure,
            by=kai,
            data={"label": "Schulen", "target": 2, "figure": "measures.member_schools"},
        )
    assert _codes(e, "figure") == ["figure_not_counted"]
    with pytest.raises(ValidationError) as e:
        services.add_target(measure, by=kai, data={"label": "", "target": 200_000})
    assert set(e.value.error_dict) == {"label", "target"}
    assert not MeasureTarget.objects.exists()


def test_targets_are_added_changed_and_removed_with_the_measures_history(
    bielefeld: Centre, kai: User
) -> None:
    measure = factories.measure(bielefeld, kai)
    target = services.add_target(
        measure, by=kai, data={"label": "Familien", "target": 20, "figure": "measures.families"}
    )
    services.update_target(target, by=kai, data={"target": 25})
    services.remove_target(target, by=kai)
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))
    assert actions[-3:] == [
        "measure_target.added",
        "measure_target.updated",
        "measure_target.removed",
    ]
    removed = AuditEvent.objects.get(action="measure_target.removed")
    assert removed.object_id == str(measure.pk)
    assert removed.changes == {"targets": {"from": "Familien (25)", "to": None}}
    assert not MeasureTarget.objects.exists()


def test_a_document_is_checked_by_content_and_stored_after_the_commit(
    bielefeld: Centre, kai: User, django_capture_on_commit_callbacks
) -> None:
    measure = factories.measure(bielefeld, kai)
    fake = SimpleUploadedFile("flyer.pdf", b"not a pdf at all", content_type="application/pdf")
    with pytest.raises(ValidationError) as e:
        services.add_document(measure, by=kai, title="Flyer", upload=fake)
    assert _codes(e, "document") == ["not_a_pdf"]
    with pytest.raises(ValidationError) as e:
        services.add_document(measure, by=kai, title="", upload=None)
    assert set(e.value.error_dict) == {"title", "document"}
    with django_capture_on_commit_callbacks(execute=True):
        document = services.add_document(
            measure, by=kai, title="Flyer", upload=network.pdf("flyer.pdf")
        )
    assert document.document.storage.exists(document.document.name)
    assert document.document_name == "flyer.pdf"
    assert MeasureDocument.objects.count() == 1
    assert AuditEvent.objects.get(action="measure_document.added").changes["title"]["to"] == "Flyer"
