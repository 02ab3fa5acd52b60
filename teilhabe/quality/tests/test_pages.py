"""The pages: the overview for a year (filters, constant queries), the coordination office's
recomputation, a KI's own status and its history, the panel on the KI's page, the start card."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.core.models import AuditEvent
from teilhabe.quality import services
from teilhabe.quality.models import QualityChange, QualityStatus
from teilhabe.territory.models import Regierungsbezirk

from .conftest import MEETINGS, PROOFS, FakePillars

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):  # type: ignore[no-untyped-def]
    """The pages are read in their English source text (German is the default)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def computed(
    pillars: FakePillars, lars: User, bielefeld: Centre, dortmund: Centre, last_year: int
) -> FakePillars:
    pillars.set(PROOFS, dortmund, False)
    pillars.set(MEETINGS, bielefeld, None)
    services.recompute_statuses(last_year, by=lars)
    return pillars


def _overview(client, **params):  # type: ignore[no-untyped-def]
    return client.get(reverse("quality:overview"), params)


def test_the_overview_shows_every_ki_with_each_pillar_in_words(
    computed: FakePillars, bernd: User, verified_client, last_year: int
) -> None:
    response = _overview(verified_client(bernd), year=last_year)
    assert response.status_code == 200
    rows = response.context["rows"]
    assert len(rows) == 54
    html = response.content.decode()
    assert "Proof of use checked" in html and "Network meetings" in html
    # words beside every icon: never colour alone
    assert "not fulfilled" in html and "open (not due yet or not applicable)" in html
    assert html.count('kern-icon--danger kern-icon--default" aria-hidden="true"></span> ') >= 2
    assert 'action="/qualitaet/neu-berechnen/"' not in html  # only the coordination office


def test_the_overview_defaults_to_last_year(
    computed: FakePillars, mia: User, verified_client, last_year: int
) -> None:
    response = _overview(verified_client(mia))
    assert response.context["year"] == last_year
    # ... and so does its filter: the select shows that year, not its first choice (this year).
    html = response.content.decode()
    assert f'<option value="{last_year}" selected>' in html
    assert f'<option value="{last_year + 1}" selected>' not in html
    assert _overview(verified_client(mia), year="abc").context["year"] == last_year


def test_the_overview_filters_by_regierungsbezirk_and_unfulfilled(
    computed: FakePillars, lars: User, dortmund: Centre, verified_client, last_year: int
) -> None:
    detmold = Regierungsbezirk.objects.get(key="057")
    response = _overview(verified_client(lars), year=last_year, bezirk=detmold.pk)
    names = {r["centre"].grantee.district.regierungsbezirk.key for r in response.context["rows"]}
    assert names == {"057"}
    response = _overview(verified_client(lars), year=last_year, unfulfilled="on")
    assert [r["centre"] for r in response.context["rows"]] == [dortmund]


def test_the_overview_reads_in_a_number_of_queries_independent_of_the_kis(
    computed: FakePillars,
    lars: User,
    verified_client,
    last_year: int,
    django_assert_max_num_queries,
) -> None:
    client = verified_client(lars)
    # Detmold's 7 KIs and Düsseldorf's 15: the same number of queries
    detmold, duesseldorf = (Regierungsbezirk.objects.get(key=k) for k in ("057", "051"))
    few = _queries(client, {"year": last_year, "bezirk": detmold.pk})
    many = _queries(client, {"year": last_year, "bezirk": duesseldorf.pk})
    assert few == many
    # session, user, device, the region chosen and the regions (filter), the KIs, the statuses,
    # the navigation badge, the session's save
    with django_assert_max_num_queries(12):
        _overview(client, year=last_year)


def _queries(client, params) -> int:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("quality:overview"), params).status_code == 200
    return len(captured)


