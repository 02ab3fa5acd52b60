"""Every row of any app that points to a partner organisation moves when two are merged: the
network moves its own (contacts, agreements, partner accounts), each other app registers what it
moves (`registry.organisation_references`). A new foreign key to Organisation fails here until
its app says how a merge moves it."""

from __future__ import annotations

from teilhabe.core.registry import registry
from teilhabe.network.models import Organisation

# The network's own relations, moved by merge_organisations itself; `merged_into` points from
# the merged organisation to the survivor and is what the merge sets.
OWN = {
    "network.ContactPerson.organisation",
    "network.CooperationAgreement.organisation",
    "network.PartnerMembership.organisation",
    "network.Organisation.merged_into",
}


def test_every_relation_to_an_organisation_is_moved_by_a_merge() -> None:
    relations = {
        f"{rel.related_model._meta.label}.{rel.field.name}"
        # hidden ones too (related_name="+"), but not the link rows of a many-to-many field,
        # which stand for the field itself (Measure.partners)
        for rel in Organisation._meta.get_fields(include_hidden=True)
        if rel.auto_created and not rel.concrete and not rel.related_model._meta.auto_created
    }
    moved = OWN | {r for mover in registry.reference_movers.values() for r in mover.relations}
    assert relations - moved == set(), "a merge would leave these pointing to the merged one"
    assert moved - relations == set(), "declared as moved, but no such relation exists"
