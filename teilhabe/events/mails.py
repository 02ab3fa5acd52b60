"""The participants' mails: the confirmation link, the place or the waiting list, an offer,
a cancellation, the reminder. Sent after the commit, in German (the UI's default language),
each with the participant's own link (confirm, cancel, certificate). The mails of a confirmed
place (confirmation, reminder) carry an HTML part with the check-in QR code as inline SVG; the
participant's page shows the same code for clients that drop SVG."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html, linebreaks, urlize
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from teilhabe.core.dates import german_datetime

from .checkin import qr_svg
from .tokens import token_for

if TYPE_CHECKING:
    from .models import Registration

logger = logging.getLogger(__name__)

SUBJECTS = {
    "confirm_address": gettext_noop("Please confirm your registration: %(event)s"),
    "confirmed": gettext_noop("Your place is confirmed: %(event)s"),
    "waiting": gettext_noop("You are on the waiting list: %(event)s"),
    "offered": gettext_noop("A place has become free for you: %(event)s"),
    "cancelled": gettext_noop("Your registration is cancelled: %(event)s"),
    "event_cancelled": gettext_noop("The event is cancelled: %(event)s"),
    "reminder": gettext_noop("Reminder: %(event)s takes place tomorrow"),
}
# The mails of a confirmed place: they carry the check-in code.
WITH_CHECKIN = frozenset({"confirmed", "reminder"})


def link(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("events:registration", args=[token])


def _body(kind: str, registration: Registration) -> str:
    event = registration.event
    when = german_datetime(event.first_starts_at) if event.first_starts_at else ""
    lines = [_("Hello %(name)s,") % {"name": registration.name}, ""]
    if kind == "confirm_address":
        lines.append(
            _(
                "please confirm your registration with the link below. Until you confirm it, "
                "no place is held for you."
            )
        )
    elif kind == "confirmed":
        lines.append(_("your place is confirmed."))
    elif kind == "waiting":
        lines.append(
            _("the event is full. You are number %(n)s on the waiting list.")
            % {"n": registration.position}
        )
    elif kind == "offered":
        assert registration.offer_expires_at is not None
        lines.append(
            _(
                "a place has become free for you. Please confirm it by %(until)s, or it goes to "
                "the next person."
            )
            % {"until": german_datetime(registration.offer_expires_at)}
        )
    elif kind == "cancelled":
        lines.append(_("your registration is cancelled."))
    elif kind == "event_cancelled":
        lines.append(_("we are sorry: the event is cancelled."))
    elif kind == "reminder":
        lines.append(_("we look forward to seeing you tomorrow."))
    if kind in WITH_CHECKIN:
        lines.append(
            _(
                "At the entrance, please show your check-in code (the QR code in this mail or on "
                "your registration page)."
            )
        )
    lines += [
        "",
        f"{event.title}",
        _("Starts: %(when)s") % {"when": when},
        _("Place: %(place)s") % {"place": event.place or event.online_url},
        "",
        _("Your registration (confirm, cancel, certificate of attendance):"),
        link(token_for(registration)),
    ]
    return "\n".join(lines)


def _html(text: str, registration: Registration) -> str:
    """The text as HTML, with the check-in QR code below it."""
    return format_html(
        "<html><body>{}<figure>{}<figcaption>{}</figcaption></figure></body></html>",
        linebreaks(urlize(text, autoescape=True)),
        qr_svg(registration),
        _("Your check-in code"),
    )


def send(kind: str, registration: Registration) -> None:
    """Queue the mail for after the commit; a rolled-back step mails nobody."""
    if not registration.email:
        return

    def deliver() -> None:
        with translation.override(settings.LANGUAGE_CODE):
            subject = _(SUBJECTS[kind]) % {"event": registration.event.title}
            text = _body(kind, registration)
            send_mail(
                subject[:200],
                text,
                settings.DEFAULT_FROM_EMAIL,
                [registration.email],
                html_message=_html(text, registration) if kind in WITH_CHECKIN else None,
            )
        logger.info("event mail %s to registration %s", kind, registration.pk)

    transaction.on_commit(deliver)
