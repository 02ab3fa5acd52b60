"""Shared test fixtures: the real territory and the personas of the demo.

Anna leads KI Bielefeld, Kai works there, Carla leads KI Dortmund and must see nothing of
Bielefeld's, Bernd is a grant officer, Gül the second signatory, Mia from the ministry, Lars from
the coordination office, Sven from the school authority of Bielefeld, Eva the evaluator, Paul a
partner. `verified_client(user)` gives a test client logged in with the second factor passed.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.conf import settings as django_settings
from django.db import connection, transaction
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.migrations.executor import MigrationExecutor
from django.test import Client, override_settings
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import settings as hypothesis_settings

from teilhabe.accounts import services as accounts
from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.centres.services import ensure_centres
from teilhabe.core.roles import Role
from teilhabe.funding.models import Guideline
from teilhabe.territory.models import District, Grantee
from teilhabe.territory.services import load_territory

# Property tests judge rules, not speed: no per-example deadline (a loaded two-core CI machine
# made a pure rule's example take longer than Hypothesis' default 200 ms, and the run failed
# as "flaky"). Timings belong in bench/.
hypothesis_settings.register_profile("teilhabe", deadline=None)
hypothesis_settings.load_profile("teilhabe")

PASSWORD = "Korrekt-Pferd-Batterie-7"


# The guideline versions are reference data from data migrations (funding/0002, 0004).
GUIDELINE_DATA = [("0002_guideline_versions", "load"), ("0004_concept_max_age", "set_max_age")]
# Further reference data from data migrations, loaded again when a transactional (live-server)
# test flushed it: (model label, migration module, function).
MIGRATION_DATA = [
    ("proofs.BaseRate", "teilhabe.proofs.migrations.0002_seed_base_rates", "seed"),
    ("measures.ProgrammeType", "teilhabe.measures.migrations.0002_catalogue", "load"),
    ("controlling.Indicator", "teilhabe.controlling.migrations.0002_controlling_seed", "load"),
    ("guide.Category", "teilhabe.guide.migrations.0002_category_tree", "load"),
]


@pytest.fixture
def territory(db: None) -> None:
    """The 53 districts, the City of Aachen and the 54 KIs (loaded once per database)."""
    if not Grantee.objects.exists() or not Centre.objects.exists():
        load_territory()
        ensure_centres()
    if not Guideline.objects.exists():  # flushed by a transactional (live-server) test
        for migration, function in GUIDELINE_DATA:
            getattr(importlib.import_module(f"teilhabe.funding.migrations.{migration}"), function)(
                django_apps, None
            )
    for label, module, function in MIGRATION_DATA:
        if not django_apps.get_model(label).objects.exists():
            getattr(importlib.import_module(module), function)(django_apps, None)


@pytest.fixture
def bielefeld(territory: None) -> Centre:
    return Centre.objects.select_related("grantee").get(grantee__key="05711")


@pytest.fixture
def dortmund(territory: None) -> Centre:
    return Centre.objects.select_related("grantee").get(grantee__key="05913")


def _persona(
    username: str, first: str, role: Role, *, centre: Centre | None = None, district_key: str = ""
) -> User:
    user = accounts.create_user(
        username,
        by=None,
        email=f"{username}@teilhabe.example",
        first_name=first,
        last_name="Test",
        password=PASSWORD,
        role=role,
        centre=centre,
        district=District.objects.get(key=district_key) if district_key else None,
    )
    TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    return user


# Each persona: first name, role, the KI (district key) she works at, the district she is for.
PERSONA_SPECS: dict[str, tuple[str, Role, str, str]] = {
    "kai": ("Kai", Role.KI_STAFF, "05711", ""),
    "anna": ("Anna", Role.KI_LEAD, "05711", ""),
    "carla": ("Carla", Role.KI_LEAD, "05913", ""),
    "bernd": ("Bernd", Role.GRANT_OFFICER, "", ""),
    "guel": ("Gül", Role.GRANT_APPROVER, "", ""),
    "mia": ("Mia", Role.MINISTRY, "", ""),
    "lars": ("Lars", Role.COORDINATION, "", ""),
    "sven": ("Sven", Role.SCHOOL_AUTHORITY, "", "05711"),
    "eva": ("Eva", Role.EVALUATOR, "", ""),
    "paul": ("Paul", Role.PARTNER, "", ""),
}


def make_persona(username: str) -> User:
    first, role, centre_key, district_key = PERSONA_SPECS[username]
    centre = Centre.objects.get(grantee__key=centre_key) if centre_key else None
    return _persona(username, first, role, centre=centre, district_key=district_key)


@pytest.fixture
def anna(bielefeld: Centre) -> User:
    return make_persona("anna")


@pytest.fixture
def kai(bielefeld: Centre) -> User:
    return make_persona("kai")


@pytest.fixture
def carla(dortmund: Centre) -> User:
    return make_persona("carla")


@pytest.fixture
def bernd(territory: None) -> User:
    return make_persona("bernd")


@pytest.fixture
def guel(territory: None) -> User:
    return make_persona("guel")


@pytest.fixture
def mia(territory: None) -> User:
    return make_persona("mia")


@pytest.fixture
def lars(territory: None) -> User:
    return make_persona("lars")


@pytest.fixture
def sven(territory: None) -> User:
    return make_persona("sven")


@pytest.fixture
def eva(territory: None) -> User:
    return make_persona("eva")


@pytest.fixture
def paul(territory: None) -> User:
    return make_persona("paul")


def migrate_to(targets: list[tuple[str, str]]) -> Any:
    """Migrate the test database to `targets` and return the app registry of that state, for a
    test of a data migration (`django_db(transaction=True)`, ending with `migrate_to_latest`)."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def migrate_to_latest() -> None:
    """Back to the whole schema after `migrate_to`: later tests need it."""
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def member_of(centre: Centre) -> User:
    """A staff account of `centre` to act for the KI where no persona works (`ki.<key>`)."""
    username = f"ki.{centre.grantee.key}"
    return User.objects.filter(username=username).first() or accounts.create_user(
        username,
        by=None,
        email=f"{username}@teilhabe.example",
        role=Role.KI_STAFF,
        centre=centre,
    )


