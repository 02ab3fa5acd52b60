"""Attendance per date of an event: one row per (registration, date) instead of one tick per
registration. The existing ticks move to the event's first date with their time; backwards, a
registration present on any date is ticked with its earliest time."""

import django.db.models.deletion
from django.db import migrations, models


def _immediate(schema_editor) -> None:
    # PostgreSQL refuses to ALTER a table with deferred foreign-key checks still pending from
    # rows written in the same transaction: check them now.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def ticks_to_first_dates(apps, schema_editor) -> None:
    Registration = apps.get_model("events", "Registration")
    EventDate = apps.get_model("events", "EventDate")
    Attendance = apps.get_model("events", "Attendance")
    first: dict[int, int] = {}
    for date in EventDate.objects.order_by("-starts_at", "-pk"):
        first[date.event_id] = date.pk  # the last write per event is its first date
    rows = [
        Attendance(registration_id=r.pk, date_id=first[r.event_id], checked_in_at=r.attended_at)
        for r in Registration.objects.filter(attended=True).only("pk", "event_id", "attended_at")
        if r.event_id in first
    ]
    Attendance.objects.bulk_create(rows, batch_size=1000)
    _immediate(schema_editor)


def first_dates_to_ticks(apps, schema_editor) -> None:
    Registration = apps.get_model("events", "Registration")
    Attendance = apps.get_model("events", "Attendance")
    earliest: dict[int, object] = {}
    for a in Attendance.objects.order_by("registration_id", "checked_in_at"):
        if a.registration_id not in earliest or earliest[a.registration_id] is None:
            earliest[a.registration_id] = a.checked_in_at
    for pk, at in earliest.items():
        Registration.objects.filter(pk=pk).update(attended=True, attended_at=at)
    _immediate(schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0003_checkin_time'),
    ]

    operations = [
        migrations.CreateModel(
            name='Attendance',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('checked_in_at', models.DateTimeField(blank=True, null=True, verbose_name='checked in at')),
                ('date', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='attendances', to='events.eventdate')),
                ('registration', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attendances', to='events.registration')),
            ],
            options={
                'verbose_name': 'attendance',
                'verbose_name_plural': 'attendances',
                'ordering': ['date__starts_at', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('registration', 'date'), name='attendance_once_per_date')],
            },
        ),
        migrations.RunPython(ticks_to_first_dates, first_dates_to_ticks),
        migrations.RemoveField(
            model_name='registration',
            name='attended',
        ),
        migrations.RemoveField(
            model_name='registration',
            name='attended_at',
        ),
    ]
