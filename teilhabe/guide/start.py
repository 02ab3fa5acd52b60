"""The guide on the start page: the KI's offers due for review and its open feedback."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from teilhabe.core import roles
from teilhabe.core.registry import Step
from teilhabe.core.roles import AnyUser

from .models import Feedback, Offer


def guide_cards(user: AnyUser) -> Iterator[Step]:
    """For the KI's own people, in two queries: "n offers to review" and "n feedback"."""
    centre_id = roles.centre_id_of(user)
    if centre_id is None or not roles.is_centre_member(user, centre_id):
        return
    due = Offer.objects.of_centre(centre_id).review_due().count()
    if due:
        yield Step(
            ngettext("Review %(n)d offer", "Review %(n)d offers", due) % {"n": due},
            _(
                "Offers of your guide not reviewed for a long time: confirm them as current or "
                "change them, or they are hidden from the public."
            ),
            reverse("guide:offers", args=[centre_id]) + "?review=due",
            _("Show offers to review"),
        )
    open_feedback = Feedback.objects.filter(offer__centre_id=centre_id, done_at=None).count()
    if open_feedback:
        yield Step(
            ngettext("%(n)d feedback on offers", "%(n)d feedback on offers", open_feedback)
            % {"n": open_feedback},
            _("Visitors of the guide report outdated information."),
            reverse("guide:feedback", args=[centre_id]),
            _("Show feedback"),
        )
