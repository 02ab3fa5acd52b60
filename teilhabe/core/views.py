from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy

from . import exports
from .access import audit_events_visible_to, may_read_audit
from .audit_display import actor_text, change_lines, object_type_label, related_names
from .audit_filters import AuditFilterForm
from .models import AuditEvent
from .templatetags.audit import action_label

PER_PAGE = 50


def _filtered(request: HttpRequest) -> tuple[AuditFilterForm, QuerySet[AuditEvent]]:
    if not may_read_audit(request.user):
        raise Http404
    visible = audit_events_visible_to(request.user)
    form = AuditFilterForm(request.GET or None, events=visible)
    if form.is_bound:
        form.is_valid()
    events = form.filter(visible).select_related("centre")
    return form, events


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """The audit trail the user may read (KI leads: their KI; grant authority: all), filtered."""
    form, events = _filtered(request)
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
    named = related_names(page.object_list)  # the page's named rows, one query per model
    rows = [
        {
            "event": e,
            "actor": actor_text(e),
            "action": capfirst(action_label(e.action)),
            "object_type": object_type_label(e.content_type),
            "changes": change_lines(e, named),
        }
        for e in page.object_list
    ]
    return render(
        request,
        "core/audit_log.html",
        {
            "page": page,
            "rows": rows,
            "form": form,
            "export_links": exports.export_links(request, "core:audit_log_export"),
        },
    )


def _changes_text(event: AuditEvent) -> str:
    return "; ".join(f"{c.label}: {c.before} → {c.after}" for c in change_lines(event))


AUDIT_COLUMNS = (
    exports.Column(gettext_lazy("Time"), lambda e: e.created_at, "datetime"),
    exports.Column(gettext_lazy("Actor"), actor_text),
    exports.Column(gettext_lazy("Action"), lambda e: capfirst(action_label(e.action))),
    exports.Column(gettext_lazy("Object type"), lambda e: object_type_label(e.content_type)),
    exports.Column(gettext_lazy("Object"), lambda e: e.object_label, width=40),
    exports.Column(gettext_lazy("KI"), lambda e: e.centre.name if e.centre else ""),
    exports.Column(gettext_lazy("Changes"), _changes_text, width=60),
    exports.Column(gettext_lazy("Request id"), lambda e: e.request_id, width=20),
)


@login_required
def audit_log_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """The filtered trail as CSV or XLSX for German Excel (`core.exports`)."""
    _form, events = _filtered(request)
    return exports.export(
        request,
        events,
        AUDIT_COLUMNS,
        fmt=fmt,
        filename="protokoll",
        title=gettext_lazy("Audit trail"),
        subject=AuditEvent,
        back=reverse("core:audit_log"),
    )
