"""The partner organisations for controlling (figures.py): in the KI's network on the
period's last day — entered by then, active, not merged — per KI in one query, split by stage."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.network import figures
from teilhabe.network.models import Organisation

from . import factories

pytestmark = pytest.mark.django_db

H2 = (date(2026, 7, 1), date(2026, 12, 31))
H1 = (date(2026, 1, 1), date(2026, 6, 30))


def _entered(org: Organisation, day: date, hour: int, minute: int = 0) -> None:
    at = datetime(
        day.year, day.month, day.day, hour, minute, tzinfo=timezone.get_default_timezone()
    )
    Organisation.objects.filter(pk=org.pk).update(created_at=at)


@pytest.fixture
def kis(anna: User, carla: User, bielefeld: Centre, dortmund: Centre) -> dict[str, int]:
    # Bielefeld: one entered in 2025 (kita, school), one at 23:59 on 30 June (school), one at
    # midnight on 1 July (no stages), an inactive one, one merged into the first.
    first = factories.organisation(bielefeld, anna, name="Elternverein")
    _entered(first, date(2025, 3, 1), 9)
    june = factories.organisation(bielefeld, anna, name="Moschee", stages=["school"])
    _entered(june, date(2026, 6, 30), 23, 59)
    july = factories.organisation(bielefeld, anna, name="Sportverein", stages=[])
    _entered(july, date(2026, 7, 1), 0)
    gone = factories.organisation(bielefeld, anna, name="Altverein")
    Organisation.objects.filter(pk=gone.pk).update(is_active=False)
    _entered(gone, date(2025, 1, 1), 9)
    twin = factories.organisation(bielefeld, anna, name="Elternverein Zweit")
    Organisation.objects.filter(pk=twin.pk).update(merged_into=first)
    _entered(twin, date(2025, 1, 1), 9)
    dort = factories.organisation(dortmund, carla, name="Jugendzentrum", stages=["youth_work"])
    _entered(dort, date(2026, 12, 31), 23, 59)
    return {"b": bielefeld.pk, "d": dortmund.pk}


def test_partners_are_those_in_the_network_on_the_periods_last_day(kis: dict[str, int]) -> None:
    assert figures.partner_organisations(*H1) == {kis["b"]: 2}
    assert figures.partner_organisations(*H2) == {kis["b"]: 3, kis["d"]: 1}
    assert figures.partner_organisations(date(2025, 1, 1), date(2025, 6, 30)) == {kis["b"]: 1}
    assert figures.partner_organisations(*H2, centre_ids=[kis["d"]]) == {kis["d"]: 1}
    assert figures.partner_organisations(*H2, centre_ids=[]) == {}


def test_the_split_counts_each_stage_an_organisation_works_in(kis: dict[str, int]) -> None:
    assert figures.partner_organisations_by_stage(*H2) == {
        kis["b"]: {"kita": 1, "school": 2},
        kis["d"]: {"youth_work": 1},
    }


def test_the_figure_is_one_query_for_all_kis(kis: dict[str, int]) -> None:
    (figure,) = figures.FIGURES
    with CaptureQueriesContext(connection) as queries:
        figure.read(*H2, None)
        assert figure.read_by is not None
        figure.read_by(*H2, None)
    assert len(queries) == 2
