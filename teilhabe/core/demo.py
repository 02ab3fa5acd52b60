"""A realistic demo: all 54 KIs with addresses and staff, and one user per role.

Deterministic (seeded by each grantee's key) and idempotent: a second run finds what the first
made and adds nothing. The people and addresses are invented; the territory is real.
"""

from __future__ import annotations

import base64
import hashlib
import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from teilhabe.accounts import services as accounts
from teilhabe.accounts.models import User
from teilhabe.centres import services as centres
from teilhabe.centres.models import Centre, PositionCategory, StaffFunction
from teilhabe.core.roles import Role
from teilhabe.funding.demo import seed_funding_demo
from teilhabe.territory.models import District, Municipality

DEMO_PASSWORD = "Teilhabe-Demo-2026"


@dataclass(frozen=True)
class Persona:
    username: str
    first_name: str
    last_name: str
    role: Role
    centre_key: str | None = None
    district_key: str | None = None
    description: str = ""


PERSONAS = [
    Persona(
        "anna",
        "Anna",
        "Schneider",
        Role.KI_LEAD,
        centre_key="05711",
        description="leads KI Bielefeld",
    ),
    Persona(
        "kai",
        "Kai",
        "Yılmaz",
        Role.KI_STAFF,
        centre_key="05711",
        description="works in KI Bielefeld",
    ),
    Persona(
        "carla", "Carla", "Rossi", Role.KI_LEAD, centre_key="05913", description="leads KI Dortmund"
    ),
    Persona(
        "bernd",
        "Bernd",
        "Hoffmann",
        Role.GRANT_OFFICER,
        description="grant officer, Bezirksregierung Arnsberg",
    ),
    Persona(
        "guel",
        "Gül",
        "Demir",
        Role.GRANT_APPROVER,
        description="second signatory, Bezirksregierung Arnsberg",
    ),
    Persona("mia", "Mia", "Wagner", Role.MINISTRY, description="ministry"),
    Persona("lars", "Lars", "Becker", Role.COORDINATION, description="state coordination office"),
    Persona(
        "sven",
        "Sven",
        "Krüger",
        Role.SCHOOL_AUTHORITY,
        district_key="05711",
        description="school authority of Bielefeld",
    ),
    Persona("eva", "Eva", "Lindner", Role.EVALUATOR, description="external evaluator"),
    Persona("paul", "Paul", "Okafor", Role.PARTNER, description="partner organisation"),
]

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


def demo_totp_key(username: str) -> str:
    """A fixed TOTP secret per demo user (hex), so demo logins can be documented."""
    return hashlib.sha256(f"teilhabe-demo-totp:{username}".encode()).hexdigest()[:40]


def demo_totp_base32(username: str) -> str:
    return base64.b32encode(bytes.fromhex(demo_totp_key(username))).decode()


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
def seed_demo() -> list[Persona]:
    for centre in Centre.objects.select_related("grantee", "grantee__district"):
        rnd = random.Random(centre.grantee.key)  # noqa: S311 (demo data, not security)
        if not centre.street:
            _fill_centre(centre, rnd)
        if not centre.staff.exists():
            _fill_staff(centre, rnd)
    for p in PERSONAS:
        if User.objects.filter(username=p.username).exists():
            continue
        user = accounts.create_user(
            p.username,
            by=None,
            email=f"{p.username}@teilhabe.example",
            first_name=p.first_name,
            last_name=p.last_name,
            password=DEMO_PASSWORD,
            role=p.role,
            centre=Centre.objects.get(grantee__key=p.centre_key) if p.centre_key else None,
            district=District.objects.get(key=p.district_key) if p.district_key else None,
        )
        TOTPDevice.objects.create(
            user=user, name="Demo", key=demo_totp_key(p.username), confirmed=True
        )
    seed_funding_demo()
    return PERSONAS
