"""The import's writing: nothing before the confirmation, the task, the same file twice changes
nothing (no new rows, no new audit events), another KI's offer is taken over as a copy, the
publish option, a leaver imports nothing, and the `import_offers` command (the system)."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from teilhabe.core.models import AuditEvent
from teilhabe.guide import importing
from teilhabe.guide.models import Category, Location, Offer, OfferImport
from teilhabe.guide.tasks import run_offer_import_task
from teilhabe.network.models import ImportState

from . import factories
from .test_hsds_in import LOCATION_ID, SERVICE_ID, service

pytestmark = pytest.mark.django_db


def _content(*services: dict[str, object]) -> bytes:
    return json.dumps(list(services)).encode()


def uploaded(anna, centre, content: bytes, **options) -> OfferImport:  # type: ignore[no-untyped-def]
    job = importing.upload_import(
        centre, by=anna, upload=SimpleUploadedFile("angebote.json", content), **options
    )
    # The test's transaction never commits: put the file where the row says it is.
    job.file.storage.save(job.file.name, ContentFile(content))
    return job


def run(job: OfferImport) -> OfferImport:
    run_offer_import_task.call(job.pk)
    job.refresh_from_db()
    return job


def test_nothing_is_written_before_the_confirmation(anna, bielefeld):
    job = uploaded(anna, bielefeld, _content(service()))
    assert (job.state, job.file_format, job.total) == (ImportState.UPLOADED, "json", 1)
    [row] = importing.preview(job)
    assert row.errors == [] and row.offer_id is None
    assert Offer.objects.count() == 0


def test_the_task_imports_and_a_second_run_changes_nothing(anna, bielefeld):
    content = _content(service(), service(id=str(uuid.uuid4()), service_at_locations=[]))
    job = uploaded(anna, bielefeld, content)
    importing.confirm_import(job, by=anna)
    job = run(job)
    assert (job.state, job.done, job.created, job.error_count) == (ImportState.DONE, 2, 2, 0)
    assert job.file.name == ""
    assert Offer.objects.filter(centre=bielefeld, status="draft").count() == 2
    offers, places = Offer.objects.count(), Location.objects.count()
    events = AuditEvent.objects.filter(action__startswith="offer.").count()

    again = uploaded(anna, bielefeld, content)
    importing.confirm_import(again, by=anna)
    again = run(again)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert (Offer.objects.count(), Location.objects.count()) == (offers, places)
    assert AuditEvent.objects.filter(action__startswith="offer.").count() == events


def test_a_changed_service_updates_its_offer(anna, bielefeld):
    importing.import_content(_content(service()), bielefeld, by=anna)
    changed = service(name="Integrationskurs am Nachmittag")
    result = importing.import_content(_content(changed), bielefeld, by=anna)
    assert (result.added, result.updated) == (0, 1)
    offer = Offer.objects.get()
    assert offer.title == "Integrationskurs am Nachmittag"
    assert offer.locations.get().uuid == uuid.UUID(LOCATION_ID)
    event = AuditEvent.objects.filter(action="offer.updated").get()
    assert "texts.de.title" in " ".join(event.changes) or event.changes


def test_an_id_of_another_kis_offer_is_taken_over_as_a_copy(anna, carla, bielefeld, dortmund):
    theirs = factories.offer(dortmund, carla)
    before = AuditEvent.objects.filter(object_id=str(theirs.pk)).count()
    record = service(id=str(theirs.uuid))
    result = importing.import_content(_content(record), bielefeld, by=anna)
    assert result.added == 1, result.errors
    copy = Offer.objects.get(centre=bielefeld)
    assert copy.uuid == importing.taken_over_id(theirs.uuid, "05711") != theirs.uuid
    assert copy.hsds_extra["taken_over_from"] == str(theirs.uuid)
    place = copy.locations.get()
    assert place.uuid == importing.taken_over_id(uuid.UUID(LOCATION_ID), "05711")
    assert set(copy.hsds_extra["locations"]) == {str(place.uuid)}
    theirs.refresh_from_db()
    assert theirs.centre == dortmund and theirs.title != copy.title  # never touched
    assert AuditEvent.objects.filter(object_id=str(theirs.pk)).count() == before
    again = importing.import_content(_content(record), bielefeld, by=anna)
    assert (again.added, again.unchanged) == (0, 1)  # the copy is found by its derived id


def test_a_location_id_of_another_offer_is_a_row_error(anna, carla, bielefeld, dortmund):
    theirs = factories.offer(dortmund, carla)
    theirs_place = theirs.locations.get()
    other = service(id=str(uuid.uuid4()))
    other["service_at_locations"][0]["location"]["id"] = str(theirs_place.uuid)
    result = importing.import_content(_content(other), bielefeld, by=anna)
    assert result.errors[0].code == "foreign_id"
    assert result.errors[0].field == "location_1_id"
    assert Offer.objects.filter(centre=bielefeld).count() == 0


def test_publish_at_once(anna, bielefeld):
    result = importing.import_content(_content(service()), bielefeld, by=anna, publish=True)
    assert result.added == 1
    offer = Offer.objects.get()
    assert offer.status == "published" and offer.published_snapshot
    again = importing.import_content(_content(service()), bielefeld, by=anna, publish=True)
    assert again.unchanged == 1


def test_a_service_refusal_is_a_row_error(anna, bielefeld):
    wrong = service()
    wrong["attributes"] = [a for a in wrong["attributes"] if "teilhabe:" not in str(a)]
    wrong["attributes"].append(
        {
            "id": str(uuid.uuid4()),
            "taxonomy_term": {
                "id": str(uuid.uuid4()),
                "code": "course_general",
                "name": "x",
                "description": "x",
                "taxonomy": "teilhabe-categories",
            },
        }
    )
    result = importing.import_content(_content(wrong), bielefeld, by=anna)
    assert result.failed == 1
    assert [(e.field, e.code) for e in result.errors] == [("course_type", "course_missing")]


def test_an_uploader_who_left_the_ki_imports_nothing(anna, carla, bielefeld):
    job = uploaded(anna, bielefeld, _content(service()))
    with pytest.raises(ValidationError) as e:
        importing.confirm_import(job, by=carla)
    assert e.value.code == "not_permitted"
    importing.confirm_import(job, by=anna)
    with pytest.raises(ValidationError) as e:
        importing.run_import(job, by=carla)
    assert e.value.code == "not_permitted"
    with pytest.raises(ValidationError):
        importing.upload_import(
            bielefeld, by=carla, upload=SimpleUploadedFile("a.json", _content(service()))
        )
    assert Offer.objects.count() == 0


def test_the_upload_bounds_the_size_before_reading(anna, bielefeld, monkeypatch):
    monkeypatch.setattr(importing, "MAX_BYTES", 10)
    with pytest.raises(ValidationError) as e:
        importing.upload_import(
            bielefeld, by=anna, upload=SimpleUploadedFile("a.json", _content(service()))
        )
    assert e.value.code == "file_too_large"


def test_a_csv_and_a_json_file_are_told_apart_by_content() -> None:
    assert importing.detect(b'\xef\xbb\xbf  [{"id": 1}]') == "json"
    assert importing.detect(b"\xef\xbb\xbfid;category\r\n") == "csv"


def test_the_command_imports_as_the_system(tmp_path: Path, bielefeld, capsys):
    path = tmp_path / "services.json"
    path.write_bytes(_content(service()))
    call_command("import_offers", str(path), "--centre", bielefeld.district_key, "--dry-run")
    assert "1 ok, 0 with errors" in capsys.readouterr().out
    assert Offer.objects.count() == 0
    call_command("import_offers", str(path), "--centre", bielefeld.district_key, "--publish")
    assert "1 added" in capsys.readouterr().out
    offer = Offer.objects.get()
    assert offer.uuid == uuid.UUID(SERVICE_ID) and offer.status == "published"
    event = AuditEvent.objects.get(action="offer.added")
    assert (event.actor_id, event.actor_label) == (None, "system")
    assert offer.created_by is None


def test_the_command_fails_with_row_errors_and_bad_arguments(tmp_path: Path, bielefeld, capsys):
    plain = service()
    plain["attributes"] = []
    path = tmp_path / "services.json"
    path.write_bytes(_content(plain))
    with pytest.raises(CommandError):
        call_command("import_offers", str(path), "--centre", bielefeld.district_key)
    assert "category_missing" in capsys.readouterr().out
    call_command(
        "import_offers",
        str(path),
        "--centre",
        bielefeld.district_key,
        "--default-category",
        "counselling",
    )
    assert Offer.objects.get().category == Category.objects.get(code="counselling")
    for args in (
        ["--centre", "99999"],
        ["--centre", bielefeld.district_key, "--default-category", "nope"],
    ):
        with pytest.raises(CommandError):
            call_command("import_offers", str(path), *args)
    (tmp_path / "bad.json").write_bytes(b"{nope")
    with pytest.raises(CommandError, match="not_json"):
        call_command(
            "import_offers", str(tmp_path / "bad.json"), "--centre", bielefeld.district_key
        )


def test_the_command_in_the_background(tmp_path: Path, bielefeld, capsys):
    path = tmp_path / "services.json"
    path.write_bytes(_content(service()))
    call_command("import_offers", str(path), "--centre", bielefeld.district_key, "--background")
    job = OfferImport.objects.get()
    assert job.state == ImportState.QUEUED and job.created_by is None
    job.file.storage.save(job.file.name, ContentFile(path.read_bytes()))
    job = run(job)
    assert (job.state, job.created) == (ImportState.DONE, 1)


def test_a_task_delivered_twice_runs_once(anna, bielefeld):
    job = uploaded(anna, bielefeld, _content(service()))
    importing.confirm_import(job, by=anna)
    run(job)
    run(job)
    assert AuditEvent.objects.filter(action="offer_import.started").count() == 1
    assert Offer.objects.count() == 1


def test_a_missing_file_fails_the_job_with_its_reason(anna, bielefeld):
    job = uploaded(anna, bielefeld, _content(service()))
    importing.confirm_import(job, by=anna)
    job.file.storage.delete(job.file.name)
    job = run(job)
    assert job.state == ImportState.FAILED
    assert job.failure == "Die Datei dieses Imports ist nicht mehr gespeichert."  # German UI
    assert Offer.objects.count() == 0


def test_an_id_taken_meanwhile_is_a_row_error(anna, bielefeld, monkeypatch):
    from django.db import IntegrityError

    def taken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(importing.services, "add_offer", taken)
    result = importing.import_content(_content(service()), bielefeld, by=anna)
    assert result.failed == 1
    assert (result.errors[0].field, result.errors[0].code) == ("id", "id_taken")
