from __future__ import annotations

import pytest

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.network import services
from teilhabe.network.models import Organisation

from . import factories


@pytest.fixture
def org(anna: User, bielefeld: Centre) -> Organisation:
    return factories.organisation(bielefeld, anna)


@pytest.fixture
def pauls(org: Organisation, anna: User, paul: User) -> Organisation:
    """The organisation with Paul as its partner account."""
    services.link_partner_account(org, by=anna, user=paul)
    return org
