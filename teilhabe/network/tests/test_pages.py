"""The network's pages: the list with its filters and query count, the partner's own page,
the undo button, the merge, the agreement upload, the panel on the KI's page."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from teilhabe.network import services
from teilhabe.network.models import CooperationAgreement, Organisation

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):  # type: ignore[no-untyped-def]
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def _list(client, centre, **query):  # type: ignore[no-untyped-def]
    return client.get(reverse("network:list", args=[centre.pk]), query)


def test_the_list_filters_sorts_and_counts_its_queries(
    bielefeld, anna, verified_client, django_assert_max_num_queries
) -> None:
    for i in range(60):
        factories.organisation(
            bielefeld,
            anna,
            name=f"Verein {i:02d}",
            postcode=f"336{i % 10:02d}",
            street=f"Weg {i}",
            type="sports_club" if i % 2 else "school",
            stages=["school"] if i % 3 == 0 else ["kita"],
            languages=["uk"] if i == 7 else ["tr"],
        )
    client = verified_client(anna)
    with django_assert_max_num_queries(14):
        response = _list(client, bielefeld)
    assert response.context["page"].paginator.count == 60
    assert len(response.context["page"].object_list) == 50
    assert _list(client, bielefeld, type="school").context["page"].paginator.count == 30
    assert _list(client, bielefeld, stage="school").context["page"].paginator.count == 20
    assert [o.name for o in _list(client, bielefeld, language="uk").context["page"]] == [
        "Verein 07"
    ]
    first = _list(client, bielefeld, sort="-name").context["page"].object_list[0]
    assert first.name == "Verein 59"
    # A bad filter value is dropped, the others still apply.
    assert (
        _list(client, bielefeld, type="school", stage="nope").context["page"].paginator.count == 30
    )


def test_the_list_shows_its_likely_duplicates(org, bielefeld, anna, verified_client) -> None:
    factories.organisation(bielefeld, anna, name="Interkultureller Elternverein Bielefeld eV")
    response = _list(verified_client(anna), bielefeld)
    assert response.context["duplicates"] == 1
    assert "1 likely duplicate found." in response.text


def test_the_partner_sees_and_edits_its_own_organisation(pauls, paul, verified_client) -> None:
    client = verified_client(paul)
    response = client.get(reverse("network:mine"))
    assert response.status_code == 200
    assert pauls.name in response.text
    edit = reverse("network:edit", args=[pauls.centre_id, pauls.pk])
    form = client.get(edit).context["form"]
    assert "type" not in form.fields and "is_active" not in form.fields
    data = {
        "name": pauls.name,
        "street": pauls.street,
        "postcode": pauls.postcode,
        "municipality": pauls.municipality_id,
        "email": pauls.email,
        "phone": "keine Nummer",
        "website": "",
        "languages": pauls.languages,
        "stages": pauls.stages,
        "areas_of_work": "",
    }
    refused = client.post(edit, data)
    assert refused.status_code == 200
    assert refused.context["form"].errors["phone"]
    assert 'value="keine Nummer"' in refused.text  # nothing typed is lost
    response = client.post(edit, {**data, "phone": "0521 999"})
    assert response.status_code == 302 and response["Location"] == reverse("network:mine")


def test_the_ki_sees_the_partners_change_and_undoes_it(pauls, paul, anna, verified_client) -> None:
    services.update_organisation(pauls, by=paul, data={"phone": "0521 999"})
    client = verified_client(anna)
    page = client.get(pauls.get_absolute_url())
    event = page.context["partner_changes"][0]
    assert "Undo this change" in page.text
    undo = reverse("network:undo", args=[pauls.centre_id, pauls.pk, event.pk])
    client.post(undo)
    pauls.refresh_from_db()
    assert pauls.phone == "0521 123456"
    again = client.post(undo, follow=True)
    assert "This change has been undone already." in again.text


def test_the_merge_page_takes_the_chosen_fields(org, bielefeld, anna, verified_client) -> None:
    twin = factories.organisation(bielefeld, anna, name="Elternverein Bielefeld", phone="0521 5")
    url = reverse("network:merge", args=[bielefeld.pk, org.pk, twin.pk])
    client = verified_client(anna)
    assert {f[0] for f in client.get(url).context["fields"]} == {"name", "phone"}
    assert client.post(url, {"phone": "merged"}).status_code == 302
    org.refresh_from_db()
    assert (org.name, org.phone) == ("Interkultureller Elternverein Bielefeld e. V.", "0521 5")
    assert not Organisation.objects.get(pk=twin.pk).is_active


def test_an_agreement_upload_that_is_no_pdf_keeps_the_input(org, kai, verified_client) -> None:
    url = reverse("network:agreement_add", args=[org.centre_id, org.pk])
    fake = SimpleUploadedFile("v.pdf", b"plain text", content_type="application/pdf")
    response = verified_client(kai).post(
        url, {"kind": "framework", "since": "2024-02-01", "until": "", "document": fake}
    )
    assert response.status_code == 200
    assert "not a PDF document" in response.text
    assert 'value="2024-02-01"' in response.text
    assert not CooperationAgreement.objects.exists()


def test_the_kis_page_links_the_concepts_bodies_to_partners(
    bielefeld, anna, verified_client
) -> None:
    from teilhabe.funding.tests.factories import concept

    concept(bielefeld)  # involves every body the programme names
    council = factories.organisation(
        bielefeld, anna, type="integration_council", name="Integrationsrat der Stadt Bielefeld"
    )
    page = verified_client(anna).get(bielefeld.get_absolute_url())
    assert council.get_absolute_url() in page.text
    assert "no organisation of this kind in the network yet" in page.text


def test_the_start_page_tells_the_ki_about_partner_changes(
    pauls, paul, kai, verified_client
) -> None:
    services.update_organisation(pauls, by=paul, data={"phone": "0521 999"})
    page = verified_client(kai).get(reverse("pages:start"))
    assert "Partners made 1 change in the last 30 days." in page.text
    assert "Your organisation" in verified_client(paul).get(reverse("pages:start")).text


def test_the_matrix_shows_each_stage(org, bielefeld, lars, verified_client) -> None:
    page = verified_client(lars).get(reverse("network:matrix", args=[bielefeld.pk]))
    assert page.status_code == 200
    assert page.context["rows"] == [(org, [False, True, True, False, False])]
