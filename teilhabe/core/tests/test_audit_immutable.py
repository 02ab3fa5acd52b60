"""An audit event is written once: the application can neither change nor delete it."""

from __future__ import annotations

import pytest

from teilhabe.accounts.models import User
from teilhabe.centres import services
from teilhabe.centres.models import Centre
from teilhabe.core.models import AuditEvent, ImmutableError


@pytest.fixture
def event(anna: User, bielefeld: Centre) -> AuditEvent:
    services.update_centre(bielefeld, by=anna, data={"street": "Niederwall 23"})
    return AuditEvent.objects.get(action="centre.updated")


def test_it_refuses_to_save_a_changed_event(event: AuditEvent) -> None:
    event.action = "centre.deleted"
    with pytest.raises(ImmutableError):
        event.save()
    event.refresh_from_db()
    assert event.action == "centre.updated"


def test_it_refuses_to_delete_an_event(event: AuditEvent) -> None:
    with pytest.raises(ImmutableError):
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_it_refuses_bulk_updates(event: AuditEvent) -> None:
    with pytest.raises(ImmutableError):
        AuditEvent.objects.filter(pk=event.pk).update(action="centre.deleted")
    with pytest.raises(ImmutableError):
        AuditEvent.objects.all().update(changes={})
    event.refresh_from_db()
    assert event.action == "centre.updated"
    assert event.changes == {"street": {"from": "", "to": "Niederwall 23"}}


def test_it_refuses_bulk_deletes(event: AuditEvent) -> None:
    count = AuditEvent.objects.count()
    with pytest.raises(ImmutableError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(ImmutableError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.count() == count
