"""Permission-checked reads of the audit trail."""

from __future__ import annotations

from django.db.models import QuerySet

from . import roles
from .models import AuditEvent
from .registry import registry
from .roles import AnyUser


def audit_events_visible_to(user: AnyUser) -> QuerySet[AuditEvent]:
    """KI leads: their KI's events; grant authority and coordination office: all; others: none."""
    scope = roles.audit_scope(user)
    if scope is None:
        return AuditEvent.objects.none()
    events = AuditEvent.objects.for_display().filter(scope)
    for hidden in registry.audit_exclusions(user):  # what an app keeps from the trail's readers
        events = events.exclude(hidden)
    return events


def may_read_audit(user: AnyUser) -> bool:
    return roles.audit_scope(user) is not None
