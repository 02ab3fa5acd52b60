"""Conditions as the KI's tasks: due soon and overdue, fulfilled by the KI, the task list."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from teilhabe.core.models import AuditEvent
from teilhabe.funding.models import Condition, ConditionStatus
from teilhabe.funding.services import review
from teilhabe.funding.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def condition(bielefeld, bernd, guel) -> Condition:
    application = factories.application(bielefeld, year=2026)
    decision = factories.decision(application, proposed_by=bernd, signed_by=guel)
    return Condition.objects.create(
        decision=decision,
        text="Benennen Sie die zwei Schwerpunktthemen.",
        due_date=date(2026, 9, 1),
    )


def test_it_shows_open_due_soon_and_overdue(condition, settings) -> None:
    settings.CONDITION_DUE_SOON_DAYS = 14
    assert condition.status(date(2026, 8, 1)) == ConditionStatus.OPEN
    assert condition.status(date(2026, 8, 18)) == ConditionStatus.DUE
    assert condition.status(date(2026, 9, 1)) == ConditionStatus.DUE
    assert condition.status(date(2026, 9, 2)) == ConditionStatus.OVERDUE
    with time_machine.travel(date(2026, 9, 2)):
        assert Condition.objects.overdue().get() == condition


def test_the_ki_reports_a_condition_fulfilled(condition, kai, carla, bernd) -> None:
    for outsider in (carla, bernd):
        with pytest.raises(ValidationError) as e:
            review.fulfil_condition(condition, by=outsider, note="erledigt")
        assert e.value.code == "not_permitted"
    with pytest.raises(ValidationError):
        review.fulfil_condition(condition, by=kai, note=" ")
    review.fulfil_condition(condition, by=kai, note="Bildung und Sprache, Beschluss vom 20.08.")
    condition.refresh_from_db()
    assert condition.status() == ConditionStatus.FULFILLED
    assert condition.fulfilled_by == kai
    assert AuditEvent.objects.filter(action="condition.fulfilled", actor=kai).count() == 1
    with pytest.raises(ValidationError) as e:
        review.fulfil_condition(condition, by=kai, note="nochmal")
    assert e.value.code == "already_fulfilled"


@time_machine.travel(date(2026, 9, 10))
def test_the_task_list_shows_the_ki_its_own_with_badges(
    condition, dortmund, bernd, guel, kai, carla, verified_client, django_assert_num_queries
) -> None:
    other = factories.decision(
        factories.application(dortmund, year=2026), proposed_by=bernd, signed_by=guel
    )
    Condition.objects.create(decision=other, text="Dortmunder Auflage", due_date=date(2026, 12, 1))
    for n in range(3):  # more rows, same number of queries
        Condition.objects.create(
            decision=condition.decision, text=f"Auflage {n}", due_date=date(2026, 11, n + 1)
        )
    client = verified_client(kai)
    url = reverse("funding:conditions")
    client.get(url)  # warm the session and caches
    # session, user, device, count, rows, the unread notifications (navigation), then the
    # session's save (middleware, per request)
    with django_assert_num_queries(9):
        page = client.get(url)
    body = page.content.decode()
    assert "Benennen Sie" in body and "Dortmunder Auflage" not in body
    assert "kern-badge--danger" in body
    assert "Benennen Sie" not in verified_client(carla).get(url).content.decode()
    overdue = verified_client(bernd).get(url + "?state=overdue").content.decode()
    assert "Benennen Sie" in overdue and "Dortmunder Auflage" not in overdue
    assert "Dortmunder Auflage" in verified_client(bernd).get(url).content.decode()


def test_the_ki_reports_fulfilment_through_the_page(condition, kai, carla, verified_client) -> None:
    url = reverse("funding:condition_fulfil", args=[condition.pk])
    assert verified_client(carla).post(url, {f"c{condition.pk}-note": "x"}).status_code == 404
    empty = verified_client(kai).post(url, {f"c{condition.pk}-note": ""})
    assert empty.status_code == 200 and "kern-error" in empty.content.decode()
    done = verified_client(kai).post(url, {f"c{condition.pk}-note": "Themen benannt."})
    assert done.status_code == 302
    condition.refresh_from_db()
    assert condition.fulfilment_note == "Themen benannt."
