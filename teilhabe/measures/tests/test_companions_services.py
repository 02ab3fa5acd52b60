"""Parent companions: the KI's own people keep them, with the name, languages and the date of
the qualification only; the coordination office and other KIs may not."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.core.actions import Refusal
from teilhabe.core.models import AuditEvent
from teilhabe.measures.models import ParentCompanion
from teilhabe.measures.services import groups

from .url_matrix_groups import companion, companion_data

pytestmark = pytest.mark.django_db


def test_it_adds_a_companion_with_her_languages_and_audits_it(bielefeld: Centre, kai: User) -> None:
    ayse = companion(bielefeld, kai, languages=["de", "tr", "tr"])
    assert ayse.languages == ["de", "tr"]  # the enumeration's order, no repeats
    event = AuditEvent.objects.get(action="companion.added")
    assert event.centre_id == bielefeld.pk
    assert event.changes["name"] == {"from": None, "to": "Ayşe Demir"}
    assert event.changes["qualified_on"]["to"] == "2024-06-14"


def test_it_refuses_a_qualification_after_today(bielefeld: Centre, kai: User) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as e:
        companion(bielefeld, kai, qualified_on=tomorrow)
    assert e.value.error_dict["qualified_on"][0].code == "in_future"
    companion(bielefeld, kai, qualified_on=timezone.localdate())  # today itself is fine


def test_it_refuses_a_future_date_against_the_given_today(bielefeld: Centre, kai: User) -> None:
    with pytest.raises(ValidationError) as e:
        groups.add_companion(
            bielefeld,
            by=kai,
            data=companion_data(qualified_on=date(2026, 6, 2)),
            today=date(2026, 6, 1),
        )
    assert e.value.error_dict["qualified_on"][0].code == "in_future"
    assert not ParentCompanion.objects.exists()


@pytest.mark.parametrize("languages", [["xx"], "tr", [1]])
def test_it_refuses_unknown_languages(bielefeld: Centre, kai: User, languages: object) -> None:
    with pytest.raises(ValidationError) as e:
        companion(bielefeld, kai, languages=languages)
    assert e.value.error_dict["languages"][0].code == "invalid_choice"


def test_it_keeps_no_other_personal_data(bielefeld: Centre, kai: User) -> None:
    with pytest.raises(ValidationError) as e:
        groups.add_companion(bielefeld, by=kai, data={**companion_data(), "phone": "0521 1"})
    assert e.value.code == "unknown_field"


def test_a_name_is_required(bielefeld: Centre, kai: User) -> None:
    with pytest.raises(ValidationError) as e:
        companion(bielefeld, kai, name="")
    assert e.value.error_dict["name"][0].code == "blank"


def test_it_changes_a_companion_and_records_only_what_changed(
    bielefeld: Centre, kai: User, anna: User
) -> None:
    ayse = companion(bielefeld, kai)
    groups.update_companion(ayse, by=anna, data={"languages": ["tr", "de"], "is_active": False})
    event = AuditEvent.objects.get(action="companion.updated")
    assert event.changes == {"is_active": {"from": True, "to": False}}
    ayse.refresh_from_db()
    assert not ayse.is_active
    # Nothing changed: nothing recorded.
    groups.update_companion(ayse, by=anna, data={"name": "Ayşe Demir"})
    assert AuditEvent.objects.filter(action="companion.updated").count() == 1


def test_a_change_is_checked_like_a_new_one(bielefeld: Centre, kai: User) -> None:
    ayse = companion(bielefeld, kai)
    with pytest.raises(ValidationError) as e:
        groups.update_companion(
            ayse, by=kai, data={"qualified_on": date(2030, 1, 1)}, today=date(2026, 6, 1)
        )
    assert e.value.error_dict["qualified_on"][0].code == "in_future"
    ayse.refresh_from_db()
    assert ayse.qualified_on == date(2024, 6, 14)


@pytest.mark.parametrize("who", ["lars", "carla", "mia", "paul"])
def test_only_the_kis_own_people_keep_its_companions(
    request: pytest.FixtureRequest, bielefeld: Centre, kai: User, who: str
) -> None:
    ayse = companion(bielefeld, kai)
    by = request.getfixturevalue(who)
    with pytest.raises(Refusal):
        groups.add_companion(bielefeld, by=by, data=companion_data(name="Rania Haddad"))
    with pytest.raises(Refusal):
        groups.update_companion(ayse, by=by, data={"name": "X"})
    assert ParentCompanion.objects.count() == 1
    assert AuditEvent.objects.filter(action__startswith="companion.").count() == 1
