"""The parent groups in the demo: KI Bielefeld and KI Dortmund each with eight parent
companions (invented names, the languages of the cities' families: Turkish, Arabic, Russian,
Ukrainian, Polish …), two groups for each of their Griffbereit and Rucksack measures at a Kita,
school or family centre of their network, and weekly sessions over the past months.

Through the services, as the KI's lead; idempotent: a KI that has companions keeps them, a
measure that has groups keeps them. The measures come from the measures' own demo (found by
KI and programme code); without them, the groups are skipped with a line saying so.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from teilhabe.centres.demo import lead_of
from teilhabe.centres.models import Centre
from teilhabe.network.models import Organisation, OrganisationType

from .models import Measure, MeasureStatus, ParentCompanion
from .services import groups as services

CITIES = {"05711": "Bielefeld", "05913": "Dortmund"}
# (name, languages, months since the qualification)
COMPANIONS: dict[str, list[tuple[str, list[str], int]]] = {
    "05711": [
        ("Ayşe Demir", ["tr", "de"], 40),
        ("Fatma Yıldız", ["tr", "ku"], 28),
        ("Rania Haddad", ["ar", "de"], 22),
        ("Olena Kovalenko", ["uk", "ru"], 14),
        ("Swetlana Becker", ["ru", "de"], 60),
        ("Agnieszka Nowak", ["pl", "de"], 33),
        ("Samira El Amrani", ["ar", "fr"], 9),
        ("Hülya Aksoy", ["tr"], 72),
    ],
    "05913": [
        ("Emine Kaya", ["tr", "de"], 50),
        ("Nour Al-Hassan", ["ar", "ku"], 18),
        ("Iryna Schewtschenko", ["uk", "ru"], 12),
        ("Katarzyna Wiśniewska", ["pl"], 26),
        ("Leyla Arslan", ["tr", "ar"], 36),
        ("Dragana Petrović", ["sr", "bs"], 44),
        ("Mariam Rahimi", ["fa", "ps"], 8),
        ("Natalia Popescu", ["ro", "de"], 20),
    ],
}
INSTITUTION_TYPES = {
    "griffbereit-mini": OrganisationType.KITA,
    "griffbereit": OrganisationType.KITA,
    "rucksack-kita": OrganisationType.KITA,
    "rucksack-schule": OrganisationType.SCHOOL,
}
TOPICS = {
    "griffbereit-mini": ["Singen und Reime", "Fingerspiele", "Schlafen und Essen", "Tragen"],
    "griffbereit": ["Spielen mit Alltagsdingen", "Bilderbücher", "Bewegung", "Sprechen am Tisch"],
    "rucksack-kita": ["Farben und Formen", "Mein Körper", "Jahreszeiten", "Einkaufen"],
    "rucksack-schule": ["Schulweg", "Hausaufgaben begleiten", "Lesen in zwei Sprachen", "Zahlen"],
}
SESSION_MONTHS = 5  # weekly sessions over the past five months


def _months_ago(today: date, months: int) -> date:
    return today - timedelta(days=round(months * 30.4))


def _companions(centre: Centre, today: date) -> tuple[list[ParentCompanion], str | None]:
    existing = list(ParentCompanion.objects.filter(centre=centre).order_by("pk"))
    if existing:
        return existing, None
    lead = lead_of(centre)
    made = [
        services.add_companion(
            centre,
            by=lead,
            data={
                "name": name,
                "languages": languages,
                "qualified_on": _months_ago(today, months),
                "is_active": True,
            },
            today=today,
        )
        for name, languages, months in COMPANIONS[centre.grantee.key]
    ]
    return made, f"Parent companions of {centre.name}: {len(made)}."


def _groups(measure: Measure, companions: list[ParentCompanion], today: date) -> int:
    lead = lead_of(measure.centre)
    code = measure.programme_type.code
    institutions = list(
        Organisation.objects.filter(
            centre=measure.centre,
            type=INSTITUTION_TYPES.get(code, OrganisationType.KITA),
            is_active=True,
            merged_into__isnull=True,
        ).order_by("name", "pk")[:2]
    )
    made = 0
    for n in range(2):
        institution = institutions[n] if n < len(institutions) else None
        pair = [companions[(measure.pk + n) % len(companions)]]
        pair.append(companions[(measure.pk + n + 3) % len(companions)])
        languages = sorted({lang for c in pair for lang in c.languages if lang != "de"})
        families = 8 + (measure.pk + n) % 5
        group = services.add_group(
            measure,
            by=lead,
            data={
                "site": f"{institution.name if institution else 'Familienzentrum'}, Gruppe {n + 1}",
                "institution": institution,
                "municipality": measure.centre.grantee.municipalities().order_by("pk").first(),
                "languages": languages,
                "starts_on": measure.starts_on,
                "ends_on": measure.ends_on,
                "families": families,
                "companions": [c.pk for c in pair],
            },
        )
        made += 1
        day = max(group.starts_on, _months_ago(today, SESSION_MONTHS)) + timedelta(days=n)
        last = min(today, group.ends_on) if group.ends_on else today
        topics = TOPICS.get(code, TOPICS["rucksack-kita"])
        week = 0
        while day <= last:
            services.add_session(
                group,
                by=lead,
                data={
                    "held_on": day,
                    "families_present": families - (week % 3),
                    "topic": topics[week % len(topics)],
                },
                today=today,
            )
            day += timedelta(days=7)
            week += 1
    return made


def seed_groups_demo() -> list[str]:
    today = timezone.localdate()
    lines: list[str] = []
    for key in CITIES:
        centre = Centre.objects.select_related("grantee").get(grantee__key=key)
        companions, line = _companions(centre, today)
        if line:
            lines.append(line)
        measures = list(
            Measure.objects.filter(centre=centre, programme_type__code__in=INSTITUTION_TYPES)
            .exclude(status=MeasureStatus.CANCELLED)
            .select_related("centre", "centre__grantee", "programme_type")
            .order_by("pk")
        )
        if not measures:
            lines.append(
                f"Parent groups of {centre.name}: skipped, no Griffbereit or Rucksack measure "
                "(the measures' demo makes them)."
            )
            continue
        made = sum(_groups(m, companions, today) for m in measures if not m.groups.exists())
        if made:
            lines.append(f"Parent groups of {centre.name}: {made} with their sessions.")
    return lines
