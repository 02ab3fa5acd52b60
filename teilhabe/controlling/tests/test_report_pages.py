"""The reports' pages: the KI's list per period, a report's form (German numbers, findings,
completeness, nothing typed lost, a stale form refused), submission, the office's inbox with a
fixed number of queries and its decision, a correction; scoped to the own KI (404 otherwise)."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

from conftest import member_of
from teilhabe.centres.models import Centre
from teilhabe.controlling import reports
from teilhabe.controlling.models import Report, ReportStatus, ReportValue

from . import factories
from . import report_factories as rf

pytestmark = pytest.mark.django_db
LIST = reverse("controlling:reports")
INBOX = reverse("controlling:report_inbox")


def _english(client: Any) -> Any:
    """Messages looked for in their English source text (tests need no translation)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _form(report: Report, **values: str) -> dict[str, str]:
    data = {"lock_version": str(report.lock_version)}
    data.update({k.replace("__", "-"): v for k, v in values.items()})
    return data


def test_the_ki_lists_its_periods_and_begins_a_report(kai, verified_client, seeded) -> None:
    client = verified_client(kai)
    page = client.get(LIST)
    assert page.status_code == 200
    period = rf.period()
    open_url = reverse("controlling:report_open", args=[period.pk])
    assert open_url in page.text
    response = client.post(open_url)
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    assert client.post(open_url)["Location"] == report.get_absolute_url()  # found, not made again
    page = client.get(LIST)
    assert report.get_absolute_url() in page.text and "0 von 15" not in page.text


def test_the_form_reads_german_numbers_and_shows_findings_and_completeness(
    kai, verified_client, seeded
) -> None:
    report = rf.report(kai.centre, kai)
    client = verified_client(kai)
    response = client.post(
        report.get_absolute_url(),
        _form(
            report,
            **{
                "value_newcomers-counselled": "1.234",
                "value_newcomers-placed": "1.300",
                "value_positions-filled": "6,5",
            },
        ),
    )
    assert response.status_code == 302
    values = dict(ReportValue.objects.filter(report=report).values_list("indicator__code", "value"))
    assert values["newcomers-counselled"] == 1234 and str(values["positions-filled"]) == "6.50"
    page = client.get(report.get_absolute_url())
    assert "Neu zugewanderte Schülerinnen und Schüler beraten" in page.text
    assert "1.234" in page.text  # the other indicator's value, named in the finding
    assert page.context["completeness"].done == 9  # six computed values and the three typed


def test_invalid_input_is_kept_and_nothing_saved(kai, verified_client, seeded) -> None:
    report = rf.report(kai.centre, kai)
    response = verified_client(kai).post(
        report.get_absolute_url(),
        _form(
            report,
            **{"value_events": "viele", "value_trainings-held": "12", "comment_events": "Fachtag"},
        ),
    )
    assert response.status_code == 422
    assert 'value="viele"' in response.text and "Fachtag" in response.text
    assert 'value="12"' in response.text
    assert not ReportValue.objects.filter(
        report=report, value__isnull=False, computed=False
    ).exists()


def test_a_stale_form_is_refused_with_the_input_kept(kai, anna, verified_client, seeded) -> None:
    report = rf.report(kai.centre, kai)
    rf.fill(report, anna)
    response = _english(verified_client(kai)).post(
        report.get_absolute_url(), {"lock_version": "0", "value_events": "77"}
    )
    assert response.status_code == 422
    assert "Someone else has saved this report meanwhile" in response.text
    assert 'value="77"' in response.text
    assert ReportValue.objects.get(report=report, indicator__code="events").value == 9


def test_the_lead_submits_and_staff_may_not(kai, anna, verified_client, seeded) -> None:
    report = rf.fill(rf.report(kai.centre, kai), kai)
    url = reverse("controlling:report_submit", args=[report.pk])
    data = {"signed": "on", "lock_version": str(report.lock_version)}
    assert verified_client(kai).post(url, data).status_code == 404
    page = verified_client(anna).get(report.get_absolute_url())
    assert url in page.text
    lead = _english(verified_client(anna))
    unsigned = lead.post(url, {"lock_version": str(report.lock_version)})
    assert rf.fresh(report).status == ReportStatus.DRAFT
    assert unsigned.status_code == 422 and "Confirm that you sign the report" in unsigned.text
    response = verified_client(anna).post(url, data)
    assert response.status_code == 302
    assert rf.fresh(report).status == ReportStatus.SUBMITTED
    # Submitted: the values are shown, no longer a form.
    page = verified_client(kai).get(report.get_absolute_url())
    assert page.context["form"] is None and 'name="value_events"' not in page.text


def test_a_refused_submission_shows_why_on_the_report_and_keeps_the_signature(
    anna, verified_client, seeded
) -> None:
    report = rf.fill(rf.report(anna.centre, anna), anna, events=None, newcomers_placed=900)
    url = reverse("controlling:report_submit", args=[report.pk])
    client = _english(verified_client(anna))
    unsigned = client.post(url, {"lock_version": str(report.lock_version)})
    assert unsigned.status_code == 422
    form = unsigned.context["submit_form"]
    assert [e.code for e in form.errors.as_data()["signed"]] == ["sign_required"]
    assert 'id="id_signed-error"' in unsigned.text and 'href="#id_signed"' in unsigned.text
    # What else stands in the way, at the top; the value to explain, linked to its comment.
    codes = {e.code for e in form.non_field_errors().as_data()}
    assert codes == {"incomplete", "finding_unexplained"}
    assert 'href="#id_comment_newcomers-placed"' in unsigned.text
    # The values form posts to the report, not to the submission it was shown by.
    assert f'action="{report.get_absolute_url()}"' in unsigned.text
    signed = client.post(url, {"signed": "on", "lock_version": str(report.lock_version)})
    assert signed.status_code == 422 and "signed" not in signed.context["submit_form"].errors
    box = next(line for line in signed.text.splitlines() if 'id="id_signed"' in line)
    assert " checked" in box
    assert rf.fresh(report).status == ReportStatus.DRAFT


