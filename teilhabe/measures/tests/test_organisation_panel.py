"""The measures an organisation takes part in, on its page in the network (`network:detail`)
and on the partner's "Meine Organisation" (`network:mine`): with links for the KI's people and
the coordination office, without for the organisation's own partner account, nothing for the
rest; the role in words; bounded, in a constant number of queries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.core.registry import registry
from teilhabe.measures import organisation_panels
from teilhabe.measures.models import (
    CounsellingContact,
    InterpreterAssignment,
    Measure,
    ParentGroup,
    SchoolMembership,
)
from teilhabe.network import services as network_services
from teilhabe.network.models import Organisation
from teilhabe.network.tests import factories as network

from . import factories

pytestmark = pytest.mark.django_db


def _groups(measure: Measure, org: Organisation, n: int) -> None:
    ParentGroup.objects.bulk_create(
        ParentGroup(
            measure=measure, site=f"Gruppe {i}", institution=org, starts_on=date(2026, 2, 1)
        )
        for i in range(n)
    )


def _assignments(measure: Measure, org: Organisation, n: int) -> None:
    InterpreterAssignment.objects.bulk_create(
        InterpreterAssignment(
            measure=measure,
            held_on=date(2026, 3, 1),
            language="ar",
            purpose="school",
            institution=org,
            hours=Decimal("1.50"),
        )
        for _ in range(n)
    )


def _counselling(measure: Measure, org: Organisation, by: User, n: int) -> None:
    CounsellingContact.objects.bulk_create(
        CounsellingContact(
            measure=measure, held_on=date(2026, 3, 2), school=org, topic="all_day", created_by=by
        )
        for _ in range(n)
    )


def _member(measure: Measure, org: Organisation, **fields: object) -> SchoolMembership:
    return SchoolMembership.objects.create(
        measure=measure,
        school=org,
        title_awarded_on=date(2023, 5, 16),
        signatures=80,
        school_members=100,
        patron="Patin",
        **fields,
    )


@pytest.fixture
def school(bielefeld: Centre, anna: User) -> Organisation:
    return network.organisation(bielefeld, anna, type="school", name="Gesamtschule Rosenhöhe")


@pytest.fixture
def involved(bielefeld: Centre, anna: User, school: Organisation) -> dict[str, Measure]:
    """The school in five of the KI's measures, each in another role; one measure without it,
    and another organisation in a measure of its own."""
    partner = factories.bare_measure(
        bielefeld, "komm-an", title="Elterncafé", starts_on=date(2026, 1, 1)
    )
    partner.partners.set([school])
    rucksack = factories.bare_measure(
        bielefeld, "rucksack-schule", title="Rucksack Schule", starts_on=date(2025, 8, 1)
    )
    _groups(rucksack, school, 2)
    sor = factories.bare_measure(
        bielefeld, "schule-ohne-rassismus", title="SoR-SmC", starts_on=date(2024, 8, 1)
    )
    _member(sor, school)
    pool = factories.bare_measure(
        bielefeld, "dolmetscherpool", title="Dolmetscherpool", starts_on=date(2025, 1, 1)
    )
    _assignments(pool, school, 12)
    counselling = factories.bare_measure(
        bielefeld, "schulberatung", title="Schulberatung", starts_on=date(2023, 1, 1)
    )
    _counselling(counselling, school, anna, 4)
    factories.bare_measure(bielefeld, "komm-an", title="Ohne die Schule")
    other = network.organisation(bielefeld, anna, name="Anderer Verein")
    factories.bare_measure(bielefeld, "griffbereit", title="Nur der andere").partners.set([other])
    return {
        "partner": partner,
        "rucksack": rucksack,
        "sor": sor,
        "pool": pool,
        "counselling": counselling,
    }


def _page(client, org: Organisation):  # type: ignore[no-untyped-def]
    return client.get(reverse("network:detail", args=[org.centre_id, org.pk]))


def _english(client):  # type: ignore[no-untyped-def]
    """The page in English: its words stand in the catalogue only once the lead has filled the
    German (`test_the_roles_read_in_german` checks those)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _panel(response) -> dict:  # type: ignore[no-untyped-def]
    shown = [p for p in response.context["panels"] if p["key"] == "measures"]
    assert len(shown) <= 1
    return shown[0]["context"] if shown else {}


