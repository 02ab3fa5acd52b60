from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from teilhabe.core import audit

from .models import AccessibilityFeedback

if TYPE_CHECKING:
    from teilhabe.core.roles import AnyUser


@transaction.atomic
def submit_accessibility_feedback(
    *, by: AnyUser, message: str, page_url: str = "", name: str = "", email: str = ""
) -> AccessibilityFeedback:
    """Store a report of a barrier and tell the accessibility contact (after commit)."""
    feedback = AccessibilityFeedback(message=message, page_url=page_url, name=name, email=email)
    feedback.full_clean()
    feedback.save()
    audit.record(feedback, "accessibility_feedback.submitted", actor=by)
    transaction.on_commit(
        lambda: send_mail(
            _("Accessibility feedback: %(page)s") % {"page": page_url or "-"},
            f"{message}\n\n{name} <{email}>",
            None,
            [settings.ACCESSIBILITY_CONTACT_EMAIL],
            fail_silently=True,
        )
    )
    return feedback
