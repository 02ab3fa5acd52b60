"""Reading every figure of the measures for all 54 KIs and one half-year (what controlling's
state view will ask), over a realistic volume of records: per KI one measure of each record kind
with 30 parent groups, 600 sessions, 20 member schools with 40 projects, 1,000 interpreter
assignments and 300 counselling contacts (about 106,000 records in all).

The records are written with bulk_create straight into the tables (a benchmark's setup, not a
user's step: no audit events). Each figure is one grouped query whatever the number of KIs.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

BENCH_TITLE = "Bench figures"
GROUPS, SESSIONS_PER_GROUP, SCHOOLS, ASSIGNMENTS, CONTACTS = 30, 20, 20, 1_000, 300


def _seed() -> None:
    from teilhabe.accounts.models import User
    from teilhabe.centres.models import Centre
    from teilhabe.measures.models import (
        CounsellingContact,
        GroupSession,
        InterpreterAssignment,
        Measure,
        ParentGroup,
        ProgrammeType,
        SchoolMembership,
        SchoolProject,
    )
    from teilhabe.network.models import Organisation

    if Measure.objects.filter(title=BENCH_TITLE).exists():
        return
    anna = User.objects.get(username="anna")
    types = {t.code: t for t in ProgrammeType.objects.all()}
    start = date(2026, 1, 1)
    languages = ["ar", "tr", "uk", "ru", "fa", "ku", "pl", "ro"]
    for centre in Centre.objects.all():

        def measure(code: str, centre: Centre = centre) -> Measure:
            return Measure.objects.create(
                centre=centre,
                programme_type=types[code],
                title=BENCH_TITLE,
                starts_on=date(2025, 1, 1),
                status="running",
            )

        schools = Organisation.objects.bulk_create(
            Organisation(centre=centre, type="school", name=f"Bench-Schule {i} {centre.pk}")
            for i in range(SCHOOLS)
        )
        groups = ParentGroup.objects.bulk_create(
            ParentGroup(
                measure=measure("rucksack-kita"),
                site=f"Kita {i}",
                starts_on=start - timedelta(days=i * 5),
                families=8 + i % 5,
            )
            for i in range(GROUPS)
        )
        GroupSession.objects.bulk_create(
            GroupSession(group=g, held_on=start + timedelta(days=7 * k))
            for g in groups
            for k in range(SESSIONS_PER_GROUP)
        )
        sor = measure("schule-ohne-rassismus")
        members = SchoolMembership.objects.bulk_create(
            SchoolMembership(
                measure=sor,
                school=s,
                title_awarded_on=date(2023, 3, 1),
                signatures=400,
                school_members=500,
                patron="Bench",
            )
            for s in schools
        )
        SchoolProject.objects.bulk_create(
            SchoolProject(membership=m, held_on=date(2026, 3 + k, 10), title="Projekttag")
            for m in members
            for k in range(2)
        )
        pool = measure("dolmetscherpool")
        InterpreterAssignment.objects.bulk_create(
            InterpreterAssignment(
                measure=pool,
                held_on=start + timedelta(days=i % 360),
                language=languages[i % len(languages)],
                purpose="school",
                hours=Decimal("1.50"),
            )
            for i in range(ASSIGNMENTS)
        )
        counselling = measure("schulberatung")
        CounsellingContact.objects.bulk_create(
            CounsellingContact(
                measure=counselling,
                held_on=start + timedelta(days=i % 360),
                school=schools[i % SCHOOLS],
                topic="all_day",
                created_by=anna,
            )
            for i in range(CONTACTS)
        )


def run(measure):  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from teilhabe.core.registry import registry

    _seed()
    figures = [f for f in registry.figures() if f.code.startswith("measures.")]
    h1 = (date(2026, 1, 1), date(2026, 6, 30))

    def read_all() -> None:
        for figure in figures:
            figure.read(*h1, None)
            if figure.read_by is not None:
                figure.read_by(*h1, None)

    connection.queries_log.clear()  # the seeding's queries would overflow the log
    with CaptureQueriesContext(connection) as queries:
        read_all()
    results = [
        measure(
            f"measures: all {len(figures)} figures, 54 KIs, H1 ({len(queries)} q)",
            read_all,
            runs=10,
        )
    ]
    for figure in figures:
        results.append(measure(f"  {figure.code}", lambda f=figure: f.read(*h1, None), runs=10))
    return results
