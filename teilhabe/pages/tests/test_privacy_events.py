"""The privacy notice covers event registrations: what is kept, the consent to needs, and the
retention period the anonymisation command applies (from the same setting)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_names_the_events_data_consent_and_retention(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.EVENTS_RETENTION_MONTHS = 9
    settings.EVENTS_ACCESS_NEEDS_DAYS = 14
    html = client.get(reverse("pages:privacy"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Wenn Sie sich zu einer Veranstaltung anmelden" in html
    assert "Art. 9 Abs. 2 Buchst. a DSGVO" in html
    assert "9 Monate nach der Veranstaltung" in html
    assert "Ihre Bedarfe werden 14 Tage nach der Veranstaltung gelöscht." in html
