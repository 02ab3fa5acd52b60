"""Helpers for the concept tests: a complete, valid input and a real PDF upload."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from teilhabe.concepts.models import REQUIRED_ACTORS, FocusArea
from teilhabe.funding.tests.factories import pdf_bytes


def upload(
    content: bytes | None = None, name: str = "Integrationskonzept.pdf"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, pdf_bytes(pages=2) if content is None else content, content_type="application/pdf"
    )


def valid_data(**changes: Any) -> dict[str, Any]:
    data = {
        "title": "Integrationskonzept der Stadt Bielefeld",
        "adopting_body": "rat",
        "resolution_date": date(2024, 3, 14),
        "focus_areas": [FocusArea.EDUCATION, FocusArea.CROSS_CUTTING],
        "actors": sorted(REQUIRED_ACTORS),
        "other_actors": "Sportbund, Moscheegemeinden",
        "attachment": "Dezernat 2 – Schule, Bürger, Kultur",
        "organisation": "Eigenständige Organisationseinheit mit Leitung und Stellvertretung.",
    }
    return {**data, **changes}


@pytest.fixture
def data() -> dict[str, Any]:
    return valid_data()
