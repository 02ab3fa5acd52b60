"""The interpreter pool and the counselling log in the demo: for Bielefeld and Dortmund some 40
interpreter assignments over the past year, in the languages the KIs' pools are asked for most
(Arabic, Turkish, Ukrainian, Russian, Persian, Kurdish …), and some 20 counselling contacts with
the demo's schools on all-day schooling, heritage-language teaching and the integration posts.

Through the services, as the KI's lead; idempotent: a measure that has records is left alone.
The measures themselves are the measures demo's (found by KI and programme code); without it,
a line says so and nothing is added."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from teilhabe.centres.demo import lead_of
from teilhabe.centres.models import Centre
from teilhabe.network.models import Organisation, OrganisationType

from .models import (
    ContactForm,
    CounsellingContact,
    CounsellingTopic,
    InterpreterAssignment,
    InterpretingPurpose,
    Measure,
    MeasureStatus,
)
from .services import records

CENTRES = ("05711", "05913")  # Bielefeld, Dortmund
ASSIGNMENTS = 40
CONTACTS = 20
# The pools' languages, the most asked first (repeated by weight).
LANGUAGES = ["ar", "ar", "ar", "tr", "tr", "uk", "uk", "uk", "ru", "fa", "fa", "ku", "ti", "ro"]
PURPOSES = [
    InterpretingPurpose.SCHOOL,
    InterpretingPurpose.SCHOOL,
    InterpretingPurpose.KITA,
    InterpretingPurpose.PARENTS_EVENING,
    InterpretingPurpose.COUNSELLING,
    InterpretingPurpose.AUTHORITY,
    InterpretingPurpose.HEALTH,
]
HOURS = ["1.00", "1.50", "2.00", "0.75", "1.25", "3.00", "2.50"]
TOPICS = [
    CounsellingTopic.ALL_DAY,
    CounsellingTopic.HERITAGE_LANGUAGE,
    CounsellingTopic.INTEGRATION_POSTS,
    CounsellingTopic.NEWLY_ARRIVED,
    CounsellingTopic.HERITAGE_LANGUAGE,
    CounsellingTopic.ALL_DAY,
]
FORMS = [ContactForm.ON_SITE, ContactForm.ON_SITE, ContactForm.PHONE, ContactForm.ONLINE]
OUTCOMES = {
    CounsellingTopic.ALL_DAY: "Ganztagskonzept besprochen; Kontakt zur Migrantenorganisation im "
    "Stadtteil für ein Nachmittagsangebot vermittelt.",
    CounsellingTopic.HERITAGE_LANGUAGE: "Bedarf für Herkunftssprachlichen Unterricht erhoben; "
    "Elternbrief in mehreren Sprachen vereinbart.",
    CounsellingTopic.INTEGRATION_POSTS: "Einsatz der Integrationsstellen im Kollegium abgestimmt; "
    "Fortbildung zu Sprachbildung angeboten.",
    CounsellingTopic.NEWLY_ARRIVED: "Aufnahme neu zugewanderter Schülerinnen und Schüler "
    "besprochen; Erstförderung und Sprachmittlung geklärt.",
}
INTERPRETERS = ["Pool-Nr. 12", "Pool-Nr. 7", "Pool-Nr. 21", "Pool-Nr. 3", ""]


def _measure(centre: Centre, code: str) -> Measure | None:
    return (
        Measure.objects.select_related("programme_type")
        .filter(centre=centre, programme_type__code=code)
        .exclude(status=MeasureStatus.CANCELLED)
        .order_by("pk")
        .first()
    )


def _days(measure: Measure, count: int, today: date) -> list[date]:
    """`count` days spread over the past year, within the measure's period (none ahead)."""
    start = max(measure.starts_on, today - timedelta(days=365))
    end = min(measure.ends_on or today, today)
    if end < start:
        return []
    span = (end - start).days
    return [start + timedelta(days=span * (i + 1) // count) for i in range(count)]


def _assignments(centre: Centre, measure: Measure, today: date) -> int:
    lead = lead_of(centre)
    places = list(
        Organisation.objects.filter(
            centre=centre,
            type__in=[OrganisationType.SCHOOL, OrganisationType.KITA],
            is_active=True,
            merged_into__isnull=True,
        ).order_by("name", "pk")
    )
    days = _days(measure, ASSIGNMENTS, today)
    for i, day in enumerate(days):
        purpose = PURPOSES[i % len(PURPOSES)]
        at_place = purpose in (InterpretingPurpose.SCHOOL, InterpretingPurpose.KITA)
        records.add_assignment(
            measure,
            by=lead,
            data={
                "held_on": day,
                "language": LANGUAGES[(i * 5) % len(LANGUAGES)],
                "purpose": purpose,
                "institution": places[i % len(places)] if at_place and places else None,
                "hours": Decimal(HOURS[i % len(HOURS)]),
                "interpreter": INTERPRETERS[i % len(INTERPRETERS)],
            },
            today=today,
        )
    return len(days)


def _contacts(centre: Centre, measure: Measure, today: date) -> int:
    lead = lead_of(centre)
    schools = list(
        Organisation.objects.filter(
            centre=centre, type=OrganisationType.SCHOOL, merged_into__isnull=True
        ).order_by("name", "pk")
    )
    if not schools:
        return 0
    days = _days(measure, CONTACTS, today)
    for i, day in enumerate(days):
        topic = TOPICS[i % len(TOPICS)]
        records.add_counselling_contact(
            measure,
            by=lead,
            data={
                "held_on": day,
                "school": schools[i % len(schools)],
                "topic": topic,
                "form": FORMS[i % len(FORMS)],
                "outcome": OUTCOMES[topic],
            },
            today=today,
        )
    return len(days)


def seed_records_demo() -> list[str]:
    lines: list[str] = []
    today = timezone.localdate()
    for key in CENTRES:
        centre = Centre.objects.select_related("grantee").get(grantee__key=key)
        pool = _measure(centre, "dolmetscherpool")
        log = _measure(centre, "schulberatung")
        if pool is None or log is None:
            lines.append(
                f"Records of {centre.name}: skipped, the measures demo has no interpreter pool "
                "or school counselling measure there."
            )
            continue
        if not InterpreterAssignment.objects.filter(measure=pool).exists():
            lines.append(f"Interpreter pool of {centre.name}: {_assignments(centre, pool, today)} "
                         "assignments.")  # fmt: skip
        if not CounsellingContact.objects.filter(measure=log).exists():
            lines.append(f"Counselling log of {centre.name}: {_contacts(centre, log, today)} "
                         "contacts.")  # fmt: skip
    return lines
