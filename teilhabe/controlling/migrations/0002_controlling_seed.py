"""The reporting periods 2024–2026 and the indicator catalogue as the coordination office
starts it (`../shared/domain.md`, "Controlling, proof of use, evaluation, quality": no official
list was found, this is the starting set [assumption]).

Periods: each half-year and each year, due three months after its end [assumption,
docs/controlling.md]. Indicators: one version each, valid from the first half-year 2024;
computed from a registered figure (`measures.*`) where one exists, else entered by the KI (the
newcomers app and the events' figures come later and will make new versions). A data migration
cannot read the registry: the figure codes are text, and `tests/test_seed.py` checks that each
names a registered figure. Loaded by code, never overwriting what the office changed since."""

from datetime import date

from django.db import migrations

H1, H2, YEAR = "h1", "h2", "year"
EARLY, KITA, SCHOOL, YOUTH, TRANSITION = "early_years", "kita", "school", "youth_work", "transition"


def _bounds(year, part):
    if part == H1:
        return date(year, 1, 1), date(year, 6, 30), date(year, 9, 30)
    if part == H2:
        return date(year, 7, 1), date(year, 12, 31), date(year + 1, 3, 31)
    return date(year, 1, 1), date(year, 12, 31), date(year + 1, 3, 31)


PERIODS = [(year, part) for year in (2024, 2025, 2026) for part in (H1, H2, YEAR)]

# code, German name, English name, German unit, English unit, definition (German), stages,
# split by, source figure ("" = entered by the KI), higher is better, (min, max), relations,
# decimal places
CATALOGUE = [
    ("newcomers-counselled", "Neu zugewanderte Schülerinnen und Schüler beraten",
     "Newly arrived pupils counselled", "Schüler/innen", "pupils",
     "Neu zugewanderte Kinder und Jugendliche (Seiteneinsteiger, BASS 13-63 Nr. 3), die im "
     "Zeitraum in der Erstberatung des KI waren.",
     [SCHOOL], ["sex", "age_group", "language"], "", True, (0, None), [], 0),
    ("newcomers-placed", "Neu zugewanderte Schülerinnen und Schüler einer Schule zugewiesen",
     "Newly arrived pupils placed at a school", "Schüler/innen", "pupils",
     "Im Zeitraum beratene Schülerinnen und Schüler, denen die Schulaufsicht einen Schulplatz "
     "zugewiesen hat.",
     [SCHOOL], ["sex", "age_group"], "", True, (0, None),
     [{"operator": "le", "indicator": "newcomers-counselled"}], 0),
    ("newcomers-days-to-placement", "Tage von der Beratung bis zur Zuweisung (Median)",
     "Days from counselling to placement (median)", "Tage", "days",
     "Median der Kalendertage zwischen Erstberatung und Zuweisung eines Schulplatzes der im "
     "Zeitraum zugewiesenen Schülerinnen und Schüler (üblich: etwa zwei Wochen).",
     [SCHOOL], [], "", False, (0, 365), [], 0),
    ("parent-groups", "Griffbereit- und Rucksack-Gruppen", "Griffbereit and Rucksack groups",
     "Gruppen", "groups", "Elterngruppen, die an mindestens einem Tag des Zeitraums liefen.",
     [EARLY, KITA, SCHOOL], [], "measures.parent_groups", True, (0, None), [], 0),
    ("parent-group-families", "Familien in Griffbereit- und Rucksack-Gruppen",
     "Families in Griffbereit and Rucksack groups", "Familien", "families",
     "Familien, die an den im Zeitraum laufenden Elterngruppen teilnehmen.",
     [EARLY, KITA, SCHOOL], [], "measures.families", True, (0, None), [], 0),
    ("parent-group-sessions", "Treffen der Elterngruppen", "Parent-group sessions",
     "Treffen", "sessions", "Im Zeitraum durchgeführte Treffen der Elterngruppen.",
     [EARLY, KITA, SCHOOL], [], "measures.group_sessions", True, (0, None), [], 0),
    ("trainings-held", "Fortbildungen durchgeführt", "Trainings held", "Fortbildungen",
     "trainings", "Fortbildungen für Lehrkräfte, Fachkräfte und Ehrenamtliche, die das KI im "
     "Zeitraum durchgeführt hat.",
     [], ["stage"], "", True, (0, None), [], 0),
    ("training-participants", "Teilnehmende an Fortbildungen", "Training participants",
     "Personen", "people", "Teilnehmende an den im Zeitraum durchgeführten Fortbildungen.",
     [], ["stage"], "", True, (0, None), [{"operator": "ge", "indicator": "trainings-held"}], 0),
    ("sor-schools", "Schulen im Netzwerk Schule ohne Rassismus – Schule mit Courage",
     "Schools in the network Schule ohne Rassismus – Schule mit Courage", "Schulen", "schools",
     "Schulen, die am letzten Tag des Zeitraums Mitglied des Netzwerks sind.",
     [SCHOOL], [], "measures.member_schools", True, (0, None), [], 0),
    ("interpreter-assignments", "Einsätze des Dolmetscherpools",
     "Interpreter-pool assignments", "Einsätze", "assignments",
     "Im Zeitraum durchgeführte Einsätze von Sprachmittlerinnen und Sprachmittlern, nach "
     "Sprache.",
     [], ["language"], "measures.interpreter_assignments", True, (0, None), [], 0),
    ("school-counselling-contacts", "Beratungskontakte mit Schulen",
     "School counselling contacts", "Kontakte", "contacts",
     "Beratungen von Schulen (Ganztag, herkunftssprachlicher Unterricht, Integrationsstellen) "
     "im Zeitraum, nach Thema.",
     [SCHOOL], ["topic"], "measures.counselling_contacts", True, (0, None), [], 0),
    ("volunteers-reached", "Erreichte Ehrenamtliche", "Volunteers reached", "Personen",
     "people", "Ehrenamtliche, die im Zeitraum durch Angebote des KI (z. B. KOMM-AN NRW) "
     "erreicht wurden.",
     [], ["sex", "age_group"], "", True, (0, None), [], 0),
    ("partner-organisations", "Partnerorganisationen", "Partner organisations",
     "Organisationen", "organisations",
     "Organisationen, mit denen das KI im Zeitraum zusammengearbeitet hat.",
     [], ["stage"], "", True, (0, None), [], 0),
    ("events", "Veranstaltungen", "Events", "Veranstaltungen", "events",
     "Veranstaltungen und Fachtage, die das KI im Zeitraum durchgeführt hat.",
     [], ["topic"], "", True, (0, None), [], 0),
    ("positions-filled", "Besetzte geförderte Stellen (VZÄ im Monatsmittel)",
     "Funded positions filled (FTE, monthly average)", "VZÄ", "FTE",
     "Mittel der mit der Landesförderung finanzierten Vollzeitäquivalente, die in den Monaten "
     "des Zeitraums besetzt waren.",
     [], [], "", True, (0, None), [], 2),
]  # fmt: skip


