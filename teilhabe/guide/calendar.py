"""The guide's iCalendar feed of dated offers (course starts), RFC 5545 with `icalendar`
(docs/guide.md, "Calendar feed").

One VEVENT per public offer with a start: the course's start, else the offer's next start,
both from the published version (what the public page shows). All-day events: DTSTART a date,
DTEND the day after the course's end (DTEND is exclusive) or none (one day). UID
`<offer uuid>@<host>` is stable, DTSTAMP the publication, so the same offers give the same
bytes and the feed's ETag holds. Bounded: starts from today to `HORIZON_DAYS` ahead, at most
`MAX_EVENTS` events, the earliest first.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlparse

from django.conf import settings
from django.db.models import F, Q
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as VEvent

from teilhabe.territory.models import Municipality

from .models import Offer

PRODID = "-//Teilhabe NRW//Integrationswegweiser//DE"
HORIZON_DAYS = 366  # the next 12 months
MAX_EVENTS = 2000
MAX_AGE = 900  # seconds a client may keep the feed before it revalidates


def _host() -> str:
    return urlparse(settings.SITE_URL).hostname or "teilhabe.invalid"


@dataclass(frozen=True)
class Item:
    """What one VEVENT needs, read from an offer's published version."""

    uid: str
    summary: str
    url: str
    starts_on: date
    ends_on: date | None
    stamp: Any
    location: str
    geo: tuple[float, float] | None


def dated_offers(centre_id: int | None = None, today: date | None = None) -> list[dict[str, Any]]:
    """The public offers with a published start within the horizon, earliest first, at most
    `MAX_EVENTS`: one query, whatever the number of offers."""
    today = today or timezone.localdate()
    start = Coalesce(
        KT("published_snapshot__course__starts_on"), KT("published_snapshot__offer__next_start")
    )
    # ISO dates compare as text in both databases (fixed width, zero-padded).
    rows = (
        Offer.objects.for_public_display(today)
        .annotate(start=start)
        .filter(
            Q(start__gte=today.isoformat())
            & Q(start__lte=(today + timedelta(days=HORIZON_DAYS)).isoformat())
        )
    )
    if centre_id is not None:
        rows = rows.filter(centre_id=centre_id)
    fields = ("uuid", "published_snapshot", "published_at")
    return [dict(row) for row in rows.order_by(F("start").asc(), "pk").values(*fields)[:MAX_EVENTS]]


def _date(text: Any) -> date | None:
    try:
        return date.fromisoformat(str(text)) if text else None
    except ValueError:
        return None


def _geo(location: dict[str, Any]) -> tuple[float, float] | None:
    try:
        lat, lon = Decimal(str(location.get("lat"))), Decimal(str(location.get("lon")))
    except (InvalidOperation, ValueError):
        return None
    return float(lat), float(lon)


def items(rows: list[dict[str, Any]], language: str | None) -> list[Item]:
    """The events of `rows` (from `dated_offers`), titles in `language` where the offer has
    it, else its source language; one more query for the municipalities' names."""
    firsts = [(r["published_snapshot"].get("locations") or [None])[0] for r in rows]
    pks = {loc["municipality"] for loc in firsts if loc and loc.get("municipality")}
    names = dict(Municipality.objects.filter(pk__in=pks).values_list("pk", "short_name"))
    site = settings.SITE_URL.rstrip("/")
    result = []
    for row, loc in zip(rows, firsts, strict=True):
        published = row["published_snapshot"]
        texts = published.get("texts") or {}
        source = published["offer"].get("source_language") or "de"
        shown = language if language in texts else source
        course = published.get("course") or {}
        starts_on = _date(course.get("starts_on")) or _date(published["offer"].get("next_start"))
        if starts_on is None:
            continue
        ends_on = _date(course.get("ends_on"))
        address = ""
        if loc:
            town = f"{loc.get('postcode', '')} {names.get(loc.get('municipality'), '')}".strip()
            address = ", ".join(p for p in (loc.get("name"), loc.get("street"), town) if p)
        query = f"?lang={language}" if language else ""
        result.append(
            Item(
                uid=f"{row['uuid']}@{_host()}",
                summary=(texts.get(shown) or {}).get("title", ""),
                url=site + reverse("guide:public_offer", args=[row["uuid"]]) + query,
                starts_on=starts_on,
                ends_on=ends_on if ends_on is not None and ends_on >= starts_on else None,
                stamp=row["published_at"],
                location=address,
                geo=_geo(loc) if loc and loc.get("lat") is not None else None,
            )
        )
    return result


def build(events: list[Item], *, name: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    for e in events:
        item = VEvent()
        item.add("uid", e.uid)
        item.add("dtstamp", e.stamp.astimezone(UTC))
        item.add("dtstart", e.starts_on)  # a date: an all-day event
        if e.ends_on is not None:
            item.add("dtend", e.ends_on + timedelta(days=1))  # exclusive
        item.add("summary", e.summary)
        item.add("url", e.url)
        if e.location:
            item.add("location", e.location)
        if e.geo is not None:
            item.add("geo", e.geo)
        cal.add_component(item)
    return bytes(cal.to_ical())


def response(request: HttpRequest, body: bytes, *, filename: str) -> HttpResponse:
    """The feed with a strong ETag; 304 when the client already has this version."""
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    if etag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
        answer: HttpResponse = HttpResponseNotModified()
    else:
        answer = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        answer["Content-Disposition"] = f'inline; filename="{filename}.ics"'
    answer["ETag"] = etag
    answer["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return answer
