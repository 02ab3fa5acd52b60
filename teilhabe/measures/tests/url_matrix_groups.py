"""Rows for the parent groups' tests and the shared matrices (URL, POST, accessibility): a
Rucksack KiTa measure of KI Bielefeld with a group at a Kita of its network, a parent
companion leading it and one session."""

from __future__ import annotations

from datetime import date
from typing import Any

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.measures.models import GroupSession, Measure, ParentCompanion, ParentGroup
from teilhabe.measures.services import groups
from teilhabe.network.models import Organisation
from teilhabe.network.tests import factories as network
from teilhabe.territory.models import Municipality

from . import factories


def companion_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "Ayşe Demir",
        "languages": ["tr", "de"],
        "qualified_on": date(2024, 6, 14),
        "is_active": True,
    }
    return {**data, **changes}


def companion(centre: Centre, by: User, **changes: Any) -> ParentCompanion:
    return groups.add_companion(centre, by=by, data=companion_data(**changes))


def kita(centre: Centre, by: User, name: str = "Kita Sonnenblume") -> Organisation:
    return network.organisation(centre, by, type="kita", name=name)


def group_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "site": "Kita Sonnenblume, Gruppenraum 2",
        "municipality": Municipality.objects.get(ags="05711000"),
        "languages": ["tr", "ar"],
        "starts_on": date(2026, 2, 1),
        "ends_on": date(2026, 12, 31),
        "families": 10,
    }
    return {**data, **changes}


def group(measure: Measure, by: User, **changes: Any) -> ParentGroup:
    return groups.add_group(measure, by=by, data=group_data(**changes))


def session(group: ParentGroup, by: User, **changes: Any) -> GroupSession:
    data = {"held_on": date(2026, 3, 5), "families_present": 8, "topic": "Farben und Formen"}
    return groups.add_session(group, by=by, data={**data, **changes})


def objects(anna: User, bielefeld: Centre) -> dict[str, dict[str, object]]:
    measure = factories.measure(bielefeld, anna, "rucksack-kita")
    ayse = companion(bielefeld, anna)
    one = group(measure, anna, institution=kita(bielefeld, anna), companions=[ayse.pk])
    held = session(one, anna)
    ids = {"centre_pk": bielefeld.pk}
    in_group = {**ids, "pk": measure.pk, "group_pk": one.pk}
    return {
        "measures:companions": ids,
        "measures:companion_add": ids,
        "measures:companion_edit": {**ids, "pk": ayse.pk},
        "measures:group_add": {**ids, "pk": measure.pk},
        "measures:group": in_group,
        "measures:group_edit": in_group,
        "measures:session_add": in_group,
        "measures:session_remove": {**in_group, "session_pk": held.pk},
    }
