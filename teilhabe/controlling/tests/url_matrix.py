"""The objects behind the controlling URLs for the URL matrix and the accessibility run: the
seeded catalogue's indicator "newly arrived pupils placed"."""

from __future__ import annotations

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre

from . import factories


def objects(anna: User, bielefeld: Centre) -> dict[str, dict[str, object]]:
    placed = factories.indicator("newcomers-placed")
    return {
        "controlling:indicator": {"pk": placed.pk},
        "controlling:indicator_edit": {"pk": placed.pk},
        **state_objects(),
    }


def state_objects() -> dict[str, dict[str, object]]:
    """The state view's release page: the first half-year 2024 (its deadline has passed)."""
    return {"controlling:state_release": {"pk": factories.half_year(2024, 1).pk}}
