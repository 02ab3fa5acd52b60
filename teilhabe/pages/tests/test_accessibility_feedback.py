"""The feedback channel of the accessibility statement (BITV 2.0 § 7): stored, audited, mailed."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from teilhabe.core.models import AuditEvent
from teilhabe.pages.models import AccessibilityFeedback


def test_it_stores_the_feedback_and_mails_it_after_commit(
    db: None, client: Client, mailoutbox, django_capture_on_commit_callbacks, settings
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("pages:accessibility"),
            {
                "page_url": "/zentren/",
                "message": "The table is hard to read.",
                "name": "",
                "email": "",
            },
        )
    assert response.status_code == 302
    feedback = AccessibilityFeedback.objects.get()
    assert feedback.message == "The table is hard to read."
    event = AuditEvent.objects.get(action="accessibility_feedback.submitted")
    assert event.actor is None and event.actor_label == "anonymous"
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [settings.ACCESSIBILITY_CONTACT_EMAIL]
    assert "The table is hard to read." in mailoutbox[0].body


def test_it_keeps_what_was_typed_when_the_message_is_missing(
    db: None, client: Client, mailoutbox
) -> None:
    response = client.post(
        reverse("pages:accessibility"),
        {"page_url": "/zentren/", "message": "", "name": "Maria", "email": "not-an-address"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="Maria"' in body and 'value="not-an-address"' in body
    assert set(response.context["form"].errors) == {"message", "email"}
    assert not AccessibilityFeedback.objects.exists()
    assert mailoutbox == []
