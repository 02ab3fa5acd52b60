"""The guideline versions' titles, citations and group names in German, as decisions print them.

Databases created before carry the first, English wording of 0002; this rewrites only those texts
(amounts, maxima and validity are untouched: the rules of a version in force do not change).
On a new database it changes nothing.
"""

import importlib

from django.db import migrations

versions = importlib.import_module("teilhabe.funding.migrations.0002_guideline_versions").VERSIONS


def german_texts(apps, schema_editor):
    Guideline = apps.get_model("funding", "Guideline")
    PositionGroup = apps.get_model("funding", "PositionGroup")
    for version in versions:
        Guideline.objects.filter(code=version["code"]).update(
            title=version["title"],
            citation=version["citation"],
            assumptions=version.get("assumptions", ""),
        )
        for code, name, _categories, _max_fte, kind in version["groups"]:
            PositionGroup.objects.filter(
                guideline__code=version["code"], code=code, district_kind=kind
            ).update(name=name, citation=version["citation"])


class Migration(migrations.Migration):
    dependencies = [("funding", "0005_payment_refusal_reason")]

    operations = [migrations.RunPython(german_texts, migrations.RunPython.noop)]
