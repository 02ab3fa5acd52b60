"""A measure that keeps records cannot move to a programme of another records kind: the edit
form shows the refusal at the programme field, in German, naming what the measure keeps, and
keeps the user's input."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.measures.models import Measure, ParentGroup

from . import factories

pytestmark = pytest.mark.django_db


def _form(measure: Measure, programme: str, **changes: str) -> dict[str, str]:
    form = {
        "programme_type": str(factories.programme(programme).pk),
        "title": "Rucksack KiTa in Sieker, neu",
        "goals": "",
        "starts_on": "2026-02-01",
        "ends_on": "2026-12-31",
        "location_notes": "",
        "budget": "4.800,00",
        "funding_source": "ki_grant",
        "funding_notes": "",
        "lock_version": str(measure.lock_version),
    }
    return {**form, **changes}


def test_another_kind_of_programme_is_refused_at_its_field_in_german(
    bielefeld: Centre, kai: User, verified_client: Any
) -> None:
    measure = factories.measure(bielefeld, kai)
    ParentGroup.objects.create(measure=measure, site="Kita", starts_on=date(2026, 3, 1))
    url = reverse("measures:edit", args=[bielefeld.pk, measure.pk])
    with translation.override("de"):
        response = verified_client(kai).post(
            url, _form(measure, "komm-an"), HTTP_ACCEPT_LANGUAGE="de"
        )
    assert response.status_code == 422
    form = response.context["form"]
    assert [e.code for e in form.errors.as_data()["programme_type"]] == ["records_kept"]
    assert not form.non_field_errors()
    # At the field (its own error line), linked from the summary, naming what it keeps.
    assert 'id="id_programme_type-error"' in response.text
    assert 'href="#id_programme_type"' in response.text
    assert "Elterngruppen mit Elternbegleitung und Treffen" in response.text
    assert "Rucksack KiTa in Sieker, neu" in response.text
    measure.refresh_from_db()
    assert measure.programme_type.code == "rucksack-kita"


def test_a_programme_of_the_same_kind_is_taken(
    bielefeld: Centre, kai: User, verified_client: Any
) -> None:
    measure = factories.measure(bielefeld, kai)
    ParentGroup.objects.create(measure=measure, site="Kita", starts_on=date(2026, 3, 1))
    url = reverse("measures:edit", args=[bielefeld.pk, measure.pk])
    response = verified_client(kai).post(url, _form(measure, "griffbereit"))
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.programme_type.code == "griffbereit"
