"""The KIs in the demo: plausible addresses, contacts and staff for all 54 (invented people).

Registered in `CentresConfig.ready`, run by `manage.py seed_demo` after the accounts' personas.
Through the real services, as each KI's lead (Anna in Bielefeld, Carla in Dortmund; for every
other KI an account `leitung.<key>` without password, named after the head on its staff list:
`lead_of`). Deterministic (seeded by each grantee's key) and idempotent: a KI with an address or
staff is left alone.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from teilhabe.accounts import services as accounts
from teilhabe.accounts.models import User
from teilhabe.core.roles import Role
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


def lead_of(centre: Centre, *, head: tuple[str, str] | None = None) -> User:
    """The KI's lead; for a KI without one, an account `leitung.<key>` without password (no
    login: the demo's logins are the personas), named after the head on its staff list, else
    after `head` (first and last name), the head the demo is about to add."""
    lead = User.objects.filter(centre=centre, role=Role.KI_LEAD).order_by("pk").first()
    if lead is not None:
        return lead
    listed = centre.staff.filter(function=StaffFunction.HEAD).order_by("pk").first()
    first, last = (
        (listed.first_name, listed.last_name)
        if listed
        else head or ("Leitung", f"KI {centre.grantee.name}")
    )
    key = centre.grantee.key
    return accounts.create_user(
        f"leitung.{key}",
        by=None,  # the operator's step: the demo sets up the accounts it acts with
        email=f"leitung.{key}@teilhabe.example",
        first_name=first,
        last_name=last,
        password=None,
        role=Role.KI_LEAD,
        centre=centre,
    )


def _centre_data(centre: Centre, rnd: random.Random) -> dict[str, Any]:
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
    return {
        "attachment": rnd.choice(ATTACHMENTS),
        "street": f"{rnd.choice(STREETS)} {rnd.randint(1, 40)}",
        "postcode": seat.postcode,
        "city": seat.short_name,
        "email": f"integrationszentrum@{slug}.example",
        "phone": f"0{rnd.randint(200, 999)} {rnd.randint(100000, 999999)}",
        "website": f"https://www.{slug}.example/integration",
        "opened_on": date(rnd.choice([2012, 2013, 2013, 2014]), rnd.choice([1, 4, 7, 9]), 1),
    }


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


def _staff_data(centre: Centre, rnd: random.Random) -> list[dict[str, Any]]:
    """The staff list, the head first (`_staff_plan`)."""
    start_year = centre.opened_on.year if centre.opened_on else 2013
    return [
        {
            "first_name": rnd.choice(FIRST_NAMES),
            "last_name": rnd.choice(LAST_NAMES),
            "function": function,
            "category": category,
            "fte": fte,
            "start_date": date(rnd.randint(start_year, 2024), rnd.randint(1, 12), 1),
            "end_date": None,
        }
        for function, category, fte in _staff_plan(rnd)
    ]


@transaction.atomic
def seed_centres_demo() -> None:
    for centre in Centre.objects.select_related("grantee", "grantee__district"):
        rnd = random.Random(centre.grantee.key)  # noqa: S311 (demo data, not security)
        # Drawn in this order, before anything is written: the same data on every installation.
        data = _centre_data(centre, rnd) if not centre.street else None
        staff = _staff_data(centre, rnd) if not centre.staff.exists() else []
        if data is None and not staff:
            continue
        lead = lead_of(
            centre, head=(staff[0]["first_name"], staff[0]["last_name"]) if staff else None
        )
        if data is not None:
            centres.update_centre(centre, by=lead, data=data)
        for member in staff:
            centres.add_staff_member(centre, by=lead, data=member)
