"""The programme catalogue as the coordination office starts it: the programmes the seed and
`../shared/domain.md` ("The KIs' work") name, each with its stages of the education chain and
field of action. Loaded by code, never overwriting an entry the office has changed since;
`conftest.py`'s `programme_types` fixture runs `load` again after a test flushed the database."""

from django.db import migrations

EARLY, KITA, SCHOOL, YOUTH, TRANSITION = "early_years", "kita", "school", "youth_work", "transition"
ALL_STAGES = [EARLY, KITA, SCHOOL, YOUTH, TRANSITION]
EDU, CROSS, VOL = "education", "cross_cutting", "volunteering"

# code, German name, English name, records kept, field of action, stages, description (German)
CATALOGUE = [
    ("griffbereit-mini", "griffbereitMINI", "griffbereitMINI", "parent_groups", EDU, [EARLY],
     "Elterngruppen für Familien mit Kindern im ersten Lebensjahr, angeleitet von "
     "Elternbegleiterinnen und Elternbegleitern."),
    ("griffbereit", "Griffbereit", "Griffbereit", "parent_groups", EDU, [EARLY],
     "Eltern-Kind-Gruppen für Familien mit Kindern von 1 bis 3 Jahren: Sprachbildung in der "
     "Familiensprache und auf Deutsch."),
    ("rucksack-kita", "Rucksack KiTa", "Rucksack KiTa", "parent_groups", EDU, [KITA],
     "Elternbildung und Sprachförderung für Familien mit Kindern von 4 bis 6 Jahren in der Kita."),
    ("rucksack-schule", "Rucksack Schule", "Rucksack Schule", "parent_groups", EDU, [SCHOOL],
     "Elternbildung und Sprachförderung in der Grundschule, abgestimmt auf den Unterricht."),
    ("schule-ohne-rassismus", "Schule ohne Rassismus – Schule mit Courage",
     "Schule ohne Rassismus – Schule mit Courage", "school_network", EDU, [SCHOOL, YOUTH],
     "Regionale Koordination des Netzwerks: Schulen, in denen mindestens 70 % unterschrieben "
     "haben, mit Pate oder Patin und einem Projekt im Jahr."),
    ("quadratkilometer-bildung", "Ein Quadratkilometer Bildung", "One square kilometre of education",
     "general", EDU, ALL_STAGES,
     "Bildungsnetzwerk in einem Stadtteil entlang der Bildungskette."),
    ("dolmetscherpool", "Dolmetscherpool", "Interpreter pool", "interpreting", CROSS, ALL_STAGES,
     "Einsätze ehrenamtlicher oder honorierter Sprachmittlerinnen und Sprachmittler."),
    ("komm-an", "KOMM-AN NRW", "KOMM-AN NRW", "general", VOL, [],
     "Koordination des Ehrenamts in der Flüchtlingshilfe, Ankommenstreffpunkte."),
    ("schulberatung", "Schulberatung (Ganztag, herkunftssprachlicher Unterricht, Integrationsstellen)",
     "School counselling (all-day schooling, heritage-language teaching, integration posts)",
     "counselling", EDU, [SCHOOL],
     "Beratung und Unterstützung von Schulen zum Ganztagsangebot, zum herkunftssprachlichen "
     "Unterricht und zur Verwendung der Stellen für Integrationshilfe."),
    ("interkulturelle-oeffnung", "Interkulturelle Öffnung", "Intercultural opening",
     "general", CROSS, [],
     "Interkulturelle Öffnung der Verwaltung und der Einrichtungen vor Ort."),
    ("elternbeteiligung", "Elternbeteiligung", "Parent participation", "general", EDU,
     [KITA, SCHOOL], "Beteiligung von Eltern mit Einwanderungsgeschichte an Kita und Schule."),
    ("kultureinrichtungen", "Interkulturelle Öffnung von Kultureinrichtungen",
     "Intercultural opening of culture institutions", "general", CROSS, [YOUTH],
     "Zusammenarbeit mit Museen, Bibliotheken, Theatern und Musikschulen."),
    ("unternehmerschaft", "Unternehmerinnen und Unternehmer mit Einwanderungsgeschichte",
     "Entrepreneurs with a migration history", "general", CROSS, [TRANSITION],
     "Netzwerke von Unternehmerinnen und Unternehmern mit Einwanderungsgeschichte, "
     "Ausbildungsplätze."),
    ("aeltere-zugewanderte", "Ältere Zugewanderte", "Older immigrants", "general", CROSS, [],
     "Einbindung älterer Zugewanderter in die Altenhilfe und Pflege."),
    ("sonstige", "Sonstige Maßnahme", "Other measure", "general", CROSS, [],
     "Eine Maßnahme, die zu keinem Programm des Katalogs gehört."),
]  # fmt: skip


def load(apps, schema_editor):
    ProgrammeType = apps.get_model("measures", "ProgrammeType")
    for order, (code, name, name_en, kind, field, stages, description) in enumerate(CATALOGUE):
        ProgrammeType.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "record_kind": kind,
                "field_of_action": field,
                "stages": stages,
                "description": description,
                "order": (order + 1) * 10,
            },
        )


def unload(apps, schema_editor):
    ProgrammeType = apps.get_model("measures", "ProgrammeType")
    Measure = apps.get_model("measures", "Measure")
    used = set(Measure.objects.values_list("programme_type_id", flat=True))
    ProgrammeType.objects.filter(code__in=[c[0] for c in CATALOGUE]).exclude(pk__in=used).delete()


class Migration(migrations.Migration):
    dependencies = [("measures", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
