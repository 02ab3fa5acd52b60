"""The state table as CSV and XLSX: the KIs the filters choose, one column per indicator with
its decimal places, the state median as the last row; audited; 404 for who may not see it."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.core.models import AuditEvent
from teilhabe.core.tests.export_files import csv_table, de, xlsx_table

from . import factories

pytestmark = pytest.mark.django_db
POSITIONS = "Besetzte geförderte Stellen (VZÄ im Monatsmittel) (VZÄ)"


def _url(fmt: str) -> str:
    return reverse("controlling:state_export", args=[fmt])


def _fill(bielefeld: Centre, dortmund: Centre) -> int:
    period = factories.half_year(2024, 1)
    factories.report(bielefeld, period, {"events": 3, "positions-filled": "7.25"})
    factories.report(
        dortmund,
        period,
        {"events": 4, "positions-filled": "9.5"},
        submitted_on=period.deadline + timedelta(days=3),
    )
    return period.pk


def test_the_csv_holds_the_table_with_the_median_last(
    bernd: User, bielefeld: Centre, dortmund: Centre, verified_client, seeded: None
) -> None:
    period = _fill(bielefeld, dortmund)
    rows = csv_table(verified_client(bernd).get(_url("csv"), {"period": period, "region": "057"}))
    assert [r[de("KI")] for r in rows] == [
        *sorted(
            c.grantee.name
            for c in Centre.objects.filter(
                grantee__district__regierungsbezirk__key="057"
            ).select_related("grantee")
        ),
        de("State median"),
    ]
    own = next(r for r in rows if r[de("Key")] == "05711")
    assert own["Veranstaltungen (Veranstaltungen)"] == "3,0"  # the column has the median's place
    assert own[POSITIONS] == "7,250"
    assert own[de("By the deadline")] == de("yes") and own[de("Complete")] == de("no")
    assert own[de("First submitted on")] == factories.half_year(2024, 1).deadline.strftime(
        "%d.%m.%Y"
    )
    median = rows[-1]
    # the state median is of Bielefeld and Dortmund (Dortmund is in Arnsberg): 3.5 events
    assert median["Veranstaltungen (Veranstaltungen)"] == "3,5"
    assert median[POSITIONS] == "8,375"  # the mean of two middles: one place more
    event = AuditEvent.objects.filter(action="list.exported").latest("pk")
    assert event.actor == bernd and "region=057" in event.object_label


def test_the_xlsx_has_numbers(
    eva: User, bielefeld: Centre, dortmund: Centre, verified_client, seeded: None
) -> None:
    period = _fill(bielefeld, dortmund)
    rows = xlsx_table(verified_client(eva).get(_url("xlsx"), {"period": period}))
    assert len(rows) == 55  # 54 KIs and the median
    own = next(r for r in rows if r[de("Key")] == "05913")
    assert own["Veranstaltungen (Veranstaltungen)"] == 4
    assert Decimal(str(own[POSITIONS])) == Decimal("9.5")
    assert own[de("By the deadline")] == de("no")


def test_who_may_not_see_the_state_view_gets_no_file(
    anna: User, sven: User, verified_client, seeded: None
) -> None:
    for who in (anna, sven):
        assert verified_client(who).get(_url("csv")).status_code == 404
