"""The member schools' pages, the panel on the measure's page, the start page's tasks and the
demo: who gets 404, what the pages show (due date, "overdue" in words), query counts, and the
70 % refusal keeping the input."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from teilhabe.measures import rules, school_panels
from teilhabe.measures.demo_schools import seed_school_demo
from teilhabe.measures.models import Measure, SchoolMembership
from teilhabe.measures.services import schools
from teilhabe.network.models import Organisation

from . import factories
from .url_matrix_schools import days_ago, member, project_data, school, school_measure

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):  # type: ignore[no-untyped-def]
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def measure(programme_types, bielefeld, anna):  # type: ignore[no-untyped-def]
    return school_measure(bielefeld, anna)


def _url(name: str, measure: Measure, membership: SchoolMembership | None = None) -> str:
    args = [measure.centre_id, measure.pk] + ([membership.pk] if membership else [])
    return reverse(f"measures:{name}", args=args)


def test_the_school_page_shows_the_due_date_and_overdue_in_words(
    measure, kai, verified_client
) -> None:
    late = member(measure, kai, title_awarded_on=days_ago(400))
    fine = member(measure, kai, name="Grundschule am Park", title_awarded_on=days_ago(400))
    schools.add_project(fine, by=kai, data=project_data(held_on=days_ago(10)))
    client = verified_client(kai)
    page = client.get(_url("school", measure, late)).content.decode()
    due = rules.one_year_after(days_ago(400))
    assert date_format(due, "DATE_FORMAT") in page
    assert "Project overdue" in page and ">overdue<" in page
    page = client.get(_url("school", measure, fine)).content.decode()
    assert date_format(rules.one_year_after(days_ago(10)), "DATE_FORMAT") in page
    assert "overdue" not in page
    assert "Projekttag Zivilcourage" in page


def test_the_list_searches_filters_and_counts_its_queries(
    measure, kai, verified_client, django_assert_max_num_queries
) -> None:
    for i in range(6):
        member(measure, kai, name=f"Schule {i}", title_awarded_on=days_ago(100 + 100 * i))
    left = SchoolMembership.objects.get(school__name="Schule 0")
    schools.record_school_left(left, by=kai, left_on=days_ago(1), expected_version=0)
    client = verified_client(kai)
    url = _url("schools", measure)
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.context["page"].paginator.count == 5
    overdue = client.get(url, {"status": "overdue"}).context["page"].object_list
    assert [m.school.name for m in overdue] == ["Schule 3", "Schule 4", "Schule 5"]
    assert client.get(url, {"status": "left"}).context["page"].paginator.count == 1
    assert client.get(url, {"status": "all", "q": "schule 2"}).context["page"].paginator.count == 1
    first = client.get(url, {"sort": "-name"}).context["page"].object_list[0]
    assert first.school.name == "Schule 5"
    assert client.get(url, {"status": "nonsense"}).status_code == 200
    csv = client.get(
        reverse("measures:schools_export", args=[measure.centre_id, measure.pk, "csv"])
    )
    assert csv.status_code == 200
    assert "Schule 5" in b"".join(csv.streaming_content).decode("utf-8-sig")


def test_below_70_percent_the_form_says_why_and_keeps_the_input(
    measure, kai, verified_client
) -> None:
    org = school(measure.centre, kai)
    response = verified_client(kai).post(
        _url("school_add", measure),
        {
            "school": org.pk,
            "title_awarded_on": days_ago(30).isoformat(),
            "signatures": "684",
            "school_members": "1000",
            "patron": "Aylin Demir",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "68.4 %" in page  # the English page; German pages write 68,4 %
    assert "16 more signatures are missing" in page
    assert 'value="684"' in page and 'value="Aylin Demir"' in page
    assert not SchoolMembership.objects.exists()


def test_adding_editing_leaving_and_a_project_through_the_pages(
    measure, kai, verified_client
) -> None:
    client = verified_client(kai)
    org = school(measure.centre, kai)
    response = client.post(
        _url("school_add", measure),
        {
            "school": org.pk,
            "title_awarded_on": days_ago(30).isoformat(),
            "signatures": "700",
            "school_members": "1000",
            "patron": "Aylin Demir",
        },
    )
    membership = SchoolMembership.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("school", measure, membership)
    # The school is a member now: the add form no longer offers it.
    assert org.pk not in [
        o.pk
        for o in client.get(_url("school_add", measure)).context["form"].fields["school"].queryset
    ]
    edit = {
        "title_awarded_on": days_ago(30).isoformat(),
        "signatures": "800",
        "school_members": "1000",
        "patron": "Aylin Demir",
        "lock_version": "0",
    }
    assert client.post(_url("school_edit", measure, membership), edit).status_code == 302
    membership.refresh_from_db()
    assert membership.signatures == 800
    stale = client.post(_url("school_edit", measure, membership), {**edit, "patron": "Y"})
    assert "Someone else has changed this school" in stale.content.decode()
    project = {"held_on": days_ago(5).isoformat(), "title": "Courage-Woche", "description": ""}
    assert client.post(_url("school_project_add", measure, membership), project).status_code == 302
    left = {"left_on": days_ago(1).isoformat(), "lock_version": "1"}
    assert client.post(_url("school_left", measure, membership), left).status_code == 302
    membership.refresh_from_db()
    assert membership.left_on == days_ago(1)
    assert membership.projects.count() == 1


@pytest.mark.parametrize("route", ["schools", "school_add", "school", "school_project_add"])
def test_pages_answer_404_for_another_ki_another_kind_and_roles_without_access(
    route, measure, kai, programme_types, personas, verified_client
) -> None:
    membership = member(measure, kai)
    on_school = route in ("school", "school_project_add")
    url = _url(route, measure, membership if on_school else None)
    for who in ("carla", "bernd", "guel", "mia", "sven", "eva", "paul"):
        assert verified_client(personas[who]).get(url).status_code == 404, who
    lars = verified_client(personas["lars"]).get(url).status_code
    assert lars == (200 if route in ("schools", "school") else 404)
    # A measure of another kind has no member schools, even with the right ids otherwise.
    rucksack = factories.measure(measure.centre, kai, "rucksack-kita")
    other = _url(route, rucksack, membership if on_school else None)
    assert verified_client(kai).get(other).status_code == 404
    # A school of another measure is not found under this one.
    second = school_measure(measure.centre, kai, title="Zweites Netzwerk")
    if on_school:
        assert verified_client(kai).get(_url(route, second, membership)).status_code == 404


def test_the_panel_lists_the_schools_with_the_counted_members(
    measure, kai, django_assert_max_num_queries
) -> None:
    late = member(measure, kai, title_awarded_on=days_ago(400))
    left = member(measure, kai, name="Realschule Nord", title_awarded_on=days_ago(300))
    schools.record_school_left(left, by=kai, left_on=days_ago(2), expected_version=0)
    with django_assert_max_num_queries(3):
        context = school_panels.school_panel(kai, measure)
    assert context["members"] == 1  # figures.member_schools: the one that left is not counted
    assert [m.pk for m in context["rows"]] == [late.pk, left.pk]
    assert context["overdue"] == 1
    html = render_to_string("measures/schools/_panel.html", context)
    assert "1 member school today." in html
    assert "overdue" in html
    assert _url("school_add", measure) in html
    assert "Realschule Nord" in html and "left on" in html


def test_the_panel_is_registered_for_the_school_network(measure, kai) -> None:
    from teilhabe.measures import panels

    panel = panels.panel_for(kai, measure)
    assert panel is not None
    assert panel["template"] == "measures/schools/_panel.html"


# --- the start page's tasks ---------------------------------------------------------------


def test_the_todos_name_each_overdue_school_in_one_query(
    measure, kai, anna, personas, django_assert_num_queries
) -> None:
    late = member(measure, kai, title_awarded_on=days_ago(400))
    member(measure, kai, name="Grundschule am Park", title_awarded_on=days_ago(30))
    with django_assert_num_queries(1):
        todos = school_panels.school_todos(kai)
    assert [(t.title, t.due, t.overdue) for t in todos] == [
        ("Project overdue: Gesamtschule Stieghorst", rules.one_year_after(days_ago(400)), True)
    ]
    assert todos[0].url == _url("school", measure, late)
    assert [t.url for t in school_panels.school_todos(anna)] == [todos[0].url]
    with django_assert_num_queries(1):  # Dortmund's lead: her own KI has none overdue
        assert school_panels.school_todos(personas["carla"]) == []
    for who in ("lars", "mia", "paul"):
        with django_assert_num_queries(0):
            assert school_panels.school_todos(personas[who]) == []


def test_the_start_page_shows_the_overdue_school(measure, kai, verified_client) -> None:
    member(measure, kai, title_awarded_on=days_ago(400))
    page = verified_client(kai).get(reverse("pages:start")).content.decode()
    assert "Project overdue: Gesamtschule Stieghorst" in page


# --- the demo ------------------------------------------------------------------------------


def test_the_demo_skips_without_the_measure_and_seeds_once(
    programme_types, bielefeld, dortmund, anna, carla
) -> None:
    lines = seed_school_demo()
    assert len(lines) == 2 and all("skipped" in line for line in lines)
    for centre, lead in ((bielefeld, anna), (dortmund, carla)):
        school_measure(centre, lead)
        school(centre, lead, "Grundschule am Stadtpark")
    lines = seed_school_demo()
    assert len(lines) == 2
    for centre in (bielefeld, dortmund):
        memberships = SchoolMembership.objects.filter(measure__centre=centre)
        assert 4 <= memberships.count() <= 6
        assert Organisation.objects.filter(centre=centre, type="school").count() >= 4
    overdue = schools.overdue_schools(today=days_ago(0))
    assert sorted(m.measure.centre_id for m in overdue) == sorted([bielefeld.pk, dortmund.pk])
    assert SchoolMembership.objects.filter(left_on__isnull=False).count() == 1
    before = SchoolMembership.objects.count()
    assert seed_school_demo() == []
    assert SchoolMembership.objects.count() == before
