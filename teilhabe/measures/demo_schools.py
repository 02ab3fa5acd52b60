"""The member schools of "Schule ohne Rassismus – Schule mit Courage" in the demo: Bielefeld
and Dortmund each with five schools of their partner network (added to the network where the
network demo has too few), their yearly projects, one school whose project is overdue (Anna's
and Carla's start pages show it) and, in Dortmund, one school that left the network.

Through the services, as the KI's lead, with dates relative to today so the demo stays
current. Idempotent: a measure that has member schools is left alone. Skipped, with a line
saying so, where the measures demo has not made the KI's measure of this programme.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from teilhabe.centres.demo import lead_of
from teilhabe.centres.models import Centre
from teilhabe.network import services as network
from teilhabe.network.models import Organisation, OrganisationType
from teilhabe.territory.models import Municipality

from .models import Measure
from .services import schools

PROGRAMME = "schule-ohne-rassismus"
CITIES = {"05711": "Bielefeld", "05913": "Dortmund"}
# Schools the network demo may not have; added to the KI's network when fewer than five.
EXTRA_SCHOOLS = [
    "Gymnasium am Waldhof",
    "Hauptschule {city}-Süd",
    "Gesamtschule {city}-Mitte",
    "Realschule Nord",
    "Berufskolleg am Ring",
]
PATRONS = [
    "Aylin Demir, Schauspielerin",
    "Jonas Hartmann, Fußballprofi",
    "Dr. Miriam Okafor, Journalistin",
    "Tarek Haddad, Musiker",
    "Helga Brinkmann, Bürgermeisterin a. D.",
]
PROJECTS = [
    (
        "Projekttag gegen Antisemitismus",
        "Workshops mit einem Zeitzeugen und der Jugendbildungsstätte.",
    ),
    ("Ausstellung „Vielfalt in unserer Stadt“", "Schülerinnen und Schüler porträtieren Nachbarn."),
    ("Courage-Woche", "Planspiel zu Zivilcourage, Theaterstück der Theater-AG."),
    ("Fußballturnier „Rote Karte dem Rassismus“", "Mit dem Sportverein und der Fanhilfe."),
]
# (days since the title, days ago of each project, signatures, pupils and staff)
PLAN = [
    (4 * 365 + 40, [3 * 365 + 100, 2 * 365 + 120, 365 + 90, 60], 612, 780),
    (3 * 365, [2 * 365 + 10, 365 + 30, 120], 455, 590),
    (3 * 365 + 200, [2 * 365 + 300, 500], 938, 1210),  # overdue: no project for 500 days
    (2 * 365 - 30, [365 + 10, 200], 301, 420),
    (150, [], 1480, 2050),
]


def _schools(centre: Centre, city: str) -> list[Organisation]:
    found = list(
        Organisation.objects.of_centre(centre.pk)
        .filter(type=OrganisationType.SCHOOL, is_active=True, merged_into__isnull=True)
        .order_by("pk")
    )
    lead = lead_of(centre)
    municipality = Municipality.objects.filter(ags=f"{centre.grantee.key}000").first()
    names = {o.name for o in found}
    for name in EXTRA_SCHOOLS:
        if len(found) >= len(PLAN):
            break
        if name.format(city=city) in names:
            continue
        found.append(
            network.add_organisation(
                centre,
                by=lead,
                data={
                    "type": OrganisationType.SCHOOL,
                    "name": name.format(city=city),
                    "municipality": municipality,
                    "stages": ["school"],
                },
            )
        )
    return found[: len(PLAN)]


def _seed(measure: Measure, city: str, today: date) -> str:
    centre = measure.centre
    lead = lead_of(centre)
    members = []
    for index, (school, (since, projects, signed, people)) in enumerate(
        zip(_schools(centre, city), PLAN, strict=False)
    ):
        membership = schools.add_school(
            measure,
            by=lead,
            data={
                "school": school,
                "title_awarded_on": today - timedelta(days=since),
                "signatures": signed,
                "school_members": people,
                "patron": PATRONS[index % len(PATRONS)],
            },
            today=today,
        )
        for n, days_ago in enumerate(projects):
            title, description = PROJECTS[(index + n) % len(PROJECTS)]
            schools.add_project(
                membership,
                by=lead,
                data={
                    "held_on": today - timedelta(days=days_ago),
                    "title": title,
                    "description": description,
                },
                today=today,
            )
        members.append(membership)
    if city == "Dortmund" and members:
        last = members[-1]
        schools.record_school_left(
            last, by=lead, left_on=today - timedelta(days=10), expected_version=last.lock_version
        )
    return f"Schule ohne Rassismus in {centre.name}: {len(members)} member schools."


def seed_school_demo() -> list[str]:
    today = timezone.localdate()
    lines = []
    for key, city in CITIES.items():
        centre = Centre.objects.select_related("grantee").filter(grantee__key=key).first()
        measure = (
            Measure.objects.filter(centre=centre, programme_type__code=PROGRAMME)
            .select_related("centre", "centre__grantee", "programme_type")
            .order_by("pk")
            .first()
            if centre is not None
            else None
        )
        if measure is None:
            lines.append(
                f"Schule ohne Rassismus in {city}: no measure of the programme (the measures "
                "demo is not there), skipped."
            )
            continue
        if measure.schools.exists():
            continue
        lines.append(_seed(measure, city, today))
    return lines
