"""The funding lists as CSV and XLSX: applications, decisions, the payment queue and ledger, the
budget lines. Each export is its page's list (same filters, same scope), in German formats, with
its queries fixed however many rows it has, and recorded in the audit trail."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from teilhabe.centres.models import Centre
from teilhabe.core.access import audit_events_visible_to
from teilhabe.core.models import AuditEvent
from teilhabe.core.money import german
from teilhabe.core.tests.export_files import csv_table, de, xlsx_table
from teilhabe.funding import computation
from teilhabe.funding.models import ApplicationStatus, Payment, PaymentStatus

from . import budget_helpers, factories

pytestmark = pytest.mark.django_db


def _export(name: str, fmt: str = "csv", **kwargs: object) -> str:
    return reverse(name, kwargs={**kwargs, "fmt": fmt})


# --- applications -----------------------------------------------------------------------


@pytest.fixture
def two_kis(bielefeld, dortmund, bernd, guel):  # type: ignore[no-untyped-def]
    """Bielefeld approved for 2026 (170.000,00 granted), Dortmund submitted for 2026 to 2027."""
    approved, _decision = budget_helpers.granted(bielefeld, officer=bernd, approver=guel)
    submitted = factories.application(
        dortmund, year=2026, last_year=2027, status=ApplicationStatus.SUBMITTED
    )
    return approved, submitted


def test_the_application_export_is_the_list_in_german(two_kis, bernd, verified_client):
    approved, submitted = two_kis
    rows = csv_table(verified_client(bernd).get(_export("funding:applications_export")))
    by_ki = {row[de("KI")]: row for row in rows}
    assert set(by_ki) == {"Kommunales Integrationszentrum Bielefeld", submitted.centre.name}
    bielefeld = by_ki["Kommunales Integrationszentrum Bielefeld"]
    assert bielefeld[de("Application no.")] == str(approved.pk)
    assert bielefeld[de("District or city")] == "Bielefeld"
    assert bielefeld[de("Official key")] == "05711"
    assert bielefeld[de("First funding year")] == bielefeld[de("Last funding year")] == "2026"
    assert bielefeld[de("Status")] == "bewilligt"
    today = timezone.localdate().strftime("%d.%m.%Y")
    assert bielefeld[de("Submitted on")] == today
    computed = computation.total(computation.compute(approved))  # as the application's page
    assert bielefeld[de("Grant applied for, as computed (EUR)")] == german(computed)
    assert bielefeld[de("Granted by the decision in force (EUR)")] == "170.000,00"
    dortmund = by_ki[submitted.centre.name]
    assert dortmund[de("Last funding year")] == "2027"
    assert dortmund[de("Granted by the decision in force (EUR)")] == ""  # no decision yet


def test_the_application_export_as_xlsx(two_kis, bernd, verified_client):
    response = verified_client(bernd).get(
        _export("funding:applications_export", "xlsx"), {"status": "approved"}
    )
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].startswith('attachment; filename="antraege-')
    (row,) = xlsx_table(response)  # the filter holds
    assert row[de("Granted by the decision in force (EUR)")] == 170000
    assert row[de("First funding year")] == 2026
    assert isinstance(row[de("Submitted on")], datetime.datetime)


def test_the_application_export_honours_the_filters(two_kis, bernd, dortmund, verified_client):
    client = verified_client(bernd)
    url = _export("funding:applications_export")
    only_dortmund = csv_table(client.get(url, {"centre": str(dortmund.pk)}))
    assert [r[de("KI")] for r in only_dortmund] == [dortmund.name]
    assert csv_table(client.get(url, {"year": "2027"}))[0][de("KI")] == dortmund.name
    assert csv_table(client.get(url, {"status": "withdrawn"})) == []


def test_carla_exports_no_row_of_bielefeld(two_kis, carla, bielefeld, verified_client):
    client = verified_client(carla)
    for query in ({}, {"centre": str(bielefeld.pk)}):
        rows = csv_table(client.get(_export("funding:applications_export"), query))
        assert {r[de("KI")] for r in rows} == {"Kommunales Integrationszentrum Dortmund"}
        sheet = xlsx_table(client.get(_export("funding:applications_export", "xlsx"), query))
        assert all("Bielefeld" not in str(v) for row in sheet for v in row.values())


@pytest.mark.parametrize("who", ["sven", "eva", "paul"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_who_may_not_see_the_list_gets_404_for_the_export(request, verified_client, who, fmt):
    client = verified_client(request.getfixturevalue(who))
    assert client.get(reverse("funding:applications")).status_code == 404
    assert client.get(_export("funding:applications_export", fmt)).status_code == 404
    assert not AuditEvent.objects.filter(action="list.exported").exists()


def test_the_application_export_keeps_its_queries_fixed(
    bernd, verified_client, django_assert_max_num_queries
):
    centres = list(Centre.objects.order_by("pk")[:6])
    factories.application(centres[0], status=ApplicationStatus.SUBMITTED)
    client = verified_client(bernd)
    url = _export("funding:applications_export")
    csv_table(client.get(url))  # warm the session and content types
    for fmt, read in (("csv", csv_table), ("xlsx", xlsx_table)):
        with django_assert_max_num_queries(QUERIES_APPLICATIONS):
            assert len(read(client.get(_export("funding:applications_export", fmt)))) == 1
    for centre in centres[1:]:
        factories.application(centre, status=ApplicationStatus.SUBMITTED)
    for fmt, read in (("csv", csv_table), ("xlsx", xlsx_table)):
        with django_assert_max_num_queries(QUERIES_APPLICATIONS):
            assert len(read(client.get(_export("funding:applications_export", fmt)))) == 6


# session, user, device, count, audit insert, the session saved (3), rows, positions, the
# year's guideline and its groups
QUERIES_APPLICATIONS = 12


def test_the_export_is_in_the_trail_of_its_readers(two_kis, bernd, anna, verified_client):
    verified_client(bernd).get(_export("funding:applications_export", "xlsx"), {"year": "2026"})
    verified_client(anna).get(_export("funding:applications_export"))
    event = audit_events_visible_to(bernd).get(action="list.exported", actor=bernd)
    assert event.object_id == "" and "XLSX" in event.object_label
    assert "year=2026" in event.object_label and ", 2 " in event.object_label  # two rows
    # Anna's export belongs to her KI: she reads it in her trail (the drafts' rule hides none)
    assert audit_events_visible_to(anna).filter(action="list.exported", actor=anna).exists()


def test_the_list_offers_its_export_with_the_filters(two_kis, bernd, verified_client):
    page = verified_client(bernd).get(reverse("funding:applications"), {"status": "approved"})
    html = page.content.decode()
    assert 'href="/foerderung/antraege/export.csv?status=approved"' in html
    assert 'href="/foerderung/antraege/export.xlsx?status=approved"' in html


# --- decisions --------------------------------------------------------------------------


def test_the_decision_list_and_its_export(two_kis, bernd, carla, verified_client):
    approved, _submitted = two_kis
    decision = approved.decisions.get()
    client = verified_client(bernd)
    page = client.get(reverse("funding:decisions"))
    assert page.status_code == 200
    html = page.content.decode()
    assert decision.number in html and "170.000,00" in html
    assert 'href="/foerderung/bescheide/export.csv"' in html
    (row,) = csv_table(client.get(_export("funding:decisions_export")))
    assert row[de("File number")] == decision.number
    assert row[de("Kind")] == "Zuwendungsbescheid"
    assert row[de("Granted (EUR)")] == "170.000,00"
    assert row[de("Issued on")] == timezone.localdate().strftime("%d.%m.%Y")
    assert row[de("Amends decision")] == ""
    (cells,) = xlsx_table(client.get(_export("funding:decisions_export", "xlsx")))
    assert cells[de("Granted (EUR)")] == 170000
    assert csv_table(client.get(_export("funding:decisions_export"), {"year": "2027"})) == []
    carla_client = verified_client(carla)
    assert csv_table(carla_client.get(_export("funding:decisions_export"))) == []
    assert decision.number not in carla_client.get(reverse("funding:decisions")).content.decode()


def test_the_decision_list_keeps_its_queries_fixed(
    bernd, guel, verified_client, django_assert_max_num_queries
):
    centres = list(Centre.objects.order_by("pk")[:5])
    budget_helpers.granted(centres[0], officer=bernd, approver=guel)
    client = verified_client(bernd)
    client.get(reverse("funding:decisions"))
    with django_assert_max_num_queries(QUERIES_DECISIONS):
        assert client.get(reverse("funding:decisions")).status_code == 200
    with django_assert_max_num_queries(QUERIES_DECISIONS):
        assert len(csv_table(client.get(_export("funding:decisions_export")))) == 1
    for centre in centres[1:]:
        budget_helpers.granted(centre, officer=bernd, approver=guel)
    with django_assert_max_num_queries(QUERIES_DECISIONS):
        assert client.get(reverse("funding:decisions")).status_code == 200
    with django_assert_max_num_queries(QUERIES_DECISIONS):
        assert len(csv_table(client.get(_export("funding:decisions_export")))) == 5


# session, user, device, count, rows; the page: the KIs of the filter; the file: the audit
# insert and the session saved (3)
QUERIES_DECISIONS = 9


# --- payments ---------------------------------------------------------------------------


@pytest.fixture
def payments(bielefeld, anna, bernd, guel):  # type: ignore[no-untyped-def]
    """Bielefeld's grant with a released payment and one requested (a hostile note)."""
    app, decision = budget_helpers.granted(bielefeld, officer=bernd, approver=guel)
    released = Payment.objects.create(
        application=app,
        decision=decision,
        fiscal_year=2026,
        amount=Decimal("42500.00"),
        requested_by=anna,
        status=PaymentStatus.RELEASED,
        decided_by=bernd,
        decided_at=timezone.now(),
    )
    requested = Payment.objects.create(
        application=app,
        decision=decision,
        fiscal_year=2026,
        amount=Decimal("1234.56"),
        requested_by=anna,
        note="=HYPERLINK(1)",
    )
    return app, released, requested


