"""Who may see and keep a KI's guide. Forbidden answers like missing: 404.

- The KI's own staff and lead keep and publish their KI's offers.
- A partner account keeps its own organisation's offers (of the organisation's KI) and hands
  them in for review; it never publishes.
- Everyone sees the published version of a published offer on its public page, while its
  review is not too old (GUIDE_REVIEW_HIDE_DAYS), and may leave anonymous feedback there.
- Only the KI's own people confirm an offer as current and read and close its feedback (not
  the provider's partner account: the feedback is addressed to the KI).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from teilhabe.centres.models import Centre
from teilhabe.core import roles
from teilhabe.core.roles import AnyUser
from teilhabe.network import access as network_access
from teilhabe.network.models import Organisation

from . import rules
from .models import Feedback, Offer, OfferQuerySet


def may_manage_guide(user: AnyUser, centre_id: int) -> bool:
    """The KI's own people: add, change, review, publish, archive."""
    return roles.is_centre_member(user, centre_id)


def may_edit_offer(user: AnyUser, offer: Offer) -> bool:
    """The KI's own people, and the provider's partner account."""
    return may_manage_guide(user, offer.centre_id) or (
        offer.provider_id is not None and network_access.is_partner_of(user, offer.provider_id)
    )


def may_confirm_current(user: AnyUser, offer: Offer) -> bool:
    """Confirm a published offer as current (its review date becomes today): the KI."""
    return may_manage_guide(user, offer.centre_id)


def may_handle_feedback(user: AnyUser, feedback: Feedback) -> bool:
    """Read and close the public's feedback on an offer: the offer's KI."""
    return may_manage_guide(user, feedback.offer.centre_id)


def may_add_as_partner(user: AnyUser) -> bool:
    return network_access.partner_organisation_id(user) is not None


def actor_kind(user: AnyUser, offer: Offer) -> str | None:
    """ "ki" or "partner" for the workflow rules, None for anyone else."""
    if may_manage_guide(user, offer.centre_id):
        return rules.KI
    if may_edit_offer(user, offer):
        return rules.PARTNER
    return None


def may_transition(user: AnyUser, offer: Offer, target: str) -> bool:
    actor = actor_kind(user, offer)
    return actor is not None and rules.may_transition(offer.status, target, actor)


def may_see_any_guide(user: AnyUser) -> bool:
    """The navigation entry: the KI's people and linked partner accounts."""
    return roles.centre_id_of(user) is not None or may_add_as_partner(user)


def centre_for_guide(user: AnyUser, centre_pk: int) -> Centre:
    centre = get_object_or_404(Centre.objects.select_related("grantee"), pk=centre_pk)
    if not may_manage_guide(user, centre.pk):
        raise Http404
    return centre


def offers_of(user: AnyUser, centre: Centre) -> OfferQuerySet:
    if not may_manage_guide(user, centre.pk):
        return Offer.objects.none()
    return Offer.objects.for_listing().of_centre(centre.pk)


def partner_offers(user: AnyUser) -> OfferQuerySet:
    """The offers of the partner account's own organisation ("Meine Angebote")."""
    organisation_id = network_access.partner_organisation_id(user)
    if organisation_id is None:
        raise Http404
    return Offer.objects.for_listing().filter(provider_id=organisation_id)


def offer_for(user: AnyUser, centre_pk: int, pk: int) -> Offer:
    """One offer the user may keep (the KI's people, the provider's partner); 404 otherwise."""
    offer = get_object_or_404(
        Offer.objects.select_related("centre", "centre__grantee", "category", "provider"),
        centre_id=centre_pk,
        pk=pk,
    )
    if not may_edit_offer(user, offer):
        raise Http404
    return offer


def feedback_of(user: AnyUser, centre: Centre) -> QuerySet[Feedback]:
    """The feedback on the KI's offers (none for anyone else)."""
    if not may_manage_guide(user, centre.pk):
        return Feedback.objects.none()
    return Feedback.objects.filter(offer__centre_id=centre.pk)


def feedback_for(user: AnyUser, centre_pk: int, pk: int) -> Feedback:
    """One feedback on an offer of the user's own KI; 404 otherwise."""
    feedback = get_object_or_404(
        Feedback.objects.select_related("offer"), offer__centre_id=centre_pk, pk=pk
    )
    if not may_handle_feedback(user, feedback):
        raise Http404
    return feedback


def public_offer(uuid: str) -> Offer:
    """A published offer for everyone, unless its review is too old (hidden); anything else is
    missing."""
    return get_object_or_404(Offer.objects.for_public_display().select_related("centre"), uuid=uuid)


def public_centre(district_key: str) -> Centre:
    """The KI of a district key (the grantee's: `05711` Bielefeld, `05334002` Aachen), for
    its public feeds; 404 for anything else."""
    if not (district_key.isdigit() and 5 <= len(district_key) <= 8):
        raise Http404
    return get_object_or_404(Centre.objects.select_related("grantee"), grantee__key=district_key)


def centre_for_new_offer(user: AnyUser, centre_pk: int) -> Centre:
    """The KI whose guide the user may add an offer to: its own people, or the partner account
    of one of its organisations (the offer is then the organisation's); 404 otherwise."""
    centre = get_object_or_404(Centre.objects.select_related("grantee"), pk=centre_pk)
    if may_manage_guide(user, centre.pk):
        return centre
    organisation_id = network_access.partner_organisation_id(user)
    if organisation_id is None or not centre.organisations.filter(pk=organisation_id).exists():
        raise Http404
    return centre


def partner_centre_id(user: AnyUser) -> int | None:
    """The KI of the partner account's organisation (for its "new offer" button)."""
    organisation_id = network_access.partner_organisation_id(user)
    if organisation_id is None:
        return None
    return (
        Organisation.objects.filter(pk=organisation_id).values_list("centre_id", flat=True).first()
    )
