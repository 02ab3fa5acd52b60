from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import formats, timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .access import audit_events_visible_to, may_read_audit
from .audit_display import actor_text, change_lines, object_type_label
from .audit_filters import AuditFilterForm
from .models import AuditEvent
from .templatetags.audit import action_label

PER_PAGE = 50
# The export's bound: a filtered trail of more rows ends with a line that says so.
EXPORT_MAX_ROWS = 20_000
BOM = "\ufeff"  # German Excel reads a CSV as UTF-8 only with it
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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
    rows = [
        {
            "event": e,
            "actor": actor_text(e),
            "action": capfirst(action_label(e.action)),
            "object_type": object_type_label(e.content_type),
            "changes": change_lines(e),
        }
        for e in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/audit_log.html",
        {"page": page, "rows": rows, "form": form, "export_query": query.urlencode()},
    )


def _cell(value: Any) -> str:
    """A cell Excel shows as text: a value that starts like a formula gets a leading quote."""
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_lines(events: QuerySet[AuditEvent]) -> Iterator[str]:
    with translation.override("de"):  # German Excel: German words, dates and numbers
        writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")
        yield BOM + writer.writerow(
            [
                _("Time"),
                _("Actor"),
                _("Action"),
                _("Object type"),
                _("Object"),
                _("KI"),
                _("Changes"),
                _("Request id"),
            ]
        )
        for count, e in enumerate(events[: EXPORT_MAX_ROWS + 1].iterator(chunk_size=500), 1):
            if count > EXPORT_MAX_ROWS:
                yield writer.writerow(
                    [
                        _("Only the first %(n)s entries: narrow the filters for the rest.")
                        % {"n": formats.number_format(EXPORT_MAX_ROWS, force_grouping=True)}
                    ]
                )
                return
            changes = "; ".join(f"{c.label}: {c.before} → {c.after}" for c in change_lines(e))
            yield writer.writerow(
                _cell(value)
                for value in [
                    formats.date_format(timezone.localtime(e.created_at), "d.m.Y H:i"),
                    actor_text(e),
                    capfirst(action_label(e.action)),
                    object_type_label(e.content_type),
                    e.object_label,
                    e.centre.name if e.centre else "",
                    changes,
                    e.request_id,
                ]
            )


@login_required
def audit_log_export(request: HttpRequest) -> StreamingHttpResponse:
    """The filtered trail as CSV for German Excel: `;`, UTF-8 with BOM, streamed and bounded."""
    _form, events = _filtered(request)
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    response = StreamingHttpResponse(_csv_lines(events), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="protokoll-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response
