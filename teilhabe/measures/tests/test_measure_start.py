"""The measures on the start page and in the navigation, for the roles that have them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre

from . import factories

pytestmark = pytest.mark.django_db


def test_ki_staff_see_their_running_measures_and_add_one(
    bielefeld: Centre, kai: User, verified_client
) -> None:
    factories.bare_measure(bielefeld, "komm-an", status="running")
    html = verified_client(kai).get(reverse("pages:start")).text
    assert reverse("measures:add", args=[bielefeld.pk]) in html
    assert reverse("measures:list", args=[bielefeld.pk]) in html


def test_the_coordination_office_finds_the_catalogue_and_every_kis_measures(
    lars: User, verified_client, programme_types: None
) -> None:
    html = verified_client(lars).get(reverse("pages:start")).text
    assert reverse("measures:catalogue") in html
    assert reverse("measures:all") in html


def test_the_ministry_has_no_measures_entry(mia: User, verified_client) -> None:
    html = verified_client(mia).get(reverse("pages:start")).text
    assert reverse("measures:all") not in html
    assert "/massnahmen/" not in html
