"""The columns of an event's registrations as CSV or XLSX (`core.exports`): the list the
organiser prints for the door or hands to the accounts department; "Present" is present on at
least one date, "Present on" names the dates."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teilhabe.core.dates import german_date
from teilhabe.core.exports import Column

from .models import Registration


def _present_on(r: Registration) -> str:
    """The dates attended, "12.03.2026; 13.03.2026", German like every date of the export (the
    query prefetches `attendances__date`)."""
    return "; ".join(german_date(timezone.localdate(d.starts_at)) for d in r.attended_dates())


def registration_columns() -> list[Column]:
    return [
        Column(_("Position"), lambda r: r.position, "integer"),
        Column(_("Status"), lambda r: r.get_status_display(), width=24),
        Column(_("Name"), lambda r: r.name),
        Column(_("E-mail"), lambda r: r.email),
        Column(_("Organisation"), lambda r: r.organisation),
        Column(_("Accessibility needs"), lambda r: "; ".join(r.access_need_labels()), width=30),
        Column(_("Registered"), lambda r: r.created_at, "datetime"),
        Column(_("Accepted"), lambda r: r.accepted_at, "datetime"),
        Column(_("Offer open until"), lambda r: r.offer_expires_at, "datetime"),
        Column(_("Present"), lambda r: _("yes") if r.attended else _("no"), width=10),
        Column(_("Present on"), _present_on, width=30),
    ]
