"""The audit trail is immutable in the database too: raw SQL can neither change nor delete it.

The triggers come from core migration 0002; only the test suite's flush may empty the table
(root `conftest.py`).
"""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from teilhabe.accounts.models import User
from teilhabe.centres import services
from teilhabe.centres.models import Centre
from teilhabe.core.models import AuditEvent


@pytest.fixture
def event(anna: User, bielefeld: Centre) -> AuditEvent:
    services.update_centre(bielefeld, by=anna, data={"street": "Niederwall 23"})
    return AuditEvent.objects.get(action="centre.updated")


def _refused(sql: str, params: list[object] | None = None) -> None:
    with (
        pytest.raises(DatabaseError, match="audit events are immutable"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, params)


def test_raw_sql_cannot_change_an_event(event: AuditEvent) -> None:
    _refused("UPDATE core_auditevent SET action = 'centre.deleted' WHERE id = %s", [event.pk])
    _refused("UPDATE core_auditevent SET changes = '{}'")
    event.refresh_from_db()
    assert event.action == "centre.updated"
    assert event.changes == {"street": {"from": "", "to": "Niederwall 23"}}


def test_raw_sql_cannot_delete_an_event(event: AuditEvent) -> None:
    _refused("DELETE FROM core_auditevent WHERE id = %s", [event.pk])
    _refused("DELETE FROM core_auditevent")
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no TRUNCATE")
def test_raw_sql_cannot_truncate_the_trail(event: AuditEvent) -> None:
    with connection.cursor() as cursor:  # else TRUNCATE stops at the pending foreign-key checks
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    _refused("TRUNCATE core_auditevent CASCADE")
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the purge setting is PostgreSQL's")
def test_the_application_never_raises_the_purge_flag(event: AuditEvent) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('teilhabe.allow_audit_purge', true)")
        assert cursor.fetchone()[0] in (None, "")


@pytest.mark.django_db(transaction=True)
def test_the_test_flush_still_empties_the_trail(anna: User, bielefeld: Centre) -> None:
    """A transactional test leaves events behind; its flush (teardown) must remove them."""
    services.update_centre(bielefeld, by=anna, data={"street": "Niederwall 23"})
    assert AuditEvent.objects.exists()
