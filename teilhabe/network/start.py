"""The network on the start page and on the KI's page."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from teilhabe.concepts.models import Actor
from teilhabe.core import roles
from teilhabe.core.models import AuditEvent
from teilhabe.core.registry import Step
from teilhabe.core.roles import AnyUser

from . import access
from .duplicates import likely_duplicates
from .models import Organisation, OrganisationType

# The concept's participating bodies (concepts.Actor codes) and the partner types that are
# those bodies (the network sits above the concepts and reads them; concepts know no network).
ACTOR_TYPES: dict[str, tuple[str, ...]] = {
    Actor.SCHOOL_SUPERVISION: (OrganisationType.SCHOOL_SUPERVISION,),
    Actor.SCHOOL_OFFICE: (OrganisationType.SCHOOL_OFFICE,),
    Actor.YOUTH_WELFARE: (OrganisationType.YOUTH_WELFARE,),
    Actor.WELFARE_ASSOCIATIONS: (OrganisationType.WELFARE_ASSOCIATION,),
    Actor.INTEGRATION_COUNCIL: (OrganisationType.INTEGRATION_COUNCIL,),
}
RECENT = timedelta(days=30)
PARTNER_ACTIONS = (
    "organisation.changed_by_partner",
    "contact.added_by_partner",
    "contact.changed_by_partner",
    "contact.removed_by_partner",
)


def network_cards(user: AnyUser) -> Iterator[Step]:
    """The KI: partner changes of the last 30 days, likely duplicates; a partner: its own."""
    centre_id = roles.centre_id_of(user)
    if centre_id is not None:
        yield from _centre_cards(user, centre_id)
        return
    organisation_id = access.partner_organisation_id(user)
    if organisation_id is not None:
        organisation = Organisation.objects.get(pk=organisation_id)
        yield Step(
            _("Your organisation: %(name)s") % {"name": organisation.name},
            _("Keep your address, languages and contact persons up to date for the KI."),
            reverse("network:mine"),
            _("Open my organisation"),
        )


def _centre_cards(user: AnyUser, centre_id: int) -> Iterator[Step]:
    # `last_login` is this session's own login, so "since the last visit" would always be none:
    # a fixed window instead, until the platform keeps the previous visit.
    since = timezone.now() - RECENT
    count = AuditEvent.objects.filter(
        centre_id=centre_id, action__in=PARTNER_ACTIONS, created_at__gte=since
    ).count()
    url = reverse("network:list", args=[centre_id])
    organisations = Organisation.objects.of_centre(centre_id).only(
        "pk", "centre_id", "name", "street", "postcode", "municipality_id", "is_active"
    )
    duplicates = len(likely_duplicates(organisations))
    text = [
        ngettext(
            "Partners made %(n)d change in the last 30 days.",
            "Partners made %(n)d changes in the last 30 days.",
            count,
        )
        % {"n": count}
        if count
        else _("No partner changed its data in the last 30 days."),
    ]
    if duplicates:
        text.append(
            ngettext(
                "%(n)d likely duplicate to review.",
                "%(n)d likely duplicates to review.",
                duplicates,
            )
            % {"n": duplicates}
        )
    yield Step(_("Partner network"), " ".join(text), url, _("Open the network"))


def concept_bodies_panel(user: AnyUser, centre: Any) -> Mapping[str, Any] | None:
    """The current concept's participating bodies with the KI's organisations of that type."""
    if not access.may_see_network(user, centre.pk):
        return None
    concept = centre.concepts.order_by("-version").only("pk", "version", "actors").first()
    actors = list(concept.actors) if concept is not None else []
    types = {t for a in actors for t in ACTOR_TYPES.get(a, ())}
    organisations = list(
        Organisation.objects.of_centre(centre.pk)
        .filter(is_active=True, type__in=types)
        .only("pk", "centre_id", "name", "type")
        .order_by("name")[:100]
    )  # no query at all without types (an empty IN)
    bodies = []
    labels = dict(Actor.choices)
    for actor in actors:
        if actor in ACTOR_TYPES:
            matching = [o for o in organisations if o.type in ACTOR_TYPES[actor]]
            bodies.append({"label": labels[actor], "organisations": matching})
    return {"centre": centre, "bodies": bodies}