def _roles(response) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    return {row.measure.title: row.roles for row in _panel(response)["rows"]}


@pytest.mark.parametrize("who", ["anna", "kai", "lars"])
def test_the_kis_people_and_the_coordination_office_see_each_part_with_links(
    who: str, school: Organisation, involved: dict[str, Measure], verified_client, request
) -> None:
    response = _page(_english(verified_client(request.getfixturevalue(who))), school)
    assert response.status_code == 200
    assert _roles(response) == {
        "Elterncafé": ["Partner"],
        "Rucksack Schule": ["Site of 2 parent groups"],
        "Dolmetscherpool": ["12 interpreter assignments"],
        "SoR-SmC": ["Member school since 05/16/2023"],
        "Schulberatung": ["4 counselling contacts"],
    }
    # Newest first.
    assert [row.measure.title for row in _panel(response)["rows"]] == [
        "Elterncafé",
        "Rucksack Schule",
        "Dolmetscherpool",
        "SoR-SmC",
        "Schulberatung",
    ]
    html = response.text
    assert "Taking part in measures" in html
    for measure in involved.values():
        assert f'href="{measure.get_absolute_url()}"' in html
    assert "Ohne die Schule" not in html
    assert "Nur der andere" not in html
    assert reverse("measures:partners", args=[school.centre_id]) in html


def test_the_partner_account_sees_its_organisations_measures_without_links(
    anna: User, paul: User, school: Organisation, involved: dict[str, Measure], verified_client
) -> None:
    network_services.link_partner_account(school, by=anna, user=paul)
    client = _english(verified_client(paul))
    response = client.get(reverse("network:mine"))
    assert response.status_code == 200
    assert set(_roles(response)) == {
        "Elterncafé",
        "Rucksack Schule",
        "Dolmetscherpool",
        "SoR-SmC",
        "Schulberatung",
    }
    assert all(row.url is None for row in _panel(response)["rows"])
    html = response.text
    assert "Elterncafé" in html and "12 interpreter assignments" in html
    for measure in Measure.objects.all():
        assert measure.get_absolute_url() not in html
    assert reverse("measures:partners", args=[school.centre_id]) not in html
    # The same on the organisation's page in the network, and its measure pages stay closed.
    assert _roles(_page(client, school)) == _roles(response)
    assert client.get(involved["partner"].get_absolute_url()).status_code == 404


def test_the_partner_account_never_sees_another_organisations_measures(
    bielefeld: Centre, anna: User, paul: User, school: Organisation, involved, verified_client
) -> None:
    other = Organisation.objects.get(name="Anderer Verein")
    network_services.link_partner_account(other, by=anna, user=paul)
    client = verified_client(paul)
    assert _page(client, school).status_code == 404
    assert _roles(client.get(reverse("network:mine"))) == {"Nur der andere": ["Partner"]}
    # Even handed another organisation by a page, the panel itself answers nothing.
    assert organisation_panels.organisation_measures_panel(paul, school) is None
    assert [p["key"] for p in registry.panels_for_organisation(paul, school)] == []


def test_another_ki_gets_404_and_the_panel_shows_it_nothing(
    carla: User, school: Organisation, involved, verified_client
) -> None:
    assert _page(verified_client(carla), school).status_code == 404
    assert organisation_panels.organisation_measures_panel(carla, school) is None


@pytest.mark.parametrize("who", ["mia", "bernd", "eva", "sven"])
def test_roles_without_the_organisation_page_get_no_panel(
    who: str, school: Organisation, involved, verified_client, request
) -> None:
    user = request.getfixturevalue(who)
    assert _page(verified_client(user), school).status_code == 404
    assert organisation_panels.organisation_measures_panel(user, school) is None


def test_a_school_that_left_and_an_organisation_in_several_roles_of_one_measure(
    bielefeld: Centre, anna: User, school: Organisation, verified_client
) -> None:
    sor = factories.bare_measure(bielefeld, "schule-ohne-rassismus", title="SoR")
    _member(sor, school, left_on=date(2025, 7, 31))
    pool = factories.bare_measure(bielefeld, "dolmetscherpool", title="Pool")
    pool.partners.set([school])
    _assignments(pool, school, 1)
    _counselling(pool, school, anna, 1)  # the panel counts what the rows name, whatever kind
    _groups(pool, school, 1)
    roles = _roles(_page(_english(verified_client(anna)), school))
    assert roles == {
        "SoR": ["Member school from 05/16/2023 to 07/31/2025"],
        "Pool": [
            "Partner",
            "Site of 1 parent group",
            "1 interpreter assignment",
            "1 counselling contact",
        ],
    }


