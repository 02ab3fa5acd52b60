"""The network's writes: who may, what is recorded, the partner's change and its undo, merge."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from teilhabe.core.actions import Refusal
from teilhabe.core.models import AuditEvent
from teilhabe.network import services
from teilhabe.network.models import (
    CooperationAgreement,
    Organisation,
    PartnerMembership,
    match_key,
)

from . import factories

pytestmark = pytest.mark.django_db


def test_it_records_a_new_organisation_with_its_fields(org, anna) -> None:
    event = AuditEvent.objects.get(action="organisation.added", object_id=str(org.pk))
    assert event.changes["name"]["to"] == "Interkultureller Elternverein Bielefeld e. V."
    assert event.centre_id == org.centre_id
    assert org.match_key == "interkultureller elternverein bielefeld|33602"


def test_it_refuses_unknown_languages_and_stages(bielefeld, anna) -> None:
    with pytest.raises(ValidationError) as e:
        factories.organisation(bielefeld, anna, languages=["xx"], stages=["nursery"])
    assert set(e.value.error_dict) == {"languages", "stages"}


def test_it_lets_the_partner_change_its_data_but_not_its_type(pauls, paul) -> None:
    services.update_organisation(pauls, by=paul, data={"phone": "0521 999"})
    event = AuditEvent.objects.filter(object_id=str(pauls.pk)).order_by("-pk").first()
    assert event.action == "organisation.changed_by_partner"
    assert event.changes == {"phone": {"from": "0521 123456", "to": "0521 999"}}
    with pytest.raises(ValidationError) as e:
        services.update_organisation(pauls, by=paul, data={"type": "school"})
    assert e.value.code == "unknown_field"


def test_it_refuses_a_partner_another_organisation(pauls, paul, bielefeld, anna) -> None:
    other = factories.organisation(bielefeld, anna, name="Sportverein", postcode="33615")
    with pytest.raises(Refusal):
        services.update_organisation(other, by=paul, data={"phone": "0521 1"})


def test_the_ki_undoes_a_partners_change(pauls, paul, anna) -> None:
    services.update_organisation(
        pauls, by=paul, data={"phone": "0521 999", "languages": ["tr", "ar", "uk"]}
    )
    change = services.partner_changes(pauls)[0]
    services.undo_partner_change(pauls, by=anna, event_id=change.pk)
    pauls.refresh_from_db()
    assert pauls.phone == "0521 123456"
    assert pauls.languages == ["ar", "tr"]
    undo = AuditEvent.objects.get(action="organisation.partner_change_undone")
    assert undo.changes["phone"] == {"from": "0521 999", "to": "0521 123456"}
    assert services.partner_changes(pauls)[0].undone
    with pytest.raises(ValidationError) as e:
        services.undo_partner_change(pauls, by=anna, event_id=change.pk)
    assert e.value.code == "already_undone"


def test_it_refuses_to_undo_when_the_field_changed_again(pauls, paul, anna, kai) -> None:
    services.update_organisation(pauls, by=paul, data={"phone": "0521 999"})
    change = services.partner_changes(pauls)[0]
    services.update_organisation(pauls, by=kai, data={"phone": "0521 777"})
    with pytest.raises(ValidationError) as e:
        services.undo_partner_change(pauls, by=anna, event_id=change.pk)
    assert e.value.code == "changed_since"
    pauls.refresh_from_db()
    assert pauls.phone == "0521 777"


def test_the_partner_may_not_undo_and_another_ki_may_not_either(pauls, paul, carla) -> None:
    services.update_organisation(pauls, by=paul, data={"phone": "0521 999"})
    change = services.partner_changes(pauls)[0]
    for who in (paul, carla):
        with pytest.raises(Refusal):
            services.undo_partner_change(pauls, by=who, event_id=change.pk)


def test_it_undoes_a_partners_change_of_a_contact(pauls, paul, anna) -> None:
    person = factories.contact(pauls, anna)
    services.update_contact(person, by=paul, data={"function": "Vorstand"})
    change = services.partner_changes(pauls)[0]
    assert change.action == "contact.changed_by_partner"
    services.undo_partner_change(pauls, by=anna, event_id=change.pk)
    person.refresh_from_db()
    assert person.function == "Leitung"


def test_merge_moves_every_reference_and_keeps_both_histories(org, bielefeld, anna, paul) -> None:
    twin = factories.organisation(
        bielefeld, anna, name="Interkultureller Elternverein Bielefeld eV", phone="0521 5"
    )
    factories.contact(twin, anna, name="Ali Demir")
    services.add_agreement(
        twin, by=anna, data={"kind": "cooperation", "since": "2024-01-01"}, upload=None
    )
    services.link_partner_account(twin, by=anna, user=paul)
    services.merge_organisations(org, by=anna, merged=twin, take_from_merged=["phone"])
    org.refresh_from_db()
    twin.refresh_from_db()
    assert org.phone == "0521 5"
    assert list(org.contacts.values_list("name", flat=True)) == ["Ali Demir"]
    assert CooperationAgreement.objects.get().organisation == org
    assert PartnerMembership.objects.get(user=paul).organisation_id == org.pk
    assert not twin.is_active and twin.merged_into_id == org.pk
    merged = AuditEvent.objects.get(action="organisation.merged")
    assert merged.object_id == str(org.pk)
    assert f"#{twin.pk}" in merged.changes["merged_organisation"]["to"]
    assert AuditEvent.objects.get(action="organisation.merged_away").object_id == str(twin.pk)


def test_merge_is_refused_across_centres(org, anna, carla, dortmund) -> None:
    foreign = factories.organisation(dortmund, carla, postcode="44135")
    with pytest.raises(Refusal):
        services.merge_organisations(org, by=anna, merged=foreign)
    assert Organisation.objects.get(pk=foreign.pk).is_active


def test_merge_refuses_a_second_merge_of_the_same(org, bielefeld, anna) -> None:
    twin = factories.organisation(bielefeld, anna)
    services.merge_organisations(org, by=anna, merged=twin)
    with pytest.raises(ValidationError) as e:
        services.merge_organisations(org, by=anna, merged=twin)
    assert e.value.code == "not_active"


def test_an_agreement_pdf_is_checked_by_content(org, anna) -> None:
    fake = SimpleUploadedFile("vertrag.pdf", b"not a pdf at all", content_type="application/pdf")
    with pytest.raises(ValidationError) as e:
        services.add_agreement(
            org, by=anna, data={"kind": "cooperation", "since": "2024-01-01"}, upload=fake
        )
    assert e.value.error_dict["document"][0].code == "not_a_pdf"
    assert not CooperationAgreement.objects.exists()


def test_an_agreement_may_not_end_before_it_starts(org, anna) -> None:
    with pytest.raises(ValidationError) as e:
        services.add_agreement(
            org,
            by=anna,
            data={"kind": "cooperation", "since": "2024-01-01", "until": "2023-01-01"},
            upload=None,
        )
    assert "period_reversed" in str(e.value.error_dict) or e.value.error_dict


def test_the_match_key_ignores_case_umlauts_and_legal_forms() -> None:
    assert match_key("Caritasverband Bielefeld e. V.", "33602") == match_key(
        "caritasverband bielefeld ev", "33602"
    )
    assert match_key("Müller gGmbH", "1") == "mueller|1"
