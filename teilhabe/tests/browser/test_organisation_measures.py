"""axe-core on an organisation's page with its measures' section filled (the accessibility run's
organisation takes part in none): the KI's lead sees the table with links, the organisation's
partner account the same without links on "Meine Organisation"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from teilhabe.accounts.models import User
from teilhabe.measures.tests import test_organisation_panel as panel_tests
from teilhabe.measures.tests.factories import bare_measure
from teilhabe.network import services as network_services
from teilhabe.network.tests import factories as network

from .conftest import Seed, run_axe

pytestmark = pytest.mark.browser
SEVERE = {"serious", "critical"}


def test_the_measures_section_passes_axe(
    anna: User, paul: User, page_as: Callable[..., Any], seed: Seed
) -> None:
    school = network.organisation(seed.centre, anna, type="school", name="Gesamtschule Rosenhöhe")
    partner = bare_measure(seed.centre, "komm-an", title="Elterncafé")
    partner.partners.set([school])
    panel_tests._member(bare_measure(seed.centre, "schule-ohne-rassismus", title="SoR"), school)
    panel_tests._assignments(bare_measure(seed.centre, "dolmetscherpool", title="Pool"), school, 3)
    network_services.link_partner_account(school, by=anna, user=paul)
    pages = [
        (anna, reverse("network:detail", args=[seed.centre.pk, school.pk]), True),
        (paul, reverse("network:mine"), False),
    ]
    failures = []
    for user, url, linked in pages:
        page = page_as(user, bypass_csp=True)
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        section = page.locator("#organisation-measures")
        assert section.locator("tbody tr").count() == 3
        assert (section.locator("tbody a").count() == 3) is linked
        failures += [
            f"[{user.username}] {v['impact']} {v['id']}: {v['help']}"
            for v in run_axe(page)
            if v["impact"] in SEVERE
        ]
    assert not failures, "\n".join(failures)