def test_the_coordination_office_recomputes_with_the_button(
    pillars: FakePillars, lars: User, bielefeld: Centre, verified_client, last_year: int
) -> None:
    client = verified_client(lars)
    assert 'action="/qualitaet/neu-berechnen/"' in _overview(client).content.decode()
    response = client.post(reverse("quality:recompute"), {"year": str(last_year)}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("quality:overview") + f"?year={last_year}"
    assert "54 of 54" in response.content.decode()
    assert QualityStatus.objects.filter(year=last_year).count() == 54
    assert AuditEvent.objects.filter(action="quality_status.recomputed", actor=lars).count() == 1


def test_a_recomputation_of_a_year_to_come_is_refused_at_the_field(
    pillars: FakePillars, lars: User, verified_client
) -> None:
    response = verified_client(lars).post(reverse("quality:recompute"), {"year": "2999"})
    assert response.status_code == 422
    assert "Please correct" in response.content.decode()
    assert not QualityStatus.objects.exists()


def test_the_ki_sees_its_years_with_what_is_missing(
    computed: FakePillars, carla: User, dortmund: Centre, verified_client, last_year: int
) -> None:
    response = verified_client(carla).get(reverse("quality:centre", args=[dortmund.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="year-{last_year}"' in html
    assert "Missing:" in html and "Checked by the grant officer. Source: proofs." in html
    assert "not all pillars fulfilled" in html


def test_a_ki_sees_no_other_kis_status(
    computed: FakePillars, carla: User, bielefeld: Centre, verified_client
) -> None:
    client = verified_client(carla)
    assert client.get(reverse("quality:centre", args=[bielefeld.pk])).status_code == 404
    assert client.get(reverse("quality:history", args=[bielefeld.pk])).status_code == 404
    assert client.get(reverse("quality:centre", args=[999999])).status_code == 404


def test_the_history_shows_each_change_from_and_to(
    computed: FakePillars,
    lars: User,
    anna: User,
    bielefeld: Centre,
    verified_client,
    last_year: int,
) -> None:
    computed.set(MEETINGS, bielefeld, False)
    services.recompute_statuses(last_year, by=lars)
    assert QualityChange.objects.filter(status__centre=bielefeld).count() == 2
    response = verified_client(anna).get(reverse("quality:history", args=[bielefeld.pk]))
    html = response.content.decode()
    assert "First computation." in html
    assert (
        "Network meetings: from “open (not due yet or not applicable)” to “not fulfilled”" in html
    )
    assert [r.change.first for r in response.context["rows"]] == [False, True]


def test_the_kis_page_shows_its_latest_status_to_who_may_see_it(
    computed: FakePillars, anna: User, eva: User, bielefeld: Centre, verified_client, client
) -> None:
    url = reverse("centres:detail", args=[bielefeld.pk])
    assert 'id="quality-heading"' in verified_client(anna).get(url).content.decode()
    assert 'id="quality-heading"' not in verified_client(eva).get(url).content.decode()
    assert 'id="quality-heading"' not in client.get(url).content.decode()


def test_the_coordination_office_is_asked_about_the_kis_not_fulfilled_last_year(
    computed: FakePillars, lars: User, bernd: User, verified_client, last_year: int
) -> None:
    html = verified_client(lars).get(reverse("pages:start")).content.decode()
    assert f"Quality status {last_year}" in html
    assert f"?year={last_year}&amp;unfulfilled=on" in html
    assert (
        f"Quality status {last_year}"
        not in verified_client(bernd).get(reverse("pages:start")).content.decode()
    )


def test_no_card_when_every_ki_fulfils(
    pillars: FakePillars, lars: User, verified_client, last_year: int
) -> None:
    services.recompute_statuses(last_year, by=lars)
    html = verified_client(lars).get(reverse("pages:start")).content.decode()
    assert f"Quality status {last_year}" not in html


def test_the_navigation_leads_a_ki_to_its_own_status(
    anna: User, bielefeld: Centre, verified_client
) -> None:
    html = verified_client(anna).get(reverse("pages:start")).content.decode()
    assert reverse("quality:centre", args=[bielefeld.pk]) in html
