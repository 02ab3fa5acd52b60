"""The parent groups' pages: the KI's own people keep them, the coordination office reads,
everyone else gets 404 — also for a measure whose programme keeps no groups; the lists take a
fixed number of queries however many rows they show."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.core.models import AuditEvent
from teilhabe.measures import panels
from teilhabe.measures.models import GroupSession, Measure, ParentCompanion, ParentGroup

from . import factories
from .url_matrix_groups import companion, group, kita, session

pytestmark = pytest.mark.django_db


@pytest.fixture
def measure(bielefeld: Centre, kai: User) -> Measure:
    return factories.measure(bielefeld, kai, "rucksack-kita")


def _companions_url(centre: Centre, **query: str) -> str:
    url = reverse("measures:companions", args=[centre.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


# --- companions ---------------------------------------------------------------------------------


def test_staff_add_a_companion_through_the_form(
    bielefeld: Centre, kai: User, verified_client
) -> None:
    client = verified_client(kai)
    url = reverse("measures:companion_add", args=[bielefeld.pk])
    response = client.post(
        url, {"name": "Olena Kovalenko", "languages": ["uk", "ru"], "qualified_on": "2025-03-01",
              "is_active": "on"}
    )  # fmt: skip
    assert response.status_code == 302
    olena = ParentCompanion.objects.get()
    assert (olena.centre, olena.languages) == (bielefeld, ["ru", "uk"])
    edit = reverse("measures:companion_edit", args=[bielefeld.pk, olena.pk])
    response = client.post(
        edit, {"name": "Olena Kovalenko", "languages": ["uk"], "qualified_on": ""}
    )
    assert response.status_code == 302
    olena.refresh_from_db()
    assert olena.languages == ["uk"] and olena.qualified_on is None and not olena.is_active


def test_a_future_qualification_is_shown_at_its_field(
    bielefeld: Centre, kai: User, verified_client
) -> None:
    url = reverse("measures:companion_add", args=[bielefeld.pk])
    with translation.override("de"):
        response = verified_client(kai).post(
            url, {"name": "Olena", "qualified_on": "2999-01-01", "is_active": "on"}
        )
    assert response.status_code == 200
    assert response.context["form"].errors["qualified_on"]
    assert not ParentCompanion.objects.exists()


def test_the_list_searches_filters_sorts_in_fixed_queries(
    bielefeld: Centre, kai: User, verified_client
) -> None:
    companion(bielefeld, kai, name="Ayşe Demir", languages=["tr"])
    client = verified_client(kai)
    few = _queries(client, _companions_url(bielefeld))
    for i in range(60):
        companion(bielefeld, kai, name=f"Person {i:02d}", languages=["uk"] if i == 7 else ["ar"],
                  is_active=i % 10 != 0)  # fmt: skip
    assert _queries(client, _companions_url(bielefeld)) == few
    page = client.get(_companions_url(bielefeld)).context["page"]
    assert page.paginator.count == 55 and len(page.object_list) == 50

    def names(**q: str) -> list[str]:
        return [c.name for c in client.get(_companions_url(bielefeld, **q)).context["page"]]

    assert names(language="uk") == ["Person 07"]
    assert names(q="ayşe") == ["Ayşe Demir"]
    assert len(names(active="inactive")) == 6
    assert names(sort="-name")[0] == "Person 59"
    assert names(language="xx", q="Ayşe") == ["Ayşe Demir"]  # a bad filter value is dropped


def test_the_coordination_office_reads_the_companions_but_keeps_none(
    bielefeld: Centre, kai: User, lars: User, verified_client
) -> None:
    ayse = companion(bielefeld, kai)
    client = verified_client(lars)
    response = client.get(_companions_url(bielefeld))
    assert response.status_code == 200 and "Ayşe Demir" in response.text
    assert reverse("measures:companion_add", args=[bielefeld.pk]) not in response.text
    assert client.get(reverse("measures:companion_add", args=[bielefeld.pk])).status_code == 404
    edit = reverse("measures:companion_edit", args=[bielefeld.pk, ayse.pk])
    assert client.post(edit, {"name": "X"}).status_code == 404


@pytest.mark.parametrize("who", ["carla", "mia", "bernd", "paul", "sven", "eva"])
def test_anyone_else_gets_404_for_the_companions(
    request: pytest.FixtureRequest, bielefeld: Centre, kai: User, who: str, verified_client
) -> None:
    ayse = companion(bielefeld, kai)
    client = verified_client(request.getfixturevalue(who))
    for url in (
        _companions_url(bielefeld),
        reverse("measures:companion_add", args=[bielefeld.pk]),
        reverse("measures:companion_edit", args=[bielefeld.pk, ayse.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_a_companion_of_another_ki_is_not_found_under_this_one(
    bielefeld: Centre, dortmund: Centre, carla: User, kai: User, verified_client
) -> None:
    emine = companion(dortmund, carla, name="Emine Kaya")
    url = reverse("measures:companion_edit", args=[bielefeld.pk, emine.pk])
    assert verified_client(kai).get(url).status_code == 404


# --- groups and sessions -----------------------------------------------------------------------


def test_staff_add_a_group_record_a_session_and_remove_it(
    bielefeld: Centre, kai: User, measure: Measure, verified_client
) -> None:
    sonnenblume, ayse = kita(bielefeld, kai), companion(bielefeld, kai)
    client = verified_client(kai)
    response = client.post(
        reverse("measures:group_add", args=[bielefeld.pk, measure.pk]),
        {"site": "Kita Sonnenblume", "institution": sonnenblume.pk, "municipality": "",
         "languages": ["tr"], "companions": [ayse.pk], "starts_on": "2026-02-01",
         "ends_on": "2026-12-31", "families": "9"},
    )  # fmt: skip
    assert response.status_code == 302
    one = ParentGroup.objects.get()
    assert list(one.companions.all()) == [ayse]
    page = reverse("measures:group", args=[bielefeld.pk, measure.pk, one.pk])
    assert response["Location"] == page
    add = reverse("measures:session_add", args=[bielefeld.pk, measure.pk, one.pk])
    form = {"held_on": "2026-03-05", "families_present": "7", "topic": "Mein Körper"}
    assert client.post(add, form).status_code == 302
    # The same day again: the constraint's message, in German, at the date.
    with translation.override("de"):
        again = client.post(add, form)
        constraint = GroupSession._meta.constraints[0]
        message = str(constraint.violation_error_message)  # type: ignore[attr-defined]
    assert again.status_code == 422
    assert again.context["form"].errors["held_on"] == [message]
    assert again.text.count('id="form-errors"') == 1  # one error summary
    held = GroupSession.objects.get()
    remove = reverse("measures:session_remove", args=[bielefeld.pk, measure.pk, one.pk, held.pk])
    assert client.get(remove).status_code == 405
    assert client.post(remove).status_code == 302
    assert not GroupSession.objects.exists()
    assert AuditEvent.objects.filter(action="session.removed").count() == 1


def test_a_group_edited_meanwhile_is_not_overwritten(
    bielefeld: Centre, kai: User, anna: User, measure: Measure, verified_client
) -> None:
    one = group(measure, kai)
    url = reverse("measures:group_edit", args=[bielefeld.pk, measure.pk, one.pk])
    form = verified_client(kai).get(url).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    verified_client(anna).post(url, {**data, "families": "11"})
    response = verified_client(kai).post(url, {**data, "families": "9"})
    assert response.status_code == 422
    one.refresh_from_db()
    assert one.families == 11


def test_the_group_page_lists_its_sessions_in_fixed_queries(
    bielefeld: Centre, kai: User, lars: User, measure: Measure, verified_client
) -> None:
    one = group(measure, kai, companions=[companion(bielefeld, kai).pk])
    session(one, kai, held_on=date(2026, 2, 2))
    url = reverse("measures:group", args=[bielefeld.pk, measure.pk, one.pk])
    client = verified_client(kai)
    few = _queries(client, url)
    for day in range(3, 28):
        session(one, kai, held_on=date(2026, 3, day))
    assert _queries(client, url) == few
    # The coordination office reads the page, without the buttons that write.
    response = verified_client(lars).get(url)
    assert response.status_code == 200 and "26" in response.text
    assert reverse("measures:session_add", args=[bielefeld.pk, measure.pk, one.pk]) not in (
        response.text
    )


@pytest.mark.parametrize("who", ["carla", "mia", "paul", "bernd"])
def test_anyone_else_gets_404_for_the_groups(
    request: pytest.FixtureRequest, bielefeld: Centre, kai: User, measure: Measure, who: str,
    verified_client,
) -> None:  # fmt: skip
    one = group(measure, kai)
    client = verified_client(request.getfixturevalue(who))
    args = [bielefeld.pk, measure.pk, one.pk]
    for url in (
        reverse("measures:group_add", args=args[:2]),
        reverse("measures:group", args=args),
        reverse("measures:group_edit", args=args),
        reverse("measures:session_add", args=args),
    ):
        assert client.get(url).status_code == 404, url


def test_a_measure_of_another_kind_has_no_group_pages(
    bielefeld: Centre, kai: User, verified_client
) -> None:
    other = factories.measure(bielefeld, kai, "komm-an")
    url = reverse("measures:group_add", args=[bielefeld.pk, other.pk])
    assert verified_client(kai).get(url).status_code == 404


def test_a_group_is_found_only_under_its_own_measure(
    bielefeld: Centre, kai: User, measure: Measure, verified_client
) -> None:
    one = group(measure, kai)
    second = factories.measure(bielefeld, kai, "griffbereit")
    url = reverse("measures:group", args=[bielefeld.pk, second.pk, one.pk])
    assert verified_client(kai).get(url).status_code == 404


def test_lars_may_not_add_a_group(
    bielefeld: Centre, kai: User, lars: User, measure: Measure, verified_client
) -> None:
    url = reverse("measures:group_add", args=[bielefeld.pk, measure.pk])
    assert verified_client(lars).get(url).status_code == 404


# --- the panel on the measure's page ------------------------------------------------------------


def test_the_panel_shows_the_groups_and_the_figures_totals(
    bielefeld: Centre, kai: User, lars: User, measure: Measure
) -> None:
    ayse = companion(bielefeld, kai)
    one = group(measure, kai, companions=[ayse.pk], families=9)
    group(measure, kai, site="Familienzentrum Regenbogen", families=7)
    session(one, kai)
    session(one, kai, held_on=date(2026, 3, 12))
    panel = panels.panel_for(kai, measure)
    assert panel is not None and panel["template"] == "measures/groups/_panel.html"
    context = panel["context"]
    assert context["totals"] == {"groups": 2, "families": 16, "sessions": 2}
    assert [g.session_count for g in context["groups"] if g.pk == one.pk] == [2]
    html = render_to_string(panel["template"], {"panel": context})
    assert "Ayşe Demir" in html and "Familienzentrum Regenbogen" in html
    assert reverse("measures:group_add", args=[bielefeld.pk, measure.pk]) in html
    read_only = render_to_string(
        panel["template"], {"panel": panels.panel_for(lars, measure)["context"]}
    )  # type: ignore[index]
    assert reverse("measures:group_add", args=[bielefeld.pk, measure.pk]) not in read_only


def test_the_panel_takes_a_fixed_number_of_queries(
    bielefeld: Centre, kai: User, measure: Measure
) -> None:
    ayse = companion(bielefeld, kai)
    group(measure, kai, companions=[ayse.pk])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            render_to_string(
                "measures/groups/_panel.html",
                {"panel": panels.panel_for(kai, measure)["context"]},  # type: ignore[index]
            )
        return len(queries)

    few = count()
    for i in range(10):
        group(measure, kai, site=f"Gruppe {i}", companions=[ayse.pk])
    assert count() == few
