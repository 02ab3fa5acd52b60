"""An organisation's municipality lies in the KI's own area (`Grantee.municipalities`): the City
of Aachen's KI has Aachen alone, the Städteregion Aachen's KI its municipalities without Aachen.
The form offers only those, the service refuses others (`outside_area`), the import marks the
row, the list filter offers the area's, and a partner account gets the same rule."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from conftest import member_of
from teilhabe.centres.models import Centre
from teilhabe.network import imports, services
from teilhabe.network.forms import ListFilter, OrganisationForm
from teilhabe.network.models import Organisation
from teilhabe.territory.models import Municipality

from . import factories

pytestmark = pytest.mark.django_db

AACHEN = "05334002"
STOLBERG = "05334036"


@pytest.fixture
def staedteregion(territory: None) -> Centre:
    return Centre.objects.select_related("grantee").get(grantee__key="05334")


@pytest.fixture
def city_of_aachen(territory: None) -> Centre:
    return Centre.objects.select_related("grantee").get(grantee__key=AACHEN)


def _municipality(ags: str) -> Municipality:
    return Municipality.objects.get(ags=ags)


def _refusal(e: pytest.ExceptionInfo[ValidationError]) -> str:
    return e.value.error_dict["municipality"][0].code


def test_the_form_offers_the_kis_own_area(staedteregion, city_of_aachen) -> None:
    region = OrganisationForm(centre=staedteregion).fields["municipality"].queryset
    city = OrganisationForm(centre=city_of_aachen).fields["municipality"].queryset
    assert AACHEN not in set(region.values_list("ags", flat=True))
    assert STOLBERG in set(region.values_list("ags", flat=True))
    assert list(city.values_list("ags", flat=True)) == [AACHEN]
    assert (
        OrganisationForm(centre=staedteregion, partner=True)
        .fields["municipality"]
        .queryset.filter(ags=AACHEN)
        .exists()
        is False
    )


def test_the_list_filter_offers_the_kis_own_area(staedteregion, city_of_aachen) -> None:
    region = dict(ListFilter(centre=staedteregion).fields["municipality"].choices)
    city = dict(ListFilter(centre=city_of_aachen).fields["municipality"].choices)
    assert AACHEN not in region and STOLBERG in region
    assert set(city) == {"", AACHEN}


def test_the_service_refuses_a_municipality_outside_the_area(staedteregion) -> None:
    staff = member_of(staedteregion)
    data = factories.organisation_data(municipality=_municipality(AACHEN), postcode="52062")
    with translation.override("en"), pytest.raises(ValidationError) as e:
        services.add_organisation(staedteregion, by=staff, data=data)
    assert _refusal(e) == "outside_area"
    assert "Städteregion Aachen" in e.value.error_dict["municipality"][0].messages[0]
    org = services.add_organisation(
        staedteregion, by=staff, data={**data, "municipality": _municipality(STOLBERG)}
    )
    with pytest.raises(ValidationError) as e:
        services.update_organisation(org, by=staff, data={"municipality": _municipality(AACHEN)})
    assert _refusal(e) == "outside_area"
    org.refresh_from_db()
    assert org.municipality.ags == STOLBERG


def test_a_partner_account_gets_the_same_rule(city_of_aachen, paul) -> None:
    staff = member_of(city_of_aachen)
    org = services.add_organisation(
        city_of_aachen,
        by=staff,
        data=factories.organisation_data(municipality=_municipality(AACHEN), postcode="52062"),
    )
    services.link_partner_account(org, by=staff, user=paul)
    with pytest.raises(ValidationError) as e:
        services.update_organisation(org, by=paul, data={"municipality": _municipality(STOLBERG)})
    assert _refusal(e) == "outside_area"


def test_the_partners_form_refuses_it_too(city_of_aachen, paul, verified_client) -> None:
    staff = member_of(city_of_aachen)
    org = services.add_organisation(
        city_of_aachen,
        by=staff,
        data=factories.organisation_data(municipality=_municipality(AACHEN), postcode="52062"),
    )
    services.link_partner_account(org, by=staff, user=paul)
    response = verified_client(paul).post(
        reverse("network:edit", args=[city_of_aachen.pk, org.pk]),
        {"name": org.name, "municipality": str(_municipality(STOLBERG).pk)},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["municipality"]
    org.refresh_from_db()
    assert org.municipality.ags == AACHEN


def test_the_import_marks_a_row_outside_the_area(staedteregion) -> None:
    table = imports.Table(
        headers=["Name", "PLZ", "AGS", "Ort"],
        rows=[
            ["Verein Aachen", "52062", AACHEN, ""],
            ["Verein Stolberg", "52222", STOLBERG, ""],
            ["Verein am Ort", "52062", "", "Aachen"],
        ],
        file_format="csv",
    )
    with translation.override("en"):
        checked = imports.check_table(table, imports.guess_mapping(table.headers), staedteregion)
    assert checked.valid == 1
    assert [(e.row, e.column) for e in checked.errors] == [(2, "AGS"), (4, "Ort")]
    assert "area" in checked.errors[0].message


def test_an_older_entry_outside_the_area_keeps_its_municipality(
    staedteregion, verified_client
) -> None:
    staff = member_of(staedteregion)
    org = services.add_organisation(
        staedteregion,
        by=staff,
        data=factories.organisation_data(municipality=_municipality(STOLBERG), postcode="52222"),
    )
    Organisation.objects.filter(pk=org.pk).update(municipality=_municipality(AACHEN))  # before
    org.refresh_from_db()
    form = OrganisationForm(instance=org, centre=staedteregion)
    assert form.fields["municipality"].queryset.filter(ags=AACHEN).exists()
    data = {**form.initial, "municipality": str(org.municipality_id), "phone": "02402 1234"}
    bound = OrganisationForm(
        {k: v for k, v in data.items() if v not in (None, [])} | {"languages": org.languages},
        instance=org,
        centre=staedteregion,
    )
    assert bound.is_valid(), bound.errors
    services.update_organisation(org, by=staff, data=bound.changed_values())
    org.refresh_from_db()
    assert (org.municipality.ags, org.phone) == (AACHEN, "02402 1234")
