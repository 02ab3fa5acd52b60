from __future__ import annotations

import pytest

from teilhabe.measures.tests.factories import ensure_catalogue


@pytest.fixture
def programme_types(territory: None) -> None:
    """The catalogue of the data migration (loaded again after a flushing test)."""
    ensure_catalogue()
