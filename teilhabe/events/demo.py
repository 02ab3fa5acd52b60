"""Events in the demo: past and upcoming events and trainings of KI Bielefeld and KI Dortmund
and one state-wide training of the coordination office, with registrations; one training is
full with a waiting list and a place offered. Through the real services (checked, numbered,
audited), acting as the personas; past registrations are made at a past moment (`now=`).
Idempotent: if any event exists, nothing is added.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre

from . import services
from .models import Event

FIRST = ["Aylin", "Jonas", "Marta", "Yusuf", "Lena", "Dragan", "Sofia", "Tobias", "Amira",
         "Felix", "Natalia", "Hamid", "Clara", "Emre", "Ida", "Piotr", "Leyla", "Moritz",
         "Fatma", "Jan"]  # fmt: skip
LAST = ["Demir", "Wagner", "Nowak", "Hoffmann", "Kaya", "Becker", "Petrović", "Schulz",
        "Haddad", "Krüger", "Ivanova", "Yıldız", "Richter", "Öztürk", "Lange"]  # fmt: skip
ORGS = ["Gesamtschule Rosenhöhe", "Kita Sonnenblume", "AWO Ortsverein", "Grundschule am Park",
        "Caritasverband", "Jugendamt", "Integrationsrat", "Sportverein Eintracht", ""]  # fmt: skip


# Every seventh participant of a public event names a need, one kind after the other.
NEEDS: list[dict[str, Any]] = [
    {"access_needs": ["step_free"], "access_needs_consent": True},
    *[{}] * 6,
    {"access_needs": ["sign_language"], "access_needs_consent": True},
    *[{}] * 6,
    {
        "access_needs": ["induction_loop"],
        "access_needs_other": "Sitzplatz in der ersten Reihe",
        "access_needs_consent": True,
    },
    *[{}] * 6,
]


@dataclass(frozen=True)
class Plan:
    title: str
    kind: str
    audience: str
    days: int  # from today; negative: in the past
    capacity: int
    registrations: int
    public: bool = True
    place: str = ""
    online: str = ""
    dates: int = 1
    cost: str = "0.00"
    attended: int = 0
    publish: bool = True
    description: str = ""


BIELEFELD = [
    Plan(
        "Rucksack KiTa: Fortbildung für Elternbegleiterinnen",
        "training",
        "educators",
        9,
        12,
        16,
        place="Familienzentrum Sieker, Otto-Brenner-Straße 12, 33604 Bielefeld",
        description="Einführung in das Programm Rucksack KiTa: Elternbegleitung, "
        "Mehrsprachigkeit und Zusammenarbeit mit den Kitas.",
    ),  # full: 4 on the waiting list
    Plan(
        "Fachtag Sprachbildung in der Sekundarstufe I",
        "conference",
        "teachers",
        30,
        80,
        24,
        place="Rathaus Bielefeld, Niederwall 23, 33602 Bielefeld",
        cost="15.00",
    ),
    Plan(
        "Netzwerktreffen Integration Bielefeld",
        "network_meeting",
        "professionals",
        3,
        25,
        9,
        public=False,
        place="KI Bielefeld, Niederwall 25, 33602 Bielefeld",
    ),
    Plan(
        "Fachgespräch: Seiteneinsteigerinnen und Seiteneinsteiger an Grundschulen",
        "expert_talk",
        "teachers",
        -45,
        30,
        18,
        attended=15,
        place="Volkshochschule Bielefeld, Ravensberger Park 1, 33607 Bielefeld",
    ),
    Plan(
        "Elterncafé Mehrsprachigkeit (in Planung)",
        "meeting",
        "public",
        60,
        20,
        0,
        place="Stadtbibliothek Bielefeld, Neumarkt 1, 33602 Bielefeld",
        publish=False,
    ),
]
DORTMUND = [
    Plan(
        "Schulung: Interkulturelle Öffnung der Verwaltung",
        "training",
        "professionals",
        14,
        20,
        11,
        dates=2,
        cost="25.00",
        place="Berswordt-Halle, Kleppingstraße 37, 44135 Dortmund",
    ),
    Plan(
        "Fachgespräch Herkunftssprachlicher Unterricht",
        "expert_talk",
        "teachers",
        -20,
        40,
        22,
        attended=19,
        online="https://meet.example.org/hsu-dortmund",
    ),
]
STATEWIDE = [
    Plan(
        "Landesweite Fortbildung: Neu im Kommunalen Integrationszentrum",
        "training",
        "ki_staff",
        21,
        40,
        0,
        public=False,
        online="https://meet.example.org/neu-im-ki",
        dates=3,
    ),
]


def _person(i: int, prefix: str) -> tuple[str, str, str]:
    first, last = FIRST[i % len(FIRST)], LAST[(i * 7) % len(LAST)]
    email = f"{first}.{last}.{prefix}{i}@example.org".lower()
    for a, b in (("ı", "i"), ("ö", "oe"), ("ü", "ue"), ("ć", "c"), ("ß", "ss")):
        email = email.replace(a, b)
    return f"{first} {last}", email, ORGS[i % len(ORGS)]


def _create(plan: Plan, centre: Centre | None, by: User, prefix: str) -> Event:
    today = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    start = today + timedelta(days=plan.days)
    dates = [(start + timedelta(days=7 * i), start + timedelta(days=7 * i, hours=4))
             for i in range(plan.dates)]  # fmt: skip
    opens = start - timedelta(days=40)
    event = services.create_event(
        centre,
        by=by,
        data={
            "kind": plan.kind,
            "audience": plan.audience,
            "title": plan.title,
            "description": plan.description,
            "place": plan.place,
            "online_url": plan.online,
            "capacity": plan.capacity,
            "registration_opens_at": opens,
            "registration_closes_at": start - timedelta(days=1),
            "cost": Decimal(plan.cost),
            "is_public": plan.public,
            # Public events ask for accessibility needs, internal ones (colleagues) do not.
            "asks_access_needs": plan.public,
        },
        dates=dates,
    )
    if not plan.publish:
        return event
    event = services.publish_event(event, by=by)
    moment: datetime = min(timezone.now() - timedelta(hours=1), opens + timedelta(days=2))
    # Public events: people without an account (double opt-in); internal ones: the organiser
    # registers colleagues by name.
    visitor = AnonymousUser() if plan.public else by
    rows = []
    for i in range(plan.registrations):
        name, email, org = _person(i, prefix)
        at = moment + timedelta(minutes=37 * i)
        needs = NEEDS[i % len(NEEDS)] if plan.public else {}
        r = services.register(
            event, by=visitor, name=name, email=email, organisation=org, now=at, **needs
        )
        if plan.public and i % 11 != 10:  # every eleventh has not confirmed the address yet
            r = services.confirm_registration(r, now=at + timedelta(minutes=5))
        rows.append(r)
    confirmed = [r for r in rows if r.status == "confirmed"][: plan.attended]
    for n, r in enumerate(confirmed):  # checked in at the door, a few minutes apart
        services.set_attendance(r, by=by, attended=True, now=start - timedelta(minutes=20 - n))
    return event


def seed_events_demo() -> Iterator[str]:
    if Event.objects.exists():
        return
    kai = User.objects.get(username="kai")
    carla = User.objects.get(username="carla")
    lars = User.objects.get(username="lars")
    with transaction.atomic():
        bielefeld = Centre.objects.get(grantee__key="05711")
        dortmund = Centre.objects.get(grantee__key="05913")
        made = [_create(p, bielefeld, kai, f"bi{n}") for n, p in enumerate(BIELEFELD)]
        made += [_create(p, dortmund, carla, f"do{n}") for n, p in enumerate(DORTMUND)]
        statewide = [_create(p, None, lars, "nrw") for p in STATEWIDE]
        for username in ("anna", "carla"):
            user = User.objects.get(username=username)
            services.register(statewide[0], by=user, name=user.get_full_name(), email=user.email)
        # Paul registers for the Fachtag with his account; someone cancels the full training,
        # so the first person waiting is offered the place.
        paul = User.objects.get(username="paul")
        services.register(made[1], by=paul, name=paul.get_full_name(), email=paul.email,
                          organisation="Caritasverband Bielefeld")  # fmt: skip
        full = made[0]
        first = full.registrations.filter(status="confirmed").order_by("position").first()
        if first is not None:
            services.cancel_own_registration(first)
    yield f"events: {Event.objects.count()} events with their registrations"
