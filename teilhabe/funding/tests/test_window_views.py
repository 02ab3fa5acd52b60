"""The application periods page: public to read, set by the ministry, bad input kept."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from teilhabe.core.models import AuditEvent
from teilhabe.funding.models import ApplicationWindow

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):  # type: ignore[no-untyped-def]
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@time_machine.travel(date(2026, 12, 1))
def test_anyone_reads_the_periods_with_the_default_marked(client, mia, verified_client) -> None:
    ApplicationWindow.objects.create(
        year=2028, opens_on=date(2027, 3, 1), closes_on=date(2027, 9, 30)
    )
    html = client.get(reverse("funding:application_windows")).content.decode()
    assert [str(y) in html for y in (2026, 2027, 2028, 2029)] == [True] * 4
    assert "default (17 April to 31 October of the year before)" in html
    assert "the ministry" in html
    assert "Set the period" not in html  # the public does not set it
    assert (
        "Set the period for 2028"
        in verified_client(mia).get(reverse("funding:application_windows")).content.decode()
    )


def test_the_ministry_sets_a_period_and_it_is_audited(mia, verified_client) -> None:
    url = reverse("funding:application_window", args=[2028])
    response = verified_client(mia).post(url, {"opens_on": "2027-03-01", "closes_on": "2027-09-30"})
    assert response.status_code == 302
    assert response["Location"] == reverse("funding:application_windows")
    row = ApplicationWindow.objects.get(year=2028)
    assert (row.opens_on, row.closes_on) == (date(2027, 3, 1), date(2027, 9, 30))
    assert AuditEvent.objects.filter(action="application_window.set").count() == 1


@pytest.mark.parametrize(
    ("opens_on", "closes_on", "message"),
    [
        ("2027-09-30", "2027-03-01", "The period must not end before it begins."),
        (
            "2027-03-01",
            "2029-01-31",
            "Applications for 2028 must close by 31.12.2028 at the latest.",
        ),
        ("2027-03-01", "31.02.2027", "Enter a valid date."),
    ],
)
def test_bad_periods_are_explained_and_the_input_kept(
    mia, verified_client, opens_on: str, closes_on: str, message: str
) -> None:
    url = reverse("funding:application_window", args=[2028])
    response = verified_client(mia).post(url, {"opens_on": opens_on, "closes_on": closes_on})
    assert response.status_code == 422
    assert message in response.content.decode()
    assert f'value="{closes_on}"' in response.content.decode()
    assert not ApplicationWindow.objects.exists()


def test_a_year_out_of_range_is_not_found(mia, verified_client) -> None:
    assert verified_client(mia).get("/foerderung/antragszeitraeume/99999/").status_code == 404
