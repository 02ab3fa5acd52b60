"""The guide's URL kwargs for the shared matrices: a published offer of KI Bielefeld whose
provider is Paul's organisation (when the test has him: the network's objects link him first),
changed by him and so waiting for review, with one feedback of the public; the HSDS routes serve
its published version."""

from __future__ import annotations

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.guide import services, xliff
from teilhabe.guide.hsds import taxonomies as hsds_ids
from teilhabe.guide.models import Offer
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
            data=factories.offer_data(provider=provider, contact_name="Sprachschule Lindenhof"),
            texts=factories.texts(),
        )
    # Anna's upload of an agency's Ukrainian translation, waiting for her confirmation.
    data = xliff.export(Offer.objects.filter(pk=offer.pk).prefetch_related("texts"), "uk")
    data = data.replace(b"</source>", "</source><target>Переклад</target>".encode(), 1)
    upload = services.upload_xliff(bielefeld, by=anna, file_name="uk.xlf", data=data)
    feedback = services.give_feedback(offer, comment="Die Sprechzeiten stimmen nicht mehr.")
    ids: dict[str, object] = {"centre_pk": bielefeld.pk}
    queued = factories.import_job(bielefeld, anna, confirm=True)
    uploaded = factories.import_job(bielefeld, anna)
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
        "guide:public_start": {},
        "guide:public_centre": {"key": bielefeld.grantee.key},
        "guide:public_boundary": {"key": bielefeld.grantee.key},
        "guide:settings": ids,
        "guide:machine_translate": one,
        "guide:xliff": ids,
        "guide:xliff_export": ids,
        "guide:xliff_import": {**ids, "import_pk": upload.pk},
        "hsds:service": {"id": str(offer.uuid)},
        "hsds:organization": {
            "id": str(provider.uuid)
            if provider is not None
            else str(hsds_ids.ki_organization_id(bielefeld.district_key))
        },
        "hsds:taxonomy": {"id": str(hsds_ids.BY_KIND[hsds_ids.CATEGORY].id)},
        "hsds:taxonomy_term": {"id": str(hsds_ids.term_id(hsds_ids.CATEGORY, "counselling"))},
        "guide:offer_confirm": one,
        "guide:feedback": ids,
        "guide:feedback_done": {**ids, "feedback_pk": feedback.pk},
        "guide:public_feedback": {"uuid": offer.uuid},
        "guide:import": ids,
        "guide:import_review": {**ids, "pk": uploaded.pk},
        "guide:import_progress": {**ids, "pk": queued.pk},
        "guide:offers_csv": ids,
        "guide:open_data_csv": {},
        "api:get_offer": {"offer_id": offer.uuid},  # published; Paul's change waits
    }
