"""The check-in code at the door: an absolute URL with the registration's check-in token
(`tokens.checkin_token_for`), as a QR code any phone camera opens. The organiser's staff land
on `events:checkin` (after login), everyone else on a 404."""

from __future__ import annotations

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from .models import Registration
from .tokens import checkin_token_for


def checkin_url(registration: Registration) -> str:
    path = reverse("events:checkin", args=[registration.event_id, checkin_token_for(registration)])
    return settings.SITE_URL.rstrip("/") + path


def qr_svg(registration: Registration) -> SafeString:
    """The QR code as inline SVG (no script, no style attribute: the CSP allows it)."""
    image = qrcode.make(checkin_url(registration), image_factory=qrcode.image.svg.SvgPathImage)
    return mark_safe(image.to_string(encoding="unicode"))  # noqa: S308 (our own SVG)
