"""The registry's quality pillars (`quality_pillar`, `quality_pillars`): each app answers for its
pillar of the KIs' quality status, the quality app reads them without importing the apps."""

from __future__ import annotations

from collections.abc import Collection

import pytest
from django.utils.translation import gettext_lazy

from teilhabe.core.registry import QualityPillar, QualityValues, Registry, RegistryError


def _read(year: int, centre_ids: Collection[int] | None) -> QualityValues:
    return {1: year == 2025, 2: None}


def _other(year: int, centre_ids: Collection[int] | None) -> QualityValues:
    return {}


def _pillar(code: str, order: int, read=_read) -> QualityPillar:  # type: ignore[no-untyped-def]
    return QualityPillar(code, order, gettext_lazy("A pillar"), "From somewhere.", read)


def test_the_pillars_come_in_their_order_then_by_code() -> None:
    r = Registry()
    r.quality_pillar(_pillar("b.late", 30))
    r.quality_pillar(_pillar("z.early", 10))
    r.quality_pillar(_pillar("a.early", 10))
    assert [p.code for p in r.quality_pillars()] == ["a.early", "z.early", "b.late"]


def test_a_pillar_reads_per_centre_and_year() -> None:
    r = Registry()
    r.quality_pillar(_pillar("x.pillar", 10))
    (pillar,) = r.quality_pillars()
    assert pillar.read(2025, None) == {1: True, 2: None}
    assert pillar.read(2024, [1]) == {1: False, 2: None}


def test_another_pillar_under_a_code_taken_is_an_error() -> None:
    r = Registry()
    r.quality_pillar(_pillar("x.pillar", 10))
    with pytest.raises(RegistryError, match=r"x\.pillar"):
        r.quality_pillar(_pillar("x.pillar", 10, read=_other))
    with pytest.raises(RegistryError):
        r.quality_pillar(_pillar("x.pillar", 20))
    assert r.quality_pillars()[0].read is _read


def test_the_same_pillar_again_changes_nothing() -> None:
    """ready() may run twice in tests: the same registration is no duplicate."""
    r = Registry()
    r.quality_pillar(_pillar("x.pillar", 10))
    r.quality_pillar(_pillar("x.pillar", 10))
    assert len(r.quality_pillars()) == 1


def test_a_removed_pillar_is_gone_and_its_code_free_again() -> None:
    r = Registry()
    r.quality_pillar(_pillar("x.pillar", 10))
    r.remove_quality_pillar("x.pillar")
    r.remove_quality_pillar("never.registered")
    assert r.quality_pillars() == []
    r.quality_pillar(_pillar("x.pillar", 10, read=_other))
    assert r.quality_pillars()[0].read is _other


def test_pillars_stay_apart_from_the_figures() -> None:
    r = Registry()
    r.quality_pillar(_pillar("x.pillar", 10))
    assert r.figures() == []
