"""The pages of the interpreter pool and the counselling log: lists with filters, sorting,
pagination and totals that equal the figures, the exports, the forms, and 404 for whoever may
not see them (another KI, a measure of another kind, roles without access)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.core.models import AuditEvent
from teilhabe.measures import figures, panels
from teilhabe.measures.models import CounsellingContact, InterpreterAssignment, language_choices
from teilhabe.measures.record_exports import assignment_columns

from .url_matrix_records import assignment, contact, days_ago, log, pool, school

pytestmark = pytest.mark.django_db


@pytest.fixture
def interpreting(bielefeld: Centre, anna: User) -> object:
    measure = pool(bielefeld, anna)
    for n, (language, purpose, hours) in enumerate(
        [
            ("ar", "school", "1,5"),
            ("ar", "kita", "2"),
            ("uk", "school", "0,75"),
            ("tr", "health", "3"),
        ]
    ):
        assignment(measure, anna, held_on=days_ago(10 + n * 40), language=language,
                   purpose=purpose, hours=hours)  # fmt: skip
    return measure


def _url(name: str, measure: object, **extra: object) -> str:
    return reverse(f"measures:{name}", args=[measure.centre_id, measure.pk, *extra.values()])  # type: ignore[attr-defined]


def test_the_list_filters_by_language_and_purpose_and_counts_the_matching_hours(
    interpreting: object, kai: User, verified_client
) -> None:
    client: Client = verified_client(kai)
    response = client.get(_url("assignments", interpreting), {"language": "ar"})
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 2
    assert response.context["matching"] == {"n": 2, "h": Decimal("3.50")}
    response = client.get(
        _url("assignments", interpreting), {"purpose": "school", "sort": "-hours"}
    )
    hours = [a.hours for a in response.context["page"].object_list]
    assert hours == [Decimal("1.50"), Decimal("0.75")]
    # A bad filter value is dropped, the others still apply.
    response = client.get(_url("assignments", interpreting), {"language": "xx", "purpose": "kita"})
    assert [a.language for a in response.context["page"].object_list] == ["ar"]


def test_the_totals_are_the_figures_of_the_measure_for_the_period(
    interpreting: object, kai: User, verified_client
) -> None:
    client: Client = verified_client(kai)
    response = client.get(_url("assignments", interpreting))
    totals = response.context["totals"]
    start, end = totals["period"]
    assert (start, end) == (interpreting.starts_on, days_ago(0))  # type: ignore[attr-defined]
    assert (
        totals["count"]
        == 4
        == figures.for_measure(
            "measures.interpreter_assignments",
            interpreting,
            today=days_ago(0),  # type: ignore[arg-type]
        )
    )
    assert totals["hours"] == Decimal("7.25")
    assert figures.interpreter_hours(start, end, [interpreting.centre_id]) == {  # type: ignore[attr-defined]
        interpreting.centre_id: Decimal("7.25")  # type: ignore[attr-defined]
    }
    assert "7,25" in response.text
    # A period narrows the list and the totals alike.
    response = client.get(
        _url("assignments", interpreting),
        {"start": days_ago(60).isoformat(), "end": days_ago(0).isoformat()},
    )
    assert response.context["totals"]["count"] == 2 == response.context["page"].paginator.count
    month = days_ago(10).strftime("%Y-%m")
    response = client.get(_url("assignments", interpreting), {"month": month})
    assert all(a.held_on.strftime("%Y-%m") == month for a in response.context["page"].object_list)


def test_the_list_is_paged_with_a_constant_number_of_queries(
    bielefeld: Centre, anna: User, kai: User, verified_client, django_assert_max_num_queries
) -> None:
    measure = pool(bielefeld, anna)
    kita = school(bielefeld, anna, "Grundschule am Park")
    InterpreterAssignment.objects.bulk_create(
        InterpreterAssignment(measure=measure, held_on=days_ago(n % 200), language="ar",
                              purpose="school", hours=Decimal("1.00"), institution=kita)
        for n in range(120)
    )  # fmt: skip
    client: Client = verified_client(kai)
    with django_assert_max_num_queries(14):
        response = client.get(_url("assignments", measure), {"page": 3})
    assert len(response.context["page"].object_list) == 20
    assert response.context["totals"]["count"] == 120


def test_the_export_holds_the_filtered_rows_with_hours_as_numbers(
    interpreting: object, kai: User, verified_client
) -> None:
    client: Client = verified_client(kai)
    response = client.get(
        reverse(
            "measures:assignments_export", args=[interpreting.centre_id, interpreting.pk, "csv"]
        ),  # type: ignore[attr-defined]
        {"language": "ar"},
    )
    rows = list(
        csv.reader(
            io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"
        )
    )  # type: ignore[attr-defined]
    with translation.override("de"):
        assert rows[0] == [str(c.header) for c in assignment_columns()]
    assert sorted(r[4] for r in rows[1:]) == ["1,50", "2,00"]
    response = client.get(
        reverse(
            "measures:assignments_export", args=[interpreting.centre_id, interpreting.pk, "xlsx"]
        )  # type: ignore[attr-defined]
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    hours = [row[4] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(hours) == [0.75, 1.5, 2, 3]
    assert AuditEvent.objects.filter(action="list.exported").count() == 2


def test_a_form_records_an_assignment_with_german_hours(
    bielefeld: Centre, anna: User, kai: User, verified_client
) -> None:
    measure = pool(bielefeld, anna)
    client: Client = verified_client(kai)
    data = {"held_on": days_ago(3).isoformat(), "language": "fa", "purpose": "authority",
            "institution": "", "hours": "1,5", "interpreter": ""}  # fmt: skip
    response = client.post(_url("assignment_add", measure), data)
    assert response.status_code == 302
    added = InterpreterAssignment.objects.get()
    assert added.hours == Decimal("1.50") and added.language == "fa"
    # Ahead of today: the page says why and keeps what was typed.
    response = client.post(
        _url("assignment_add", measure), {**data, "held_on": days_ago(-2).isoformat()}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["held_on"]
    assert InterpreterAssignment.objects.count() == 1
    # Edit, then remove.
    response = client.post(
        _url("assignment_edit", measure, record=added.pk), {**data, "hours": "2,25"}
    )
    assert response.status_code == 302
    added.refresh_from_db()
    assert added.hours == Decimal("2.25")
    response = client.post(_url("assignment_edit", measure, record=added.pk), {"action": "remove"})
    assert response.status_code == 302
    assert not InterpreterAssignment.objects.exists()


def test_the_records_pages_answer_404_to_who_may_not_and_for_another_kind(
    bielefeld: Centre,
    anna: User,
    kai: User,
    carla: User,
    lars: User,
    mia: User,
    sven: User,
    verified_client,
) -> None:
    measure = pool(bielefeld, anna)
    counselling = log(bielefeld, anna)
    one = assignment(measure, anna)
    for who in (carla, mia, sven):
        assert verified_client(who).get(_url("assignments", measure)).status_code == 404
    # The coordination office reads, it does not write.
    assert verified_client(lars).get(_url("assignments", measure)).status_code == 200
    assert verified_client(lars).get(_url("assignment_add", measure)).status_code == 404
    client: Client = verified_client(kai)
    # A measure of another kind has no assignments; an assignment of another measure is not here.
    assert client.get(_url("assignments", counselling)).status_code == 404
    assert client.get(_url("counselling", measure)).status_code == 404
    other = pool(bielefeld, anna, title="Zweiter Pool")
    assert client.get(_url("assignment_edit", other, record=one.pk)).status_code == 404
    assert client.get(_url("assignment_edit", measure, record=one.pk)).status_code == 200


@pytest.fixture
def counselling(bielefeld: Centre, anna: User) -> object:
    measure = log(bielefeld, anna)
    sieker = school(bielefeld, anna, "Grundschule Sieker")
    park = school(bielefeld, anna, "Realschule am Park")
    contact(measure, anna, sieker, topic="all_day", outcome="Ganztag: Mensa und Hausaufgabenhilfe")
    contact(measure, anna, sieker, topic="heritage_language", held_on=days_ago(50),
            outcome="HSU Arabisch ab Klasse 3", form="phone")  # fmt: skip
    contact(measure, anna, park, topic="integration_posts", held_on=days_ago(100),
            outcome="Integrationsstellen im Kollegium")  # fmt: skip
    return measure


def test_the_log_searches_the_outcome_and_filters_by_school_topic_and_form(
    counselling: object, kai: User, verified_client
) -> None:
    client: Client = verified_client(kai)
    url = _url("counselling", counselling)
    assert client.get(url, {"q": "arabisch"}).context["page"].paginator.count == 1
    park = CounsellingContact.objects.get(topic="integration_posts").school_id
    assert client.get(url, {"school": park}).context["page"].paginator.count == 1
    assert client.get(url, {"topic": "all_day"}).context["page"].paginator.count == 1
    assert client.get(url, {"form": "phone"}).context["page"].paginator.count == 1
    names = [c.school.name for c in client.get(url, {"sort": "school"}).context["page"].object_list]
    assert names == sorted(names)
    totals = client.get(url).context["totals"]
    assert (totals["count"], totals["schools"]) == (3, 2)
    response = client.get(
        reverse(
            "measures:counselling_export", args=[counselling.centre_id, counselling.pk, "xlsx"]
        ),
        {"topic": "heritage_language"},
    )  # type: ignore[attr-defined]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 1 and rows[0][4] == "HSU Arabisch ab Klasse 3"


def test_a_form_records_a_counselling_contact_as_the_recording_user(
    counselling: object, kai: User, verified_client
) -> None:
    client: Client = verified_client(kai)
    where = CounsellingContact.objects.first().school  # type: ignore[union-attr]
    response = client.post(
        _url("counselling_add", counselling),
        {"held_on": days_ago(1).isoformat(), "school": where.pk, "topic": "newly_arrived",
         "form": "online", "outcome": "Erstförderung geklärt"},
    )  # fmt: skip
    assert response.status_code == 302
    added = CounsellingContact.objects.get(topic="newly_arrived")
    assert added.created_by == kai


def test_the_panels_show_the_latest_entries_and_the_totals_by_language_and_topic(
    interpreting: object, counselling: object, kai: User
) -> None:
    panel = panels.panel_for(kai, interpreting)  # type: ignore[arg-type]
    assert panel is not None and panel["template"].endswith("_interpreting_panel.html")
    context = panel["context"]
    first = context["by_language"][0]
    assert (first["label"], first["count"], first["hours"]) == (
        dict(language_choices())["ar"],
        2,
        Decimal("3.50"),
    )
    assert sum(r["count"] for r in context["by_language"]) == context["totals"]["count"] == 4
    assert len(context["latest"]) == 4 and context["may_manage"]
    panel = panels.panel_for(kai, counselling)  # type: ignore[arg-type]
    assert panel is not None
    assert sum(r["count"] for r in panel["context"]["by_topic"]) == 3
    assert panel["context"]["totals"]["schools"] == 2
