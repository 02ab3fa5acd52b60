"""A cancelled measure keeps its records but takes no new or changed ones: every add and update
of groups, sessions, member schools, projects, assignments and counselling contacts is refused
with `measure_cancelled` and records nothing; its pages and panels offer no add button and say
why. A completed measure still takes a late entry inside its period."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.core.models import AuditEvent
from teilhabe.measures.models import Measure
from teilhabe.measures.services import groups, records, schools
from teilhabe.measures.services import measures as services

from . import factories, url_matrix_records, url_matrix_schools
from .url_matrix_groups import group, group_data, session

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):  # type: ignore[no-untyped-def]
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def _cancel(measure: Measure, by: User) -> Measure:
    services.change_measure_status(measure, by=by, step="cancel")
    return Measure.objects.get(pk=measure.pk)


@pytest.fixture
def cancelled(bielefeld: Centre, kai: User) -> dict[str, Any]:
    """One measure of each record-keeping programme with a record each, then cancelled."""
    rucksack = factories.measure(bielefeld, kai, "rucksack-kita")  # 01.02.–31.12.2026
    one_group = group(rucksack, kai)
    session(one_group, kai)
    network = url_matrix_schools.school_measure(bielefeld, kai)
    membership = url_matrix_schools.member(network, kai)
    another = url_matrix_schools.school(bielefeld, kai, "Realschule Jöllenbeck")
    pool = url_matrix_records.pool(bielefeld, kai)
    assignment = url_matrix_records.assignment(pool, kai)
    log = url_matrix_records.log(bielefeld, kai)
    school = url_matrix_records.school(bielefeld, kai)
    contact = url_matrix_records.contact(log, kai, school)
    return {
        "rucksack": _cancel(rucksack, kai),
        "group": one_group,
        "network": _cancel(network, kai),
        "membership": membership,
        "another_school": another,
        "pool": _cancel(pool, kai),
        "assignment": assignment,
        "log": _cancel(log, kai),
        "school": school,
        "contact": contact,
    }


WRITES: dict[str, Callable[[dict[str, Any], User], Any]] = {
    "add_group": lambda o, by: groups.add_group(o["rucksack"], by=by, data=group_data()),
    "update_group": lambda o, by: groups.update_group(
        o["group"], by=by, data={"families": 12}, expected_version=o["group"].lock_version
    ),
    "add_session": lambda o, by: groups.add_session(
        o["group"], by=by, data={"held_on": date(2026, 3, 12), "families_present": 5}
    ),
    "add_school": lambda o, by: schools.add_school(
        o["network"], by=by, data=url_matrix_schools.school_data(o["another_school"])
    ),
    "update_school": lambda o, by: schools.update_school(
        o["membership"],
        by=by,
        data={"patron": "Cem Özdemir"},
        expected_version=o["membership"].lock_version,
    ),
    "record_school_left": lambda o, by: schools.record_school_left(
        o["membership"],
        by=by,
        left_on=url_matrix_schools.days_ago(1),
        expected_version=o["membership"].lock_version,
    ),
    "add_project": lambda o, by: schools.add_project(
        o["membership"], by=by, data=url_matrix_schools.project_data()
    ),
    "add_assignment": lambda o, by: records.add_assignment(
        o["pool"], by=by, data=url_matrix_records.assignment_data()
    ),
    "update_assignment": lambda o, by: records.update_assignment(
        o["assignment"], by=by, data={"hours": "2"}
    ),
    "add_counselling_contact": lambda o, by: records.add_counselling_contact(
        o["log"], by=by, data=url_matrix_records.contact_data(o["school"])
    ),
    "update_counselling_contact": lambda o, by: records.update_counselling_contact(
        o["contact"], by=by, data={"outcome": "Nachgetragen."}
    ),
}


@pytest.mark.parametrize("write", WRITES, ids=list(WRITES))
def test_it_refuses_records_on_a_cancelled_measure(
    cancelled: dict[str, Any], kai: User, write: str
) -> None:
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        WRITES[write](cancelled, kai)
    assert refused.value.code == "measure_cancelled"
    assert AuditEvent.objects.count() == events


def test_a_mistaken_record_can_still_be_removed(cancelled: dict[str, Any], kai: User) -> None:
    records.remove_assignment(cancelled["assignment"], by=kai)
    assert not cancelled["pool"].assignments.exists()


def test_a_completed_measure_takes_a_late_entry_inside_its_period(
    bielefeld: Centre, kai: User
) -> None:
    measure = factories.measure(bielefeld, kai, "rucksack-kita")
    services.change_measure_status(measure, by=kai, step="start")
    services.change_measure_status(measure, by=kai, step="complete")
    late = group(measure, kai)
    assert session(late, kai, held_on=date(2026, 11, 30)).pk is not None
    with pytest.raises(ValidationError) as refused:
        group(measure, kai, starts_on=date(2027, 1, 4), ends_on=date(2027, 2, 1))
    assert {name for name in refused.value.error_dict} == {"starts_on", "ends_on"}


# --- the pages --------------------------------------------------------------------------------


def _page(client: Any, name: str, *args: int) -> str:
    response = client.get(reverse(f"measures:{name}", args=args))
    assert response.status_code == 200
    return str(response.content.decode())


NOTE = "The measure is cancelled"


def test_the_pages_of_a_cancelled_measure_offer_no_add_button(
    cancelled: dict[str, Any], kai: User, verified_client: Any
) -> None:
    client = verified_client(kai)
    rucksack, grp = cancelled["rucksack"], cancelled["group"]
    ids = (rucksack.centre_id, rucksack.pk)
    page = _page(client, "detail", *ids)
    assert NOTE in page and reverse("measures:group_add", args=ids) not in page
    page = _page(client, "group", *ids, grp.pk)
    assert NOTE in page
    assert reverse("measures:session_add", args=[*ids, grp.pk]) not in page
    assert reverse("measures:group_edit", args=[*ids, grp.pk]) not in page
    network, membership = cancelled["network"], cancelled["membership"]
    ids = (network.centre_id, network.pk)
    for name, args in (("detail", ids), ("schools", ids), ("school", (*ids, membership.pk))):
        page = _page(client, name, *args)
        assert NOTE in page and reverse("measures:school_add", args=ids) not in page
    assert reverse("measures:school_project_add", args=[*ids, membership.pk]) not in page
    for measure, add in (
        (cancelled["pool"], "assignment_add"),
        (cancelled["log"], "counselling_add"),
    ):
        ids = (measure.centre_id, measure.pk)
        listing = "assignments" if add == "assignment_add" else "counselling"
        for name in ("detail", listing):
            page = _page(client, name, *ids)
            assert NOTE in page and reverse(f"measures:{add}", args=ids) not in page
    pool = cancelled["pool"]
    assert NOTE in _page(client, "assignment_add", pool.centre_id, pool.pk)


def test_a_running_measures_pages_offer_the_add_buttons(
    bielefeld: Centre, kai: User, verified_client: Any
) -> None:
    client = verified_client(kai)
    rucksack = factories.measure(bielefeld, kai, "rucksack-kita")
    grp = group(rucksack, kai)
    ids = (rucksack.centre_id, rucksack.pk)
    page = _page(client, "detail", *ids)
    assert NOTE not in page and reverse("measures:group_add", args=ids) in page
    page = _page(client, "group", *ids, grp.pk)
    assert reverse("measures:session_add", args=[*ids, grp.pk]) in page
    pool = url_matrix_records.pool(bielefeld, kai)
    page = _page(client, "assignments", pool.centre_id, pool.pk)
    assert reverse("measures:assignment_add", args=[pool.centre_id, pool.pk]) in page
