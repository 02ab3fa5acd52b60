"""The KIs in the demo: plausible addresses, contacts and staff for all 54 (invented people).

Registered in `CentresConfig.ready`, run by `manage.py seed_demo`. Deterministic (seeded by each
grantee's key) and idempotent: a KI with an address or staff is left alone.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from django.db import transaction

from teilhabe.territory.models import District, Municipality

from . import services as centres
from .models import Centre, PositionCategory, StaffFunction

FIRST_NAMES = [
    "Lena",
    "Jonas",
    "Aylin",
    "Markus",
    "Sofia",
    "Tobias",
    "Elif",
    "Stefan",
    "Maria",
    "Ahmad",
    "Julia",
    "Daniel",
    "Fatma",
    "Christian",
    "Nadia",
    "Michael",
    "Katarzyna",
    "Thomas",
    "Sara",
    "Andreas",
    "Mehmet",
    "Laura",
    "Dimitrios",
    "Sabine",
    "Yusuf",
    "Claudia",
    "Ivana",
    "Peter",
]
LAST_NAMES = [
    "Müller",
    "Schmidt",
    "Kaya",
    "Fischer",
    "Weber",
    "Öztürk",
    "Meyer",
    "Wagner",
    "Nowak",
    "Becker",
    "Schulz",
    "Arslan",
    "Koch",
    "Richter",
    "Popescu",
    "Klein",
    "Wolf",
    "Papadopoulos",
    "Neumann",
    "Schwarz",
    "Haddad",
    "Zimmermann",
    "Braun",
    "Kowalski",
    "Hartmann",
    "Lange",
]
ATTACHMENTS = [
    "Dezernat für Bildung, Jugend und Soziales, Amt für Integration",
    "Fachbereich Schule und Bildung",
    "Stabsstelle Integration beim Landrat",
    "Amt für Schule, Weiterbildung und Integration",
    "Fachbereich Jugend, Familie und Integration",
    "Dezernat Soziales, Abteilung Teilhabe und Integration",
]
STREETS = [
    "Rathausplatz",
    "Bahnhofstraße",
    "Kirchstraße",
    "Marktplatz",
    "Schulstraße",
    "Friedrich-Ebert-Straße",
    "Hauptstraße",
    "Am Stadtpark",
    "Kreishausstraße",
]


def _seat(district: District) -> Municipality:
    """The demo puts a Kreis's KI in its largest municipality (invented, but plausible)."""
    return district.municipalities.order_by("-population").first()  # type: ignore[return-value]


def _fill_centre(centre: Centre, rnd: random.Random) -> None:
    grantee = centre.grantee
    if grantee.key == "05334002":
        seat = Municipality.objects.get(ags="05334002")
    else:
        seat = _seat(grantee.district)
    slug = (
        seat.short_name.lower()
        .replace(" ", "-")
        .replace("ü", "ue")
        .replace("ö", "oe")
        .replace("ä", "ae")
    )
    centres.update_centre(
        centre,
        by=None,
        data={
            "attachment": rnd.choice(ATTACHMENTS),
            "street": f"{rnd.choice(STREETS)} {rnd.randint(1, 40)}",
            "postcode": seat.postcode,
            "city": seat.short_name,
            "email": f"integrationszentrum@{slug}.example",
            "phone": f"0{rnd.randint(200, 999)} {rnd.randint(100000, 999999)}",
            "website": f"https://www.{slug}.example/integration",
            "opened_on": date(rnd.choice([2012, 2013, 2013, 2014]), rnd.choice([1, 4, 7, 9]), 1),
        },
    )


def _staff_plan(rnd: random.Random) -> list[tuple[StaffFunction, PositionCategory, Decimal]]:
    plan = [
        (StaffFunction.HEAD, PositionCategory.PEDAGOGICAL, Decimal("1.00")),
        (StaffFunction.DEPUTY_HEAD, PositionCategory.PEDAGOGICAL, Decimal("1.00")),
    ]
    plan += [
        (
            StaffFunction.MEMBER,
            PositionCategory.PEDAGOGICAL,
            rnd.choice([Decimal("1.00"), Decimal("0.75"), Decimal("0.50")]),
        )
        for _ in range(rnd.randint(1, 3))
    ]
    plan.append((StaffFunction.MEMBER, PositionCategory.ADMINISTRATIVE, Decimal("1.00")))
    plan.append((StaffFunction.MEMBER, PositionCategory.ASSISTANT, Decimal("0.50")))
    plan += [(StaffFunction.MEMBER, PositionCategory.TEACHER, Decimal("1.00")) for _ in range(2)]
    return plan


def _fill_staff(centre: Centre, rnd: random.Random) -> None:
    start_year = centre.opened_on.year if centre.opened_on else 2013
    for function, category, fte in _staff_plan(rnd):
        centres.add_staff_member(
            centre,
            by=None,
            data={
                "first_name": rnd.choice(FIRST_NAMES),
                "last_name": rnd.choice(LAST_NAMES),
                "function": function,
                "category": category,
                "fte": fte,
                "start_date": date(rnd.randint(start_year, 2024), rnd.randint(1, 12), 1),
                "end_date": None,
            },
        )


@transaction.atomic
def seed_centres_demo() -> None:
    for centre in Centre.objects.select_related("grantee", "grantee__district"):
        rnd = random.Random(centre.grantee.key)  # noqa: S311 (demo data, not security)
        if not centre.street:
            _fill_centre(centre, rnd)
        if not centre.staff.exists():
            _fill_staff(centre, rnd)
