"""Rows for the member schools' tests and the shared matrices (URL, POST, service permissions,
accessibility): a "Schule ohne Rassismus" measure of KI Bielefeld with one member school of
its network and a project."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.measures.models import Measure, SchoolMembership
from teilhabe.measures.services import schools
from teilhabe.network.models import Organisation
from teilhabe.network.tests import factories as network

from . import factories

PROGRAMME = "schule-ohne-rassismus"


def school_measure(centre: Centre, by: User, **changes: Any) -> Measure:
    values = {"title": "Schule ohne Rassismus – Schule mit Courage 2026", **changes}
    return factories.measure(centre, by, PROGRAMME, **values)


def school(centre: Centre, by: User, name: str = "Gesamtschule Stieghorst") -> Organisation:
    return network.organisation(centre, by, type="school", name=name, languages=[], stages=[])


def school_data(org: Organisation, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "school": org,
        "title_awarded_on": timezone.localdate() - timedelta(days=200),
        "signatures": 700,
        "school_members": 1000,
        "patron": "Aylin Demir, Schauspielerin",
    }
    return {**data, **changes}


def member(
    measure: Measure, by: User, name: str = "Gesamtschule Stieghorst", **changes: Any
) -> SchoolMembership:
    org = school(measure.centre, by, name)
    return schools.add_school(measure, by=by, data=school_data(org, **changes))


def project_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "held_on": timezone.localdate() - timedelta(days=30),
        "title": "Projekttag Zivilcourage",
        "description": "Workshops mit der Jugendbildungsstätte.",
    }
    return {**data, **changes}


def days_ago(n: int) -> date:
    return timezone.localdate() - timedelta(days=n)


def objects(anna: User, bielefeld: Centre) -> dict[str, dict[str, object]]:
    """URL kwargs per route of the member schools."""
    measure = school_measure(bielefeld, anna)
    membership = member(measure, anna)
    schools.add_project(membership, by=anna, data=project_data())
    on_measure = {"centre_pk": bielefeld.pk, "pk": measure.pk}
    on_school = {**on_measure, "school_pk": membership.pk}
    return {
        "measures:schools": on_measure,
        "measures:school_add": on_measure,
        "measures:school": on_school,
        "measures:school_edit": on_school,
        "measures:school_left": on_school,
        "measures:school_project_add": on_school,
    }
