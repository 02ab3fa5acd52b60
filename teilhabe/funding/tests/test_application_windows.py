"""Applications only in the window of their first funding year: stored rows, else the default
(17 April to 31 October of the year before, the 2026 dates of the source repeated)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from teilhabe.core.models import AuditEvent
from teilhabe.funding import windows
from teilhabe.funding.models import Application, ApplicationWindow
from teilhabe.funding.services import applications as services

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


def at(day: date) -> time_machine.travel:
    return time_machine.travel(
        datetime(day.year, day.month, day.day, 10, tzinfo=BERLIN), tick=False
    )


def test_the_default_window_is_the_source_period_of_2026_repeated():
    assert windows.default_window(2026).opens_on == date(2025, 4, 17)
    assert windows.default_window(2026).closes_on == date(2025, 10, 31)
    assert windows.default_window(2028).label == "17.04.2027 – 31.10.2027"


@pytest.mark.parametrize(
    ("today", "code"),
    [(date(2025, 11, 1), "window_closed"), (date(2025, 4, 16), "window_not_open")],
)
def test_it_refuses_an_application_outside_the_window(anna, bielefeld, today, code):
    with at(today), pytest.raises(ValidationError) as e, translation.override("de"):
        services.create_application(bielefeld, by=anna, first_year=2026, last_year=2026)
    assert e.value.code == code
    message = e.value.messages[0]
    assert "2026" in message and "17.04.2025" in message and "31.10.2025" in message
    assert not Application.objects.exists()


@pytest.mark.parametrize("today", [date(2025, 4, 17), date(2025, 10, 31)])
def test_it_accepts_an_application_on_the_first_and_last_day(anna, bielefeld, today):
    with at(today):
        services.create_application(bielefeld, by=anna, first_year=2026, last_year=2027)
    assert Application.objects.count() == 1


def test_a_stored_window_replaces_the_default(anna, mia, bielefeld):
    with at(date(2025, 11, 20)):
        with pytest.raises(ValidationError):
            services.create_application(bielefeld, by=anna, first_year=2026, last_year=2026)
        services.set_application_window(
            2026, by=mia, opens_on=date(2025, 4, 17), closes_on=date(2025, 11, 30)
        )
        services.create_application(bielefeld, by=anna, first_year=2026, last_year=2026)
    event = AuditEvent.objects.get(action="application_window.set")
    assert event.changes["closes_on"] == {"from": None, "to": "2025-11-30"}


def test_the_ministry_alone_sets_a_window_and_it_must_not_end_before_it_opens(mia, bernd):
    with pytest.raises(ValidationError) as e:
        services.set_application_window(
            2030, by=bernd, opens_on=date(2029, 1, 1), closes_on=date(2029, 2, 1)
        )
    assert e.value.code == "not_permitted"
    with pytest.raises(ValidationError):
        services.set_application_window(
            2030, by=mia, opens_on=date(2029, 3, 1), closes_on=date(2029, 2, 1)
        )
    assert not ApplicationWindow.objects.exists()


def test_the_new_application_page_names_the_open_years(kai, bielefeld, verified_client):
    with at(date(2026, 6, 1)):
        page = verified_client(kai).get(reverse("funding:application_new")).content.decode()
        assert "2027" in page and "31.10.2026" in page
        assert 'name="first_year" value="2027"' in page
    with at(date(2026, 12, 1)):
        page = verified_client(kai).get(reverse("funding:application_new")).content.decode()
        assert "17.04.2027" in page  # none open: when the next one opens


def test_the_form_shows_the_refusal(kai, bielefeld, verified_client):
    with at(date(2026, 12, 1)):
        response = verified_client(kai).post(
            reverse("funding:application_new"), {"first_year": "2026", "last_year": "2026"}
        )
    assert response.status_code == 200 and "31.10.2025" in response.content.decode()
    assert not Application.objects.exists()


# --- a new year's draft starts from the year before ----------------------------------------


def test_a_new_draft_takes_over_the_figures_of_the_year_before(
    anna, kai, bielefeld, verified_client
):
    from decimal import Decimal

    from teilhabe.funding.models import ApplicationPosition, ApplicationStatus

    from . import factories

    before = factories.application(
        bielefeld,
        year=2026,
        status=ApplicationStatus.APPROVED,
        teachers_requested=2,
        interpreter_pool_cost=Decimal("42000.00"),
        own_rooms=Decimal("18000.00"),
        own_contribution_notes="Räume im Bildungshaus",
        work_plan_education="Arbeitsplan Bildung 2026",
        work_plan_cross_cutting="Arbeitsplan Querschnitt 2026",
        council_resolution_date=date(2012, 5, 1),
    )
    before.positions.all().delete()
    for order, (title, end) in enumerate(
        [
            ("Leitung", None),
            ("Ausgelaufen", date(2026, 6, 30)),
            ("Bis Mitte 2027", date(2027, 6, 30)),
        ],
        start=1,
    ):
        ApplicationPosition.objects.create(
            application=before,
            order=order,
            title=title,
            category="pedagogical",
            fte=Decimal("1.00"),
            end_date=end,
            annual_cost=Decimal("80000.00") + order,
        )
    factories.open_window(2027)
    draft = services.create_application(bielefeld, by=kai, first_year=2027, last_year=2027)
    assert draft.copied_from == before
    assert (draft.teachers_requested, draft.interpreter_pool_cost, draft.own_rooms) == (
        2,
        Decimal("42000.00"),
        Decimal("18000.00"),
    )
    assert draft.work_plan_education == "Arbeitsplan Bildung 2026"
    assert draft.own_contribution_notes == "Räume im Bildungshaus"
    assert draft.council_resolution_date is None  # not a figure: entered anew
    assert draft.signed_by is None and draft.submitted_at is None
    assert draft.status == ApplicationStatus.DRAFT
    rows = list(draft.positions.order_by("order").values_list("title", "annual_cost", "end_date"))
    assert rows == [
        ("Leitung", Decimal("80001.00"), None),
        ("Bis Mitte 2027", Decimal("80003.00"), date(2027, 6, 30)),
    ]
    with translation.override("de"):
        page = verified_client(kai).get(reverse("funding:application_edit", args=[draft.pk]))
    assert "übernommen aus dem Antrag 2026" in page.content.decode()


def test_without_an_application_for_the_year_before_the_draft_starts_from_the_staff(
    kai, bielefeld, verified_client
):
    from teilhabe.funding.models import ApplicationStatus

    from . import factories

    factories.application(bielefeld, year=2025, status=ApplicationStatus.APPROVED)  # two back
    factories.application(bielefeld, year=2026, status=ApplicationStatus.WITHDRAWN)
    factories.open_window(2027)
    draft = services.create_application(bielefeld, by=kai, first_year=2027, last_year=2027)
    assert draft.copied_from is None
    assert draft.work_plan_education == ""
    assert not draft.positions.filter(annual_cost__gt=0).exists()
    page = verified_client(kai).get(reverse("funding:application_edit", args=[draft.pk]))
    assert "übernommen" not in page.content.decode()
