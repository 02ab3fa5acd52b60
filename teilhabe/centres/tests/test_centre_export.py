"""The KI registry as CSV and XLSX: public data for everyone, the search of the page, and the
head of each KI only as the KI's page shows its staff (by name, pseudonymised, or not at all)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from teilhabe.centres.access import pseudonymous
from teilhabe.centres.models import Centre, StaffFunction, StaffMember
from teilhabe.core.models import AuditEvent
from teilhabe.core.tests.export_files import csv_table, de, xlsx_table

pytestmark = pytest.mark.django_db
CSV = reverse("centres:list_export", kwargs={"fmt": "csv"})
XLSX = reverse("centres:list_export", kwargs={"fmt": "xlsx"})
HEAD, MANAGEMENT = "Head of the KI", "Management (pseudonyms)"


def _member(centre: Centre, last: str, function: str, **dates: date) -> StaffMember:
    return StaffMember.objects.create(
        centre=centre,
        first_name="Maria",
        last_name=last,
        function=function,
        category="pedagogical",
        fte=Decimal("1.00"),
        start_date=dates.get("start", date(2020, 1, 1)),
        end_date=dates.get("end"),
    )


@pytest.fixture
def heads(bielefeld: Centre, dortmund: Centre) -> dict[str, StaffMember]:
    return {
        "bielefeld": _member(bielefeld, "Bielefelder", StaffFunction.HEAD),
        "deputy": _member(bielefeld, "Stellvertreterin", StaffFunction.DEPUTY_HEAD),
        "former": _member(bielefeld, "Ehemalige", StaffFunction.HEAD, end=date(2021, 12, 31)),
        "dortmund": _member(dortmund, "Dortmunder", StaffFunction.HEAD),
    }


def _by_key(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {row[de("Official key")]: row for row in rows}


def test_the_public_gets_the_registry_as_searched(heads, client: Client) -> None:
    rows = csv_table(client.get(CSV, {"q": "Bielefeld"}))
    (row,) = rows
    assert row[de("Name")] == "Kommunales Integrationszentrum Bielefeld"
    assert row[de("Official key")] == "05711"
    assert row[de("Government region")] == "Detmold"
    assert de(HEAD) not in row and de(MANAGEMENT) not in row  # no staff for the public
    assert "Bielefelder" not in str(rows)
    assert len(csv_table(client.get(CSV, {"regierungsbezirk": "057"}))) == 7
    assert not AuditEvent.objects.filter(action="list.exported").exists()


def test_the_whole_registry_as_xlsx(client: Client) -> None:
    response = client.get(XLSX)
    assert response["Content-Disposition"].startswith('attachment; filename="integrationszentren-')
    rows = xlsx_table(response)
    assert len(rows) == 54
    assert {"05334", "05334002"} <= {row[de("Official key")] for row in rows}  # as stored


def test_the_grant_officer_sees_the_current_heads_by_name(heads, bernd, verified_client) -> None:
    rows = _by_key(csv_table(verified_client(bernd).get(CSV)))
    assert rows["05711"][de(HEAD)] == "Maria Bielefelder"  # not the deputy, not the former
    assert rows["05913"][de(HEAD)] == "Maria Dortmunder"
    assert rows["05334"][de(HEAD)] == ""
    event = AuditEvent.objects.get(action="list.exported")
    assert event.actor == bernd and "CSV" in event.object_label


def test_the_school_authority_sees_the_head_of_its_district_only(
    heads, sven, verified_client
) -> None:
    rows = _by_key(xlsx_table(verified_client(sven).get(XLSX)))
    assert rows["05711"][de(HEAD)] == "Maria Bielefelder"
    assert rows["05913"][de(HEAD)] is None  # Dortmund's staff list is not Sven's to see


def test_the_evaluator_gets_pseudonyms_never_names(heads, eva, verified_client) -> None:
    rows = csv_table(verified_client(eva).get(CSV))
    assert "Bielefelder" not in str(rows) and "Stellvertreterin" not in str(rows)
    bielefeld = _by_key(rows)["05711"]
    assert de(HEAD) not in bielefeld
    expected = sorted(pseudonymous(m).pseudonym for m in (heads["bielefeld"], heads["deputy"]))
    assert bielefeld[de(MANAGEMENT)] == "; ".join(expected)  # head and deputy alike


def test_a_partner_gets_no_staff_column(heads, paul, verified_client) -> None:
    row = _by_key(csv_table(verified_client(paul).get(CSV)))["05711"]
    assert de(HEAD) not in row and de(MANAGEMENT) not in row


def test_text_typed_into_the_registry_stays_text(bielefeld: Centre, client: Client) -> None:
    Centre.objects.filter(pk=bielefeld.pk).update(attachment="=HYPERLINK(1)")
    (row,) = csv_table(client.get(CSV, {"q": "05711"}))
    assert row[de("Organisational attachment")] == "'=HYPERLINK(1)"


def test_the_list_offers_the_export_of_its_search(client: Client, territory: None) -> None:
    html = client.get(reverse("centres:list"), {"q": "Lippe"}).content.decode()
    assert 'href="/zentren/export.csv?q=Lippe"' in html
    partial = client.get(reverse("centres:list"), {"q": "Köln"}, HTTP_HX_REQUEST="true")
    assert 'href="/zentren/export.xlsx?q=K%C3%B6ln"' in partial.content.decode()


def test_the_export_keeps_its_queries_fixed(
    heads, bernd, verified_client, django_assert_max_num_queries
) -> None:
    client = verified_client(bernd)
    csv_table(client.get(CSV))
    # session, user, device, count, audit insert, the session saved (3), KIs, their management
    with django_assert_max_num_queries(10):
        assert len(csv_table(client.get(CSV, {"q": "05711"}))) == 1
    with django_assert_max_num_queries(10):
        assert len(csv_table(client.get(CSV))) == 54
