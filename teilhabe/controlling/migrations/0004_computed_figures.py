"""The indicators the events, the network and the staff list now count (their `figures.py`):
each gets a new version valid from the second half-year 2026, copied from the version before it
with source `computed`, the figure's code, a definition that says what is counted, and the split
the figure can give (docs/controlling.md, "Computed from H2 2026").

A past report keeps its definition: no existing version is touched. An indicator is left alone
where the office already made a version from H2 2026 or later, where it is computed already, or
where it or the period is missing; so the migration may run again (and `tests/factories`
`ensure_seed` runs it after a flush). As in 0002, a data migration cannot read the registry: the
figure codes are text, and `tests/test_seed.py` checks that each names a registered figure."""

from datetime import date

from django.db import migrations

FROM = date(2026, 7, 1)

# indicator code: figure, split by (what the figure can split by of the version's), definition
COMPUTED = {
    "trainings-held": (
        "events.trainings_held",
        [],
        "Veröffentlichte Fortbildungen (Veranstaltungsart Fortbildung), die das KI organisiert "
        "hat und von denen ein Termin im Zeitraum beginnt; nicht Entwürfe, nicht abgesagte. "
        "Aus den Veranstaltungen der Plattform berechnet.",
    ),
    "training-participants": (
        "events.training_participants",
        [],
        "Personen, die an einem im Zeitraum beginnenden Termin der gezählten Fortbildungen laut "
        "Anwesenheitsliste teilgenommen haben, je Fortbildung einmal. Aus den Veranstaltungen "
        "der Plattform berechnet.",
    ),
    "events": (
        "events.events_held",
        [],
        "Veröffentlichte Veranstaltungen und Fachtage (Treffen, Fachgespräche, Fachtagungen, "
        "Netzwerktreffen), die das KI organisiert hat und von denen ein Termin im Zeitraum "
        "beginnt; Fortbildungen zählen eigens (Fortbildungen durchgeführt). Aus den "
        "Veranstaltungen der Plattform berechnet.",
    ),
    "partner-organisations": (
        "network.partner_organisations",
        ["stage"],
        "Aktive Partnerorganisationen im Netzwerk des KI am letzten Tag des Zeitraums (bis dahin "
        "erfasst, nicht zusammengeführt), nach Stufen der Bildungskette. Aus dem Netzwerk der "
        "Plattform berechnet.",
    ),
    "positions-filled": (
        "centres.positions_filled",
        [],
        "Mittel über die Monate des Zeitraums der Vollzeitäquivalente der pädagogischen und "
        "Verwaltungsfachkräfte und Verwaltungskräfte der Personalliste (ohne abgeordnete "
        "Lehrkräfte), je Monat anteilig nach Tagen. Aus der Personalliste berechnet; sie sagt "
        "nicht, welche Stelle die Landesförderung finanziert.",
    ),
}

FIELDS = (
    "name",
    "name_en",
    "unit",
    "unit_en",
    "decimal_places",
    "higher_is_better",
    "stages",
    "minimum",
    "maximum",
    "relations",
)


def load(apps, schema_editor):
    ReportingPeriod = apps.get_model("controlling", "ReportingPeriod")
    Indicator = apps.get_model("controlling", "Indicator")
    IndicatorVersion = apps.get_model("controlling", "IndicatorVersion")
    period = ReportingPeriod.objects.filter(kind="half_year", starts_on=FROM).first()
    if period is None:
        return
    for code, (figure, split, definition) in COMPUTED.items():
        indicator = Indicator.objects.filter(code=code).first()
        if indicator is None:
            continue
        versions = IndicatorVersion.objects.filter(indicator=indicator)
        if versions.filter(from_period__starts_on__gte=FROM).exists():
            continue
        latest = versions.order_by("-from_period__starts_on", "-pk").first()
        if latest is None or latest.source == "computed":
            continue
        IndicatorVersion.objects.create(
            indicator=indicator,
            from_period=period,
            definition=definition,
            disaggregations=[d for d in latest.disaggregations if d in split],
            source="computed",
            figure=figure,
            **{name: getattr(latest, name) for name in FIELDS},
        )
        # A new version moves the indicator's lock (services.add_indicator_version does the
        # same), so an editor's open form sees that the catalogue changed.
        Indicator.objects.filter(pk=indicator.pk).update(lock_version=indicator.lock_version + 1)


def unload(apps, schema_editor):
    IndicatorVersion = apps.get_model("controlling", "IndicatorVersion")
    IndicatorVersion.objects.filter(
        indicator__code__in=list(COMPUTED),
        from_period__kind="half_year",
        from_period__starts_on=FROM,
        figure__in=[figure for figure, _split, _definition in COMPUTED.values()],
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("controlling", "0003_controlling_reports")]

    operations = [migrations.RunPython(load, unload)]