def test_the_roles_read_in_german(
    bielefeld: Centre, anna: User, school: Organisation, involved
) -> None:
    with translation.override("de"):
        if gettext("Member school since %(date)s") == "Member school since %(date)s":
            pytest.skip(
                "the German words are in /tmp/tr-op.json until the lead fills the catalogue"
            )
        _member(
            factories.bare_measure(bielefeld, "schule-ohne-rassismus", title="Alt"),
            school,
            left_on=date(2025, 7, 31),
        )
        _groups(involved["pool"], school, 1)
        panel = organisation_panels.organisation_measures_panel(anna, school)
        assert panel is not None
        roles = {row.measure.title: row.roles for row in panel["rows"]}
    assert roles == {
        "Elterncafé": ["Partner"],
        "Rucksack Schule": ["Standort von 2 Elterngruppen"],
        "Dolmetscherpool": ["Standort von 1 Elterngruppe", "12 Dolmetscheinsätze"],
        "SoR-SmC": ["Mitgliedsschule seit 16.05.2023"],
        "Alt": ["Mitgliedsschule vom 16.05.2023 bis 31.07.2025"],
        "Schulberatung": ["4 Beratungskontakte"],
    }


def test_no_measure_yet(school: Organisation, anna: User, verified_client) -> None:
    response = _page(_english(verified_client(anna)), school)
    assert _panel(response)["rows"] == []
    assert "The organisation takes part in no measure of the KI yet." in response.text


@pytest.mark.parametrize("who", ["anna", "lars"])
def test_the_list_is_bounded_and_its_queries_do_not_grow(
    who: str,
    bielefeld: Centre,
    anna: User,
    school: Organisation,
    verified_client,
    request,
    monkeypatch,
) -> None:
    def add(n: int, offset: int) -> None:
        for i in range(n):
            m = factories.bare_measure(
                bielefeld,
                "dolmetscherpool",
                title=f"Pool {offset + i:02d}",
                starts_on=date(2020, 1, 1 + offset + i),
            )
            m.partners.set([school])
            _assignments(m, school, 3)
            _groups(m, school, 2)
            _counselling(m, school, anna, 2)
            _member(m, school)

    add(2, 0)
    client = _english(verified_client(request.getfixturevalue(who)))
    _page(client, school)
    with CaptureQueriesContext(connection) as few:
        _page(client, school)
    add(28, 2)
    with CaptureQueriesContext(connection) as many:
        response = _page(client, school)
    assert len(many.captured_queries) == len(few.captured_queries)
    panel = _panel(response)
    assert panel["total"] == 30
    assert len(panel["rows"]) == 30
    assert panel["rows"][0].roles == [
        "Partner",
        "Member school since 05/16/2023",
        "Site of 2 parent groups",
        "3 interpreter assignments",
        "2 counselling contacts",
    ]

    monkeypatch.setattr(organisation_panels, "LIMIT", 10)
    response = _page(client, school)
    panel = _panel(response)
    newest = [f"Pool {i:02d}" for i in range(29, 19, -1)]
    assert [row.measure.title for row in panel["rows"]] == newest
    assert (
        "The newest 10 of 30 measures of the KI this organisation takes part in." in response.text
    )


def test_the_panel_takes_two_queries(school: Organisation, anna: User, involved) -> None:
    with CaptureQueriesContext(connection) as queries:
        organisation_panels.organisation_measures_panel(anna, school)
    assert len(queries.captured_queries) == 2


def test_only_the_organisations_own_ki_measures_count(
    dortmund: Centre, anna: User, school: Organisation, involved
) -> None:
    """The services refuse another KI's organisation in a measure; were one written anyway, the
    panel would not list another KI's measure on this KI's page."""
    foreign = factories.bare_measure(dortmund, "dolmetscherpool", title="Dortmunder Pool")
    foreign.partners.set([school])
    _assignments(foreign, school, 1)
    panel = organisation_panels.organisation_measures_panel(anna, school)
    assert panel is not None
    assert "Dortmunder Pool" not in {row.measure.title for row in panel["rows"]}
    assert panel["total"] == 5
