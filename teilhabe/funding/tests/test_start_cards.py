"""The start page tells each funding role what waits for it, from live data."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation

from teilhabe.funding.models import Condition, ProposalStatus
from teilhabe.funding.start import funding_steps

from . import factories

pytestmark = pytest.mark.django_db


def titles(user):
    with translation.override("en"):
        return {step.title: step for step in funding_steps(user)}


def test_a_ki_without_application_is_asked_to_prepare_one(anna):
    step = titles(anna)["Funding"]
    assert step.url == reverse("funding:application_new")


def test_a_ki_sees_its_latest_application_and_overdue_conditions(anna, bielefeld, bernd, guel):
    app = factories.application(bielefeld, year=2026, status="proposed")
    dec = factories.decision(app, proposed_by=bernd, signed_by=guel)
    Condition.objects.create(decision=dec, text="Schwerpunkte benennen", due_date=date(2026, 9, 1))
    with time_machine.travel(date(2026, 10, 1)):
        cards = titles(anna)
    assert cards["Funding"].url == app.get_absolute_url()
    assert "1 is overdue" in cards["Conditions and deadlines"].text


def test_the_officer_sees_what_waits_for_review(bernd, bielefeld, dortmund):
    factories.application(bielefeld, status="submitted")
    factories.application(dortmund, status="in_review")
    assert "2 applications wait for review" in titles(bernd)["Applications to review"].text


def test_the_approver_sees_pending_proposals(guel, bernd, bielefeld):
    app = factories.application(bielefeld, status="proposed")
    factories.proposal(app, amounts={"2026": "1.00"}, proposed_by=bernd)
    assert app.proposals.get().status == ProposalStatus.PENDING
    assert "1 proposal waits" in titles(guel)["Second signature"].text


def test_the_ministry_gets_budget_planning_and_guidelines(mia):
    assert set(titles(mia)) == {"Budget lines", "Planning", "Funding guideline versions"}


def test_roles_without_funding_access_get_no_funding_card(sven, eva, paul):
    for user in (sven, eva, paul):
        assert funding_steps(user) == []


def test_the_start_page_lists_deadlines_overdue_first_for_the_ki_only(
    anna, carla, bielefeld, bernd, guel, verified_client
):
    app = factories.application(bielefeld, year=2026, status="proposed")
    dec = factories.decision(app, proposed_by=bernd, signed_by=guel)
    Condition.objects.create(decision=dec, text="Bericht vorlegen", due_date=date(2026, 12, 20))
    Condition.objects.create(decision=dec, text="Schwerpunkte benennen", due_date=date(2026, 9, 1))
    Condition.objects.create(
        decision=dec, text="Erledigt", due_date=date(2026, 8, 1), fulfilled_at=timezone.now()
    )
    with time_machine.travel(date(2026, 10, 1)):
        page = verified_client(anna).get(reverse("pages:start"), HTTP_ACCEPT_LANGUAGE="de")
        other = verified_client(carla).get(reverse("pages:start"), HTTP_ACCEPT_LANGUAGE="de")
    html = page.content.decode()
    assert "Offene Aufgaben" in html
    overdue = html.index("Schwerpunkte benennen")
    assert overdue < html.index("Bericht vorlegen")
    assert "überfällig seit 01.09.2026" in html
    assert "fällig am 20.12.2026" in html
    assert "Erledigt" not in html  # fulfilled: no task
    assert "Schwerpunkte benennen" not in other.content.decode()  # another KI's decision


def _todo_titles(user) -> list[str]:
    from teilhabe.pages.start import todos

    with translation.override("en"):
        return [t.title for t in todos(user)]


def test_every_open_task_of_each_role_is_on_its_start_page(
    anna, kai, bernd, guel, mia, bielefeld, dortmund, django_assert_num_queries
):
    from teilhabe.funding.models import InformationRequest

    from .budget_helpers import matrix_payment

    draft = factories.application(bielefeld, year=2027)
    asked = factories.application(dortmund, year=2027, status="info_requested")
    InformationRequest.objects.create(
        application=asked, message="Stellenplan", due_date=date(2027, 1, 15), requested_by=bernd
    )
    submitted = factories.application(dortmund, year=2026, status="submitted")
    pending = factories.application(bielefeld, year=2026, status="proposed")
    factories.proposal(pending, proposed_by=bernd)
    matrix_payment(dortmund, anna)

    lead = _todo_titles(anna)
    assert f"Bielefeld: check, sign and submit the application {draft.years_label}" in lead
    assert not any("Dortmund" in t for t in lead)  # another KI's tasks stay its own
    assert not any("sign and submit" in t for t in _todo_titles(kai))  # only the lead signs

    # payments, applications, conditions: one each; the unread notifications (accounts); the
    # overdue repayments (proofs)
    with django_assert_num_queries(5):
        officer = _todo_titles(bernd)
    assert f"Dortmund: review the application {submitted.years_label}" in officer
    assert "Dortmund: release or refuse the payment request of 40.000,00 EUR for 2025" in officer
    approver = _todo_titles(guel)
    assert approver == [
        f"Bielefeld: second signature for the proposal on the application {pending.years_label}"
    ]
    # the ministry has no funding tasks (its one task may be a base rate to enter: proofs)
    assert [t for t in _todo_titles(mia) if "base rate" not in t] == []


def test_the_ki_is_asked_to_answer_an_information_request_by_its_deadline(carla, bernd, dortmund):
    from teilhabe.funding.models import InformationRequest

    asked = factories.application(dortmund, year=2027, status="info_requested")
    InformationRequest.objects.create(
        application=asked, message="Stellenplan", due_date=date(2027, 1, 15), requested_by=bernd
    )
    from teilhabe.pages.start import todos

    with translation.override("en"), time_machine.travel(date(2027, 2, 1)):
        (task,) = [t for t in todos(carla) if "request" in t.title]
    assert task.due == date(2027, 1, 15) and task.overdue
    assert task.url == asked.get_absolute_url()
