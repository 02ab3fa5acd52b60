"""The network's import of 10,000 partner rows (issue 17): a first import that adds them all,
a re-import of the same file that changes nothing, and the peak Python memory of one import.

Runs the task as the worker would (`run_import_task.call`), on the demo's KI Bielefeld as Anna.
Each run uses fresh names, so the first import always adds 10,000 organisations.
"""

from __future__ import annotations

import secrets
import time
import tracemalloc

ROWS = 10_000
HEADER = "Name;Art;Straße;PLZ;Ort;E-Mail;Telefon;Website;Sprachen;Bildungskette"


def _file(token: str) -> bytes:
    lines = [HEADER] + [
        f"Bench {token} Verein {i:05d} e. V.;Sportverein;Weg {i};336{i % 100:02d};Bielefeld;"
        f"info{i}@verein.example;0521 {100000 + i};https://verein{i}.example;tr, ar;Schule"
        for i in range(ROWS)
    ]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode()


def _import(content: bytes):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    from teilhabe.accounts.models import User
    from teilhabe.centres.models import Centre
    from teilhabe.network import services
    from teilhabe.network.tasks import run_import_task

    anna = User.objects.get(username="anna")
    centre = Centre.objects.get(pk=anna.centre_id)
    job = services.upload_import(
        centre, by=anna, upload=SimpleUploadedFile("bench.csv", content, "text/csv")
    )
    job = services.confirm_import(job, by=anna, mapping=job.mapping)
    run_import_task.call(job.pk)
    job.refresh_from_db()
    assert job.state == "done", job.failure
    return job


def _timed(name: str, content: bytes, result):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    job = _import(content)
    ms = (time.perf_counter() - start) * 1000
    label = f"{name} (+{job.created} ~{job.updated} ={job.unchanged})"
    return result(label, 1, ms, ms, 0.0)


def run(measure):  # type: ignore[no-untyped-def]
    from bench.run import Result

    content = _file(secrets.token_hex(3))
    results = [
        _timed("import 10,000 rows: first", content, Result),
        _timed("import 10,000 rows: again", content, Result),
    ]
    fresh = _file(secrets.token_hex(3))
    tracemalloc.start()
    start = time.perf_counter()
    job = _import(fresh)
    ms = (time.perf_counter() - start) * 1000
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    results.append(Result(f"import 10,000 rows: traced (+{job.created})", 1, ms, ms, peak / 1024))
    return results
