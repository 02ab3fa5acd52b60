"""GET /api/v1/centres/{id}/concepts: the versions, scoped exactly like the pages."""

from __future__ import annotations

import pytest
from django.test import Client

from teilhabe.accounts.models import User
from teilhabe.accounts.services import create_api_token
from teilhabe.centres.models import Centre
from teilhabe.concepts import services
from teilhabe.concepts.models import IntegrationConcept
from teilhabe.core.pseudonyms import pseudonym

from .conftest import upload, valid_data


@pytest.fixture
def concepts(anna: User, bielefeld: Centre) -> list[IntegrationConcept]:
    return [
        services.add_concept_version(bielefeld, by=anna, data=valid_data(), upload=upload())
        for _ in range(2)
    ]


def test_it_lists_the_versions_newest_first(
    kai: User, bielefeld: Centre, concepts: list[IntegrationConcept], verified_client
) -> None:
    response = verified_client(kai).get(f"/api/v1/centres/{bielefeld.pk}/concepts")
    assert response.status_code == 200
    body = response.json()
    assert [(c["version"], c["is_current"]) for c in body] == [(2, True), (1, False)]
    assert body[0]["document_sha256"] == concepts[1].document_sha256
    assert body[0]["focus_areas"] == ["education", "cross_cutting"]
    assert body[0]["uploaded_by"] == "Anna Test"
    assert "document" not in body[0] and "content" not in body[0]


def test_it_pseudonymises_the_uploader_for_the_evaluator(
    eva: User, anna: User, bielefeld: Centre, concepts: list, verified_client
) -> None:
    body = verified_client(eva).get(f"/api/v1/centres/{bielefeld.pk}/concepts").json()
    assert {c["uploaded_by"] for c in body} == {pseudonym("user", anna.pk)}
    assert all(c["uploaded_by"].startswith("P-") for c in body)  # a keyed hash, not `#<id>`


def test_it_hides_the_concepts_from_another_ki_and_partners(
    carla: User, paul: User, bielefeld: Centre, concepts: list, verified_client
) -> None:
    for user in (carla, paul):
        response = verified_client(user).get(f"/api/v1/centres/{bielefeld.pk}/concepts")
        assert response.status_code == 404
        assert response.json()["errors"][0]["code"] == "not_found"


def test_it_shows_them_to_the_school_authority_of_the_district_only(
    sven: User, bielefeld: Centre, dortmund: Centre, concepts: list, verified_client
) -> None:
    client = verified_client(sven)
    assert client.get(f"/api/v1/centres/{bielefeld.pk}/concepts").status_code == 200
    assert client.get(f"/api/v1/centres/{dortmund.pk}/concepts").status_code == 404


def test_it_wants_a_login(bielefeld: Centre, concepts: list) -> None:
    response = Client().get(f"/api/v1/centres/{bielefeld.pk}/concepts")
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "not_authenticated"


def test_it_lists_in_a_fixed_number_of_queries(
    bernd: User, anna: User, bielefeld: Centre, concepts: list, django_assert_num_queries
) -> None:
    _token, raw = create_api_token(bernd, by=bernd, name="Concepts export")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    url = f"/api/v1/centres/{bielefeld.pk}/concepts"
    # token with its user, note of its use, its audit event, centre, versions with uploader
    with django_assert_num_queries(5):
        assert len(client.get(url).json()) == 2
    for _ in range(5):
        services.add_concept_version(bielefeld, by=anna, data=valid_data(), upload=upload())
    with django_assert_num_queries(3):  # last use was just noted: no write this time
        assert len(client.get(url).json()) == 7
