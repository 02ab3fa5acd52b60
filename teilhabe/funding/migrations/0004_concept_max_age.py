"""From the 2018 guideline the integration concept should be not older than 3 years (domain.md)."""

from django.db import migrations

VERSIONS_WITH_MAX_AGE = ("2018", "2022")


def set_max_age(apps, schema_editor):
    Guideline = apps.get_model("funding", "Guideline")
    # Queryset update: the versions are in force and immutable for everything but reference data
    # that was missing when they were first loaded.
    Guideline.objects.filter(code__in=VERSIONS_WITH_MAX_AGE).update(concept_max_age_years=3)


class Migration(migrations.Migration):
    dependencies = [("funding", "0003_applications_decisions_budget")]

    operations = [migrations.RunPython(set_max_age, migrations.RunPython.noop)]
