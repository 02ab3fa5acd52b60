"""Computing the statuses (services.py): every KI's status of a year from the registered
pillars, the history only ever added to, one audit event per computation."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.core.actions import Refusal
from teilhabe.core.models import AuditEvent
from teilhabe.quality import services
from teilhabe.quality.models import Overall, QualityChange, QualityStatus

from .conftest import MEETINGS, PROOFS, FakePillars

pytestmark = pytest.mark.django_db


def _status(centre: Centre, year: int) -> QualityStatus:
    return QualityStatus.objects.get(centre=centre, year=year)


def test_it_computes_every_kis_status_with_each_pillar_and_the_overall(
    pillars: FakePillars, lars: User, bielefeld: Centre, dortmund: Centre, last_year: int
) -> None:
    pillars.set(PROOFS, dortmund, False)
    pillars.set(MEETINGS, bielefeld, None)
    outcome = services.recompute_statuses(last_year, by=lars)
    assert (outcome.statuses, outcome.changed) == (54, 54)
    assert QualityStatus.objects.filter(year=last_year).count() == 54
    b, d = _status(bielefeld, last_year), _status(dortmund, last_year)
    assert b.values == {PROOFS: True, MEETINGS: None}
    assert b.overall == Overall.PENDING
    assert d.values == {PROOFS: False, MEETINGS: True}
    assert d.overall == Overall.UNFULFILLED
    others = QualityStatus.objects.exclude(centre__in=[bielefeld, dortmund])
    assert set(others.values_list("overall", flat=True)) == {Overall.FULFILLED}
    first = QualityChange.objects.get(status=d)
    assert first.first and first.overall_from == "" and first.overall_to == Overall.UNFULFILLED
    assert first.changes == {
        PROOFS: {"from": None, "to": False},
        MEETINGS: {"from": None, "to": True},
    }
    assert first.by == lars
    # each pillar read once for every KI
    assert sorted(pillars.reads) == sorted([(PROOFS, last_year), (MEETINGS, last_year)])


def test_it_adds_history_only_for_what_changed_and_never_rewrites_it(
    pillars: FakePillars, lars: User, bielefeld: Centre, last_year: int
) -> None:
    pillars.set(PROOFS, bielefeld, None)
    services.recompute_statuses(last_year, by=lars)
    trail = list(QualityChange.objects.order_by("pk").values())
    again = services.recompute_statuses(last_year, by=lars)
    assert again.changed == 0
    assert list(QualityChange.objects.order_by("pk").values()) == trail

    pillars.set(PROOFS, bielefeld, True)
    changed = services.recompute_statuses(last_year, by=lars)
    assert changed.changed == 1
    assert list(QualityChange.objects.order_by("pk").values())[: len(trail)] == trail
    step = QualityChange.objects.order_by("-pk").first()
    assert step is not None and step.status.centre == bielefeld
    assert step.changes == {PROOFS: {"from": None, "to": True}}
    assert (step.overall_from, step.overall_to) == (Overall.PENDING, Overall.FULFILLED)
    assert not step.first
    status = _status(bielefeld, last_year)
    assert status.changed_at == step.changed_at and status.computed_at >= step.changed_at


def test_a_history_row_cannot_be_changed_or_deleted(
    pillars: FakePillars, lars: User, bielefeld: Centre, last_year: int
) -> None:
    services.recompute_statuses(last_year, by=lars)
    step = QualityChange.objects.filter(status__centre=bielefeld).get()
    step.overall_to = Overall.UNFULFILLED
    with pytest.raises(ValueError, match="only ever added"):
        step.save()
    with pytest.raises(ValueError, match="never deleted"):
        step.delete()
    assert QualityChange.objects.get(pk=step.pk).overall_to == Overall.FULFILLED


def test_it_records_one_audit_event_per_computation(
    pillars: FakePillars, lars: User, last_year: int
) -> None:
    services.recompute_statuses(last_year, by=lars)
    services.compute_statuses(last_year)
    events = list(AuditEvent.objects.filter(action__startswith="quality_status.").order_by("pk"))
    assert [(e.action, e.actor_id) for e in events] == [
        ("quality_status.recomputed", lars.pk),
        ("quality_status.computed", None),
    ]
    assert events[0].changes["statuses_changed"] == {"from": 0, "to": 54}
    assert events[1].changes["statuses_changed"] == {"from": 0, "to": 0}
    assert events[0].object_label == str(last_year)


def test_only_the_coordination_office_recomputes(
    pillars: FakePillars, anna: User, bernd: User, mia: User, eva: User, last_year: int
) -> None:
    for who in (anna, bernd, mia, eva):
        with pytest.raises(Refusal):
            services.recompute_statuses(last_year, by=who)
    assert not QualityStatus.objects.exists()


def test_it_refuses_a_year_before_the_programme_or_to_come(
    pillars: FakePillars, lars: User
) -> None:
    for year in (2011, timezone.localdate().year + 1):
        with pytest.raises(ValidationError) as refused:
            services.recompute_statuses(year, by=lars)
        assert refused.value.code == "invalid_year"
    assert not QualityStatus.objects.exists()


def test_an_answer_that_is_no_yes_or_no_is_stored_as_open(
    pillars: FakePillars, lars: User, bielefeld: Centre, last_year: int
) -> None:
    pillars.answers[PROOFS] = {bielefeld.pk: "yes"}  # type: ignore[dict-item]
    services.recompute_statuses(last_year, by=lars)
    assert _status(bielefeld, last_year).values[PROOFS] is None


def test_a_pillar_no_longer_registered_leaves_the_status_and_says_so(
    pillars: FakePillars, lars: User, bielefeld: Centre, last_year: int
) -> None:
    from teilhabe.core.registry import registry

    services.recompute_statuses(last_year, by=lars)
    gone = next(p for p in registry.quality_pillars() if p.code == MEETINGS)
    registry.remove_quality_pillar(MEETINGS)
    try:
        services.recompute_statuses(last_year, by=lars)
    finally:
        registry.quality_pillar(gone)
    status = _status(bielefeld, last_year)
    assert status.values == {PROOFS: True}
    step = QualityChange.objects.filter(status=status).order_by("-pk").first()
    assert step is not None and step.changes == {MEETINGS: {"from": True, "to": None}}


def test_it_computes_in_a_number_of_queries_independent_of_the_kis(
    pillars: FakePillars, lars: User, last_year: int, django_assert_max_num_queries
) -> None:
    # centres, the rows made and locked, their update, the history, the audit event (and its
    # content type): the fake pillars read nothing
    with django_assert_max_num_queries(10):
        services.recompute_statuses(last_year, by=lars)
    with django_assert_max_num_queries(10):
        services.recompute_statuses(last_year, by=lars)


def test_the_command_computes_last_year_and_this_year_by_the_system(
    pillars: FakePillars, territory: None
) -> None:
    out = StringIO()
    call_command("compute_quality_status", stdout=out)
    year = timezone.localdate().year
    assert out.getvalue().splitlines() == [
        f"{year - 1}: 54 statuses computed, 54 changed",
        f"{year}: 54 statuses computed, 54 changed",
    ]
    assert set(QualityChange.objects.values_list("by_label", flat=True)) == {""}
    out = StringIO()
    call_command("compute_quality_status", "--year", str(year - 1), stdout=out)
    assert out.getvalue() == f"{year - 1}: 54 statuses computed, 0 changed\n"


def test_the_command_refuses_a_year_to_come(pillars: FakePillars, territory: None) -> None:
    with pytest.raises(CommandError, match="laufenden Jahr"):
        call_command("compute_quality_status", "--year", "2999")


def test_the_command_takes_the_time_it_acts_as(pillars: FakePillars, territory: None) -> None:
    moment = timezone.now() - timedelta(days=1)
    call_command(
        "compute_quality_status", "--year", "2024", "--now", moment.isoformat(), stdout=StringIO()
    )
    assert set(QualityStatus.objects.values_list("computed_at", flat=True)) == {moment}
