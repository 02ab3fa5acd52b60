"""The figures counted from the records (figures.py): what falls into a period, per KI, with one
query per figure whatever the number of KIs, and registered for controlling."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.core.registry import registry
from teilhabe.measures import figures
from teilhabe.measures.models import (
    CounsellingContact,
    GroupSession,
    InterpreterAssignment,
    ParentCompanion,
    ParentGroup,
    SchoolMembership,
    SchoolProject,
)
from teilhabe.network.tests import factories as network

from .factories import bare_measure

pytestmark = pytest.mark.django_db

H1 = (date(2026, 1, 1), date(2026, 6, 30))
H2 = (date(2026, 7, 1), date(2026, 12, 31))


@pytest.fixture
def records(bielefeld: Centre, dortmund: Centre, anna: User, carla: User) -> dict[str, object]:
    school = network.organisation(bielefeld, anna, type="school", name="Grundschule Sieker")
    other_school = network.organisation(
        bielefeld, anna, type="school", name="Realschule Jöllenbeck"
    )
    kita = network.organisation(bielefeld, anna, type="kita", name="Kita Sonnenblume")

    rucksack = bare_measure(bielefeld, "rucksack-kita", starts_on=date(2025, 9, 1))
    ada = ParentCompanion.objects.create(centre=bielefeld, name="Ada Yılmaz", languages=["tr"])
    bea = ParentCompanion.objects.create(centre=bielefeld, name="Bea Nowak", languages=["pl"])
    # Group 1 runs through both half-years, group 2 only in the second.
    g1 = ParentGroup.objects.create(
        measure=rucksack,
        site="Kita Sonnenblume",
        institution=kita,
        starts_on=date(2025, 9, 1),
        ends_on=date(2026, 7, 15),
        families=9,
        languages=["tr"],
    )
    g1.companions.add(ada, bea)
    g2 = ParentGroup.objects.create(
        measure=rucksack,
        site="Familienzentrum Mitte",
        starts_on=date(2026, 9, 1),
        families=6,
    )
    g2.companions.add(ada)
    for day in (date(2026, 2, 3), date(2026, 2, 10), date(2026, 9, 8)):
        GroupSession.objects.create(group=g1 if day.month < 7 else g2, held_on=day)

    sor = bare_measure(bielefeld, "schule-ohne-rassismus")
    m1 = SchoolMembership.objects.create(
        measure=sor,
        school=school,
        title_awarded_on=date(2024, 5, 1),
        signatures=400,
        school_members=500,
        patron="Bürgermeisterin",
    )
    SchoolMembership.objects.create(
        measure=sor,
        school=other_school,
        title_awarded_on=date(2026, 3, 1),
        signatures=350,
        school_members=480,
        patron="Fußballverein",
        left_on=date(2026, 10, 1),
    )
    SchoolProject.objects.create(membership=m1, held_on=date(2026, 4, 20), title="Projekttag")

    pool = bare_measure(bielefeld, "dolmetscherpool")
    for day, language, hours in (
        (date(2026, 1, 12), "ar", "1.50"),
        (date(2026, 3, 2), "ar", "2.00"),
        (date(2026, 5, 5), "uk", "0.75"),
        (date(2026, 8, 1), "tr", "3.00"),
    ):
        InterpreterAssignment.objects.create(
            measure=pool, held_on=day, language=language, purpose="school", hours=Decimal(hours)
        )
    counselling = bare_measure(bielefeld, "schulberatung")
    for day, where, topic in (
        (date(2026, 2, 1), school, "all_day"),
        (date(2026, 3, 1), school, "heritage_language"),
        (date(2026, 4, 1), other_school, "all_day"),
    ):
        CounsellingContact.objects.create(
            measure=counselling, held_on=day, school=where, topic=topic, created_by=anna
        )
    # A cancelled measure counts for nothing; Dortmund's records stay Dortmund's.
    cancelled = bare_measure(bielefeld, "dolmetscherpool", status="cancelled")
    InterpreterAssignment.objects.create(
        measure=cancelled, held_on=date(2026, 2, 2), language="ar", purpose="school", hours=1
    )
    dortmund_pool = bare_measure(dortmund, "dolmetscherpool")
    InterpreterAssignment.objects.create(
        measure=dortmund_pool, held_on=date(2026, 2, 2), language="ru", purpose="kita", hours=2
    )
    return {"bielefeld": bielefeld.pk, "dortmund": dortmund.pk, "rucksack": rucksack}


def test_each_figure_counts_its_records_per_ki_and_half_year(records: dict[str, object]) -> None:
    b, d = records["bielefeld"], records["dortmund"]
    assert figures.parent_groups(*H1) == {b: 1}
    assert figures.parent_groups(*H2) == {b: 2}
    assert figures.families(*H1) == {b: 9}
    assert figures.families(*H2) == {b: 15}
    assert figures.group_sessions(*H1) == {b: 2}
    assert figures.group_sessions(*H2) == {b: 1}
    assert figures.parent_companions(*H2) == {b: 2}
    # Member on the period's last day: the second school joined in March and left in October.
    assert figures.member_schools(*H1) == {b: 2}
    assert figures.member_schools(*H2) == {b: 1}
    assert figures.school_projects(*H1) == {b: 1}
    assert figures.school_projects(*H2) == {}
    assert figures.interpreter_assignments(*H1) == {b: 3, d: 1}
    assert figures.interpreter_assignments_by_language(*H1) == {b: {"ar": 2, "uk": 1}, d: {"ru": 1}}
    assert figures.interpreter_hours(*H1) == {b: Decimal("4.25"), d: Decimal("2.00")}
    assert figures.interpreter_hours_by_language(*H2) == {b: {"tr": Decimal("3.00")}}
    assert figures.counselling_contacts(*H1) == {b: 3}
    assert figures.counselling_contacts_by_topic(*H1) == {b: {"all_day": 2, "heritage_language": 1}}
    assert figures.counselled_schools(*H1) == {b: 2}
    assert figures.measures_running(*H1) == {b: 4, d: 1}


def test_a_figure_reads_the_given_kis_only(records: dict[str, object]) -> None:
    assert figures.interpreter_assignments(*H1, centre_ids=[records["dortmund"]]) == {
        records["dortmund"]: 1
    }
    assert figures.interpreter_assignments(*H1, centre_ids=[]) == {}


def test_every_figure_is_one_query_for_all_kis(records: dict[str, object]) -> None:
    for figure in registry.figures():
        if not figure.code.startswith("measures."):
            continue
        with CaptureQueriesContext(connection) as queries:
            figure.read(*H1, None)
            if figure.read_by is not None:
                figure.read_by(*H1, None)
        assert len(queries) == (2 if figure.read_by else 1), figure.code


def test_every_figure_is_registered_with_a_label_and_unit() -> None:
    codes = {f.code for f in registry.figures()}
    assert {f.code for f in figures.FIGURES} <= codes
    for figure in figures.FIGURES:
        assert str(figure.label) and str(figure.unit)
        if figure.read_by is not None:
            assert figure.categories is not None and figure.by_label


def test_a_target_counts_the_measure_alone_to_today(records: dict[str, object]) -> None:
    rucksack = records["rucksack"]
    assert figures.for_measure("measures.families", rucksack, today=date(2026, 3, 1)) == 9
    assert figures.for_measure("measures.families", rucksack, today=date(2026, 12, 1)) == 15
    assert figures.for_measure("measures.group_sessions", rucksack, today=date(2026, 12, 1)) == 3
    assert figures.for_measure("measures.group_sessions", rucksack, today=date(2025, 1, 1)) == 0
    assert set(figures.TARGET_FIGURES) <= set(figures.BY_CODE)


def test_a_split_figure_per_measure_adds_up_to_the_kis(records: dict[str, object]) -> None:
    """`for_measures_by` (the records' panels) counts what the KI's split figure counts."""
    b = records["bielefeld"]
    pool = (
        InterpreterAssignment.objects.filter(measure__centre_id=b)
        .exclude(measure__status="cancelled")[0]
        .measure
    )
    by = figures.for_measures_by("measures.interpreter_assignments", [pool.pk], *H1)
    assert by == {pool.pk: figures.interpreter_assignments_by_language(*H1)[b]}
    hours = figures.for_measures_by("measures.interpreter_hours", [pool.pk], *H1)
    assert hours == {pool.pk: {"ar": Decimal("3.50"), "uk": Decimal("0.75")}}
    topics = CounsellingContact.objects.filter(measure__centre_id=b)[0].measure
    assert figures.for_measures_by("measures.counselling_contacts", [topics.pk], *H1) == {
        topics.pk: figures.counselling_contacts_by_topic(*H1)[b]
    }
    assert figures.measure_period(pool, today=date(2025, 12, 31)) is None
    assert figures.measure_period(pool, today=date(2026, 3, 1)) == (
        date(2026, 1, 1),
        date(2026, 3, 1),
    )
