"""Two people editing one target: the form carries the target's `lock_version`, the service
compares it under the row's lock and refuses the form someone else overtook (`stale`), the
user's input kept; the other change stays and nothing more is recorded."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.core.models import AuditEvent
from teilhabe.measures.models import Measure, MeasureTarget
from teilhabe.measures.services import measures as services

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def measure(bielefeld: Centre, kai: User) -> Measure:
    return factories.measure(bielefeld, kai)


@pytest.fixture
def target(measure: Measure, kai: User) -> MeasureTarget:
    return services.add_target(
        measure, by=kai, data={"label": "Elternabende", "target": 4, "actual": 1}
    )


def test_a_change_bumps_the_version_and_one_that_changes_nothing_keeps_it(
    target: MeasureTarget, kai: User
) -> None:
    saved = services.update_target(target, by=kai, data={"actual": 2}, expected_version=0)
    assert saved.lock_version == 1
    services.update_target(target, by=kai, data={"actual": 2}, expected_version=1)
    assert MeasureTarget.objects.get(pk=target.pk).lock_version == 1
    assert AuditEvent.objects.filter(action="measure_target.updated").count() == 1


def test_a_stale_target_is_refused_and_the_other_change_kept(
    target: MeasureTarget, kai: User, anna: User
) -> None:
    services.update_target(target, by=anna, data={"actual": 3}, expected_version=0)
    with pytest.raises(ValidationError) as e:
        services.update_target(target, by=kai, data={"actual": 2}, expected_version=0)
    assert e.value.code == "stale"
    assert MeasureTarget.objects.get(pk=target.pk).actual == 3
    assert AuditEvent.objects.filter(action="measure_target.updated").count() == 1


def test_the_edit_form_carries_the_version_and_keeps_the_input_when_stale(
    measure: Measure, target: MeasureTarget, kai: User, anna: User, verified_client: Any
) -> None:
    url = reverse("measures:target_edit", args=[measure.centre_id, measure.pk, target.pk])
    client = verified_client(kai)
    assert 'name="lock_version" value="0"' in client.get(url).text
    services.update_target(target, by=anna, data={"actual": 3}, expected_version=0)
    form = {"label": "Elternabende im Herbst", "target": "6", "actual": "2", "lock_version": "0"}
    response = client.post(url, form)
    assert response.status_code == 422
    assert [e.code for e in response.context["form"].non_field_errors().as_data()] == ["stale"]
    assert "Elternabende im Herbst" in response.text
    target.refresh_from_db()
    assert (target.label, target.target, target.actual) == ("Elternabende", 4, 3)
    form["lock_version"] = "1"
    assert client.post(url, form).status_code == 302
    target.refresh_from_db()
    assert (target.label, target.actual, target.lock_version) == ("Elternabende im Herbst", 2, 2)


def test_a_target_changed_meanwhile_is_not_removed_unseen(
    measure: Measure, target: MeasureTarget, kai: User, anna: User, verified_client: Any
) -> None:
    url = reverse("measures:target_edit", args=[measure.centre_id, measure.pk, target.pk])
    services.update_target(target, by=anna, data={"actual": 3}, expected_version=0)
    response = verified_client(kai).post(url, {"action": "remove", "lock_version": "0"})
    assert response.status_code == 302 and response["Location"] == url  # back to the target
    assert MeasureTarget.objects.filter(pk=target.pk).exists()
    assert not AuditEvent.objects.filter(action="measure_target.removed").exists()
    # With the current version (the page reloaded), it goes.
    verified_client(kai).post(url, {"action": "remove", "lock_version": "1"})
    assert not MeasureTarget.objects.filter(pk=target.pk).exists()
