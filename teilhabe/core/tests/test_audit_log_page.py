"""The audit trail reads like a file note: filters, search, pages that keep the filters, German
values by their labels, and the filtered trail as CSV for German Excel."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from teilhabe.accounts.models import User
from teilhabe.centres import services
from teilhabe.centres.models import Centre
from teilhabe.core.audit import record
from teilhabe.core.models import AuditEvent

pytestmark = pytest.mark.django_db
URL = reverse("core:audit_log")
EXPORT = reverse("core:audit_log_export", kwargs={"fmt": "csv"})
XLSX = reverse("core:audit_log_export", kwargs={"fmt": "xlsx"})


def _staff(centre: Centre, by: User, last_name: str = "Yılmaz") -> object:
    return services.add_staff_member(
        centre,
        by=by,
        data={
            "first_name": "Aylin",
            "last_name": last_name,
            "category": "pedagogical",
            "fte": Decimal("0.75"),
            "start_date": datetime.date(2026, 12, 31),
        },
    )


def _body(client, query: dict[str, str] | None = None) -> str:  # type: ignore[no-untyped-def]
    response = client.get(URL, query or {})
    assert response.status_code == 200
    return response.content.decode()


def test_values_read_as_german_words_and_numbers(anna, bielefeld, verified_client):
    _staff(bielefeld, anna)
    page = _body(verified_client(anna))
    body = page.split('role="search"', 1)[1].split("</form>", 1)[1]  # the table, not the filters
    assert "Mitarbeiter" in body or "Person" in body  # the object type, from the verbose name
    assert "Vollzeitäquivalent" in body or "Stellenanteil" in body  # the field's label
    assert "0,75" in body and "31.12.2026" in body  # German number and date
    assert "staff.added" not in body  # no action code
    assert "None" not in body and "{&#x27;" not in body and "{'" not in body  # no raw values
    assert "fte" not in body.split("<main", 1)[-1].replace("ftes", "")  # no field name


def test_it_filters_by_action_object_type_ki_actor_and_date(
    anna, bernd, carla, bielefeld, dortmund, verified_client
):
    _staff(bielefeld, anna, "Bielefelderin")
    _staff(dortmund, carla, "Dortmunderin")
    services.update_centre(bielefeld, by=anna, data={"street": "Niederwall 99"})
    client = verified_client(bernd)
    staff_type = AuditEvent.objects.filter(action="staff.added").first().content_type_id  # type: ignore[union-attr]

    only_dortmund = _body(client, {"centre": str(dortmund.pk)})
    assert "Dortmunderin" in only_dortmund and "Bielefelderin" not in only_dortmund

    changed = _body(client, {"action": "centre.updated"})
    assert "Niederwall 99" in changed and "Dortmunderin" not in changed

    by_type = _body(client, {"object_type": str(staff_type)})
    assert "Dortmunderin" in by_type and "Niederwall 99" not in by_type

    by_actor = _body(client, {"actor": str(carla.pk)})
    assert "Dortmunderin" in by_actor and "Bielefelderin" not in by_actor

    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    assert "Keine Einträge" in _body(client, {"date_from": tomorrow})
    today = timezone.localdate().strftime("%d.%m.%Y")  # a German date is understood too
    assert "Dortmunderin" in _body(client, {"date_from": today, "date_to": today})


def test_the_search_finds_object_and_actor(
    anna, bernd, carla, bielefeld, dortmund, verified_client
):
    _staff(bielefeld, anna, "Bielefelderin")
    _staff(dortmund, carla, "Dortmunderin")
    client = verified_client(bernd)
    by_object = _body(client, {"q": "dortmunderin"})
    assert "Dortmunderin" in by_object and "Bielefelderin" not in by_object
    by_actor = _body(client, {"q": carla.username})
    assert "Dortmunderin" in by_actor and "Bielefelderin" not in by_actor


def test_a_filter_never_widens_the_readers_scope(anna, carla, bielefeld, dortmund, verified_client):
    _staff(dortmund, carla, "Dortmunderin")
    body = _body(verified_client(anna), {"centre": str(dortmund.pk)})
    assert "Dortmunderin" not in body  # Dortmund is no choice for Bielefeld's lead: refused
    response = verified_client(anna).get(EXPORT, {"centre": str(dortmund.pk)})
    assert "Dortmunderin" not in b"".join(response.streaming_content).decode()


def test_invalid_filters_are_explained_not_fatal(anna, bielefeld, verified_client):
    _staff(bielefeld, anna)
    body = _body(
        verified_client(anna),
        {"date_from": "2026-12-31", "date_to": "2026-01-01", "object_type": "x" * 80},
    )
    assert "Das Enddatum liegt vor dem Anfangsdatum." in body
    assert 'aria-invalid="true"' in body


def test_pages_keep_the_filters(anna, bielefeld, verified_client):
    for i in range(55):
        services.update_centre(bielefeld, by=anna, data={"street": f"Niederwall {i + 1}"})
    body = _body(verified_client(anna), {"action": "centre.updated", "q": "Bielefeld"})
    assert "?action=centre.updated&amp;q=Bielefeld&amp;page=2" in body
    assert "export.csv?action=centre.updated&amp;q=Bielefeld" in body
    assert "export.xlsx?action=centre.updated&amp;q=Bielefeld" in body


def test_the_export_is_the_filtered_trail_for_german_excel(
    anna, carla, bernd, bielefeld, dortmund, verified_client
):
    _staff(bielefeld, anna, "Bielefelderin")
    _staff(dortmund, carla, "Dortmunderin")
    record(User, "staff.added", actor=None, label="=HYPERLINK(1)")  # typed by someone hostile
    response = verified_client(bernd).get(EXPORT, {"action": "staff.added"})
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="protokoll-')
    raw = b"".join(response.streaming_content)
    assert raw.startswith("\ufeff".encode())
    lines = raw.decode("utf-8-sig").split("\r\n")
    assert lines[0] == "Zeitpunkt;Ausgeführt von;Aktion;Objekttyp;Objekt;KI;Änderungen;Anfrage-ID"
    assert len([line for line in lines[1:] if line]) == 3  # the filter holds: no login events
    assert all(";" in line for line in lines if line)
    stamp = timezone.localtime().strftime("%d.%m.%Y ")
    assert all(line.startswith(stamp) for line in lines[1:] if line)
    assert "0,75" in raw.decode() and "31.12.2026" in raw.decode()
    assert ";'=HYPERLINK(1);" in raw.decode()  # a formula stays text in Excel


def test_the_export_is_bounded(anna, bielefeld, verified_client, monkeypatch):
    from teilhabe.core import exports

    monkeypatch.setitem(exports.MAX_ROWS, "csv", 3)
    for i in range(5):
        services.update_centre(bielefeld, by=anna, data={"street": f"Niederwall {i + 1}"})
    client = verified_client(anna)
    response = client.get(EXPORT, {"action": "centre.updated"})
    assert response.status_code == 302  # refused: back to the trail, the filter kept
    assert response["Location"] == f"{URL}?action=centre.updated"
    with translation.override("en"):
        page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "This list has 5 rows; an export holds at most 3." in page
    assert not AuditEvent.objects.filter(action="list.exported").exists()


def test_the_trail_as_xlsx_and_its_export_in_the_trail(anna, bielefeld, verified_client):
    _staff(bielefeld, anna)
    client = verified_client(anna)
    response = client.get(XLSX, {"action": "staff.added"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="protokoll-')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Zeitpunkt" and len(rows) == 2  # the header and the one event
    assert isinstance(rows[1][0], datetime.datetime)  # a real date and time
    event = AuditEvent.objects.get(action="list.exported")
    assert event.actor == anna and event.centre_id == bielefeld.pk  # Anna's trail shows it
    assert "XLSX" in event.object_label and "action=staff.added" in event.object_label
    again = client.get(EXPORT)  # the trail exported again: not the export's own event
    raw = b"".join(again.streaming_content).decode("utf-8-sig")
    assert raw.count("XLSX") == 1  # the first export's event, listed once
    assert "CSV" not in raw  # the second one's is not in the file it is about


def test_the_export_is_for_the_trails_readers_only(kai, verified_client):
    assert verified_client(kai).get(EXPORT).status_code == 404


def test_system_and_anonymous_read_as_words(anna, bielefeld, verified_client):
    record(bielefeld, "centre.updated", actor=None, centre_id=bielefeld.pk)
    assert "das System" in _body(verified_client(anna))
