"""The budget pages: lines per year, one line, adding and re-planning (ministry), planning."""

from __future__ import annotations

from decimal import Decimal

import pytest

from teilhabe.funding.models import BudgetLine, BudgetPurpose

from . import budget_helpers, factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["bernd", "guel", "mia"])
def test_the_grant_authority_and_the_ministry_see_the_lines(request, verified_client, who):
    factories.budget_line(2026, "20000000.00", code="07 050 684 10")
    page = verified_client(request.getfixturevalue(who)).get("/foerderung/haushalt/")
    assert page.status_code == 200
    assert "07 050 684 10" in page.content.decode()
    assert "20.000.000,00" in page.content.decode()


@pytest.mark.parametrize("who", ["anna", "kai", "carla", "lars", "sven", "eva", "paul"])
def test_everyone_else_gets_404(request, verified_client, who):
    line = factories.budget_line(2026)
    client = verified_client(request.getfixturevalue(who))
    for url in (
        "/foerderung/haushalt/",
        f"/foerderung/haushalt/{line.pk}/",
        "/foerderung/planung/",
    ):
        assert client.get(url).status_code == 404, url


def test_it_sums_each_year_and_filters_by_year(verified_client, bernd, guel, bielefeld):
    factories.budget_line(2026, "300000.00", code="A")
    factories.budget_line(2026, "200000.00", code="B", purpose=BudgetPurpose.CIVIL_SOCIETY)
    factories.budget_line(2027, "999999.00", code="C")
    budget_helpers.granted(bielefeld, officer=bernd, approver=guel)
    client = verified_client(bernd)
    page = client.get("/foerderung/haushalt/?year=2026").content.decode()
    assert "500.000,00" in page  # planned 2026 in all
    assert "330.000,00" in page  # available 2026 after 170,000 committed to A
    assert "999.999,00" not in page
    assert "999.999,00" in client.get("/foerderung/haushalt/").content.decode()


def test_the_list_needs_the_same_queries_for_3_or_30_lines(
    verified_client, mia, django_assert_num_queries
):
    client = verified_client(mia)
    for i in range(3):
        factories.budget_line(2026, code=f"L{i}")
    client.get("/foerderung/haushalt/")  # warm the session
    # session, user, otp device, the years, the lines, the unread notifications (navigation),
    # the session saved (3: idle timeout)
    with django_assert_num_queries(9):
        client.get("/foerderung/haushalt/")
    for i in range(3, 30):
        factories.budget_line(2020 + i % 7, code=f"L{i}")
    with django_assert_num_queries(9):
        assert client.get("/foerderung/haushalt/").status_code == 200


def test_the_ministry_adds_a_line(verified_client, mia):
    client = verified_client(mia)
    response = client.post(
        "/foerderung/haushalt/neu/",
        {
            "fiscal_year": "2027",
            "code": "07 050 684 10",
            "title": "Kommunale Integrationszentren",
            "purpose": "centres",
            "planned": "21072000,00",
        },
    )
    line = BudgetLine.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/foerderung/haushalt/{line.pk}/"
    assert line.planned == Decimal("21072000.00")


def test_a_duplicate_code_is_shown_at_the_field_and_the_input_kept(verified_client, mia):
    factories.budget_line(2027, code="07 050 684 10")
    page = verified_client(mia).post(
        "/foerderung/haushalt/neu/",
        {
            "fiscal_year": "2027",
            "code": "07 050 684 10",
            "title": "Mein Titel",
            "purpose": "centres",
            "planned": "12,50",
        },
    )
    assert page.status_code == 200
    assert page.context["form"].errors["code"]
    html = page.content.decode()
    assert 'value="Mein Titel"' in html and 'value="12,50"' in html


@pytest.mark.parametrize("who", ["bernd", "guel"])
def test_only_the_ministry_adds_or_replans(request, verified_client, who):
    line = factories.budget_line(2026, "1000.00")
    client = verified_client(request.getfixturevalue(who))
    assert client.get("/foerderung/haushalt/neu/").status_code == 404
    assert client.post(f"/foerderung/haushalt/{line.pk}/", {"planned": "1"}).status_code == 404
    line.refresh_from_db()
    assert line.planned == Decimal("1000.00")
    assert client.get(f"/foerderung/haushalt/{line.pk}/").context["form"] is None


def test_the_line_shows_its_commitments_and_payments(verified_client, anna, bernd, guel, bielefeld):
    from teilhabe.funding.services import payments

    line = factories.budget_line(2026, "1000000.00")
    app, decision = budget_helpers.granted(bielefeld, officer=bernd, approver=guel, line=line)
    payment = payments.request_payment(app, by=anna, year=2026, amount=Decimal("42500.00"))
    payments.release_payment(payment, by=bernd)
    page = verified_client(guel).get(f"/foerderung/haushalt/{line.pk}/").content.decode()
    assert decision.number in page
    assert "170.000,00" in page and "42.500,00" in page
    assert bielefeld.name in page


def test_the_plan_is_never_set_below_committed_and_the_input_is_kept(
    verified_client, mia, bernd, guel, bielefeld
):
    line = factories.budget_line(2026, "200000.00")
    budget_helpers.granted(bielefeld, officer=bernd, approver=guel, line=line)
    page = verified_client(mia).post(f"/foerderung/haushalt/{line.pk}/", {"planned": "100000,00"})
    assert page.status_code == 200
    assert "170.000,00" in page.context["form"].errors["planned"][0]
    assert 'value="100000,00"' in page.content.decode()
    ok = verified_client(mia).post(f"/foerderung/haushalt/{line.pk}/", {"planned": "250000"})
    assert ok.status_code == 302
    line.refresh_from_db()
    assert line.planned == Decimal("250000.00")


def test_planning_shows_cost_per_kind_and_whether_it_fits(verified_client, mia, territory):
    factories.budget_line(2026, "20000000.00")
    page = verified_client(mia).get("/foerderung/planung/?guideline=2022&year=2026")
    html = page.content.decode()
    assert page.status_code == 200
    assert page.context["funding"].total == Decimal("21072000.00")
    assert "21.072.000,00" in html
    assert "1.072.000,00" in html  # the shortfall
    assert page.context["comparison"].fits is False


def test_planning_without_parameters_shows_the_next_year(verified_client, bernd, territory):
    page = verified_client(bernd).get("/foerderung/planung/")
    assert page.status_code == 200
    assert page.context["funding"].total > 0


def test_planning_refuses_an_unknown_version_at_the_field(verified_client, bernd, territory):
    page = verified_client(bernd).get("/foerderung/planung/?guideline=1999&year=2026")
    assert page.status_code == 200
    assert "guideline" in page.context["form"].errors
    assert "funding" not in page.context
