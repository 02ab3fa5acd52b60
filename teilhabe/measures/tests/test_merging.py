"""Merging two partner organisations moves the measures' rows that point to the merged one
(measures/merging.py, through registry.organisation_references), or refuses the merge."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.measures.models import (
    CounsellingContact,
    InterpreterAssignment,
    ParentGroup,
    SchoolMembership,
)
from teilhabe.network import services as network
from teilhabe.network.tests import factories as orgs

from . import factories

pytestmark = pytest.mark.django_db


def _member(measure, school) -> SchoolMembership:  # type: ignore[no-untyped-def]
    return SchoolMembership.objects.create(
        measure=measure,
        school=school,
        title_awarded_on=date(2025, 5, 1),
        signatures=80,
        school_members=100,
        patron="Patin",
    )


def test_every_row_moves_to_the_survivor_and_a_shared_measure_names_it_once(
    bielefeld: Centre, anna: User
) -> None:
    survivor = orgs.organisation(bielefeld, anna, type="school", name="Grundschule Sieker")
    twin = orgs.organisation(bielefeld, anna, type="school", name="GS Sieker")
    both = factories.measure(bielefeld, anna, partners=[survivor, twin])
    only_twin = factories.measure(bielefeld, anna, "komm-an", partners=[twin])
    groups = factories.bare_measure(bielefeld, "rucksack-schule")
    group = ParentGroup.objects.create(
        measure=groups, site="Schule", institution=twin, starts_on=date(2026, 1, 1)
    )
    member = _member(factories.bare_measure(bielefeld, "schule-ohne-rassismus"), twin)
    pool = factories.bare_measure(bielefeld, "dolmetscherpool")
    assignment = InterpreterAssignment.objects.create(
        measure=pool,
        held_on=date(2026, 2, 1),
        language="ar",
        purpose="school",
        institution=twin,
        hours=Decimal("1.00"),
    )
    log = factories.bare_measure(bielefeld, "schulberatung")
    contact = CounsellingContact.objects.create(
        measure=log, held_on=date(2026, 2, 1), school=twin, topic="all_day", created_by=anna
    )

    network.merge_organisations(survivor, by=anna, merged=twin)

    assert list(both.partners.all()) == [survivor]
    assert list(only_twin.partners.all()) == [survivor]
    for row, field in (
        (group, "institution"),
        (member, "school"),
        (assignment, "institution"),
        (contact, "school"),
    ):
        row.refresh_from_db()
        assert getattr(row, f"{field}_id") == survivor.pk, row


def test_a_school_in_the_same_network_under_both_names_refuses_the_merge(
    bielefeld: Centre, anna: User
) -> None:
    survivor = orgs.organisation(bielefeld, anna, type="school", name="Realschule Nord")
    twin = orgs.organisation(bielefeld, anna, type="school", name="RS Nord")
    sor = factories.bare_measure(bielefeld, "schule-ohne-rassismus")
    _member(sor, survivor)
    _member(sor, twin)
    partnered = factories.measure(bielefeld, anna, partners=[twin])
    with pytest.raises(ValidationError) as refused:
        network.merge_organisations(survivor, by=anna, merged=twin)
    assert refused.value.code == "school_member_twice"
    twin.refresh_from_db()
    assert twin.is_active and twin.merged_into_id is None
    assert list(partnered.partners.all()) == [twin]  # nothing moved
