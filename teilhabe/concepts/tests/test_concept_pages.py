"""The concept pages: upload with errors kept at their fields, list, detail, download, 404s."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.concepts import services
from teilhabe.concepts.models import Actor, IntegrationConcept
from teilhabe.core.models import AuditEvent
from teilhabe.core.pseudonyms import pseudonym
from teilhabe.funding.tests.factories import pdf_bytes

from .conftest import upload, valid_data


def _post_data(**changes: Any) -> dict[str, Any]:
    """The form as a browser sends it: every field a string or a list of strings."""
    data = valid_data(**changes)
    data["resolution_date"] = str(data["resolution_date"])
    return {**data, "document": changes.get("document", upload())}


def _add(centre: Centre, by: User, n: int = 1, **changes: Any) -> list[IntegrationConcept]:
    return [
        services.add_concept_version(centre, by=by, data=valid_data(**changes), upload=upload())
        for _ in range(n)
    ]


def test_it_adds_a_version_through_the_form(kai: User, bielefeld: Centre, verified_client) -> None:
    content = pdf_bytes(pages=4)
    response = verified_client(kai).post(
        reverse("concepts:add", args=[bielefeld.pk]),
        _post_data(document=upload(content, "Konzept Bielefeld.pdf")),
    )
    concept = IntegrationConcept.objects.get(centre=bielefeld)
    assert response.status_code == 302
    assert response["Location"] == reverse("concepts:detail", args=[bielefeld.pk, 1])
    assert concept.document_pages == 4
    assert concept.document_sha256 == hashlib.sha256(content).hexdigest()
    assert concept.created_by == kai
    assert AuditEvent.objects.filter(action="concept.added", actor=kai).count() == 1


def test_it_keeps_the_typed_fields_and_names_the_problem_of_a_renamed_file(
    anna: User, bielefeld: Centre, verified_client
) -> None:
    fake = upload(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "foto.pdf")
    response = verified_client(anna).post(
        reverse("concepts:add", args=[bielefeld.pk]),
        _post_data(title="Konzept mit Foto", organisation="Eigene Abteilung 4711", document=fake),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert [e.code for e in form.errors.as_data()["document"]] == ["not_a_pdf"]
    page = response.content.decode()
    assert 'value="Konzept mit Foto"' in page
    assert "Eigene Abteilung 4711" in page
    assert 'value="youth_welfare" id="id_actors_2" checked' in page
    assert 'id="id_document-error"' in page and 'aria-invalid="true"' in page
    assert 'id="choose-again"' in page  # the browser dropped the file: say so
    assert not IntegrationConcept.objects.exists()


def test_it_shows_the_rule_errors_at_their_fields(
    anna: User, bielefeld: Centre, verified_client
) -> None:
    response = verified_client(anna).post(
        reverse("concepts:add", args=[bielefeld.pk]),
        _post_data(focus_areas=["education"], adopting_body="kreistag"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()
    assert [e.code for e in errors["focus_areas"]] == ["missing_focus_area"]
    assert [e.code for e in errors["adopting_body"]] == ["wrong_adopting_body"]
    page = response.content.decode()
    # The checkbox group is a fieldset the error summary can link to.
    assert '<fieldset class="kern-fieldset kern-fieldset--error" id="id_focus_areas"' in page
    assert 'href="#id_focus_areas"' in page
    assert 'value="education" id="id_focus_areas_0" checked' in page
    assert 'value="cross_cutting" id="id_focus_areas_1">' in page


def test_it_starts_a_new_version_from_the_current_one(
    anna: User, bielefeld: Centre, verified_client
) -> None:
    _add(bielefeld, anna, organisation="Stabsstelle beim Oberbürgermeister")
    form = verified_client(anna).get(reverse("concepts:add", args=[bielefeld.pk])).context["form"]
    assert form.initial["organisation"] == "Stabsstelle beim Oberbürgermeister"


def test_it_lists_the_versions_newest_first_with_the_current_marked(
    sven: User, anna: User, bielefeld: Centre, verified_client
) -> None:
    _add(bielefeld, anna, 3)
    response = verified_client(sven).get(reverse("concepts:list", args=[bielefeld.pk]))
    assert [c.version for c in response.context["concepts"]] == [3, 2, 1]
    page = response.content.decode()
    assert page.count("kern-badge--success") == 1
    assert reverse("concepts:add", args=[bielefeld.pk]) not in page  # sven only reads


def test_it_lists_in_a_fixed_number_of_queries(
    bernd: User, anna: User, bielefeld: Centre, verified_client, django_assert_num_queries
) -> None:
    client: Client = verified_client(bernd)
    url = reverse("concepts:list", args=[bielefeld.pk])
    _add(bielefeld, anna, 2)
    # session, user, OTP device, centre with grantee, versions with uploader, the unread
    # notifications (navigation), session save (3)
    with django_assert_num_queries(9):
        client.get(url)
    _add(bielefeld, anna, 5)
    with django_assert_num_queries(9):
        assert len(client.get(url).context["concepts"]) == 7


def test_it_shows_a_version_with_everything(
    eva: User, anna: User, bielefeld: Centre, verified_client
) -> None:
    first, _second = _add(bielefeld, anna, 2, actors=[Actor.SCHOOL_SUPERVISION])
    response = verified_client(eva).get(first.get_absolute_url())
    page = response.content.decode()
    assert response.context["current_version"] == 2
    assert first.document_sha256 in page
    assert reverse("concepts:detail", args=[bielefeld.pk, 2]) in page  # link to the current one
    assert str(Actor.YOUTH_WELFARE.label) in page  # missing actors as a hint
    # the evaluator sees no names and no ids: a keyed pseudonym
    assert pseudonym("user", anna.pk) in page and "Anna" not in page and f"#{anna.pk}" not in page


def test_it_marks_the_current_version(
    kai: User, anna: User, bielefeld: Centre, verified_client
) -> None:
    (concept,) = _add(bielefeld, anna)
    response = verified_client(kai).get(concept.get_absolute_url())
    assert response.context["current_version"] == 1
    assert "kern-badge--success" in response.content.decode()
    assert "Anna Test" in response.content.decode()


def test_it_serves_the_document_as_a_download(
    mia: User, anna: User, bielefeld: Centre, verified_client, django_capture_on_commit_callbacks
) -> None:
    content = pdf_bytes(pages=2)
    with django_capture_on_commit_callbacks(execute=True):  # the file is written on commit
        concept = services.add_concept_version(
            bielefeld, by=anna, data=valid_data(), upload=upload(content, "Konzept 2024.pdf")
        )
    response = verified_client(mia).get(
        reverse("concepts:document", args=[bielefeld.pk, concept.version])
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Konzept 2024.pdf" in response["Content-Disposition"]


@pytest.mark.parametrize("name", ["list", "add", "detail", "document"])
def test_it_answers_another_ki_and_partners_with_404(
    name: str, carla: User, paul: User, anna: User, bielefeld: Centre, verified_client
) -> None:
    _add(bielefeld, anna)
    kwargs: dict[str, int] = {"centre_pk": bielefeld.pk}
    if name in ("detail", "document"):
        kwargs["version"] = 1
    url = reverse(f"concepts:{name}", kwargs=kwargs)
    for user in (carla, paul):
        assert verified_client(user).get(url).status_code == 404, user


def test_it_lets_only_the_kis_own_staff_upload(
    carla: User, bernd: User, bielefeld: Centre, verified_client
) -> None:
    url = reverse("concepts:add", args=[bielefeld.pk])
    for user in (carla, bernd):
        assert verified_client(user).post(url, _post_data()).status_code == 404
    assert not IntegrationConcept.objects.exists()


def test_it_answers_an_unknown_version_with_404(
    anna: User, bielefeld: Centre, verified_client
) -> None:
    _add(bielefeld, anna)
    client = verified_client(anna)
    assert client.get(reverse("concepts:detail", args=[bielefeld.pk, 2])).status_code == 404
    assert client.get(reverse("concepts:document", args=[bielefeld.pk, 2])).status_code == 404


def test_it_shows_the_concept_on_the_centre_page_to_those_who_may_see_it(
    kai: User, sven: User, carla: User, anna: User, bielefeld: Centre, verified_client
) -> None:
    (concept,) = _add(bielefeld, anna)
    detail = reverse("centres:detail", args=[bielefeld.pk])
    add = reverse("concepts:add", args=[bielefeld.pk])
    own = verified_client(kai).get(detail).content.decode()
    assert 'id="concept"' in own and concept.get_absolute_url() in own and add in own
    district = verified_client(sven).get(detail).content.decode()
    assert concept.get_absolute_url() in district and add not in district
    other = verified_client(carla).get(detail).content.decode()
    assert 'id="concept"' not in other
    assert 'id="concept"' not in Client().get(detail).content.decode()


def test_it_names_every_problem_in_one_answer(
    anna: User, bielefeld: Centre, verified_client
) -> None:
    data = _post_data(focus_areas=["education"], title="")
    del data["document"]
    response = verified_client(anna).post(reverse("concepts:add", args=[bielefeld.pk]), data)
    errors = response.context["form"].errors.as_data()
    assert {field: [e.code for e in errs] for field, errs in errors.items()} == {
        "title": ["required"],
        "focus_areas": ["missing_focus_area"],
        "document": ["required"],
    }


def test_it_proposes_the_council_that_fits_the_grantee(
    anna: User, bielefeld: Centre, verified_client
) -> None:
    form = verified_client(anna).get(reverse("concepts:add", args=[bielefeld.pk])).context["form"]
    assert form.initial["adopting_body"] == "rat"
