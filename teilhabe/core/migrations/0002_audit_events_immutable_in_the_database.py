"""Audit events immutable in the database too (ADR 0007): triggers refuse UPDATE, DELETE and
TRUNCATE of `core_auditevent`, so raw SQL and `dbshell` cannot rewrite the trail either.

One way out, for the test suite's flush only (root `conftest.py`; the application never uses
it): deletion passes inside a transaction that raised the purge flag — on PostgreSQL the
transaction-local setting `teilhabe.allow_audit_purge = 'on'` (`SET LOCAL`), on SQLite a row in
`teilhabe_audit_purge` (a non-temporary trigger cannot read a temp table; an uncommitted row is
seen by no other connection). UPDATE is refused always.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

POSTGRESQL = [
    """
    CREATE FUNCTION core_auditevent_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP <> 'UPDATE'
           AND coalesce(current_setting('teilhabe.allow_audit_purge', true), '') = 'on' THEN
            IF TG_LEVEL = 'ROW' THEN
                RETURN OLD;
            END IF;
            RETURN NULL;
        END IF;
        RAISE EXCEPTION USING
            MESSAGE = 'audit events are immutable: ' || TG_OP || ' refused on ' || TG_TABLE_NAME,
            ERRCODE = 'insufficient_privilege';
    END;
    $$
    """,
    """
    CREATE TRIGGER core_auditevent_no_update_or_delete
    BEFORE UPDATE OR DELETE ON core_auditevent
    FOR EACH ROW EXECUTE FUNCTION core_auditevent_refuse_change()
    """,
    """
    CREATE TRIGGER core_auditevent_no_truncate
    BEFORE TRUNCATE ON core_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION core_auditevent_refuse_change()
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS core_auditevent_no_truncate ON core_auditevent",
    "DROP TRIGGER IF EXISTS core_auditevent_no_update_or_delete ON core_auditevent",
    "DROP FUNCTION IF EXISTS core_auditevent_refuse_change()",
]

SQLITE = [
    "CREATE TABLE teilhabe_audit_purge (purging integer NOT NULL)",
    """
    CREATE TRIGGER core_auditevent_no_update
    BEFORE UPDATE ON core_auditevent
    BEGIN
        SELECT RAISE(ABORT, 'audit events are immutable: UPDATE refused on core_auditevent');
    END
    """,
    """
    CREATE TRIGGER core_auditevent_no_delete
    BEFORE DELETE ON core_auditevent
    WHEN NOT EXISTS (SELECT 1 FROM teilhabe_audit_purge)
    BEGIN
        SELECT RAISE(ABORT, 'audit events are immutable: DELETE refused on core_auditevent');
    END
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS core_auditevent_no_delete",
    "DROP TRIGGER IF EXISTS core_auditevent_no_update",
    "DROP TABLE IF EXISTS teilhabe_audit_purge",
]

FORWARD = {"postgresql": POSTGRESQL, "sqlite": SQLITE}
REVERSE = {"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}


def _run(statements: dict[str, list[str]], schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor not in statements:
        raise RuntimeError(f"no audit trail guard for the {vendor} database")
    for sql in statements[vendor]:
        schema_editor.execute(sql)


def forward(apps: Any, schema_editor: Any) -> None:
    _run(FORWARD, schema_editor)


def reverse(apps: Any, schema_editor: Any) -> None:
    _run(REVERSE, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(forward, reverse)]
