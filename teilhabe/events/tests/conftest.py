from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser


@pytest.fixture
def visitor() -> AnonymousUser:
    return AnonymousUser()
