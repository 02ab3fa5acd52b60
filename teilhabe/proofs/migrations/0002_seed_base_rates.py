"""Seed the published base rates from 2012 on (teilhabe/proofs/data/base_rates.py, SOURCES.md).

Idempotent: a rate already entered (by the ministry) stays as it is."""

from django.db import migrations


def seed(apps, schema_editor):
    from teilhabe.proofs.data.base_rates import RATES, source_of

    BaseRate = apps.get_model("proofs", "BaseRate")
    for day, rate in RATES:
        BaseRate.objects.get_or_create(
            valid_from=day, defaults={"rate": rate, "source": source_of(day)}
        )


def unseed(apps, schema_editor):
    from teilhabe.proofs.data.base_rates import RATES

    BaseRate = apps.get_model("proofs", "BaseRate")
    BaseRate.objects.filter(valid_from__in=[day for day, _rate in RATES]).delete()


class Migration(migrations.Migration):
    dependencies = [("proofs", "0001_base_rates")]

    operations = [migrations.RunPython(seed, unseed)]
