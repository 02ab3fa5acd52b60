"""The import of organisations from CSV and XLSX: reading by content, the mapping guess, the
checks per row, nothing written before the confirmation, the run in batches (idempotent), and
the bounds."""

from __future__ import annotations

import io
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook

from teilhabe.core.models import AuditEvent
from teilhabe.network import imports, services
from teilhabe.network.models import ImportJob, ImportState, Organisation
from teilhabe.network.tasks import run_import_task

pytestmark = pytest.mark.django_db

HEADER = "Name;Art;Straße;PLZ;Ort;E-Mail;Telefon;Website;Sprachen;Bildungskette"


@pytest.fixture(autouse=True)
def _english():  # type: ignore[no-untyped-def]
    with translation.override("en"):
        yield


def csv_upload(lines: list[str], name: str = "partner.csv", bom: bool = True) -> SimpleUploadedFile:
    text = "\r\n".join(lines) + "\r\n"
    return SimpleUploadedFile(name, (("\ufeff" if bom else "") + text).encode(), "text/csv")


def rows(n: int) -> list[str]:
    return [
        f"Verein {i:05d} e. V.;Sportverein;Weg {i};336{i % 100:02d};Bielefeld;"
        f"info{i}@verein.example;0521 {100000 + i};https://verein{i}.example;tr, ar;Schule"
        for i in range(n)
    ]


def uploaded(anna, bielefeld, lines) -> ImportJob:  # type: ignore[no-untyped-def]
    job = services.upload_import(bielefeld, by=anna, upload=csv_upload(lines))
    # The test's transaction never commits: put the file where the row says it is.
    job.file.storage.save(job.file.name, ContentFile(csv_upload(lines).read()))
    return job


def run(job: ImportJob) -> ImportJob:
    """The task as the worker runs it, called directly (deterministic)."""
    run_import_task.call(job.pk)
    job.refresh_from_db()
    return job


def test_it_guesses_the_mapping_from_german_and_english_headers() -> None:
    german = imports.guess_mapping(HEADER.split(";"))
    assert german == {
        "name": 0,
        "type": 1,
        "street": 2,
        "postcode": 3,
        "place": 4,
        "email": 5,
        "phone": 6,
        "website": 7,
        "languages": 8,
        "stages": 9,
    }
    english = imports.guess_mapping(["Organisation", "Type", "ZIP", "City", "AGS", "Phone", "?"])
    assert english == {
        "name": 0,
        "type": 1,
        "postcode": 2,
        "place": 3,
        "municipality": 4,
        "phone": 5,
    }


def test_it_reads_csv_with_either_separator_and_xlsx_by_content() -> None:
    semicolon = imports.read_table(b"Name;PLZ\r\nA;33602\r\n")
    comma = imports.read_table("\ufeffName,PLZ\nA,33602\n".encode())
    assert semicolon.rows == comma.rows == [["A", "33602"]]
    book = Workbook()
    book.active.append(["Name", "PLZ"])
    book.active.append(["A", 33602])
    out = io.BytesIO()
    book.save(out)
    table = imports.read_table(out.getvalue())
    assert (table.file_format, table.headers, table.rows) == (
        "xlsx",
        ["Name", "PLZ"],
        [["A", "33602"]],
    )


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "empty_file"),
        ("Name;PLZ\nMüller;1\n".encode("latin-1"), "not_a_table"),
        (b"PK\x03\x04not really a zip", "xlsx_unreadable"),
        (b";;\nA;B\n", "no_headers"),
    ],
)
def test_it_refuses_what_is_no_table(content: bytes, code: str) -> None:
    with pytest.raises(ValidationError) as e:
        imports.read_table(content)
    assert e.value.code == code


