"""Adding a measure: the KI's own people, its own partners and area, an offered programme."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.core.actions import Refusal
from teilhabe.core.models import AuditEvent
from teilhabe.measures.models import Measure
from teilhabe.network.tests import factories as network
from teilhabe.territory.models import Grantee, Municipality

from . import factories

pytestmark = pytest.mark.django_db


def test_a_measure_is_added_with_its_partners_and_places_and_audited(
    bielefeld: Centre, kai: User, anna: User
) -> None:
    kita = network.organisation(bielefeld, anna, type="kita", name="Kita Sonnenblume")
    city = Municipality.objects.get(ags="05711000")
    measure = factories.measure(bielefeld, kai, partners=[kita], municipalities=[city.pk])
    assert measure.status == "planned"
    assert list(measure.partners.all()) == [kita]
    assert list(measure.municipalities.all()) == [city]
    event = AuditEvent.objects.get(action="measure.added")
    assert event.changes["partners"] == {"from": None, "to": [kita.pk]}
    assert event.changes["title"]["to"] == "Rucksack KiTa in Sieker"


def test_another_kis_partner_or_municipality_is_refused_and_nothing_written(
    bielefeld: Centre, dortmund: Centre, kai: User, carla: User
) -> None:
    theirs = network.organisation(dortmund, carla, name="Verein in Dortmund")
    with pytest.raises(ValidationError) as e:
        factories.measure(
            bielefeld,
            kai,
            partners=[theirs],
            municipalities=[Municipality.objects.get(ags="05913000")],
        )
    assert set(e.value.error_dict) == {"partners", "municipalities"}
    assert not Measure.objects.exists()


def test_an_inactive_programme_takes_no_new_measure(bielefeld: Centre, kai: User) -> None:
    programme = factories.programme("komm-an")
    programme.is_active = False
    programme.save()
    with pytest.raises(ValidationError) as e:
        factories.measure(bielefeld, kai, "komm-an")
    assert e.value.error_dict["programme_type"][0].code == "programme_inactive"


def test_the_period_cannot_be_reversed(bielefeld: Centre, kai: User) -> None:
    from datetime import date

    with pytest.raises(ValidationError):
        factories.measure(bielefeld, kai, starts_on=date(2026, 5, 1), ends_on=date(2026, 4, 1))


def test_the_coordination_office_reads_but_does_not_add(bielefeld: Centre, lars: User) -> None:
    with pytest.raises(Refusal):
        factories.measure(bielefeld, lars)


def test_the_area_of_a_ki(territory: None) -> None:
    # The City of Aachen's KI: the city alone; the Städteregion's KI: the region without it.
    city = Grantee.objects.get(key="05334002")
    region = Grantee.objects.get(key="05334")
    assert [m.ags for m in city.municipalities()] == ["05334002"]
    region_keys = {m.ags for m in region.municipalities()}
    assert "05334002" not in region_keys and len(region_keys) == 9
    assert {m.ags for m in Grantee.objects.get(key="05711").municipalities()} == {"05711000"}


def test_the_history_names_the_programme_partners_and_places(
    bielefeld: Centre, kai: User, anna: User
) -> None:
    from teilhabe.core.audit_display import change_lines, related_names

    kita = network.organisation(bielefeld, anna, type="kita", name="Kita Sonnenblume")
    factories.measure(
        bielefeld, kai, partners=[kita], municipalities=[bielefeld.grantee.municipalities()[0]]
    )
    event = AuditEvent.objects.select_related("content_type").get(action="measure.added")
    lines = {str(line.label): line.after for line in change_lines(event, related_names([event]))}
    assert lines["Programm"] == "Rucksack KiTa"
    assert lines["Partner"] == "Kita Sonnenblume"
    assert lines["Gemeinden"] == "Bielefeld"
