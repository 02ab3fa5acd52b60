"""Notifications of every status change and deadline of the funding chain: inbox and e-mail.

Services call `notify(event, application, ...)` inside their transaction. It records one
notification per recipient in the app's inbox (`accounts.services.record_notifications`) in that
same transaction, and the mails go out after the commit (`transaction.on_commit`): a rolled-back
step records nothing and mails nobody. Each mail carries the German text first and the English
one below it: we do not store a language per user, and an authority's mail must be understood by
whoever reads the shared inbox; the inbox keeps subject and text in every language of the
interface and shows the reader's. The backend is the console by default; SMTP is configured by
the EMAIL_* settings (docs/operations.md).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from teilhabe.accounts.services import record_notifications
from teilhabe.core import dates, money
from teilhabe.core.roles import CENTRE_ROLES, Role

if TYPE_CHECKING:
    from teilhabe.accounts.models import User
    from teilhabe.funding.models import Application

logger = logging.getLogger(__name__)

KI = "ki"  # everyone of the application's KI (staff and lead)
KI_LEAD = "ki_lead"
OFFICERS = "officers"  # every grant officer
APPROVERS = "approvers"  # every grant approver


@dataclass(frozen=True)
class Event:
    audience: str
    subject: Promise
    text: Promise


EVENTS: dict[str, Event] = {
    "application_submitted": Event(
        OFFICERS,
        _("Application submitted: %(application)s"),
        _("%(centre)s has submitted its application for %(years)s, signed by %(actor)s."),
    ),
    "signature_requested": Event(
        KI_LEAD,
        _("Please sign: application %(application)s"),
        _(
            "%(actor)s has prepared the application of %(centre)s for %(years)s and asks you, "
            "as head of the KI, to check, sign and submit it."
        ),
    ),
    "application_withdrawn": Event(
        OFFICERS,
        _("Application withdrawn: %(application)s"),
        _("%(centre)s has withdrawn its application for %(years)s."),
    ),
    "review_started": Event(
        KI,
        _("Your application is being reviewed: %(application)s"),
        _("The grant authority has started reviewing your application for %(years)s."),
    ),
    "information_requested": Event(
        KI,
        _("Information requested by %(due_date)s: %(application)s"),
        _(
            "The grant authority asks for more information on your application for %(years)s "
            "by %(due_date)s:\n\n%(message)s"
        ),
    ),
    "information_overdue": Event(
        KI,
        _("Reminder: information overdue since %(due_date)s: %(application)s"),
        _(
            "The information the grant authority asked for by %(due_date)s has not been given "
            "yet:\n\n%(message)s"
        ),
    ),
    "application_resubmitted": Event(
        OFFICERS,
        _("Information given, application resubmitted: %(application)s"),
        _("%(centre)s has answered the information request and resubmitted its application."),
    ),
    "proposal_made": Event(
        APPROVERS,
        _("Second signature needed: %(application)s"),
        _("%(actor)s proposes %(proposal)s for the application of %(centre)s (%(years)s)."),
    ),
    "proposal_returned": Event(
        OFFICERS,
        _("Proposal returned: %(application)s"),
        _("%(actor)s has returned the proposal on %(centre)s (%(years)s):\n\n%(message)s"),
    ),
    "decision_issued": Event(
        KI,
        _("Decision issued: %(decision)s"),
        _(
            "The grant authority has issued the decision %(decision)s on your application for "
            "%(years)s. You can download it in Teilhabe."
        ),
    ),
    "condition_due": Event(
        KI,
        _("Condition due on %(due_date)s: %(application)s"),
        _("A condition of your funding decision is due on %(due_date)s:\n\n%(message)s"),
    ),
    "condition_overdue": Event(
        KI,
        _("Condition overdue since %(due_date)s: %(application)s"),
        _("A condition of your funding decision was due on %(due_date)s:\n\n%(message)s"),
    ),
    "payment_requested": Event(
        OFFICERS,
        _("Payment requested: %(application)s"),
        _("%(centre)s requests a payment of %(amount)s EUR for %(year)s."),
    ),
    "payment_released": Event(
        KI,
        _("Payment released: %(application)s"),
        _("The payment of %(amount)s EUR for %(year)s has been released."),
    ),
    "payment_refused": Event(
        KI,
        _("Payment refused: %(application)s"),
        _("The payment of %(amount)s EUR for %(year)s was refused:\n\n%(message)s"),
    ),
}


def recipients(audience: str, application: Application) -> list[User]:
    """The active accounts of `audience` for `application` (also those without an e-mail
    address: they read it in the app)."""
    from teilhabe.accounts.models import User

    users = User.objects.filter(is_active=True)
    if audience == KI:
        users = users.filter(centre_id=application.centre_id, role__in=sorted(CENTRE_ROLES))
    elif audience == KI_LEAD:
        users = users.filter(centre_id=application.centre_id, role=Role.KI_LEAD)
    elif audience == OFFICERS:
        users = users.filter(role=Role.GRANT_OFFICER)
    elif audience == APPROVERS:
        users = users.filter(role=Role.GRANT_APPROVER)
    else:
        raise ValueError(f"unknown audience {audience!r}")
    return list(users.order_by("pk"))


def _shown(value: Any) -> str:
    """A parameter as the active language writes it: amounts (Decimal) and dates are passed raw
    and come out 1.234,56 / 31.12.2026 in German, 1,234.56 / 31 December 2026 in English (mail
    and inbox alike); lazy labels in each language."""
    if isinstance(value, Decimal):
        return money.localized(value)
    if isinstance(value, date) and not isinstance(value, datetime):
        return dates.localized_date(value)
    return str(value)


def texts(event: str, application: Application, **params: Any) -> dict[str, tuple[str, str]]:
    """Subject and text of `event` for `application` in each language of the interface."""
    spec = EVENTS[event]
    by_language = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            # Lazy labels among the params (a proposal's kind) are rendered in each language.
            values = {
                "application": str(application),
                "centre": str(application.centre),
                "years": application.years_label,
                **{k: _shown(v) for k, v in params.items()},
            }
            by_language[language] = (str(spec.subject) % values, str(spec.text) % values)
    return by_language


def mail(by_language: dict[str, tuple[str, str]], path: str) -> tuple[str, str]:
    """Subject and body of the mail: the German text, then the English one, each with the
    link to `path`."""
    url = settings.SITE_URL.rstrip("/") + path
    parts = []
    for language in ("de", "en"):
        with translation.override(language):
            parts.append(
                render_to_string(
                    "funding/email/notification.txt",
                    {"text": by_language[language][1], "url": url, "platform": "Teilhabe"},
                ).strip()
            )
    return by_language["de"][0], "\n\n---------- English ----------\n\n".join(parts) + "\n"


def render(
    event: str, application: Application, *, path: str | None = None, **params: Any
) -> tuple[str, str]:
    """Subject and body of `event` for `application`: German, then English. The link opens
    `path` (the page where the recipient acts), by default the application."""
    return mail(texts(event, application, **params), path or application.get_absolute_url())


def notify(
    event: str,
    application: Application,
    *,
    actor: Any = None,
    extra_recipients: Iterable[User] = (),
    path: str | None = None,
    **params: Any,
) -> list[User]:
    """Tell `event` to its audience: one notification in each recipient's inbox, recorded in the
    surrounding transaction (the step's), and a mail after it commits. The link opens `path`,
    by default the application. Returns the recipients."""
    spec = EVENTS[event]
    if actor is not None:
        params.setdefault("actor", actor.get_full_name() or actor.get_username())
    path = path or application.get_absolute_url()
    by_language = texts(event, application, **params)
    people = {u.pk: u for u in recipients(spec.audience, application)}
    people.update({u.pk: u for u in extra_recipients if u.is_active})
    if not people:
        logger.info("no recipient for %s on application %s", event, application.pk)
        return []
    record_notifications(people.values(), event=event, path=path, texts=by_language)
    to = sorted({u.email for u in people.values() if u.email})
    if to:
        subject, body = mail(by_language, path)

        def send() -> None:
            messages = [
                EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
                for address in to
            ]
            get_connection().send_messages(messages)

        # robust: a failing mail server is logged and never turns a committed step into an error.
        transaction.on_commit(send, robust=True)
    return [people[pk] for pk in sorted(people)]
