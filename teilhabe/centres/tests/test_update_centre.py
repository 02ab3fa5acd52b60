"""centres.services.update_centre: one audited, all-or-nothing change of a KI's registry data."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from teilhabe.accounts.models import User
from teilhabe.centres import services
from teilhabe.centres.models import Centre
from teilhabe.core.models import AuditEvent


def _events() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="centre.updated"))


def test_it_writes_one_event_with_before_and_after(anna: User, bielefeld: Centre) -> None:
    services.update_centre(
        bielefeld,
        by=anna,
        data={"street": "Niederwall 23", "postcode": "33602", "opened_on": date(2013, 4, 1)},
    )
    [event] = _events()
    assert event.actor == anna
    assert event.centre_id == bielefeld.pk
    assert event.changes == {
        "opened_on": {"from": None, "to": "2013-04-01"},
        "postcode": {"from": "", "to": "33602"},
        "street": {"from": "", "to": "Niederwall 23"},
    }
    bielefeld.refresh_from_db()
    assert (bielefeld.street, bielefeld.postcode) == ("Niederwall 23", "33602")


def test_it_records_only_the_fields_that_changed(anna: User, bielefeld: Centre) -> None:
    services.update_centre(bielefeld, by=anna, data={"name": bielefeld.name, "city": "Bielefeld"})
    [event] = _events()
    assert event.changes == {"city": {"from": "", "to": "Bielefeld"}}


def test_it_writes_nothing_when_nothing_changes(anna: User, bielefeld: Centre) -> None:
    services.update_centre(bielefeld, by=anna, data={"city": "Bielefeld"})
    updated_at = Centre.objects.get(pk=bielefeld.pk).updated_at
    services.update_centre(bielefeld, by=anna, data={"city": "Bielefeld", "name": bielefeld.name})
    services.update_centre(bielefeld, by=anna, data={})
    assert len(_events()) == 1
    assert Centre.objects.get(pk=bielefeld.pk).updated_at == updated_at


@pytest.mark.parametrize(
    ("data", "field", "code"),
    [
        ({"postcode": "12ab"}, "postcode", "invalid_postcode"),
        ({"postcode": "3360"}, "postcode", "invalid_postcode"),
        ({"phone": "call me"}, "phone", "invalid_phone"),
        ({"email": "not-an-address"}, "email", "invalid"),
        ({"status": "dissolved"}, "status", "invalid_choice"),
        ({"name": ""}, "name", "blank"),
    ],
)
def test_it_refuses_invalid_data_and_changes_nothing(
    anna: User, bielefeld: Centre, data: dict, field: str, code: str
) -> None:
    before = Centre.objects.get(pk=bielefeld.pk)
    with pytest.raises(ValidationError) as e:
        # A valid change next to the invalid one must not be saved either.
        services.update_centre(bielefeld, by=anna, data={"street": "Niederwall 23", **data})
    assert [err.code for err in e.value.error_dict[field]] == [code]
    after = Centre.objects.get(pk=bielefeld.pk)
    assert (after.street, after.postcode, after.name, after.updated_at) == (
        before.street,
        before.postcode,
        before.name,
        before.updated_at,
    )
    assert _events() == []


@pytest.mark.parametrize("field", ["grantee", "updated_at", "id", "colour"])
def test_it_refuses_fields_that_cannot_be_changed_here(
    anna: User, bielefeld: Centre, dortmund: Centre, field: str
) -> None:
    with pytest.raises(ValidationError) as e:
        services.update_centre(
            bielefeld, by=anna, data={"street": "Niederwall 23", field: dortmund.grantee}
        )
    assert e.value.code == "unknown_field"
    assert field in e.value.messages[0]
    assert Centre.objects.get(pk=bielefeld.pk).street == ""
    assert _events() == []
