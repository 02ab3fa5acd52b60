"""The columns of an event's registrations as CSV or XLSX (`core.exports`): the list the
organiser prints for the door or hands to the accounts department."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from teilhabe.core.exports import Column


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
    ]
