"""Guideline versions: public pages, and the ministry's form for a new version."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from teilhabe.core.models import AuditEvent
from teilhabe.funding.models import Guideline

pytestmark = pytest.mark.django_db


def test_anyone_reads_every_version_with_amounts_groups_and_citations(territory):
    page = Client().get("/foerderung/richtlinien/")
    html = page.content.decode()
    assert page.status_code == 200
    for text in ("Förderrichtlinien KI vom 25.06.2012", "57.000,00", "364.500,00", "§ 8 TIntG NRW"):
        assert text in html
    version = Guideline.objects.get(code="2018")
    detail = Client().get(f"/foerderung/richtlinien/{version.pk}/")
    assert detail.status_code == 200 and "320.000,00" in detail.content.decode()


def test_the_list_needs_two_queries(client, territory, django_assert_num_queries):
    with django_assert_num_queries(2):  # the versions, their groups
        client.get("/foerderung/richtlinien/")


def _form(valid_from: date, **overrides: str) -> dict[str, str]:
    data = {
        "code": "2027",
        "title": "Förderrichtlinien KI 2027",
        "valid_from": valid_from.isoformat(),
        "valid_until": "",
        "citation": "§ 8 TIntG NRW; Förderrichtlinien KI 2027",
        "specialist_amount": "60000,00",
        "assistant_amount": "47000,00",
        "annual_cap_kreis": "383500,00",
        "annual_cap_kreisfreie_stadt": "323500,00",
        "interpreter_pool_cap": "50000,00",
        "in_kind_teachers": "2",
        "in_kind_value": "100000,00",
        "concept_max_age_years": "3",
        "assumptions": "",
        "groups-TOTAL_FORMS": "3",
        "groups-INITIAL_FORMS": "0",
        "groups-MIN_NUM_FORMS": "0",
        "groups-MAX_NUM_FORMS": "20",
        "groups-0-code": "specialists",
        "groups-0-name": "Fachkräfte",
        "groups-0-categories": ["pedagogical", "administrative"],  # type: ignore[dict-item]
        "groups-0-max_fte": "6",
        "groups-0-district_kind": "kreis",
        "groups-0-citation": "Nr. 2.1",
        "groups-1-code": "assistant",
        "groups-1-name": "Assistenz",
        "groups-1-categories": ["assistant"],  # type: ignore[dict-item]
        "groups-1-max_fte": "0,5",
        "groups-1-district_kind": "",
        "groups-1-citation": "Nr. 2.2",
    }
    data.update(overrides)
    return data


def test_the_ministry_adds_a_version_and_the_open_one_ends_the_day_before(
    verified_client, mia, territory
):
    start = timezone.localdate() + timedelta(days=30)
    client = verified_client(mia)
    assert client.get("/foerderung/richtlinien/neu/").status_code == 200
    response = client.post("/foerderung/richtlinien/neu/", _form(start))
    assert response.status_code == 302
    new = Guideline.objects.get(code="2027")
    assert [(g.code, g.max_fte) for g in new.position_groups.all()] == [
        ("specialists", 6),
        ("assistant", 0.5),
    ]
    assert Guideline.objects.get(code="2022").valid_until == start - timedelta(days=1)
    assert AuditEvent.objects.filter(action="guideline.added", actor=mia).exists()


def test_a_start_in_the_past_is_refused_at_the_field_and_the_input_kept(
    verified_client, mia, territory
):
    page = verified_client(mia).post(
        "/foerderung/richtlinien/neu/", _form(timezone.localdate() - timedelta(days=1))
    )
    assert page.status_code == 200
    assert page.context["form"].errors["valid_from"]
    html = page.content.decode()
    assert 'value="Förderrichtlinien KI 2027"' in html and 'value="60000,00"' in html
    assert 'value="Fachkräfte"' in html
    assert not Guideline.objects.filter(code="2027").exists()
    assert Guideline.objects.get(code="2022").valid_until is None


def test_a_duplicate_group_code_is_refused_at_the_group(verified_client, mia, territory):
    start = timezone.localdate() + timedelta(days=30)
    page = verified_client(mia).post(
        "/foerderung/richtlinien/neu/",
        _form(start, **{"groups-1-code": "specialists", "groups-1-district_kind": "kreis"}),
    )
    assert page.status_code == 200
    assert page.context["groups"].forms[1].errors["code"]
    assert not Guideline.objects.filter(code="2027").exists()


def test_a_version_without_groups_is_refused(verified_client, mia, territory):
    start = timezone.localdate() + timedelta(days=30)
    data = {
        k: v
        for k, v in _form(start).items()
        if not k.startswith("groups-0") and not k.startswith("groups-1")
    }
    page = verified_client(mia).post("/foerderung/richtlinien/neu/", data)
    assert page.status_code == 200
    assert page.context["groups"].non_form_errors()


@pytest.mark.parametrize("who", ["bernd", "guel", "anna", "lars"])
def test_only_the_ministry_adds_versions(request, verified_client, territory, who):
    client = verified_client(request.getfixturevalue(who))
    start = timezone.localdate() + timedelta(days=30)
    assert client.get("/foerderung/richtlinien/neu/").status_code == 404
    assert client.post("/foerderung/richtlinien/neu/", _form(start)).status_code == 404
    assert not Guideline.objects.filter(code="2027").exists()
