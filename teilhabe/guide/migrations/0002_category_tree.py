"""The guide's category tree as the issue names it: language courses with the federal course
types as children, then the other fields of integration work. Loaded by code, never overwriting
a category a KI or the coordination office has changed since; `conftest.py` (MIGRATION_DATA)
runs `load` again after a live-server test flushed the database."""

from django.db import migrations

# code, German name, English name, children (code, German, English)
TREE = [
    ("language_courses", "Sprachkurse", "Language courses", [
        ("course_general", "Allgemeiner Integrationskurs", "General integration course"),
        ("course_youth", "Jugendintegrationskurs", "Integration course for young adults"),
        ("course_parents", "Elternintegrationskurs", "Integration course for parents"),
        ("course_women", "Frauenintegrationskurs", "Integration course for women"),
        ("course_literacy", "Alphabetisierungskurs", "Literacy course"),
        ("course_intensive", "Intensivkurs", "Intensive course"),
        ("course_job_related", "Berufssprachkurs", "Job-related language course"),
        ("course_second_chance", "Zweitschriftlernerkurs", "Second-writing-system course"),
    ]),
    ("counselling", "Beratung", "Counselling", [
        ("counselling_migration", "Migrationsberatung", "Migration counselling"),
        ("counselling_asylum", "Asyl- und Flüchtlingsberatung", "Asylum and refugee counselling"),
        ("counselling_recognition", "Anerkennung von Abschlüssen", "Recognition of qualifications"),
    ]),
    ("education", "Bildung und Schule", "Education and school", []),
    ("childcare", "Kinderbetreuung", "Childcare", []),
    ("work", "Arbeit und Ausbildung", "Work and training", []),
    ("health", "Gesundheit", "Health", []),
    ("housing", "Wohnen", "Housing", []),
    ("sport", "Sport und Freizeit", "Sport and leisure", []),
    ("culture", "Kultur und Begegnung", "Culture and meeting people", []),
    ("volunteering", "Ehrenamt", "Volunteering", []),
    ("older_people", "Ältere Menschen", "Older people", []),
    ("everyday_life", "Alltag und Behörden", "Everyday life and authorities", []),
]


def load(apps, schema_editor):
    Category = apps.get_model("guide", "Category")
    for order, (code, de, en, children) in enumerate(TREE, start=1):
        parent, _ = Category.objects.get_or_create(
            code=code, defaults={"name_de": de, "name_en": en, "order": order * 10}
        )
        for child_order, (child, child_de, child_en) in enumerate(children, start=1):
            Category.objects.get_or_create(
                code=child,
                defaults={
                    "parent": parent,
                    "name_de": child_de,
                    "name_en": child_en,
                    "order": child_order,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("guide", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
