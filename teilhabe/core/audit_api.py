# No `from __future__ import annotations`: ninja resolves a paginated view's parameter types
# (core.api_params.Id …) in the paginate wrapper's module, where these names do not exist.
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from teilhabe.core.api_auth import STAFF_AUTH
from teilhabe.core.api_params import Id, Pagination

from .access import audit_events_visible_to, may_read_audit
from .models import AuditEvent

router = Router(tags=["audit"])


class AuditEventOut(Schema):
    id: int
    created_at: datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    object: str
    centre_id: int | None
    changes: dict[str, Any]
    request_id: str

    @staticmethod
    def resolve_actor(obj: AuditEvent) -> str:
        return obj.actor_label

    @staticmethod
    def resolve_object_type(obj: AuditEvent) -> str:
        return f"{obj.content_type.app_label}.{obj.content_type.model}"

    @staticmethod
    def resolve_object(obj: AuditEvent) -> str:
        return obj.object_label


@router.get("/audit-events", response=list[AuditEventOut], auth=STAFF_AUTH, summary="Audit trail")
@paginate(Pagination, page_size=50)
def list_audit_events(request: HttpRequest, centre: Id | None = None) -> QuerySet[AuditEvent]:
    """The audit events the caller may read, newest first (KI leads: their KI's only)."""
    user = request.auth  # type: ignore[attr-defined]
    if not may_read_audit(user):
        raise Http404
    events = audit_events_visible_to(user)
    if centre is not None:
        events = events.filter(centre_id=centre)
    return events
