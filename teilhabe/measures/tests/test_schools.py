"""The member schools' services: the 70 % rule at the service boundary, the title and project
dates, editing with the lock version, leaving, and the reminder of an overdue project."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation

from teilhabe.accounts.models import Notification
from teilhabe.core.models import AuditEvent
from teilhabe.measures import figures, rules
from teilhabe.measures.models import SchoolMembership, SchoolReminder
from teilhabe.measures.services import schools

from . import factories
from .url_matrix_schools import (
    days_ago,
    member,
    project_data,
    school,
    school_data,
    school_measure,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def measure(programme_types, bielefeld, anna):  # type: ignore[no-untyped-def]
    return school_measure(bielefeld, anna)


def _code(error: ValidationError, field: str) -> list[str]:
    return [e.code for e in error.error_dict[field]]


# --- the 70 % rule -----------------------------------------------------------------------------


def test_699_of_1000_is_refused_with_the_share_and_the_missing_signatures(measure, kai) -> None:
    org = school(measure.centre, kai)
    with translation.override("de"), pytest.raises(ValidationError) as refused:
        schools.add_school(measure, by=kai, data=school_data(org, signatures=699))
    assert _code(refused.value, "signatures") == ["signatures_below_required"]
    message = refused.value.error_dict["signatures"][0].message
    assert "69,9 %" in message
    assert " 1 " in message  # one signature short of 700
    assert not SchoolMembership.objects.exists()


def test_700_of_1000_is_exactly_70_percent_and_accepted(measure, kai) -> None:
    membership = schools.add_school(
        measure, by=kai, data=school_data(school(measure.centre, kai), signatures=700)
    )
    assert membership.pk is not None
    event = AuditEvent.objects.get(action="school.added")
    assert event.changes["signatures"] == {"from": None, "to": 700}
    assert event.centre_id == measure.centre_id


def test_the_share_is_rounded_down_and_the_missing_count_rounded_up() -> None:
    with translation.override("de"):
        assert schools.share_text(684, 1000) == "68,4 %"
        assert schools.share_text(6999, 10000) == "69,9 %"  # never "70,0 %" when refused
    assert schools.signatures_missing(684, 1000) == 16
    assert schools.signatures_missing(6, 9) == 1  # 70 % of 9 is 6.3: seven are needed
    assert schools.signatures_missing(7, 10) == 0


def test_more_signatures_than_people_are_refused_by_the_model(measure, kai) -> None:
    org = school(measure.centre, kai)
    with pytest.raises(ValidationError) as refused:
        schools.add_school(measure, by=kai, data=school_data(org, signatures=1001))
    assert _code(refused.value, "signatures") == ["signatures_exceed_members"]


# --- what a school is ------------------------------------------------------------------------


def test_the_title_date_may_not_be_in_the_future(measure, kai) -> None:
    org = school(measure.centre, kai)
    future = days_ago(-1)
    with pytest.raises(ValidationError) as refused:
        schools.add_school(measure, by=kai, data=school_data(org, title_awarded_on=future))
    assert _code(refused.value, "title_awarded_on") == ["in_future"]


def test_only_a_school_of_the_kis_own_network(measure, kai, dortmund, carla) -> None:
    foreign = school(dortmund, carla, name="Gesamtschule Scharnhorst")
    with pytest.raises(ValidationError) as refused:
        schools.add_school(measure, by=kai, data=school_data(foreign))
    assert _code(refused.value, "school") == ["unknown_school"]
    from teilhabe.network.tests import factories as network

    club = network.organisation(measure.centre, kai, type="sports_club", name="TuS")
    with pytest.raises(ValidationError) as refused:
        schools.add_school(measure, by=kai, data=school_data(club))
    assert _code(refused.value, "school") == ["unknown_school"]


def test_a_school_joins_a_measure_once(measure, kai) -> None:
    first = member(measure, kai)
    with pytest.raises(ValidationError) as refused:
        schools.add_school(measure, by=kai, data=school_data(first.school))
    assert _code(refused.value, "school") == ["duplicate_school"]


def test_a_measure_of_another_kind_keeps_no_schools(programme_types, bielefeld, kai) -> None:
    rucksack = factories.measure(bielefeld, kai, "rucksack-kita")
    with pytest.raises(ValidationError) as refused:
        schools.add_school(rucksack, by=kai, data=school_data(school(bielefeld, kai)))
    assert refused.value.code == "wrong_record_kind"


# --- edit, leave, projects -----------------------------------------------------------------


def test_an_edit_checks_the_rule_again_and_the_version(measure, kai, anna) -> None:
    membership = member(measure, kai)
    with pytest.raises(ValidationError) as refused:
        schools.update_school(membership, by=kai, data={"school_members": 1100}, expected_version=0)
    assert _code(refused.value, "signatures") == ["signatures_below_required"]
    saved = schools.update_school(
        membership, by=kai, data={"patron": "Tarek Haddad"}, expected_version=0
    )
    assert saved.lock_version == 1
    event = AuditEvent.objects.get(action="school.updated")
    assert event.changes == {
        "patron": {"from": "Aylin Demir, Schauspielerin", "to": "Tarek Haddad"}
    }
    # Anna's form was built from version 0: her change would overwrite Kai's unseen.
    with pytest.raises(ValidationError) as stale:
        schools.update_school(membership, by=anna, data={"patron": "X"}, expected_version=0)
    assert stale.value.code == "stale_edit"
    membership.refresh_from_db()
    assert membership.patron == "Tarek Haddad"


def test_an_edit_that_changes_nothing_records_nothing(measure, kai) -> None:
    membership = member(measure, kai)
    schools.update_school(membership, by=kai, data={"signatures": 700}, expected_version=0)
    assert not AuditEvent.objects.filter(action="school.updated").exists()


def test_a_school_that_left_keeps_its_history_and_is_no_longer_counted(measure, kai) -> None:
    membership = member(measure, kai, title_awarded_on=days_ago(400))
    schools.add_project(membership, by=kai, data=project_data(held_on=days_ago(300)))
    today = days_ago(0)
    assert figures.member_schools(today, today)[measure.centre_id] == 1
    with pytest.raises(ValidationError) as refused:
        schools.record_school_left(membership, by=kai, left_on=days_ago(500), expected_version=0)
    assert _code(refused.value, "left_on") == ["before_title"]
    schools.record_school_left(membership, by=kai, left_on=days_ago(5), expected_version=0)
    membership.refresh_from_db()
    assert membership.left_on == days_ago(5)
    assert membership.projects.count() == 1
    assert figures.member_schools(today, today) == {}
    assert AuditEvent.objects.get(action="school.left").changes == {
        "left_on": {"from": None, "to": str(days_ago(5))}
    }
    with pytest.raises(ValidationError) as again:
        schools.record_school_left(membership, by=kai, left_on=days_ago(1), expected_version=1)
    assert again.value.code == "already_left"


def test_a_project_lies_between_the_title_and_today(measure, kai) -> None:
    membership = member(measure, kai, title_awarded_on=days_ago(100))
    for held_on, code in ((days_ago(101), "before_title"), (days_ago(-1), "in_future")):
        with pytest.raises(ValidationError) as refused:
            schools.add_project(membership, by=kai, data=project_data(held_on=held_on))
        assert _code(refused.value, "held_on") == [code]
    project = schools.add_project(membership, by=kai, data=project_data(held_on=days_ago(100)))
    assert AuditEvent.objects.get(action="school_project.added").object_id == str(project.pk)


def test_the_due_date_follows_the_latest_project(measure, kai) -> None:
    membership = member(measure, kai, title_awarded_on=days_ago(500))
    row = schools.with_due_dates(SchoolMembership.objects.filter(pk=membership.pk)).get()
    assert schools.due_on(row) == membership.title_awarded_on.replace(
        year=membership.title_awarded_on.year + 1
    )
    assert schools.is_overdue(row, today=days_ago(0))
    schools.add_project(membership, by=kai, data=project_data(held_on=days_ago(20)))
    row = schools.with_due_dates(SchoolMembership.objects.filter(pk=membership.pk)).get()
    assert row.last_project_on == days_ago(20)
    assert not schools.is_overdue(row, today=days_ago(0))


# --- the reminder --------------------------------------------------------------------------


@pytest.fixture
def overdue(measure, kai):  # type: ignore[no-untyped-def]
    """A school whose title is 400 days old, without a project: due about 35 days ago."""
    return member(measure, kai, title_awarded_on=days_ago(400))


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("remind_school_projects", *args, stdout=out)
    return out.getvalue()


def _due() -> date:
    return rules.one_year_after(days_ago(400))


def test_the_command_reminds_the_kis_staff_and_lead_once(
    overdue, kai, anna, carla, django_capture_on_commit_callbacks
) -> None:
    member(overdue.measure, kai, name="Grundschule am Park")  # not overdue
    with django_capture_on_commit_callbacks(execute=True):
        assert "Sent 1 school project reminders" in _run()
    notes = Notification.objects.filter(event=schools.REMINDER_EVENT)
    assert sorted(n.recipient.username for n in notes) == sorted([kai.username, anna.username])
    note = notes.first()
    assert note is not None
    assert "Gesamtschule Stieghorst" in note.subject
    assert note.translations["en"]["subject"] == "Project overdue: Gesamtschule Stieghorst"
    assert note.path.endswith(f"/schulen/{overdue.pk}/")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([kai.email, anna.email])
    assert "---------- English ----------" in mail.outbox[0].body
    reminder = SchoolReminder.objects.get()
    assert reminder.due_on == _due()
    assert reminder.recipients == 2
    event = AuditEvent.objects.get(action="school.project_reminder_sent")
    assert event.actor is None
    assert event.changes["due_on"]["to"] == str(_due())

    with django_capture_on_commit_callbacks(execute=True):
        _run()  # the same day again, or the next: nothing new
    assert notes.count() == 2
    assert len(mail.outbox) == 2
    assert AuditEvent.objects.filter(action="school.project_reminder_sent").count() == 1


def test_a_project_moves_the_due_date_and_a_later_lapse_is_reminded_again(overdue, kai) -> None:
    _run()
    schools.add_project(overdue, by=kai, data=project_data(held_on=days_ago(30)))
    _run()
    assert SchoolReminder.objects.count() == 1
    later = days_ago(-400).isoformat()
    _run("--today", later)
    assert SchoolReminder.objects.count() == 2


def test_a_dry_run_sends_and_records_nothing(overdue, django_capture_on_commit_callbacks) -> None:
    assert "Would send 1" in _run("--dry-run")
    with django_capture_on_commit_callbacks(execute=True):
        reminders = schools.send_school_reminders(dry_run=True)
    assert [r.membership.pk for r in reminders] == [overdue.pk]
    assert not Notification.objects.exists()
    assert not SchoolReminder.objects.exists()
    assert mail.outbox == []
    assert not AuditEvent.objects.filter(action="school.project_reminder_sent").exists()


def test_a_school_that_left_is_not_reminded(overdue, kai) -> None:
    schools.record_school_left(overdue, by=kai, left_on=days_ago(1), expected_version=0)
    assert schools.send_school_reminders() == []
    assert not Notification.objects.exists()


def test_a_cancelled_measure_reminds_nobody(overdue) -> None:
    overdue.measure.status = "cancelled"
    overdue.measure.save(update_fields=["status"])
    assert schools.send_school_reminders() == []


def test_the_overdue_list_is_one_query(overdue, django_assert_num_queries) -> None:
    with django_assert_num_queries(1):
        rows = schools.overdue_schools(today=days_ago(0), centre_ids=[overdue.measure.centre_id])
        assert [(m.pk, m.due, m.school.name) for m in rows] == [
            (overdue.pk, _due(), "Gesamtschule Stieghorst")
        ]
    assert schools.overdue_schools(today=_due() - timedelta(days=1)) == []