def test_other_kis_and_non_statewide_roles_get_404(
    anna, carla, sven, paul, lars, kai, verified_client, seeded
) -> None:
    draft = rf.report(kai.centre, kai, factories.half_year(2025, 2))
    submitted = rf.submitted(anna.centre, anna)
    for who in (carla, sven, paul):
        assert verified_client(who).get(submitted.get_absolute_url()).status_code == 404
    assert verified_client(lars).get(draft.get_absolute_url()).status_code == 404  # a KI's draft
    assert verified_client(lars).get(submitted.get_absolute_url()).status_code == 200
    # Opening a submitted report as the office reads nothing anew and writes nothing.
    assert verified_client(lars).post(submitted.get_absolute_url(), {}).status_code == 404


def test_the_evaluator_reads_no_names_or_comments(anna, lars, eva, verified_client, seeded) -> None:
    report = rf.fill(
        rf.report(anna.centre, anna), anna, events={"value": 9, "comment": "Frau Özdemir"}
    )
    reports.submit_report(rf.fresh(report), by=anna, signed=True)
    office = verified_client(lars).get(report.get_absolute_url())
    assert "Frau Özdemir" in office.text and "anna" in office.text
    evaluator = verified_client(eva).get(report.get_absolute_url())
    assert evaluator.status_code == 200
    assert "Frau Özdemir" not in evaluator.text and "anna (" not in evaluator.text


def test_the_inbox_lists_submitted_reports_in_a_fixed_number_of_queries(
    anna, lars, verified_client, django_assert_max_num_queries, seeded
) -> None:
    client = verified_client(lars)
    rf.submitted(anna.centre, anna)
    client.get(INBOX)
    with django_assert_max_num_queries(14) as few:
        one = client.get(INBOX)
    assert one.status_code == 200 and anna.centre.name in one.text
    for centre in Centre.objects.exclude(pk=anna.centre_id).order_by("pk")[:6]:
        lead = member_of(centre)
        lead.role = "ki_lead"
        lead.save(update_fields=["role"])
        rf.submitted(centre, lead)
    with django_assert_max_num_queries(len(few.captured_queries)):
        many = client.get(INBOX)
    assert many.context["page"].paginator.count == 7


def test_the_office_accepts_or_sends_back_with_a_comment(
    anna, lars, verified_client, seeded
) -> None:
    report = rf.submitted(anna.centre, anna)
    url = reverse("controlling:report_decide", args=[report.pk])
    client = verified_client(lars)
    assert url in client.get(INBOX).text
    # The two choices are one group of KERN radios under a legend, not bare browser radios.
    page = client.get(url).text
    assert '<fieldset class="kern-fieldset" id="id_decision"' in page
    assert page.count('class="kern-form-check__radio"') == 2
    refused = client.post(url, {"decision": "return", "comment": ""})
    assert refused.status_code == 422
    assert 'value="return" id="id_decision_1" checked' in refused.text  # the choice is kept
    assert rf.fresh(report).status == ReportStatus.SUBMITTED
    sent = client.post(url, {"decision": "return", "comment": "Bitte prüfen"})
    assert sent.status_code == 302 and rf.fresh(report).status == ReportStatus.RETURNED
    page = verified_client(anna).get(report.get_absolute_url())
    assert "Bitte prüfen" in page.text
    reports.submit_report(rf.fresh(report), by=anna, signed=True)
    client.post(url, {"decision": "accept"})
    assert rf.fresh(report).status == ReportStatus.ACCEPTED


def test_the_lead_corrects_an_accepted_report(anna, kai, lars, verified_client, seeded) -> None:
    report = rf.accepted(anna.centre, anna, lars)
    url = reverse("controlling:report_correct", args=[report.pk])
    assert url in verified_client(anna).get(report.get_absolute_url()).text
    assert verified_client(kai).get(url).status_code == 404
    refused = verified_client(anna).post(url, {"reason": ""})
    assert refused.status_code == 422
    response = verified_client(anna).post(url, {"reason": "Zahlen korrigiert"})
    correction = Report.objects.get(revision=2)
    assert response["Location"] == correction.get_absolute_url()
    page = verified_client(anna).get(correction.get_absolute_url())
    assert "Zahlen korrigiert" in page.text and report.get_absolute_url() in page.text


def test_the_state_wide_roles_are_sent_to_the_inbox(mia, sven, verified_client, seeded) -> None:
    assert verified_client(mia).get(LIST)["Location"] == INBOX
    # From the inbox, the state view is one link away (its start card is not the only way).
    assert f'href="{reverse("controlling:state")}"' in verified_client(mia).get(INBOX).text
    assert verified_client(sven).get(LIST).status_code == 404
