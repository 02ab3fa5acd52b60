"""The measures' pages: the KI's list with search, filters, sorting, pagination and export in a
constant number of queries; the page of a measure with its counted targets, documents and
history; the forms with the optimistic lock; another KI's objects answer 404."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.funding.tests.factories import pdf_bytes
from teilhabe.measures.models import Measure, ParentGroup
from teilhabe.measures.services import measures as services
from teilhabe.network.tests import factories as network

from . import factories

pytestmark = pytest.mark.django_db


def _list(client, centre: Centre, **query: str):  # type: ignore[no-untyped-def]
    return client.get(reverse("measures:list", args=[centre.pk]), query)


def _many(centre: Centre, n: int) -> None:
    codes = ["rucksack-kita", "komm-an", "schule-ohne-rassismus"]
    for i in range(n):
        factories.bare_measure(
            centre,
            codes[i % 3],
            title=f"Maßnahme {i:02d}",
            goals="Sprachbildung" if i == 4 else "",
            location_notes="Sieker" if i == 5 else "",
            starts_on=date(2020 + i % 6, 1, 1),
            ends_on=date(2020 + i % 6, 12, 31),
            status=["planned", "running", "completed"][i % 3],
        )


def test_the_list_searches_filters_and_sorts(bielefeld: Centre, kai: User, verified_client) -> None:
    _many(bielefeld, 60)
    client = verified_client(kai)
    response = _list(client, bielefeld)
    assert response.context["page"].paginator.count == 60
    assert len(response.context["page"].object_list) == 50
    assert _list(client, bielefeld, q="sprachbildung").context["page"].paginator.count == 1
    assert _list(client, bielefeld, q="Sieker").context["page"].paginator.count == 1
    programme = factories.programme("komm-an")
    assert (
        _list(client, bielefeld, programme=str(programme.pk)).context["page"].paginator.count == 20
    )
    assert _list(client, bielefeld, status="completed").context["page"].paginator.count == 20
    # Schule ohne Rassismus covers school and youth work; Rucksack KiTa the Kita; KOMM-AN none.
    assert _list(client, bielefeld, stage="youth_work").context["page"].paginator.count == 20
    assert _list(client, bielefeld, stage="kita").context["page"].paginator.count == 20
    assert _list(client, bielefeld, year="2021").context["page"].paginator.count == 10
    first = _list(client, bielefeld, sort="title").context["page"].object_list[0]
    assert first.title == "Maßnahme 00"
    # A bad filter value is dropped, the others still apply.
    assert (
        _list(client, bielefeld, status="nonsense", q="Sieker").context["page"].paginator.count == 1
    )


def test_the_lists_queries_do_not_grow_with_its_rows(
    bielefeld: Centre, kai: User, verified_client
) -> None:
    client = verified_client(kai)
    _many(bielefeld, 3)
    _list(client, bielefeld)
    with CaptureQueriesContext(connection) as few:
        _list(client, bielefeld)
    _many(bielefeld, 40)
    with CaptureQueriesContext(connection) as many:
        _list(client, bielefeld)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_export_holds_the_filtered_list(bielefeld: Centre, kai: User, verified_client) -> None:
    _many(bielefeld, 6)
    client = verified_client(kai)
    response = client.get(
        reverse("measures:list_export", args=[bielefeld.pk, "csv"]), {"status": "running"}
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = text.strip().split("\r\n")
    assert len(lines) == 3  # header and the two running measures
    assert "Maßnahme 01" in text and "Maßnahme 00" not in text
    xlsx = client.get(reverse("measures:list_export", args=[bielefeld.pk, "xlsx"]))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_state_wide_list_filters_by_ki(
    bielefeld: Centre, dortmund: Centre, lars: User, verified_client
) -> None:
    _many(bielefeld, 2)
    factories.bare_measure(dortmund, "komm-an", title="KOMM-AN Dortmund")
    client = verified_client(lars)
    response = client.get(reverse("measures:all"), {"centre": str(dortmund.pk)})
    assert [m.title for m in response.context["page"]] == ["KOMM-AN Dortmund"]
    export = client.get(reverse("measures:all_export", args=["csv"]))
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "KOMM-AN Dortmund" in text and "Maßnahme 00" in text


def test_the_page_shows_counted_and_typed_actuals_partners_and_history(
    bielefeld: Centre, kai: User, anna: User, verified_client
) -> None:
    kita = network.organisation(bielefeld, anna, type="kita", name="Kita Sonnenblume")
    measure = factories.measure(bielefeld, kai, partners=[kita], starts_on=date(2025, 1, 1))
    services.add_target(
        measure, by=kai, data={"label": "Familien", "target": 20, "figure": "measures.families"}
    )
    services.add_target(measure, by=kai, data={"label": "Elternabende", "target": 4, "actual": 3})
    ParentGroup.objects.create(
        measure=measure, site="Kita", starts_on=date(2025, 2, 1), families=12
    )
    response = verified_client(kai).get(measure.get_absolute_url())
    targets = {row["target"].label: row for row in response.context["targets"]}
    assert targets["Familien"]["actual"] == 12 and targets["Familien"]["counted"]
    assert targets["Elternabende"]["actual"] == 3 and not targets["Elternabende"]["counted"]
    assert kita.get_absolute_url() in response.text
    assert [e.action for e in response.context["history"]][-1] == "measure.added"
    assert len(response.context["history"]) == 3
    assert "measures.families" not in response.text  # the figure in words, not its code


def test_a_general_measure_shows_no_records_panel(
    bielefeld: Centre, kai: User, verified_client
) -> None:
    measure = factories.measure(bielefeld, kai, "komm-an")
    response = verified_client(kai).get(measure.get_absolute_url())
    assert response.context["panel"] is None


def test_the_typed_actual_cannot_be_given_for_a_counted_target_on_the_form(
    bielefeld: Centre, kai: User, verified_client
) -> None:
    measure = factories.measure(bielefeld, kai)
    url = reverse("measures:target_add", args=[bielefeld.pk, measure.pk])
    response = verified_client(kai).post(
        url, {"label": "Familien", "target": "20", "figure": "measures.families", "actual": "5"}
    )
    assert response.status_code == 422
    assert [e.code for e in response.context["form"].errors.as_data()["actual"]] == [
        "actual_counted"
    ]


def test_a_stale_edit_form_is_refused_with_the_input_kept(
    bielefeld: Centre, kai: User, anna: User, verified_client
) -> None:
    measure = factories.measure(bielefeld, kai)
    services.update_measure(measure, by=anna, data={"goals": "Annas Stand"})
    form = {
        "programme_type": str(measure.programme_type_id),
        "title": "Kais Titel",
        "goals": "Kais Stand",
        "starts_on": "2026-02-01",
        "ends_on": "2026-12-31",
        "location_notes": "",
        "budget": "4.800,00",
        "funding_source": "ki_grant",
        "funding_notes": "",
        "lock_version": "0",
    }
    response = verified_client(kai).post(
        reverse("measures:edit", args=[bielefeld.pk, measure.pk]), form
    )
    assert response.status_code == 422
    assert [e.code for e in response.context["form"].non_field_errors().as_data()] == ["stale"]
    assert "Kais Stand" in response.text
    measure.refresh_from_db()
    assert measure.goals == "Annas Stand"


def test_the_form_offers_active_programmes_own_partners_and_the_own_area(
    bielefeld: Centre, dortmund: Centre, kai: User, anna: User, carla: User, verified_client
) -> None:
    komm = factories.programme("komm-an")
    komm.is_active = False
    komm.save()
    network.organisation(bielefeld, anna, name="Unser Verein")
    network.organisation(dortmund, carla, name="Fremder Verein")
    form = verified_client(kai).get(reverse("measures:add", args=[bielefeld.pk])).context["form"]
    assert komm not in form.fields["programme_type"].queryset
    assert [o.name for o in form.fields["partners"].queryset] == ["Unser Verein"]
    assert [m.ags for m in form.fields["municipalities"].queryset] == ["05711000"]


def test_the_status_buttons_move_the_measure(bielefeld: Centre, kai: User, verified_client) -> None:
    measure = factories.measure(bielefeld, kai)
    client = verified_client(kai)
    url = reverse("measures:status", args=[bielefeld.pk, measure.pk])
    assert client.post(url, {"step": "start"}).status_code == 302
    assert client.post(url, {"step": "reopen"}).status_code == 302  # refused, told on the page
    measure.refresh_from_db()
    assert measure.status == "running"


def test_a_document_downloads_for_who_sees_the_measure(
    bielefeld: Centre, kai: User, lars: User, carla: User, verified_client
) -> None:
    measure = factories.measure(bielefeld, kai)
    document = services.add_document(
        measure, by=kai, title="Flyer", upload=network.pdf("flyer.pdf")
    )
    document.document.storage.save(document.document.name, ContentFile(pdf_bytes()))
    url = reverse("measures:document", args=[bielefeld.pk, measure.pk, document.pk])
    response = verified_client(lars).get(url)
    assert response.status_code == 200
    assert 'filename="flyer.pdf"' in response["Content-Disposition"]
    assert verified_client(carla).get(url).status_code == 404


def test_another_kis_objects_answer_404(
    bielefeld: Centre, dortmund: Centre, kai: User, carla: User, verified_client
) -> None:
    theirs = factories.measure(dortmund, carla)
    target = services.add_target(theirs, by=carla, data={"label": "Eltern", "target": 3})
    document = services.add_document(theirs, by=carla, title="Flyer", upload=network.pdf())
    client = verified_client(kai)
    urls = [
        reverse("measures:detail", args=[dortmund.pk, theirs.pk]),
        reverse("measures:detail", args=[bielefeld.pk, theirs.pk]),  # under one's own KI
        reverse("measures:edit", args=[bielefeld.pk, theirs.pk]),
        reverse("measures:target_edit", args=[dortmund.pk, theirs.pk, target.pk]),
        reverse("measures:document", args=[dortmund.pk, theirs.pk, document.pk]),
        reverse("measures:list", args=[dortmund.pk]),
        reverse("measures:partners", args=[dortmund.pk]),
    ]
    assert [client.get(url).status_code for url in urls] == [404] * len(urls)
    own = factories.measure(bielefeld, kai)
    foreign_target = reverse("measures:target_edit", args=[bielefeld.pk, own.pk, target.pk])
    assert client.get(foreign_target).status_code == 404
    foreign_document = reverse("measures:document", args=[bielefeld.pk, own.pk, document.pk])
    assert client.get(foreign_document).status_code == 404
    assert (
        client.post(
            reverse("measures:status", args=[dortmund.pk, theirs.pk]), {"step": "start"}
        ).status_code
        == 404
    )
    assert Measure.objects.get(pk=theirs.pk).status == "planned"
