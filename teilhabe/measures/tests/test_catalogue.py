"""The programme catalogue: the coordination office keeps it, every role reads it; a code is a
unique slug, stages are the education chain's, records kind fixed once used, never deleted,
and two editors never overwrite each other silently."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.core.actions import Refusal
from teilhabe.core.models import AuditEvent
from teilhabe.measures.models import ProgrammeType
from teilhabe.measures.services import measures as services

from . import factories

pytestmark = pytest.mark.django_db

NEW = {
    "code": "sprachcafes",
    "name": "Sprachcafés",
    "name_en": "Language cafés",
    "field_of_action": "cross_cutting",
    "stages": ["transition", "school"],
}


def _codes(error: pytest.ExceptionInfo[ValidationError], field: str) -> list[str]:
    return [e.code for e in error.value.error_dict[field]]


def test_the_office_adds_a_programme_with_its_stages_in_the_chains_order(
    lars: User, programme_types: None
) -> None:
    programme = services.add_programme_type(by=lars, data=NEW)
    assert programme.stages == ["school", "transition"]
    event = AuditEvent.objects.get(action="programme_type.added")
    assert event.changes["code"] == {"from": None, "to": "sprachcafes"}


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"code": "Kein Slug!"}, "code", "invalid"),
        ({"code": "rucksack-kita"}, "code", "unique"),
        ({"stages": ["nursery"]}, "stages", "invalid_stage"),
        ({"stages": "school"}, "stages", "invalid_stage"),
        ({"field_of_action": "sports"}, "field_of_action", "invalid_choice"),
    ],
)
def test_a_bad_entry_is_refused_at_its_field(
    lars: User, programme_types: None, change: dict[str, object], field: str, code: str
) -> None:
    with pytest.raises(ValidationError) as e:
        services.add_programme_type(by=lars, data={**NEW, **change})
    assert code in _codes(e, field)
    assert not ProgrammeType.objects.filter(name="Sprachcafés").exists()


def test_an_unknown_field_is_refused(lars: User, programme_types: None) -> None:
    with pytest.raises(ValidationError) as e:
        services.add_programme_type(by=lars, data={**NEW, "lock_version": 7})
    assert e.value.code == "unknown_field"


def test_a_ki_reads_the_catalogue_but_does_not_keep_it(anna: User, programme_types: None) -> None:
    with pytest.raises(Refusal):
        services.add_programme_type(by=anna, data=NEW)
    with pytest.raises(Refusal):
        services.update_programme_type(
            factories.programme("komm-an"), by=anna, data={"is_active": False}
        )


def test_deactivating_withdraws_it_from_new_measures_and_keeps_it(
    lars: User, kai: User, bielefeld: Centre, programme_types: None
) -> None:
    programme = factories.programme("komm-an")
    services.update_programme_type(programme, by=lars, data={"is_active": False})
    event = AuditEvent.objects.get(action="programme_type.updated")
    assert event.changes == {"is_active": {"from": True, "to": False}}
    assert ProgrammeType.objects.filter(code="komm-an").exists()
    with pytest.raises(ValidationError) as e:
        factories.measure(bielefeld, kai, "komm-an")
    assert _codes(e, "programme_type") == ["programme_inactive"]


def test_no_change_records_nothing(lars: User, programme_types: None) -> None:
    programme = factories.programme("komm-an")
    services.update_programme_type(programme, by=lars, data={"name": programme.name})
    assert not AuditEvent.objects.filter(action="programme_type.updated").exists()
    programme.refresh_from_db()
    assert programme.lock_version == 0


def test_the_code_is_fixed_once_added(lars: User, programme_types: None) -> None:
    with pytest.raises(ValidationError) as e:
        services.update_programme_type(
            factories.programme("komm-an"), by=lars, data={"code": "neu"}
        )
    assert e.value.code == "unknown_field"


def test_the_records_kind_is_fixed_once_a_measure_uses_it(
    lars: User, bielefeld: Centre, programme_types: None
) -> None:
    unused = factories.programme("sonstige")
    services.update_programme_type(unused, by=lars, data={"record_kind": "counselling"})
    used = factories.programme("rucksack-kita")
    factories.bare_measure(bielefeld, "rucksack-kita")
    with pytest.raises(ValidationError) as e:
        services.update_programme_type(used, by=lars, data={"record_kind": "general"})
    assert _codes(e, "record_kind") == ["record_kind_in_use"]
    used.refresh_from_db()
    assert used.record_kind == "parent_groups"


def test_a_stale_edit_is_refused_and_the_newer_one_kept(lars: User, programme_types: None) -> None:
    programme = factories.programme("komm-an")
    services.update_programme_type(programme, by=lars, data={"name": "KOMM-AN"}, expected_version=0)
    with pytest.raises(ValidationError) as e:
        services.update_programme_type(programme, by=lars, data={"name": "Alt"}, expected_version=0)
    assert e.value.code == "stale"
    programme.refresh_from_db()
    assert (programme.name, programme.lock_version) == ("KOMM-AN", 1)


def test_the_catalogue_page_names_each_programme_in_the_ui_language(
    kai: User, verified_client, programme_types: None
) -> None:
    client = verified_client(kai)
    response = client.get(reverse("measures:catalogue"))
    assert "Dolmetscherpool" in response.text and "Interpreter pool" not in response.text
    assert reverse("measures:programme_add") not in response.text  # KI staff read only
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("measures:catalogue"))
    assert "Interpreter pool" in english.text and "Dolmetscherpool" not in english.text


def test_the_office_edits_through_the_page_and_a_stale_form_keeps_the_input(
    lars: User, verified_client, programme_types: None
) -> None:
    programme = factories.programme("komm-an")
    client = verified_client(lars)
    url = reverse("measures:programme_edit", args=[programme.pk])
    form = {
        "name": "KOMM-AN NRW (neu)",
        "name_en": "KOMM-AN NRW",
        "description": "",
        "record_kind": "general",
        "field_of_action": "volunteering",
        "order": "80",
        "is_active": "on",
        "lock_version": "0",
    }
    assert client.post(url, form).status_code == 302
    response = client.post(url, {**form, "name": "Zweiter Stand"})
    assert response.status_code == 422
    assert [e.code for e in response.context["form"].non_field_errors().as_data()] == ["stale"]
    assert 'value="Zweiter Stand"' in response.text
    programme.refresh_from_db()
    assert programme.name == "KOMM-AN NRW (neu)"
