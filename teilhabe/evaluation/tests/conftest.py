from __future__ import annotations

import pytest

from teilhabe.accounts.models import User
from teilhabe.evaluation.models import MeasurementPoint

from . import factories


@pytest.fixture
def open_point(eva: User) -> MeasurementPoint:
    return factories.point(eva)
