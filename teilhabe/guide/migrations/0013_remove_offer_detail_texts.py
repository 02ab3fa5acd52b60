"""The offer's own columns for the texts 0012 moved to its texts per language."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("guide", "0012_detail_texts_per_language")]

    operations = [
        migrations.RemoveField(model_name="offer", name="registration_how"),
        migrations.RemoveField(model_name="offer", name="recurrence"),
        migrations.RemoveField(model_name="offer", name="duration"),
        migrations.RemoveField(model_name="offer", name="opening_hours"),
    ]