def test_the_queue_export_lists_what_waits(payments, bernd, verified_client):
    client = verified_client(bernd)
    html = client.get(reverse("funding:payment_queue")).content.decode()
    assert 'href="/foerderung/zahlungen/export.csv"' in html
    (row,) = csv_table(client.get(_export("funding:payment_queue_export")))
    assert row[de("Amount (EUR)")] == "1.234,56"
    assert row[de("Status")] == "beantragt"
    assert row[de("Funding year")] == "2026"
    assert row[de("Requested by")] == "Anna Test"
    assert row[de("Released or refused at")] == ""
    assert row[de("Note")] == "'=HYPERLINK(1)"  # text in Excel, not a formula
    (cells,) = xlsx_table(client.get(_export("funding:payment_queue_export", "xlsx")))
    assert cells[de("Amount (EUR)")] == pytest.approx(1234.56)
    assert cells[de("Note")] == "'=HYPERLINK(1)"
    assert csv_table(client.get(_export("funding:payment_queue_export"), {"year": "2027"})) == []


def test_the_queue_export_keeps_its_queries_fixed(
    payments, bernd, anna, verified_client, django_assert_max_num_queries
):
    app, _released, requested = payments
    client = verified_client(bernd)
    url = _export("funding:payment_queue_export")
    csv_table(client.get(url))
    with django_assert_max_num_queries(QUERIES_QUEUE):
        assert len(csv_table(client.get(url))) == 1
    for _ in range(4):
        Payment.objects.create(
            application=app,
            decision=requested.decision,
            fiscal_year=2026,
            amount=Decimal("10.00"),
            requested_by=anna,
        )
    with django_assert_max_num_queries(QUERIES_QUEUE):
        assert len(csv_table(client.get(url))) == 5


