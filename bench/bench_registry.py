"""The KI registry's hot reads: the public API lists and the HTML list page."""

from __future__ import annotations

from django.test import Client


def run(measure):  # type: ignore[no-untyped-def]
    client = Client()
    return [
        measure("GET /api/v1/districts (53)", lambda: client.get("/api/v1/districts")),
        measure("GET /api/v1/centres (54)", lambda: client.get("/api/v1/centres")),
        measure("GET /zentren/ (HTML, 54 rows)", lambda: client.get("/zentren/")),
        measure("GET /zentren/?q=Biele (search)", lambda: client.get("/zentren/?q=Biele")),
    ]
