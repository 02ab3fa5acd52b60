"""A stable UUID per partner organisation, for open data (HSDS `organization.id`): added
nullable, filled row by row, then made unique and required."""

import uuid

from django.db import migrations, models


def fill(apps, schema_editor):
    Organisation = apps.get_model("network", "Organisation")
    for pk in Organisation.objects.filter(uuid=None).values_list("pk", flat=True).iterator():
        Organisation.objects.filter(pk=pk).update(uuid=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [("network", "0003_ne_import_progressed_at")]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="uuid",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="organisation",
            name="uuid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
