"""The ministry enters a half-year's base rate on a page; its start page asks for it once the
half-year has begun without one; everyone else gets 404."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from teilhabe.accounts.models import User
from teilhabe.core.models import AuditEvent
from teilhabe.proofs.models import BaseRate
from teilhabe.proofs.start import missing_rate_todos

pytestmark = pytest.mark.django_db
URL = "/nachweise/basiszinssatz/neu/"


def test_the_ministry_enters_a_rate_in_german_numbers(verified_client, mia: User) -> None:
    client = verified_client(mia)
    assert reverse("proofs:base_rate_add") == URL
    response = client.post(
        URL,
        {"valid_from": "01.07.2026", "rate": "-0,25", "source": "Bundesanzeiger, 01.07.2026"},
    )
    assert response.status_code == 302
    assert BaseRate.objects.get(valid_from=date(2026, 7, 1)).rate == Decimal("-0.25")
    assert AuditEvent.objects.filter(action="base_rate.added").count() == 1
    page = client.get(reverse("proofs:base_rates")).content.decode()
    assert "Basiszinssatz eintragen" in page


def test_a_wrong_day_or_number_is_refused_at_its_field_and_kept(verified_client, mia) -> None:  # type: ignore[no-untyped-def]
    client = verified_client(mia)
    response = client.post(URL, {"valid_from": "15.07.2026", "rate": "1.234.5", "source": "X"})
    assert response.status_code == 200
    form = response.context["form"]
    assert "rate" in form.errors or "valid_from" in form.errors
    assert form["rate"].value() == "1.234.5"
    response = client.post(URL, {"valid_from": "15.07.2026", "rate": "1,5", "source": "X"})
    assert "1. Januar oder 1. Juli" in " ".join(response.context["form"].errors["valid_from"])
    assert not BaseRate.objects.filter(valid_from__gte=date(2026, 7, 1)).exists()


@pytest.mark.parametrize("who", ["kai", "anna", "bernd", "lars"])
def test_no_one_else_may_open_it(who: str, verified_client, request) -> None:  # type: ignore[no-untyped-def]
    assert verified_client(request.getfixturevalue(who)).get(URL).status_code == 404


def test_the_ministry_is_asked_once_the_half_year_has_begun(mia: User, kai: User) -> None:
    assert missing_rate_todos(mia, today=date(2026, 6, 30)) == []
    todo = missing_rate_todos(mia, today=date(2026, 12, 1))[0]
    assert todo.overdue and todo.due == date(2026, 7, 1) and todo.url == URL
    assert missing_rate_todos(kai, today=date(2026, 12, 1)) == []
    BaseRate.objects.create(valid_from=date(2026, 7, 1), rate=Decimal("1.27"), source="test")
    assert missing_rate_todos(mia, today=date(2026, 12, 1)) == []


def test_an_empty_table_says_so(client) -> None:  # type: ignore[no-untyped-def]
    BaseRate.objects.all().delete()
    response = client.get(reverse("proofs:base_rates"))
    assert response.status_code == 200
    assert "Noch kein Basiszinssatz eingetragen." in response.content.decode()
