"""The measures in the demo: KI Bielefeld and KI Dortmund each run one measure of **every**
programme type of the catalogue — exactly one per (KI, programme code) — with German titles,
goals, periods (completed ones in the past, running ones, planned ones), partners from their
network demo, budgets and targets (those a programme's records count name their figure).

The other parts of the measures find these measures by centre and programme code
(`Measure.objects.get(centre=…, programme_type__code=…)`) and add their records (parent groups,
member schools, interpreter assignments, counselling contacts) in their own demo modules; the
measures of record-keeping programmes therefore run from over a year ago until past next year.

Through the services, as the KI's lead; idempotent: a (KI, programme) that has a measure is
left alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from teilhabe.centres.demo import lead_of
from teilhabe.centres.models import Centre
from teilhabe.network.models import Organisation

from .models import Measure, ProgrammeType
from .services import measures as services

CITIES = {"05711": "Bielefeld", "05913": "Dortmund"}
QUARTERS = {"Bielefeld": "Sieker", "Dortmund": "Nordstadt"}
PAST, RUNNING, PLANNED = "past", "running", "planned"


@dataclass(frozen=True)
class Spec:
    title: str  # {city} is the KI's city
    goals: str
    when: str  # PAST, RUNNING or PLANNED
    partners: tuple[str, ...]
    budget: str
    funding: str = "ki_grant"
    places: str = ""
    # (label, target value, figure code or "", typed actual or None)
    targets: tuple[tuple[str, int, str, int | None], ...] = field(default=())


SPECS: dict[str, Spec] = {
    "griffbereit-mini": Spec(
        "griffbereitMINI in den Familienzentren {city}",
        "Familien mit Babys im ersten Lebensjahr kommen wöchentlich zusammen; die "
        "Familiensprache wird gestärkt, Eltern lernen Angebote der Frühen Hilfen kennen.",
        RUNNING,
        ("Familienzentrum Regenbogen", "Jugendamt der Stadt {city}", "DRK-Kreisverband {city}"),
        "3600.00",
        places="Familienzentrum Regenbogen",
        targets=(
            ("Elterngruppen", 3, "measures.parent_groups", None),
            ("Teilnehmende Familien", 30, "measures.families", None),
        ),
    ),
    "griffbereit": Spec(
        "Griffbereit – Eltern-Kind-Gruppen {city}",
        "Eltern mit Kindern von 1 bis 3 Jahren erleben spielerische Sprachbildung in der "
        "Familiensprache und auf Deutsch und finden den Weg in die Kita.",
        RUNNING,
        ("Familienzentrum Regenbogen", "Kita Sonnenblume", "Stadtbibliothek {city}"),
        "5200.00",
        places="Familienzentrum Regenbogen, Stadtbibliothek",
        targets=(
            ("Elterngruppen", 4, "measures.parent_groups", None),
            ("Gruppentreffen", 120, "measures.group_sessions", None),
        ),
    ),
    "rucksack-kita": Spec(
        "Rucksack KiTa in {city}",
        "Eltern stärken die Familiensprache ihrer Kinder; Kita und Familien arbeiten eng "
        "zusammen, die Elternbegleiterinnen sind Brücke zwischen beiden.",
        RUNNING,
        ("Kita Sonnenblume", "Kita Kleine Strolche", "Caritasverband {city} e. V."),
        "7400.00",
        places="Kita Sonnenblume, Kita Kleine Strolche",
        targets=(
            ("Elterngruppen", 5, "measures.parent_groups", None),
            ("Teilnehmende Familien", 50, "measures.families", None),
            ("Fortbildung der Erzieherinnen (Teilnehmende)", 20, "", 14),
        ),
    ),
    "rucksack-schule": Spec(
        "Rucksack Schule an Grundschulen in {city}",
        "Elternbildung parallel zum Unterricht: Eltern begleiten das Lernen ihrer Kinder in "
        "Familiensprache und Deutsch, Lehrkräfte und Eltern stimmen sich ab.",
        RUNNING,
        ("Grundschule am Stadtpark", "Interkultureller Elternverein {city} e. V."),
        "4800.00",
        places="Grundschule am Stadtpark",
        targets=(("Gruppentreffen", 60, "measures.group_sessions", None),),
    ),
    "schule-ohne-rassismus": Spec(
        "Regionalkoordination Schule ohne Rassismus – Schule mit Courage {city}",
        "Schulen auf dem Weg zum Titel begleiten, Patinnen und Paten gewinnen, jedes Jahr ein "
        "Projekt gegen Diskriminierung an jeder Mitgliedsschule.",
        RUNNING,
        (
            "Gesamtschule {city}-Mitte",
            "Realschule Nord",
            "Berufskolleg am Ring",
            "Schulamt für die Stadt {city}",
        ),
        "2500.00",
        funding="state_programme",
        targets=(
            ("Mitgliedsschulen", 8, "measures.member_schools", None),
            ("Projekte der Mitgliedsschulen", 8, "measures.school_projects", None),
        ),
    ),
    "quadratkilometer-bildung": Spec(
        "Ein Quadratkilometer Bildung in {quarter}",
        "Kita, Grundschule, Jugendarbeit und Eltern im Stadtteil vernetzen, Übergänge entlang "
        "der Bildungskette gemeinsam gestalten.",
        RUNNING,
        (
            "Kita Sonnenblume",
            "Grundschule am Stadtpark",
            "Jugendzentrum Freiraum",
            "Bildungsbüro {city}",
            "Stiftung Bildungschancen",
        ),
        "12000.00",
        funding="foundation",
        places="{quarter}",
        targets=(("Treffen der Stadtteilwerkstatt", 6, "", 4),),
    ),
    "dolmetscherpool": Spec(
        "Dolmetscherpool {city}",
        "Qualifizierte Sprachmittlerinnen und Sprachmittler für Elterngespräche in Kita und "
        "Schule und für Beratungstermine vermitteln.",
        RUNNING,
        ("Amt für Schule der Stadt {city}", "Jugendamt der Stadt {city}", "Volkshochschule {city}"),
        "15000.00",
        funding="municipal",
        targets=(
            ("Einsätze im Jahr", 300, "measures.interpreter_assignments", None),
            ("Einsatzstunden", 450, "measures.interpreter_hours", None),
        ),
    ),
    "komm-an": Spec(
        "KOMM-AN NRW: Ankommenstreffpunkte {city}",
        "Ehrenamtliche in der Flüchtlingshilfe koordinieren und qualifizieren, "
        "Ankommenstreffpunkte in den Stadtteilen unterstützen.",
        RUNNING,
        ("Flüchtlingshilfe {city} e. V.", "Netzwerk Ehrenamt in der Flüchtlingsarbeit"),
        "18000.00",
        funding="state_programme",
        targets=(("Ankommenstreffpunkte", 5, "", 4), ("Qualifizierte Ehrenamtliche", 40, "", 31)),
    ),
    "schulberatung": Spec(
        "Schulberatung zu Ganztag, HSU und Integrationsstellen",
        "Schulen zum Ganztagsangebot, zum herkunftssprachlichen Unterricht und zur Verwendung "
        "der Integrationsstellen beraten.",
        RUNNING,
        ("Schulamt für die Stadt {city}", "Amt für Schule der Stadt {city}"),
        "0.00",
        funding="none",
        targets=(
            ("Beratungskontakte", 80, "measures.counselling_contacts", None),
            ("Beratene Schulen", 25, "measures.counselled_schools", None),
        ),
    ),
    "interkulturelle-oeffnung": Spec(
        "Interkulturelle Öffnung der Stadtverwaltung {city}",
        "Fortbildungsreihe für Beschäftigte mit Publikumsverkehr; mehrsprachige "
        "Informationen in den Bürgerbüros.",
        PAST,
        ("Integrationsbeauftragte der Stadt {city}", "Kommunales Integrationsmanagement {city}"),
        "6000.00",
        targets=(("Fortgebildete Beschäftigte", 60, "", 72),),
    ),
    "elternbeteiligung": Spec(
        "Elternbeteiligung: Elterncafés an Kitas und Schulen",
        "Eltern mit Einwanderungsgeschichte für die Mitwirkung in Kita-Rat und "
        "Schulpflegschaft gewinnen.",
        PLANNED,
        ("Interkultureller Elternverein {city} e. V.", "Familienzentrum Regenbogen"),
        "2400.00",
        targets=(("Elterncafés", 10, "", None),),
    ),
    "kultureinrichtungen": Spec(
        "Kulturrucksack interkulturell: Museen und Bibliothek öffnen sich",
        "Mit Stadtbibliothek und Kultureinrichtungen mehrsprachige Angebote für Jugendliche "
        "entwickeln.",
        PAST,
        ("Stadtbibliothek {city}", "Jugendzentrum Freiraum"),
        "3000.00",
        funding="mixed",
        targets=(("Veranstaltungen", 12, "", 12),),
    ),
    "unternehmerschaft": Spec(
        "Netzwerk Unternehmerinnen und Unternehmer mit Einwanderungsgeschichte",
        "Betriebe von Inhaberinnen und Inhabern mit Einwanderungsgeschichte für Ausbildung "
        "gewinnen; Ausbildungsbörse mit Kammern und Jobcenter.",
        PLANNED,
        ("Handwerkskammer, Beratungsstelle Anerkennung", "Jobcenter {city}"),
        "1500.00",
        targets=(("Neue Ausbildungsbetriebe", 10, "", None),),
    ),
    "aeltere-zugewanderte": Spec(
        "Ältere Zugewanderte: kultursensible Altenhilfe",
        "Seniorinnen und Senioren mit Einwanderungsgeschichte über Pflege und Altenhilfe "
        "informieren, Träger interkulturell öffnen.",
        RUNNING,
        ("Arbeiterwohlfahrt Kreisverband {city}", "Diakonie für {city}"),
        "2000.00",
        targets=(("Informationsveranstaltungen", 8, "", 3),),
    ),
    "sonstige": Spec(
        "Aktionswoche „Vielfalt leben“",
        "Eine Woche mit Angeboten von Vereinen und Initiativen zum Internationalen Tag gegen "
        "Rassismus.",
        PLANNED,
        ("Integrationsrat der Stadt {city}", "Ukrainischer Kulturverein {city}"),
        "1800.00",
        funding="municipal",
    ),
}
# A programme the coordination office adds later (not in SPECS) still gets a measure.
FALLBACK = Spec(
    "{programme} in {city}",
    "Maßnahme des Programms {programme}.",
    PLANNED,
    (),
    "0.00",
    funding="none",
)


def _period(when: str, today: date) -> tuple[date, date | None]:
    year = today.year
    if when == PAST:
        return date(year - 2, 3, 1), date(year - 1, 6, 30)
    if when == RUNNING:
        return date(year - 1, 8, 1), date(year + 1, 7, 31)
    return today + timedelta(days=60), date(year + 1, 12, 31)


def _partners(centre: Centre, names: tuple[str, ...], city: str) -> list[Organisation]:
    wanted = [n.format(city=city) for n in names]
    return list(
        Organisation.objects.filter(
            centre=centre, name__in=wanted, is_active=True, merged_into__isnull=True
        )
    )


def _seed(centre: Centre, city: str, programme: ProgrammeType, today: date) -> Measure:
    spec = SPECS.get(programme.code, FALLBACK)
    lead = lead_of(centre)
    starts_on, ends_on = _period(spec.when, today)
    words = {"city": city, "programme": str(programme.name), "quarter": QUARTERS.get(city, city)}
    measure = services.add_measure(
        centre,
        by=lead,
        data={
            "programme_type": programme,
            "title": spec.title.format(**words),
            "goals": spec.goals.format(**words),
            "starts_on": starts_on,
            "ends_on": ends_on,
            "location_notes": spec.places.format(**words),
            "budget": Decimal(spec.budget),
            "funding_source": spec.funding,
            "partners": _partners(centre, spec.partners, city),
            "municipalities": list(centre.grantee.municipalities()[:1]),
        },
    )
    for label, target, figure, actual in spec.targets:
        if figure and figure not in services.figures_for(measure):
            figure = ""
        services.add_target(
            measure,
            by=lead,
            data={"label": label, "target": target, "figure": figure, "actual": actual},
        )
    if spec.when in (PAST, RUNNING):
        services.change_measure_status(measure, by=lead, step="start")
    if spec.when == PAST:
        services.change_measure_status(measure, by=lead, step="complete")
    return measure


def _seed_centre(centre: Centre, city: str) -> Iterator[Measure]:
    today = timezone.localdate()
    have = set(Measure.objects.filter(centre=centre).values_list("programme_type__code", flat=True))
    for programme in ProgrammeType.objects.filter(is_active=True).order_by("order", "pk"):
        if programme.code not in have:
            yield _seed(centre, city, programme, today)


def seed_measures_demo() -> list[str]:
    lines = []
    for key, city in CITIES.items():
        centre = Centre.objects.select_related("grantee").filter(grantee__key=key).first()
        if centre is None:
            continue
        added = list(_seed_centre(centre, city))
        if added:
            lines.append(f"Measures of {centre.name}: {len(added)} added.")
    return lines
