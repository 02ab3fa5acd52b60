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
    assert "Fristen" in html
    overdue = html.index("Schwerpunkte benennen")
    assert overdue < html.index("Bericht vorlegen")
    assert "überfällig seit 01.09.2026" in html
    assert "fällig am 20.12.2026" in html
    assert "Erledigt" not in html  # fulfilled: no task
    assert "Schwerpunkte benennen" not in other.content.decode()  # another KI's decision
