"""The submission page shows what the lead signs, in German numbers, above her signature."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from teilhabe.core import money
from teilhabe.funding import computation
from teilhabe.funding.models import ApplicationPosition

from . import factories
from .url_matrix_applications import _attachment

pytestmark = pytest.mark.django_db


def test_it_shows_amounts_staffing_plan_own_contribution_and_attachments_above_the_signature(
    anna, bielefeld, verified_client
):
    application = factories.application(
        bielefeld, year=2026, last_year=2027, own_contribution_notes="Räume im Rathaus, Etage 3."
    )
    ApplicationPosition.objects.filter(application=application, title="Assistenz").update(
        start_date=date(2026, 3, 1)
    )
    _attachment(application)
    results = computation.compute(application)
    page = (
        verified_client(anna)
        .get(
            reverse("funding:application_submit", args=[application.pk]),
            HTTP_ACCEPT_LANGUAGE="de",
        )
        .content.decode()
    )
    summary = page[page.index('id="signed-heading"') : page.index('name="signed"')]
    for result in results:  # the grant of each year, and the total of both
        assert f">{result.year}</th>" in summary
        assert money.german(result.total) in summary
    assert money.german(computation.total(results)) in summary
    # The staffing plan: FTE, period, cost per year.
    assert "68.000,00" in summary and "24.000,00" in summary
    assert ">0,50<" in summary and "01.03.2026" in summary
    # The own contribution with its parts, total and notes.
    for amount in ("18.000,00", "9.500,00", "4.000,00", "15.000,00", "46.500,00"):
        assert f"{amount} EUR" in summary
    assert "Räume im Rathaus, Etage 3." in summary
    assert "Ratsbeschluss" in summary  # the attachment
    assert reverse("funding:application_edit", args=[application.pk]) in summary