def test_it_bounds_size_and_rows(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as e:
        imports.read_table(b"x" * (imports.MAX_BYTES + 1))
    assert e.value.code == "file_too_large"
    monkeypatch.setattr(imports, "MAX_ROWS", 3)
    with pytest.raises(ValidationError) as e:
        imports.read_table("\n".join(["Name", "a", "b", "c", "d"]).encode())
    assert e.value.code == "too_many_rows"


def test_the_check_names_row_and_column_of_each_error(bielefeld) -> None:  # type: ignore[no-untyped-def]
    table = imports.read_table(
        "\r\n".join(
            [
                HEADER,
                "Gut e. V.;Schule;Weg 1;33602;Bielefeld;a@b.example;0521 1;;tr;Kita",
                ";Schule;Weg 2;33602;Bielefeld;;;;;",
                "Zwei;Raumschiff;Weg 3;3360;Atlantis;kein-mail;;;xx;Mond",
                "Gut eV;Schule;Weg 1;33602;;;;;;",
            ]
        ).encode()
    )
    checked = imports.check_table(table, imports.guess_mapping(table.headers), bielefeld)
    assert (checked.valid, checked.invalid) == (1, 3)
    found = {(e.row, e.column) for e in checked.errors}
    assert (3, "Name") in found
    assert {(4, c) for c in ("Art", "PLZ", "Ort", "E-Mail", "Sprachen", "Bildungskette")} <= found
    assert (5, "Name") in found  # same name and postcode as row 2
    good = checked.rows[0]
    assert good.data["type"] == "school"
    assert good.data["languages"] == ["tr"]
    assert good.data["municipality_id"] is not None


def test_nothing_is_written_before_the_confirmation(anna, bielefeld) -> None:  # type: ignore[no-untyped-def]
    job = uploaded(anna, bielefeld, [HEADER, *rows(5)])
    assert job.state == ImportState.UPLOADED
    assert job.total == 5
    assert Organisation.objects.count() == 0
    # A second upload discards the first, unconfirmed one.
    second = uploaded(anna, bielefeld, [HEADER, *rows(2)])
    job.refresh_from_db()
    assert (job.state, job.file.name) == (ImportState.DISCARDED, "")
    assert second.state == ImportState.UPLOADED
    assert Organisation.objects.count() == 0


def test_the_confirmation_queues_the_task_after_the_commit(
    anna, bielefeld, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    job = uploaded(anna, bielefeld, [HEADER, *rows(3)])
    with django_capture_on_commit_callbacks() as callbacks:
        services.confirm_import(job, by=anna, mapping=job.mapping)
    job.refresh_from_db()
    assert job.state == ImportState.QUEUED
    assert len(callbacks) == 1
    assert Organisation.objects.count() == 0


def test_the_confirmation_checks_the_mapping(anna, bielefeld) -> None:  # type: ignore[no-untyped-def]
    job = uploaded(anna, bielefeld, [HEADER, *rows(1)])
    for mapping, code in (
        ({"type": "1"}, "name_unmapped"),
        ({"name": "0", "type": "0"}, "column_twice"),
        ({"name": "99"}, "unknown_column"),
    ):
        with pytest.raises(ValidationError) as e:
            services.confirm_import(job, by=anna, mapping=mapping)
        assert e.value.code == code
    job.refresh_from_db()
    assert job.state == ImportState.UPLOADED


def test_the_task_imports_and_a_second_run_changes_nothing(anna, bielefeld) -> None:  # type: ignore[no-untyped-def]
    n = 1_000
    lines = [HEADER, *rows(n), "Kaputt;Raumschiff;;;;;;;;"]
    job = uploaded(anna, bielefeld, lines)
    services.confirm_import(job, by=anna, mapping=job.mapping)
    started = time.perf_counter()
    job = run(job)
    elapsed = time.perf_counter() - started
    assert elapsed < 20, elapsed
    assert (job.state, job.total, job.done) == (ImportState.DONE, n + 1, n + 1)
    assert (job.created, job.updated, job.error_count) == (n, 0, 1)
    assert job.errors == [{"row": n + 2, "column": "Art", "message": "Unknown type “Raumschiff”."}]
    assert job.file.name == ""
    assert Organisation.objects.filter(centre=bielefeld).count() == n
    org = Organisation.objects.get(name="Verein 00007 e. V.")
    assert (org.type, org.languages, org.stages) == ("sports_club", ["tr", "ar"], ["school"])
    assert org.municipality.ags == "05711000"
    assert AuditEvent.objects.filter(action="organisation.imported").count() == n

    again = uploaded(anna, bielefeld, lines)
    services.confirm_import(again, by=anna, mapping=again.mapping)
    again = run(again)
    assert (again.created, again.updated, again.unchanged) == (0, 0, n)
    assert Organisation.objects.filter(centre=bielefeld).count() == n
    assert AuditEvent.objects.filter(action="organisation.updated_by_import").count() == 0


def test_a_changed_cell_updates_the_organisation_and_its_trail(anna, bielefeld) -> None:  # type: ignore[no-untyped-def]
    job = uploaded(anna, bielefeld, [HEADER, *rows(3)])
    services.confirm_import(job, by=anna, mapping=job.mapping)
    run(job)
    changed = rows(3)
    changed[1] = changed[1].replace("0521 100001", "0521 999999")
    job = uploaded(anna, bielefeld, [HEADER, *changed])
    services.confirm_import(job, by=anna, mapping=job.mapping)
    job = run(job)
    assert (job.created, job.updated, job.unchanged) == (0, 1, 2)
    org = Organisation.objects.get(name="Verein 00001 e. V.")
    assert org.phone == "0521 999999"
    event = AuditEvent.objects.get(action="organisation.updated_by_import")
    assert event.object_id == str(org.pk)
    assert event.changes == {"phone": {"from": "0521 100001", "to": "0521 999999"}}


def test_a_task_delivered_twice_runs_once(anna, bielefeld) -> None:  # type: ignore[no-untyped-def]
    job = uploaded(anna, bielefeld, [HEADER, *rows(2)])
    services.confirm_import(job, by=anna, mapping=job.mapping)
    run(job)
    run(job)
    assert AuditEvent.objects.filter(action="import.started").count() == 1


def test_a_missing_file_fails_the_job_with_its_reason(anna, bielefeld) -> None:  # type: ignore[no-untyped-def]
    job = uploaded(anna, bielefeld, [HEADER, *rows(2)])
    services.confirm_import(job, by=anna, mapping=job.mapping)
    job.file.storage.delete(job.file.name)
    job = run(job)
    assert job.state == ImportState.FAILED
    assert job.failure == "The file of this import is no longer kept."
    assert Organisation.objects.count() == 0


def test_an_uploader_who_left_the_ki_imports_nothing(anna, bielefeld, carla) -> None:  # type: ignore[no-untyped-def]
    job = uploaded(anna, bielefeld, [HEADER, *rows(2)])
    services.confirm_import(job, by=anna, mapping=job.mapping)
    with pytest.raises(ValidationError) as e:
        services.run_import(job, by=carla)
    assert e.value.code == "not_permitted"
    assert Organisation.objects.count() == 0
