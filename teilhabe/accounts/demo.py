"""The demo's people: one user per role (see the README), each with a known second factor.

Registered in `AccountsConfig.ready`, run by `manage.py seed_demo` first of the demos (the KIs
exist as reference data; the KIs' demo then acts as Anna and Carla). The demo password and
second-factor secrets are public: `seed_demo` refuses to run with DEBUG off.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from teilhabe.core.roles import Role
from teilhabe.territory.models import District

from . import services as accounts
from .models import User

# The KI registry sits above accounts: reach it through the user's own foreign key.
Centre = User._meta.get_field("centre").related_model

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


def demo_totp_key(username: str) -> str:
    """A fixed TOTP secret per demo user (hex), so demo logins can be documented."""
    return hashlib.sha256(f"teilhabe-demo-totp:{username}".encode()).hexdigest()[:40]


def demo_totp_base32(username: str) -> str:
    return base64.b32encode(bytes.fromhex(demo_totp_key(username))).decode()


@transaction.atomic
def seed_accounts_demo() -> Iterator[str]:
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
            centre=Centre._default_manager.get(grantee__key=p.centre_key) if p.centre_key else None,
            district=District.objects.get(key=p.district_key) if p.district_key else None,
        )
        TOTPDevice.objects.create(
            user=user, name="Demo", key=demo_totp_key(p.username), confirmed=True
        )
    return login_lines()


def login_lines() -> Iterator[str]:
    yield ""
    yield f"Demo logins (password for all: {DEMO_PASSWORD})"
    yield "Second factor: `make code USER=<name>` prints the current six-digit code."
    for p in PERSONAS:
        yield f"  {p.username:<6} {p.role.value:<17} {p.first_name}, {p.description}"
