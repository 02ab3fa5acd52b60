"""What the guide adds: its pages, the navigation entry for the KI's people and partner
accounts, the demo, and the words for its audit actions."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import ResolverMatch, reverse
from django.utils.translation import gettext_lazy

from teilhabe.core import roles
from teilhabe.core.registry import Registry, Step
from teilhabe.core.roles import AnyUser


def _guide_url(user: AnyUser) -> str | None:
    from . import access

    centre_id = roles.centre_id_of(user)
    if centre_id is not None:
        return reverse("guide:offers", args=[centre_id])
    if access.may_add_as_partner(user):
        return reverse("guide:mine")
    return None


def _on_guide(match: ResolverMatch | None, user: AnyUser) -> bool:
    return match is not None and match.app_name == "guide"


def _cards(user: AnyUser | None) -> Iterator[Step]:
    if user is None:
        return iter(())
    from .start import guide_cards

    return guide_cards(user)


def _demo() -> list[str]:
    from .demo import seed_guide_demo

    return seed_guide_demo()


def register(registry: Registry) -> None:
    from . import access
    from .merging import RELATIONS, move_organisation

    registry.mount("", "teilhabe.guide.urls", order=28)
    registry.api_router("/guide/", "teilhabe.guide.api:router", order=75)
    # A merge of two partner organisations moves the offers they provide (merging.py).
    registry.organisation_references("guide", move=move_organisation, relations=RELATIONS)
    registry.nav(
        "guide",
        order=28,
        label=gettext_lazy("Integration guide"),
        url=_guide_url,
        visible=access.may_see_any_guide,
        current=_on_guide,
    )
    registry.start_cards("guide", 29, _cards)
    registry.demo("guide", _demo, after=["network", "centres", "accounts"])
    registry.audit_actions(
        "guide",
        {
            "offer.added": gettext_lazy("guide offer added"),
            "offer.updated": gettext_lazy("guide offer changed"),
            "offer.submitted": gettext_lazy("guide offer handed in for review"),
            "offer.published": gettext_lazy("guide offer published"),
            "offer.returned": gettext_lazy("guide offer sent back to draft"),
            "offer.archived": gettext_lazy("guide offer archived"),
            "offer.reopened": gettext_lazy("guide offer reopened"),
            "offer.translation_reviewed": gettext_lazy("guide translation reviewed"),
            "offer.confirmed_current": gettext_lazy("guide offer confirmed as current"),
            "offer.review_flagged": gettext_lazy("guide offer flagged for its review age"),
            "feedback.received": gettext_lazy("feedback on a guide offer received"),
            "feedback.done": gettext_lazy("feedback on a guide offer marked done"),
            "feedback.pruned": gettext_lazy("done feedback on guide offers deleted"),
            "guide.settings_changed": gettext_lazy("settings of the public guide changed"),
            "guide.xliff_uploaded": gettext_lazy("XLIFF translation uploaded"),
            "guide.xliff_confirmed": gettext_lazy("XLIFF translation imported"),
            "offer.machine_translated": gettext_lazy("guide offer translated by machine"),
            "offer.machine_translation_started": gettext_lazy(
                "machine translation of a guide offer started"
            ),
            "offer.translation_imported": gettext_lazy("translation of a guide offer imported"),
            "offer_import.uploaded": gettext_lazy("offer import uploaded"),
            "offer_import.confirmed": gettext_lazy("offer import confirmed"),
            "offer_import.discarded": gettext_lazy("offer import discarded"),
            "offer_import.started": gettext_lazy("offer import started"),
            "offer_import.finished": gettext_lazy("offer import finished"),
        },
    )
