"""The report services: made lazily per KI and period with the version valid for the period,
computed values filled and refreshed until submission, drafts saved with findings, every guard
of the steps (submit, accept, send back, correct) and the latest accepted revision's figures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from teilhabe.accounts.models import Notification, User
from teilhabe.centres.models import Centre
from teilhabe.controlling import reports, services
from teilhabe.controlling.models import Report, ReportStatus, ReportValue
from teilhabe.core.actions import Refusal
from teilhabe.core.models import AuditEvent
from teilhabe.core.registry import Figure, registry

from . import factories
from . import report_factories as rf

pytestmark = pytest.mark.django_db


def _codes(error: ValidationError) -> set[str]:
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


def _value(report: Report, code: str) -> ReportValue:
    return ReportValue.objects.get(report=report, indicator__code=code)


@pytest.fixture
def figures(monkeypatch: pytest.MonkeyPatch, bielefeld: Centre) -> dict[str, Any]:
    """The figures of parent groups and interpreter assignments answer what the test says."""
    counted: dict[str, Any] = {"groups": 4, "by_language": {"ar": 3, "uk": 5}}

    def groups(start: date, end: date, centre_ids: Any) -> dict[int, Any]:
        return {bielefeld.pk: counted["groups"]}

    def assignments(start: date, end: date, centre_ids: Any) -> dict[int, Any]:
        return {bielefeld.pk: sum(counted["by_language"].values())}

    def assignments_by(start: date, end: date, centre_ids: Any) -> dict[int, Any]:
        return {bielefeld.pk: dict(counted["by_language"])}

    readers = registry.figure_readers
    monkeypatch.setitem(
        readers, "measures.parent_groups", Figure("measures.parent_groups", "g", "g", groups)
    )
    monkeypatch.setitem(
        readers,
        "measures.interpreter_assignments",
        Figure(
            "measures.interpreter_assignments",
            "a",
            "a",
            assignments,
            by_label="language",
            read_by=assignments_by,
            categories=lambda: {"ar": "Arabisch", "uk": "Ukrainisch"},
        ),
    )
    return counted


# --- making a report -------------------------------------------------------------------------


def test_it_makes_the_report_once_with_a_value_per_indicator(kai, anna, bielefeld, seeded) -> None:
    first = rf.report(bielefeld, kai)
    assert rf.report(bielefeld, anna).pk == first.pk
    assert first.values.count() == 15
    computed = set(first.values.filter(computed=True).values_list("indicator__code", flat=True))
    assert computed == {
        "parent-groups",
        "parent-group-families",
        "parent-group-sessions",
        "sor-schools",
        "interpreter-assignments",
        "school-counselling-contacts",
    }
    assert AuditEvent.objects.filter(action="report.created").count() == 1


def test_it_refuses_other_kis_and_the_office(carla, lars, sven, bielefeld, seeded) -> None:
    for who in (carla, lars, sven):
        with pytest.raises(Refusal):
            rf.report(bielefeld, who)
    assert not Report.objects.exists()


def test_a_period_that_has_not_begun_has_no_report(kai, bielefeld, seeded) -> None:
    from teilhabe.controlling.models import PeriodKind, ReportingPeriod

    later = ReportingPeriod.objects.create(
        kind=PeriodKind.HALF_YEAR,
        starts_on=date(2099, 1, 1),
        ends_on=date(2099, 6, 30),
        deadline=date(2099, 9, 30),
    )
    with pytest.raises(ValidationError) as e:
        rf.report(bielefeld, kai, later)
    assert e.value.code == "period_not_started"


def test_each_period_reads_the_version_valid_for_it(kai, lars, bielefeld, seeded) -> None:
    events = factories.indicator("volunteers-reached")
    new = services.add_indicator_version(
        events, by=lars, data={"from_period": factories.half_year(2025, 2), "unit": "Termine"}
    )
    old = events.versions.exclude(pk=new.pk).get()
    h1 = rf.report(bielefeld, kai, factories.half_year(2025, 1))
    h2 = rf.report(bielefeld, kai, factories.half_year(2025, 2))
    year = rf.report(bielefeld, kai, factories.year(2025))
    assert _value(h1, "volunteers-reached").version_id == old.pk
    assert _value(h2, "volunteers-reached").version_id == new.pk
    assert (
        _value(year, "volunteers-reached").version_id == old.pk
    )  # the year starts before the version


# --- computed values -------------------------------------------------------------------------


def test_computed_values_come_from_the_figure_split_where_the_version_is(
    kai, bielefeld, seeded, figures
) -> None:
    report = rf.report(bielefeld, kai)
    assert _value(report, "parent-groups").value == 4
    split = _value(report, "interpreter-assignments")
    assert split.value == 8
    assert split.parts == {"language": {"ar": "3", "uk": "5"}}
    lines = {line.code: line for line in reports.report_lines(report)}
    assert lines["interpreter-assignments"].parts == [("Arabisch", "3"), ("Ukrainisch", "5")]


def test_computed_values_are_refreshed_until_submission_then_frozen(
    kai, anna, bielefeld, seeded, figures
) -> None:
    report = rf.report(bielefeld, kai)
    figures["groups"] = 7
    assert reports.refresh_computed(report, by=kai) == 1
    assert _value(report, "parent-groups").value == 7
    event = AuditEvent.objects.get(action="report.refreshed")
    assert event.changes == {"parent-groups": {"from": "4", "to": "7"}}
    assert reports.refresh_computed(report, by=kai) == 0  # nothing changed, nothing recorded
    assert AuditEvent.objects.filter(action="report.refreshed").count() == 1
    rf.fill(report, kai)
    figures["groups"] = 9  # read once more on submission
    reports.submit_report(rf.fresh(report), by=anna, signed=True)
    assert _value(report, "parent-groups").value == 9
    figures["groups"] = 12
    assert reports.refresh_computed(report, by=kai) == 0
    assert _value(report, "parent-groups").value == 9


def test_a_real_figure_counts_the_kis_records(kai, anna, bielefeld, seeded) -> None:
    from teilhabe.measures.tests import url_matrix_records as records

    pool = records.pool(bielefeld, anna, starts_on=date(2025, 1, 1))
    records.assignment(pool, anna, held_on=date(2025, 3, 3), language="ar")
    records.assignment(pool, anna, held_on=date(2025, 4, 4), language="ar")
    records.assignment(pool, anna, held_on=date(2025, 8, 1), language="uk")  # second half
    report = rf.report(bielefeld, kai)
    row = _value(report, "interpreter-assignments")
    assert row.value == 2 and row.parts == {"language": {"ar": "2"}}


# --- saving ---------------------------------------------------------------------------------------


def test_a_draft_saves_values_and_comments_with_findings_and_one_event(
    kai, bielefeld, seeded
) -> None:
    report = rf.report(bielefeld, kai)
    saved = rf.fill(report, kai, newcomers_placed={"value": Decimal("50"), "comment": "Nachzügler"})
    assert saved.lock_version == 1
    assert _value(report, "newcomers-placed").value == 50
    event = AuditEvent.objects.get(action="report.saved")
    assert event.changes["newcomers-placed"] == {"from": None, "to": "50"}
    assert event.changes["newcomers-placed (comment)"] == {"from": "", "to": "Nachzügler"}
    lines = {line.code: line for line in reports.report_lines(report)}
    placed = lines["newcomers-placed"]
    assert [f.code for f in placed.findings] == ["relation_broken"]
    assert "Neu zugewanderte Schülerinnen und Schüler beraten" in placed.messages[0]
    assert "(40)" in placed.messages[0]
    rf.fill(report, kai, newcomers_placed={"value": Decimal("50"), "comment": "Nachzügler"})
    assert AuditEvent.objects.filter(action="report.saved").count() == 1  # nothing changed


def test_the_range_is_a_finding(kai, bielefeld, seeded) -> None:
    report = rf.fill(rf.report(bielefeld, kai), kai, newcomers_days_to_placement=Decimal("400"))
    lines = {line.code: line for line in reports.report_lines(report)}
    assert [f.code for f in lines["newcomers-days-to-placement"].findings] == ["above_maximum"]
    assert "365" in lines["newcomers-days-to-placement"].messages[0]


@pytest.mark.parametrize(
    "values, code",
    [
        ({"events": {"value": "1,5"}}, "too_many_places"),
        ({"events": {"value": "1" * 20}}, "out_of_range"),
        ({"events": {"value": "viele"}}, "invalid_number"),
        ({"events": {"comment": "x" * 2001}}, "comment_too_long"),
        ({"parent-groups": {"value": Decimal("99")}}, "computed_value"),
    ],
)
def test_it_refuses_what_it_cannot_store(kai, bielefeld, seeded, values, code) -> None:
    report = rf.report(bielefeld, kai)
    with pytest.raises(ValidationError) as e:
        reports.save_report(report, by=kai, values=values, expected_version=0)
    assert code in _codes(e.value)
    assert not AuditEvent.objects.filter(action="report.saved").exists()


def test_it_reads_german_numbers(kai, bielefeld, seeded) -> None:
    report = rf.report(bielefeld, kai)
    reports.save_report(
        report, by=kai, values={"positions-filled": {"value": "1.234,5"}}, expected_version=0
    )
    assert _value(report, "positions-filled").value == Decimal("1234.50")


def test_an_unknown_indicator_is_refused(kai, bielefeld, seeded) -> None:
    report = rf.report(bielefeld, kai)
    with pytest.raises(ValidationError) as e:
        reports.save_report(report, by=kai, values={"guessed": {"value": 1}}, expected_version=0)
    assert e.value.code == "unknown_indicator"


def test_a_stale_form_is_refused(kai, anna, bielefeld, seeded) -> None:
    report = rf.report(bielefeld, kai)
    reports.save_report(report, by=kai, values={"events": {"value": 3}}, expected_version=0)
    with pytest.raises(ValidationError) as e:
        reports.save_report(report, by=anna, values={"events": {"value": 4}}, expected_version=0)
    assert e.value.code == "stale"
    assert _value(report, "events").value == 3


def test_others_may_not_save(carla, lars, kai, bielefeld, seeded) -> None:
    report = rf.report(bielefeld, kai)
    for who in (carla, lars):
        with pytest.raises(Refusal):
            reports.save_report(report, by=who, values={"events": {"value": 3}}, expected_version=0)


# --- submitting ---------------------------------------------------------------------------------


def test_only_the_lead_submits(kai, bielefeld, seeded) -> None:
    report = rf.fill(rf.report(bielefeld, kai), kai)
    with pytest.raises(Refusal) as e:
        reports.submit_report(report, by=kai, signed=True)
    assert e.value.code == "lead_only"


def test_an_incomplete_report_names_what_is_missing(kai, anna, bielefeld, seeded) -> None:
    report = rf.fill(rf.report(bielefeld, kai), kai, events={"value": None})
    with pytest.raises(ValidationError) as e:
        reports.submit_report(report, by=anna, signed=False)
    assert _codes(e.value) == {"incomplete", "sign_required"}
    assert "Veranstaltungen" in " ".join(e.value.messages)
    assert rf.fresh(report).status == ReportStatus.DRAFT


def test_a_finding_needs_a_comment_before_submission(kai, anna, bielefeld, seeded) -> None:
    report = rf.fill(rf.report(bielefeld, kai), kai, newcomers_placed=Decimal("50"))
    with pytest.raises(ValidationError) as e:
        reports.submit_report(report, by=anna, signed=True)
    assert e.value.code == "finding_unexplained"
    explained = rf.fill(
        report,
        kai,
        newcomers_placed={"value": Decimal("50"), "comment": "10 aus dem Vorhalbjahr beraten"},
    )
    submitted = reports.submit_report(explained, by=anna, signed=True)
    assert submitted.status == ReportStatus.SUBMITTED and submitted.submitted_by == anna


def test_a_running_period_cannot_be_submitted(kai, anna, bielefeld, seeded) -> None:
    from teilhabe.controlling.models import PeriodKind, ReportingPeriod

    today = date.today()
    running = ReportingPeriod.objects.create(
        kind=PeriodKind.YEAR,
        starts_on=date(today.year + 50, 1, 1),
        ends_on=date(today.year + 50, 12, 31),
        deadline=date(today.year + 51, 3, 31),
    )
    report = Report.objects.create(centre=bielefeld, period=running)
    with pytest.raises(ValidationError) as e:
        reports.submit_report(report, by=anna, signed=True)
    assert e.value.code == "period_not_over"


def test_submission_tells_the_office_and_locks_the_values(
    kai, anna, lars, bielefeld, seeded
) -> None:
    report = rf.submitted(bielefeld, anna)
    assert Notification.objects.filter(recipient=lars, event="controlling_report").count() == 1
    with pytest.raises(ValidationError) as e:
        reports.save_report(
            report, by=kai, values={"events": {"value": 1}}, expected_version=report.lock_version
        )
    assert e.value.code == "report_locked"
    with pytest.raises(ValidationError) as e:
        reports.submit_report(report, by=anna, signed=True)
    assert e.value.code == "not_submittable"


def test_a_stale_signature_is_refused(kai, anna, bielefeld, seeded) -> None:
    report = rf.fill(rf.report(bielefeld, kai), kai)
    seen = report.lock_version
    rf.fill(report, kai, events=Decimal("10"))
    with pytest.raises(ValidationError) as e:
        reports.submit_report(report, by=anna, signed=True, expected_version=seen)
    assert e.value.code == "stale"


# --- the coordination office's decision ---------------------------------------------------------


def test_only_the_office_decides(anna, mia, bernd, bielefeld, seeded) -> None:
    report = rf.submitted(bielefeld, anna)
    for who in (anna, mia, bernd):
        with pytest.raises(Refusal):
            reports.accept_report(report, by=who)
        with pytest.raises(Refusal):
            reports.return_report(report, by=who, comment="Bitte prüfen")
    assert rf.fresh(report).status == ReportStatus.SUBMITTED


def test_sending_back_needs_a_comment_and_opens_the_report_again(
    kai, anna, lars, bielefeld, seeded
) -> None:
    report = rf.submitted(bielefeld, anna)
    with pytest.raises(ValidationError) as e:
        reports.return_report(report, by=lars, comment="  ")
    assert "comment_required" in _codes(e.value)
    returned = reports.return_report(report, by=lars, comment="Bitte Fortbildungen prüfen.")
    assert returned.status == ReportStatus.RETURNED
    assert Notification.objects.filter(recipient=kai, event="controlling_report").exists()
    first = returned.submitted_at
    rf.fill(returned, kai, trainings_held=Decimal("7"))
    again = reports.submit_report(rf.fresh(returned), by=anna, signed=True)
    assert again.submitted_at == first  # the first submission counts for the deadline
    assert AuditEvent.objects.filter(action="report.resubmitted").count() == 1


def test_only_a_submitted_report_is_decided(kai, lars, bielefeld, seeded) -> None:
    draft = rf.report(bielefeld, kai)
    for step in (
        lambda: reports.accept_report(draft, by=lars),
        lambda: reports.return_report(draft, by=lars, comment="x"),
    ):
        with pytest.raises(ValidationError) as e:
            step()
        assert e.value.code == "not_submitted"


def test_an_accepted_report_is_locked(kai, anna, lars, bielefeld, seeded) -> None:
    report = rf.accepted(bielefeld, anna, lars)
    assert report.status == ReportStatus.ACCEPTED and report.decided_by == lars
    with pytest.raises(ValidationError) as e:
        reports.save_report(
            report, by=kai, values={"events": {"value": 1}}, expected_version=report.lock_version
        )
    assert e.value.code == "report_locked"
    with pytest.raises(ValidationError) as e:
        reports.return_report(report, by=lars, comment="zu spät")
    assert e.value.code == "not_submitted"


# --- corrections and the figures in force ---------------------------------------------------------


def test_a_correction_is_a_new_revision_with_the_values_copied(
    kai, anna, lars, bielefeld, seeded
) -> None:
    accepted = rf.accepted(bielefeld, anna, lars)
    rf_values = dict(accepted.values.values_list("indicator__code", "value"))
    correction = reports.correct_report(accepted, by=anna, reason="Fortbildungen doppelt gezählt")
    assert (correction.revision, correction.supersedes_id) == (2, accepted.pk)
    assert correction.status == ReportStatus.DRAFT
    assert dict(correction.values.values_list("indicator__code", "value")) == rf_values
    event = AuditEvent.objects.get(action="report.correction_started")
    assert event.changes["correction_reason"]["to"] == "Fortbildungen doppelt gezählt"
    # Until the correction is accepted, the accepted revision's figures are in force.
    assert list(reports.accepted_reports()) == [accepted]
    rf.fill(correction, kai, trainings_held=Decimal("3"))
    reports.submit_report(rf.fresh(correction), by=anna, signed=True)
    reports.accept_report(rf.fresh(correction), by=lars)
    assert list(reports.accepted_reports()) == [correction]
    values = reports.accepted_values().filter(indicator__code="trainings-held")
    assert [v.value for v in values] == [3]


def test_a_correction_needs_an_accepted_report_a_reason_and_the_lead(
    kai, anna, lars, bielefeld, seeded
) -> None:
    submitted = rf.submitted(bielefeld, anna)
    with pytest.raises(ValidationError) as e:
        reports.correct_report(submitted, by=anna, reason="x")
    assert e.value.code == "not_accepted"
    accepted = reports.accept_report(submitted, by=lars)
    with pytest.raises(ValidationError) as e:
        reports.correct_report(accepted, by=anna, reason=" ")
    assert "reason_required" in _codes(e.value)
    with pytest.raises(Refusal):
        reports.correct_report(accepted, by=kai, reason="x")
    reports.correct_report(accepted, by=anna, reason="x")
    with pytest.raises(ValidationError) as e:
        reports.correct_report(accepted, by=anna, reason="noch einmal")
    assert e.value.code == "already_corrected"


def test_the_accepted_figures_are_one_query_for_every_ki(
    anna, carla, lars, bielefeld, dortmund, seeded
) -> None:
    rf.accepted(bielefeld, anna, lars)
    rf.accepted(dortmund, carla, lars)
    rf.submitted(bielefeld, anna, factories.half_year(2025, 2))  # not accepted: not in force
    period = rf.period()
    with CaptureQueriesContext(connection) as queries:
        found = list(reports.accepted_reports(period_ids=[period.pk]))
    assert len(queries) == 1
    assert {r.centre_id for r in found} == {bielefeld.pk, dortmund.pk}
    assert list(reports.accepted_reports(centre_ids=[dortmund.pk])) == [
        r for r in found if r.centre_id == dortmund.pk
    ]


def test_the_state_wide_roles_read_submitted_and_accepted_reports_only(
    kai, anna, lars, eva, sven, paul, bielefeld, seeded
) -> None:
    from teilhabe.controlling import access

    draft = rf.report(bielefeld, kai, factories.half_year(2025, 2))
    submitted = rf.submitted(bielefeld, anna)
    assert set(access.reports_visible_to(kai)) == {draft, submitted}
    for who in (lars, eva):
        assert set(access.reports_visible_to(who)) == {submitted}
    for who in (sven, paul):
        assert not access.reports_visible_to(who).exists()


def test_users_without_a_ki_are_not_a_kis_staff(territory) -> None:
    assert reports.people_of(-1) == []


def test_every_user_may_be_told(anna: User, bielefeld: Centre, seeded: None) -> None:
    assert [u.username for u in reports.people_of(bielefeld.pk)] == ["anna"]
