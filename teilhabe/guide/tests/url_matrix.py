"""The guide's URL kwargs for the shared matrices: a published offer of KI Bielefeld whose
provider is Paul's organisation (when the test has him: the network's objects link him first),
changed by him and so waiting for review."""

from __future__ import annotations

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.guide import services
from teilhabe.network.models import PartnerMembership

from . import factories


def objects(anna: User, bielefeld: Centre) -> dict[str, dict[str, object]]:
    membership = (
        PartnerMembership.objects.select_related("organisation", "user")
        .filter(user__username="paul", organisation__centre=bielefeld)
        .first()
    )
    provider = membership.organisation if membership is not None else None
    offer = factories.published(bielefeld, anna, provider=provider)
    if membership is not None:
        services.update_offer(
            offer,
            by=membership.user,
            data=factories.offer_data(provider=provider, duration="12 Wochen"),
            texts=factories.texts(),
        )
    ids = {"centre_pk": bielefeld.pk}
    one = {**ids, "pk": offer.pk}
    return {
        "guide:offers": ids,
        "guide:review": ids,
        "guide:offer": one,
        "guide:offer_add": ids,
        "guide:offer_edit": one,
        "guide:offer_status": one,
        "guide:text_reviewed": {**one, "language": "en"},
        "guide:public_offer": {"uuid": offer.uuid},
        "api:get_offer": {"offer_id": offer.uuid},  # published; Paul's change waits
    }
