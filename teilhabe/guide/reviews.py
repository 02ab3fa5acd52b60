"""Review age of the guide's offers (docs/guide.md, "Review age"): the daily job that tells each
KI which of its published offers became due for review or were hidden from the public.

An offer not reviewed (published or confirmed as current) for GUIDE_REVIEW_FLAG_DAYS is due,
after GUIDE_REVIEW_HIDE_DAYS it is hidden (`rules.review_state`). Each change of an offer's
state is notified once: the state told is stored on the offer (`review_notified`, claimed with
a conditional update, so a second or racing run sends nothing) and cleared when the offer is
reviewed again. Per KI and run one notification in the inbox (German and English) for its
staff and lead, listing the offers, a mail after the commit, and one audit event per offer, by
the system.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.core import audit, roles

from . import rules
from .models import Offer, flag_cutoff, review_state_of
from .search import index

logger = logging.getLogger(__name__)
EVENT = "guide_review_due"
LISTED = 20  # titles named in one notification; the rest are counted

SUBJECTS = {
    rules.DUE: gettext_lazy("Guide: offers due for review"),
    rules.HIDDEN: gettext_lazy("Guide: offers hidden from the public"),
}


@dataclass
class Flagged:
    """What one run tells one KI."""

    centre: Centre
    due: list[Offer] = field(default_factory=list)
    hidden: list[Offer] = field(default_factory=list)
    recipients: int = 0


def _people_of(centre_id: int) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True, centre_id=centre_id, role__in=sorted(roles.CENTRE_ROLES)
        ).order_by("pk")
    )


def _lines(offers: list[Offer]) -> list[str]:
    lines = [f"- {offer.title or offer.uuid}" for offer in offers[:LISTED]]
    if len(offers) > LISTED:
        lines.append(_("… and %(n)d more.") % {"n": len(offers) - LISTED})
    return lines


def _text(flagged: Flagged) -> str:
    parts = []
    if flagged.due:
        parts.append(
            ngettext(
                "%(n)d offer has not been reviewed for %(days)d days. Please check it and "
                "confirm it as current or correct it; after %(hide)d days it is hidden from "
                "the public:",
                "%(n)d offers have not been reviewed for %(days)d days. Please check them and "
                "confirm them as current or correct them; after %(hide)d days they are hidden "
                "from the public:",
                len(flagged.due),
            )
            % {
                "n": len(flagged.due),
                "days": settings.GUIDE_REVIEW_FLAG_DAYS,
                "hide": settings.GUIDE_REVIEW_HIDE_DAYS,
            }
        )
        parts.append("\n".join(_lines(flagged.due)))
    if flagged.hidden:
        parts.append(
            ngettext(
                "%(n)d offer has not been reviewed for %(days)d days and is hidden from the "
                "public until it is confirmed as current or changed:",
                "%(n)d offers have not been reviewed for %(days)d days and are hidden from the "
                "public until they are confirmed as current or changed:",
                len(flagged.hidden),
            )
            % {"n": len(flagged.hidden), "days": settings.GUIDE_REVIEW_HIDE_DAYS}
        )
        parts.append("\n".join(_lines(flagged.hidden)))
    return "\n\n".join(parts)


def _texts(flagged: Flagged) -> dict[str, tuple[str, str]]:
    kind = rules.HIDDEN if flagged.hidden else rules.DUE
    texts = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            texts[language] = (str(SUBJECTS[kind]), _text(flagged))
    return texts


def _mail(texts: dict[str, tuple[str, str]], path: str) -> tuple[str, str]:
    url = settings.SITE_URL.rstrip("/") + path
    parts = []
    for language in ("de", "en"):
        with translation.override(language):
            parts.append(
                "\n\n".join(
                    [
                        _("Hello,"),
                        texts[language][1],
                        f"{_('Open it in Teilhabe:')} {url}",
                        _("This message was sent automatically by Teilhabe. Please do not reply."),
                    ]
                )
            )
    return texts["de"][0], "\n\n---------- English ----------\n\n".join(parts) + "\n"


def _notify(flagged: Flagged) -> int:
    from teilhabe.accounts.services import record_notifications

    people = _people_of(flagged.centre.pk)
    path = reverse("guide:offers", args=[flagged.centre.pk]) + "?review=due"
    texts = _texts(flagged)
    record_notifications(people, event=EVENT, path=path, texts=texts)
    to = sorted({u.email for u in people if u.email})
    if to:
        subject, body = _mail(texts, path)

        def deliver() -> None:
            get_connection().send_messages(
                [EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [a]) for a in to]
            )

        transaction.on_commit(deliver, robust=True)
    return len(people)


def flag_reviews(*, today: date | None = None, dry_run: bool = False) -> list[Flagged]:
    """Tell each KI of its offers newly due for review or newly hidden, once per offer and
    state (see the module's docstring). The command `flag_guide_reviews` runs it daily;
    `dry_run` lists only and stores nothing."""
    today = today or timezone.localdate()
    candidates = (
        Offer.objects.published()
        .filter(last_reviewed_on__lte=flag_cutoff(today))
        .exclude(review_notified=rules.HIDDEN)  # hidden is told once, until reviewed again
        .select_related("centre")
        .prefetch_related("texts")
        .order_by("centre__name", "centre_id", "last_reviewed_on", "pk")
    )
    by_centre: dict[int, Flagged] = {}
    with transaction.atomic():
        for offer in candidates.iterator(chunk_size=500):
            state = review_state_of(offer, today)
            if state == rules.CURRENT or offer.review_notified == state:
                continue
            if not dry_run:
                # Claim it first: a second run racing this one finds it taken.
                claimed = Offer.objects.filter(
                    pk=offer.pk, review_notified=offer.review_notified
                ).update(review_notified=state)
                if not claimed:
                    continue
                audit.record(
                    offer,
                    "offer.review_flagged",
                    actor=None,
                    changes={"review_state": {"from": offer.review_notified or None, "to": state}},
                    centre_id=offer.centre_id,
                )
            flagged = by_centre.setdefault(offer.centre_id, Flagged(offer.centre))
            (flagged.hidden if state == rules.HIDDEN else flagged.due).append(offer)
        for flagged in by_centre.values():
            if dry_run:
                flagged.recipients = len(_people_of(flagged.centre.pk))
            else:
                flagged.recipients = _notify(flagged)
                logger.info(
                    "guide review: centre %s, %d due, %d hidden",
                    flagged.centre.pk,
                    len(flagged.due),
                    len(flagged.hidden),
                )
        if not dry_run:
            index.drop_hidden()  # hidden offers leave the search with the public page
    return list(by_centre.values())
