"""Merging two partner organisations moves the offers the merged one provides to the survivor
(guide/merging.py, through registry.organisation_references)."""

from __future__ import annotations

import pytest

from teilhabe.guide.models import Offer
from teilhabe.network import services as network
from teilhabe.network.tests import factories as network_factories

from . import factories

pytestmark = pytest.mark.django_db


def test_a_merge_moves_the_offers_to_the_survivor(anna, bielefeld) -> None:
    survivor = network_factories.organisation(bielefeld, anna, name="Elternverein Sieker")
    twin = network_factories.organisation(bielefeld, anna, name="Elternverein Sieker e. V.")
    offer = factories.offer(bielefeld, anna, provider=twin)
    other = factories.offer(bielefeld, anna, provider=survivor)
    network.merge_organisations(survivor, by=anna, merged=twin)
    assert Offer.objects.get(pk=offer.pk).provider_id == survivor.pk
    assert Offer.objects.get(pk=other.pk).provider_id == survivor.pk
