"""The guide's CSV: what the writer writes the reader reads, an export imports again
unchanged (export → import → export is identical), unknown columns are kept in `extra`, cells
that are no values are row errors naming their column, and the bounds hold."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from teilhabe.guide import csvformat, importing, services
from teilhabe.guide.models import Category, Offer
from teilhabe.guide.tests import factories

pytestmark = pytest.mark.django_db


def _published_course(centre, by):  # type: ignore[no-untyped-def]
    offer = services.add_offer(
        centre,
        by=by,
        data=factories.offer_data(
            category=Category.objects.get(code="course_general"),
            cost="amount",
            cost_amount=Decimal("25.50"),
            hours_per_week=Decimal("12.5"),
            next_start=datetime.date(2027, 3, 1),
            target_groups=["newcomers", "women"],
        ),
        texts=factories.texts(
            ar={"title": "دورة الاندماج", "summary": "ملخص; مع فاصلة", "description": ""}
        ),
        locations=[factories.location(centre), factories.location(centre, street="Weg 2")],
        course=factories.course(starts_on=datetime.date(2027, 3, 1)),
    )
    return services.change_status(offer, by=by, to="published")


def _export(centre) -> bytes:  # type: ignore[no-untyped-def]
    offers = Offer.objects.filter(centre=centre).order_by("pk")
    return "".join(csvformat.write(csvformat.records(offers))).encode()


def test_the_file_is_utf8_with_bom_semicolons_and_the_documented_columns(kai, bielefeld):
    _published_course(bielefeld, kai)
    factories.published(bielefeld, kai)
    content = _export(bielefeld)
    assert content.startswith("\ufeff".encode())
    text = content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    header = rows[0]
    assert header[:5] == ["id", "category", "source_language", "provider_id", "provider_name"]
    assert "title_ar" in header and "title_tr" not in header  # only languages present
    assert "location_2_street" in header and "location_3_street" not in header
    assert header[-1] == "extra"
    assert len(rows) == 3
    course_row = dict(zip(header, rows[1], strict=True))
    assert course_row["target_groups"] == "newcomers;women"
    assert course_row["cost_amount"] == "25.50"
    assert course_row["course_childcare"] == "true"
    assert course_row["summary_ar"] == "ملخص; مع فاصلة"


def test_export_import_export_is_identical(kai, bielefeld, dortmund, carla):
    _published_course(bielefeld, kai)
    offer = factories.published(bielefeld, kai)
    Offer.objects.filter(pk=offer.pk).update(hsds_extra={"service": {"wait_time": "2 Wochen"}})
    first = _export(bielefeld)
    # Into an empty guide of the same KI: the ids are kept.
    Offer.objects.all().delete()
    result = importing.import_content(first, bielefeld, by=kai, publish=True)
    assert (result.added, result.failed) == (2, 0), result.errors
    assert _export(bielefeld) == first
    # A second import of the same file changes nothing.
    again = importing.import_content(first, bielefeld, by=kai, publish=True)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2)


def test_unknown_columns_are_kept_in_extra(kai, bielefeld):
    content = (
        "\ufeffcategory;title_de;Zielgruppe intern;location_1_street;location_1_postcode\r\n"
        "counselling;Beratung;Geflüchtete;Niederwall 23;33602\r\n"
    ).encode()
    rows = csvformat.read(content)
    record = rows[0].record
    assert record is not None
    assert record.extra == {"csv": {"Zielgruppe intern": "Geflüchtete"}}
    assert record.locations[0].municipality_key == ""  # found by the postcode on import
    result = importing.import_content(content, bielefeld, by=kai)
    assert result.added == 1, result.errors
    offer = Offer.objects.get()
    assert offer.hsds_extra == {"csv": {"Zielgruppe intern": "Geflüchtete"}}
    assert offer.locations.get().municipality.ags == "05711000"
    assert offer.status == "draft"


def test_bad_cells_are_errors_of_their_row_and_column() -> None:
    content = (
        b"id;category;title_de;next_start;cost_amount;location_1_lat;course_places;extra\r\n"
        b"kein-uuid;counselling;A;2027-13-01;12,50;x;-1;{nope\r\n"
        b";counselling;B;2027-01-01;12.50;;;\r\n"
    )
    rows = csvformat.read(content)
    assert rows[1].record is not None and not rows[1].errors
    assert rows[0].record is None
    assert {(e.row, e.field, e.code) for e in rows[0].errors} == {
        (1, "id", "invalid_id"),
        (1, "next_start", "invalid_date"),
        (1, "cost_amount", "invalid_number"),
        (1, "location_1_lat", "invalid_number"),
        (1, "course_places", "invalid_number"),
        (1, "extra", "invalid_json"),
    }


def test_bounds(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as e:
        csvformat.read(b"x" * (csvformat.MAX_BYTES + 1))
    assert e.value.code == "file_too_large"
    monkeypatch.setattr(csvformat, "MAX_ROWS", 3)
    lines = ["category;title_de", *["counselling;T"] * 4]
    with pytest.raises(ValidationError) as e:
        csvformat.read("\r\n".join(lines).encode())
    assert e.value.code == "too_many_rows"
    with pytest.raises(ValidationError) as e:
        csvformat.read(("category;" + ";".join(f"c{i}" for i in range(400)) + "\r\n").encode())
    assert e.value.code == "too_many_columns"
    with pytest.raises(ValidationError) as e:
        csvformat.read("Name;Ort\r\nMüller;Bielefeld\r\n".encode("latin-1"))
    assert e.value.code == "not_a_table"
    with pytest.raises(ValidationError) as e:
        csvformat.read(b"Name;Ort\r\nA;B\r\n")
    assert e.value.code == "no_headers"
