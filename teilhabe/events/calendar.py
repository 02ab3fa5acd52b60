"""iCalendar feeds (RFC 5545) with the `icalendar` library: one VEVENT per date of an event.

UIDs are stable per date (`event-<id>-date-<id>@<host>`), so a client that subscribed updates
its entries instead of duplicating them; times are in UTC (valid for every common client).
A cancelled event stays in the feed with STATUS:CANCELLED, so subscribers see it called off.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC
from urllib.parse import urlparse

from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpResponse
from icalendar import Calendar
from icalendar import Event as VEvent

from .models import Event, EventDate, EventStatus

PRODID = "-//Teilhabe NRW//Veranstaltungen der Kommunalen Integrationszentren//DE"


def _host() -> str:
    return urlparse(settings.SITE_URL).hostname or "teilhabe.invalid"


def build(events: Iterable[Event]) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Veranstaltungen – Teilhabe NRW")
    site = settings.SITE_URL.rstrip("/")
    for event in events:
        for d in event.dates.all():
            item = VEvent()
            item.add("uid", f"event-{event.pk}-date-{d.pk}@{_host()}")
            # The last change: the same event gives the same bytes, so the feed's ETag holds.
            item.add("dtstamp", event.updated_at.astimezone(UTC))
            item.add("dtstart", d.starts_at.astimezone(UTC))
            item.add("dtend", d.ends_at.astimezone(UTC))
            item.add("summary", event.title)
            item.add("location", event.place or event.online_url)
            item.add("url", site + event.get_absolute_url())
            if event.description:
                item.add("description", event.description)
            item.add(
                "status", "CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED"
            )
            cal.add_component(item)
    return cal.to_ical()


def with_dates(events: Iterable[Event]) -> list[Event]:
    """The events with their dates in one more query (for a feed of many)."""
    from django.db.models import QuerySet

    if isinstance(events, QuerySet):
        return list(
            events.prefetch_related(Prefetch("dates", EventDate.objects.order_by("starts_at")))
        )
    return list(events)


def response(events: Iterable[Event], *, name: str) -> HttpResponse:
    answer = HttpResponse(build(with_dates(events)), content_type="text/calendar; charset=utf-8")
    answer["Content-Disposition"] = f'inline; filename="{name}.ics"'
    return answer