PERSONA_FIXTURES = list(PERSONA_SPECS)


@pytest.fixture
def personas(request: pytest.FixtureRequest) -> dict[str, User]:
    """All personas by name (for matrix tests)."""
    return {name: request.getfixturevalue(name) for name in PERSONA_FIXTURES}


def login_verified(client: Client, user: User) -> Client:
    """Log `user` in as if they had passed the password and the second factor."""
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def verified_client() -> Callable[[User], Client]:
    def make(user: User) -> Client:
        return login_verified(Client(), user)

    return make


# What every test runs with (the function fixtures below, and `module_db` for a module's rows).
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAIL_IN_MEMORY = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:  # type: ignore[no-untyped-def]
    """Tests hash with MD5: PBKDF2's deliberate slowness costs a quarter second per persona."""
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    """Uploaded and generated files go to a temporary folder, never into var/ (below
    `module_db`: the module's folder, where its shared rows' files are)."""
    settings.MEDIA_ROOT = _MODULE_MEDIA[-1] if _MODULE_MEDIA else tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with an empty cache (the process's LocMemCache): a cached search answer
    or a rate-limit counter of an earlier test must not decide this one."""
    from django.core.cache import cache

    from teilhabe.guide import fast_answers

    cache.clear()
    fast_answers.forget()  # and the process's recent stored API answers


@pytest.fixture(autouse=True)
def _mail_in_memory(settings) -> None:  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = MAIL_IN_MEMORY


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts in the default language (German): a request of an earlier test in the
    same worker leaves its language active (LocaleMiddleware activates it for the thread), so a
    message's language would depend on the order the tests ran in."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker) -> None:  # type: ignore[no-untyped-def]
    """Load the territory once into each test database; each test's rollback returns to it.

    Tests that flush the database (transactional ones) lose it; `territory` then loads it again.
    """
    with django_db_blocker.unblock():
        load_territory()
        ensure_centres()


# The audit trail's triggers (core migration 0002) refuse DELETE and TRUNCATE of audit events.
# The flush between transactional (live-server) tests empties every table, so it alone raises
# the purge flag, inside its own transaction; the application never does.
AUDIT_PURGE_SQL = {
    "postgresql": (["SET LOCAL teilhabe.allow_audit_purge = 'on'"], []),
    "sqlite": (
        ["INSERT INTO teilhabe_audit_purge (purging) VALUES (1)"],
        ["DELETE FROM teilhabe_audit_purge"],
    ),
}


@pytest.fixture(scope="session", autouse=True)
def _flush_may_purge_the_audit_trail() -> Iterator[None]:
    flush = BaseDatabaseOperations.execute_sql_flush

    def flush_with_purge(self: BaseDatabaseOperations, sql_list: list[str]) -> None:
        before, after = AUDIT_PURGE_SQL[self.connection.vendor]
        flush(self, [*before, *sql_list, *after])

    BaseDatabaseOperations.execute_sql_flush = flush_with_purge  # type: ignore[method-assign]
    yield
    BaseDatabaseOperations.execute_sql_flush = flush  # type: ignore[method-assign]


# The media folder of the module whose `module_db` is open (at most one at a time).
_MODULE_MEDIA: list[Path] = []


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Rows made once for all tests of a module, as Django's `TestCase.setUpTestData` makes
    them: inside a transaction that is rolled back when the module's tests are done; each
    test's own transaction (the `db` fixture) is a savepoint within it, rolled back to these
    rows. For matrices that make the same rows for each of hundreds of tests (the URL matrix
    spent four of its five minutes building them). The module's rows see what the function
    fixtures give every test: MD5 hashing, mail in memory, media in a temporary folder (the
    same one for the module's tests), German. Not for transactional tests (a flush would empty
    the outer transaction's rows)."""
    media = tmp_path_factory.mktemp("module-media")
    with (
        django_db_blocker.unblock(),
        override_settings(
            PASSWORD_HASHERS=FAST_HASHERS,
            EMAIL_BACKEND=MAIL_IN_MEMORY,
            MEDIA_ROOT=str(media),
        ),
        translation.override(django_settings.LANGUAGE_CODE),
        transaction.atomic(),
    ):
        _MODULE_MEDIA.append(media)
        try:
            yield
        finally:
            _MODULE_MEDIA.pop()
            transaction.set_rollback(True)


@pytest.fixture(scope="module")
def module_personas(module_db: None) -> dict[str, User]:
    """All personas, made once for the module (see `module_db`)."""
    return {name: make_persona(name) for name in PERSONA_FIXTURES}
