"""Fake pillars, registered through the real registry for the length of a test (the real ones
set aside meanwhile), so the quality app is tested without the apps that answer for them."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass, field

import pytest
from django.utils import timezone

from teilhabe.centres.models import Centre
from teilhabe.core.registry import QualityPillar, QualityValues, registry


@dataclass
class FakePillars:
    """Two pillars whose answers a test sets: `set(code, centre, value)`; unset KIs are True."""

    answers: dict[str, dict[int, bool | None]] = field(default_factory=dict)
    reads: list[tuple[str, int]] = field(default_factory=list)

    def set(self, code: str, centre: Centre, value: bool | None) -> None:
        self.answers.setdefault(code, {})[centre.pk] = value

    def reader(self, code: str):  # type: ignore[no-untyped-def]
        def read(year: int, centre_ids: Collection[int] | None) -> QualityValues:
            self.reads.append((code, year))
            answers = self.answers.get(code, {})
            return {pk: answers.get(pk, True) for pk in centre_ids or ()}

        return read


PROOFS = "fake.proofs_checked"
MEETINGS = "fake.network_meetings"


@pytest.fixture
def pillars() -> Iterator[FakePillars]:
    real = registry.quality_pillars()
    for pillar in real:
        registry.remove_quality_pillar(pillar.code)
    fake = FakePillars()
    made = [
        QualityPillar(
            PROOFS,
            10,
            "Proof of use checked",
            "Checked by the grant officer. Source: proofs.",
            fake.reader(PROOFS),
        ),
        QualityPillar(
            MEETINGS,
            40,
            "Network meetings",
            "Half attended. Source: events.",
            fake.reader(MEETINGS),
        ),
    ]
    for pillar in made:
        registry.quality_pillar(pillar)
    yield fake
    for pillar in made:
        registry.remove_quality_pillar(pillar.code)
    for pillar in real:
        registry.quality_pillar(pillar)


@pytest.fixture
def last_year() -> int:
    return timezone.localdate().year - 1