def load(apps, schema_editor):
    ReportingPeriod = apps.get_model("controlling", "ReportingPeriod")
    Indicator = apps.get_model("controlling", "Indicator")
    IndicatorVersion = apps.get_model("controlling", "IndicatorVersion")
    for year, part in PERIODS:
        start, end, deadline = _bounds(year, part)
        ReportingPeriod.objects.get_or_create(
            kind="year" if part == YEAR else "half_year",
            starts_on=start,
            defaults={"ends_on": end, "deadline": deadline},
        )
    first = ReportingPeriod.objects.get(kind="half_year", starts_on=date(2024, 1, 1))
    for order, row in enumerate(CATALOGUE):
        (code, name, name_en, unit, unit_en, definition, stages, split, figure, higher,
         (low, high), relations, places) = row  # fmt: skip
        indicator, made = Indicator.objects.get_or_create(
            code=code, defaults={"order": (order + 1) * 10}
        )
        if not made:
            continue
        IndicatorVersion.objects.create(
            indicator=indicator,
            from_period=first,
            name=name,
            name_en=name_en,
            definition=definition,
            unit=unit,
            unit_en=unit_en,
            decimal_places=places,
            higher_is_better=higher,
            stages=stages,
            disaggregations=split,
            minimum=low,
            maximum=high,
            relations=relations,
            source="computed" if figure else "manual",
            figure=figure,
        )


def unload(apps, schema_editor):
    Indicator = apps.get_model("controlling", "Indicator")
    ReportingPeriod = apps.get_model("controlling", "ReportingPeriod")
    Indicator.objects.filter(code__in=[row[0] for row in CATALOGUE]).delete()
    for year, part in PERIODS:
        start, _end, _deadline = _bounds(year, part)
        ReportingPeriod.objects.filter(
            kind="year" if part == YEAR else "half_year", starts_on=start
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("controlling", "0001_controlling_catalogue")]

    operations = [migrations.RunPython(load, unload)]
