"""How audit events read in the UI: a sentence per action, field names as their labels."""

from __future__ import annotations

from typing import Any, Protocol

from django import template
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

register = template.Library()

ACTION_LABELS = {
    "accessibility_feedback.submitted": _("accessibility feedback submitted"),
    "api_token.created": _("API token created"),
    "api_token.revoked": _("API token revoked"),
    "api_token.used": _("API token used"),
    "application.attachment_added": _("attachment added"),
    "application.created": _("application created"),
    "application.draft_saved": _("draft saved"),
    "application.information_answered": _("information request answered"),
    "application.information_requested": _("information requested"),
    "application.resubmitted": _("application resubmitted"),
    "application.review_saved": _("review saved"),
    "application.review_started": _("review started"),
    "application.submitted": _("application submitted and signed"),
    "application.withdrawn": _("application withdrawn"),
    "budget.committed": _("amount committed to the budget line"),
    "budget.line_added": _("budget line added"),
    "budget.paid": _("payment charged to the budget line"),
    "budget.planned_changed": _("planned amount changed"),
    "centre.deleted": _("KI deleted"),
    "centre.updated": _("KI data changed"),
    "concept.added": _("integration concept version added"),
    "condition.fulfilled": _("condition fulfilled"),
    "decision.issued": _("decision issued"),
    "guideline.added": _("guideline version added"),
    "guideline.ended": _("guideline version ended"),
    "payment.refused": _("payment refused"),
    "payment.released": _("payment released"),
    "payment.requested": _("payment requested"),
    "proposal.made": _("proposal made"),
    "proposal.returned": _("proposal returned"),
    "staff.added": _("staff member added"),
    "staff.updated": _("staff member changed"),
    "user.created": _("user created"),
    "user.locked_out": _("login locked after repeated failures"),
    "user.logged_in": _("logged in with password"),
    "user.login_failed": _("login failed"),
    "user.logged_out_everywhere": _("logged out on all devices"),
    "user.password_changed": _("password changed"),
    "user.two_factor_confirmed": _("authenticator app confirmed"),
    "user.two_factor_failed": _("second-factor code rejected"),
}


@register.filter
def action_label(action: str) -> str:
    """The action in words; an unknown code (from a newer app) readable: "guide.offer_published"
    reads "guide: offer published"."""
    label = ACTION_LABELS.get(action)
    if label is not None:
        return str(label)
    subject, _dot, verb = action.partition(".")
    readable = f"{subject}: {verb}" if verb else subject
    return readable.replace("_", " ")


def action_choices() -> list[tuple[str, str]]:
    """Every known action as (code, label), sorted by the label, for the trail's filter."""
    return sorted(
        ((code, str(capfirst(label))) for code, label in ACTION_LABELS.items()),
        key=lambda choice: choice[1].casefold(),
    )


class Changed(Protocol):
    """An audit event, or anything that shows one's changes (a collapsed history line)."""

    changes: Any
    content_type_id: Any


@register.filter
def changed_fields(event: Changed) -> str:
    """The labels of the fields an event changed, as the forms call them."""
    if not event.changes:
        return ""
    # get_for_id is served from ContentType's cache: no query per event.
    model: Any = (
        ContentType.objects.get_for_id(event.content_type_id).model_class()
        if event.content_type_id
        else None
    )
    return ", ".join(_field_label(model, name) for name in event.changes)


def _field_label(model: Any, name: str) -> str:
    if model is None:
        return name
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    if field.is_relation and field.auto_created:  # a reverse relation, e.g. the positions
        return str(field.related_model._meta.verbose_name_plural)
    return str(field.verbose_name)
