"""The public events API: upcoming public events as JSON (paginated) and as iCalendar.

Only published public events, never drafts or internal ones; ETag and 304 as on the other
public reads. `district` is a district key (05711) or, for the City of Aachen, its grantee key
(05334002); an unknown key is 404, a date that is no date 422 `invalid_date`.
"""

# No `from __future__ import annotations`: ninja reads the parameter types at runtime.

import hashlib
from datetime import datetime
from typing import Annotated, Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from ninja import Field, Query, Router, Schema

from teilhabe.core.api_errors import ErrorsOut
from teilhabe.core.api_params import Id, IsoDate, PageNumber
from teilhabe.core.http import etagged_json

from . import calendar
from .models import HOLDING, Event, EventQuerySet, EventStatus
from .views import district_filter

router = Router(tags=["events"])
PAGE_SIZE = 50
FEED_MAX = 500  # upcoming events in one feed; far more than the state has at once

District = Annotated[str, Field(max_length=8, pattern=r"^[0-9]*$")]


class EventOut(Schema):
    id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    district: str | None
    place: str
    online: bool
    capacity: int
    free_places: int
    registration_url: str | None
    url: str


class EventPageOut(Schema):
    count: int
    next: str | None
    results: list[EventOut]


class EventDateOut(Schema):
    starts_at: datetime
    ends_at: datetime


class EventDetailOut(EventOut):
    status: EventStatus
    kind: str
    audience: str
    organiser: str
    description: str
    dates: list[EventDateOut]


class Filters(Schema):
    district: District = ""
    from_: IsoDate | None = Field(None, alias="from")


def _public() -> EventQuerySet:
    return (
        Event.objects.filter(status=EventStatus.PUBLISHED, is_public=True)
        .select_related("centre__grantee")
        .annotate(held=Count("registrations", filter=Q(registrations__status__in=HOLDING)))
    )


def _upcoming(filters: Filters) -> QuerySet[Event]:
    events = _public().upcoming()
    if filters.district:
        where = district_filter(filters.district)
        if where is None:
            raise Http404
        events = events.filter(where)
    if filters.from_ is not None:
        events = events.filter(last_ends_at__date__gte=filters.from_)
    return events.order_by("first_starts_at", "pk")


def _site(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _event(e: Event) -> dict[str, Any]:
    url = _site(e.get_absolute_url())
    return {
        "id": e.pk,
        "title": e.title,
        "starts_at": e.first_starts_at,
        "ends_at": e.last_ends_at,
        "district": e.centre.grantee.key if e.centre else None,
        "place": e.place,
        "online": bool(e.online_url),
        "capacity": e.capacity,
        "free_places": max(e.capacity - e.held, 0),  # type: ignore[attr-defined]
        "registration_url": url + "#register" if e.registration_open() else None,
        "url": url,
    }


@router.get(
    "/events",
    response={200: EventPageOut, 404: ErrorsOut},
    auth=None,
    summary="Upcoming public events",
)
def list_events(
    request: HttpRequest, filters: Query[Filters], page: PageNumber = 1
) -> HttpResponse:
    """Upcoming published public events, soonest first, 50 a page; `next` is the next page's
    address or null. `from` (YYYY-MM-DD) leaves out events that end before that day."""
    events = _upcoming(filters)
    count = events.count()
    rows = events[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    following = None
    if page * PAGE_SIZE < count:
        query = request.GET.copy()
        query["page"] = str(page + 1)
        following = _site(request.path) + "?" + query.urlencode()
    return etagged_json(
        request, {"count": count, "next": following, "results": [_event(e) for e in rows]}
    )


@router.get(
    "/events.ics",
    response={200: None, 404: ErrorsOut},
    auth=None,
    summary="Upcoming public events as iCalendar",
    openapi_extra={
        "responses": {
            "200": {
                "description": "iCalendar (RFC 5545), one VEVENT per date",
                "content": {"text/calendar": {"schema": {"type": "string"}}},
            }
        }
    },
)
def events_ics(request: HttpRequest, filters: Query[Filters]) -> HttpResponse:
    """The same events as `/events` (at most 500), one VEVENT per date, for calendar clients."""
    events = list(_upcoming(filters).prefetch_related("dates")[:FEED_MAX])
    body = calendar.build(events)
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    if etag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=300"
    return response


@router.get("/events/{event_id}", response=EventDetailOut, auth=None, summary="One public event")
def get_event(request: HttpRequest, event_id: Id) -> HttpResponse:
    """A published public event (also a past one), with its dates; drafts and internal
    events answer 404."""
    event = _public().filter(pk=event_id).first()
    if event is None:
        raise Http404
    dates = list(event.dates.all())
    return etagged_json(
        request,
        {
            **_event(event),
            "status": event.status,
            "kind": event.kind,
            "audience": event.audience,
            "organiser": event.organiser_name,
            "description": event.description,
            "dates": [{"starts_at": d.starts_at, "ends_at": d.ends_at} for d in dates],
        },
    )
