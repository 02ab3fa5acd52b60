"""E-mail on every status change and deadline of the funding chain, in German and English.

Services call `notify(event, application, ...)` inside their transaction; the mails go out after
the commit (`transaction.on_commit`), so a rolled-back step never mails anyone. Each mail carries
the German text first and the English one below it: we do not store a language per user, and an
authority's mail must be understood by whoever reads the shared inbox. The backend is the
console by default; SMTP is configured by the EMAIL_* settings (docs/operations.md).
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
    from teilhabe.accounts.models import User

    users = User.objects.filter(is_active=True).exclude(email="")
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
    and come out 1.234,56 / 31.12.2026 in the German part, 1,234.56 / 31 December 2026 in the
    English one; lazy labels in each language."""
    if isinstance(value, Decimal):
        return money.localized(value)
    if isinstance(value, date) and not isinstance(value, datetime):
        return dates.localized_date(value)
    return str(value)


def render(
    event: str, application: Application, *, path: str | None = None, **params: Any
) -> tuple[str, str]:
    """Subject and body of `event` for `application`: German, then English. The link opens
    `path` (the page where the recipient acts), by default the application."""
    spec = EVENTS[event]
    parts = []
    subject = ""
    for language in ("de", "en"):
        with translation.override(language):
            # Lazy labels among the params (a proposal's kind) are rendered in each language.
            values = {
                "application": str(application),
                "centre": str(application.centre),
                "years": application.years_label,
                **{k: _shown(v) for k, v in params.items()},
            }
            if not subject:
                subject = str(spec.subject) % values
            parts.append(
                render_to_string(
                    "funding/email/notification.txt",
                    {
                        "text": str(spec.text) % values,
                        "url": settings.SITE_URL.rstrip("/")
                        + (path or application.get_absolute_url()),
                        "platform": "Teilhabe",
                    },
                ).strip()
            )
    return subject, "\n\n---------- English ----------\n\n".join(parts) + "\n"


def notify(
    event: str,
    application: Application,
    *,
    actor: Any = None,
    extra_recipients: Iterable[User] = (),
    path: str | None = None,
    **params: Any,
) -> None:
    """Mail `event` to its audience after the surrounding transaction commits; its link opens
    `path`, by default the application."""
    spec = EVENTS[event]
    if actor is not None:
        params.setdefault("actor", actor.get_full_name() or actor.get_username())
    subject, body = render(event, application, path=path, **params)
    to = {u.email for u in recipients(spec.audience, application)}
    to |= {u.email for u in extra_recipients if u.email and u.is_active}
    if not to:
        logger.info("no recipient for %s on application %s", event, application.pk)
        return

    def send() -> None:
        messages = [
            EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
            for address in sorted(to)
        ]
        get_connection().send_messages(messages)

    # robust: a failing mail server is logged and never turns a committed step into an error.
    transaction.on_commit(send, robust=True)
