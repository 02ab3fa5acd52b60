"""When the network merges a partner organisation into another, the guide's offers it provides
move to the survivor (`registry.organisation_references`, called inside the merge's transaction
and under both organisations' row locks). The published snapshot keeps the provider as it was
published; the next publication shows the survivor."""

from __future__ import annotations

from typing import Any

from .models import Offer

RELATIONS = ("guide.Offer.provider",)


def move_organisation(merged: Any, survivor: Any) -> dict[str, int]:
    """Re-point the offers `merged` provides to `survivor`; {what: how many}."""
    return {"guide offers": Offer.objects.filter(provider=merged).update(provider=survivor)}