QUERIES_QUEUE = 9  # session, user, device, count, audit insert, the session saved (3), rows


@pytest.mark.parametrize("who", ["kai", "anna", "mia", "lars", "guel", "carla", "sven"])
def test_only_the_grant_officer_exports_the_queue(request, payments, verified_client, who):
    client = verified_client(request.getfixturevalue(who))
    assert client.get(reverse("funding:payment_queue")).status_code == 404
    assert client.get(_export("funding:payment_queue_export", "xlsx")).status_code == 404


def test_the_ledger_export_lists_every_payment(payments, anna, carla, verified_client):
    app, _released, _requested = payments
    client = verified_client(anna)
    html = client.get(reverse("funding:payments", args=[app.pk])).content.decode()
    assert f'href="/foerderung/antraege/{app.pk}/zahlungen/export.xlsx"' in html
    response = client.get(_export("funding:payments_export", pk=app.pk))
    assert f'filename="zahlungen-antrag-{app.pk}-' in response["Content-Disposition"]
    rows = csv_table(response)
    assert [r[de("Amount (EUR)")] for r in rows] == ["42.500,00", "1.234,56"]  # as the page
    assert rows[0][de("Released or refused by")] == "Bernd Test"
    assert rows[0][de("Released or refused at")].startswith(
        timezone.localdate().strftime("%d.%m.%Y ")
    )
    assert {r[de("KI")] for r in rows} == {"Kommunales Integrationszentrum Bielefeld"}
    carla_client = verified_client(carla)
    assert carla_client.get(reverse("funding:payments", args=[app.pk])).status_code == 404
    assert carla_client.get(_export("funding:payments_export", pk=app.pk)).status_code == 404


# --- budget lines -----------------------------------------------------------------------


def test_the_budget_export_is_the_years_lines(mia, anna, verified_client):
    factories.budget_line(2026, "20000000.00", committed=Decimal("170000.00"))
    factories.budget_line(2027, "21000000.00")
    client = verified_client(mia)
    html = client.get(reverse("funding:budget"), {"year": "2026"}).content.decode()
    assert 'href="/foerderung/haushalt/export.csv?year=2026"' in html
    (row,) = csv_table(client.get(_export("funding:budget_export"), {"year": "2026"}))
    assert row[de("Fiscal year")] == "2026"
    assert row[de("Budget code")] == "KI-2026"
    assert row[de("Planned (EUR)")] == "20.000.000,00"
    assert row[de("Committed (EUR)")] == "170.000,00"
    assert row[de("Available (EUR)")] == "19.830.000,00"
    sheet = xlsx_table(client.get(_export("funding:budget_export", "xlsx")))
    assert [r[de("Fiscal year")] for r in sheet] == [2027, 2026]  # as the page: newest first
    assert sheet[1][de("Available (EUR)")] == 19830000
    assert verified_client(anna).get(_export("funding:budget_export")).status_code == 404
