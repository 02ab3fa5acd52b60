"""The check-in code at the door: an absolute URL with the registration's check-in token
(`tokens.checkin_token_for`), as a QR code any phone camera opens. The organiser's staff land
on `events:checkin` (after login), everyone else on a 404. Which date of the event a scan or a
tick is for: `checkin_date`, `door_date`."""

from __future__ import annotations

from collections.abc import Sequence

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from .models import EventDate, Registration
from .tokens import checkin_token_for


def checkin_url(registration: Registration) -> str:
    path = reverse("events:checkin", args=[registration.event_id, checkin_token_for(registration)])
    return settings.SITE_URL.rstrip("/") + path


def qr_svg(registration: Registration) -> SafeString:
    """The QR code as inline SVG (no script, no style attribute: the CSP allows it)."""
    image = qrcode.make(checkin_url(registration), image_factory=qrcode.image.svg.SvgPathImage)
    return mark_safe(image.to_string(encoding="unicode"))  # noqa: S308 (our own SVG)


def dates_today(dates: Sequence[EventDate]) -> list[EventDate]:
    today = timezone.localdate()
    return [d for d in dates if timezone.localdate(d.starts_at) == today]


def checkin_date(dates: Sequence[EventDate], wanted: int | None) -> EventDate | None:
    """The date a scan ticks: the one chosen, an event's only date, or the one date of the
    event today; None when it must ask (none or several today)."""
    if wanted is not None:
        return next((d for d in dates if d.pk == wanted), None)
    if len(dates) == 1:
        return dates[0]
    today = dates_today(dates)
    return today[0] if len(today) == 1 else None


def door_date(dates: Sequence[EventDate], wanted: int | None) -> EventDate:
    """The date the door list shows: the one chosen, else today's (the first of several),
    else the next to come, else the last."""
    chosen = next((d for d in dates if d.pk == wanted), None) if wanted is not None else None
    if chosen is not None:
        return chosen
    today = dates_today(dates)
    if today:
        return today[0]
    now = timezone.now()
    return next((d for d in dates if d.ends_at >= now), dates[-1])
