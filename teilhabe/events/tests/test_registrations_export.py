"""The organiser downloads an event's registrations as CSV or XLSX (the shared export kit)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from teilhabe.core.models import AuditEvent

from . import factories

pytestmark = pytest.mark.django_db


def test_the_registrations_as_csv_and_xlsx_audited(bielefeld, kai, carla, verified_client):
    event = factories.published(bielefeld, kai, capacity=1)
    factories.accepted(event, 2)
    client = verified_client(kai)
    csv_url = reverse("events:registrations_export", kwargs={"pk": event.pk, "fmt": "csv"})
    text = b"".join(client.get(csv_url).streaming_content).decode("utf-8-sig")
    lines = text.strip().split("\r\n")
    assert len(lines) == 3 and "p0@example.org" in lines[1] and "p1@example.org" in lines[2]
    xlsx_url = reverse("events:registrations_export", kwargs={"pk": event.pk, "fmt": "xlsx"})
    sheet = load_workbook(io.BytesIO(client.get(xlsx_url).content)).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [1, 2]
    assert AuditEvent.objects.filter(action="list.exported").count() == 2
    assert verified_client(carla).get(csv_url).status_code == 404
