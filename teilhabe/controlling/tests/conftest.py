from __future__ import annotations

import pytest

from teilhabe.controlling.tests.factories import ensure_seed


@pytest.fixture
def seeded(db: None) -> None:
    """The periods and the catalogue of the data migration."""
    ensure_seed()
