from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from .access import audit_events_visible_to, may_read_audit


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """The audit trail the user may read (KI leads: their KI; grant authority: all)."""
    if not may_read_audit(request.user):
        raise Http404
    events = audit_events_visible_to(request.user).select_related("centre")
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "core/audit_log.html", {"page": page})
