"""Rows for the records' tests and the shared matrices (URL, POST, service permissions, axe):
an interpreter pool and a counselling log of KI Bielefeld, each with one entry."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.measures.models import CounsellingContact, InterpreterAssignment, Measure
from teilhabe.measures.services import records
from teilhabe.network.models import Organisation
from teilhabe.network.tests import factories as network

from . import factories


def days_ago(n: int) -> date:
    return timezone.localdate() - timedelta(days=n)


def pool(centre: Centre, by: User, **changes: Any) -> Measure:
    """An interpreter-pool measure that began 300 days ago and is open-ended."""
    values = {"title": "Dolmetscherpool", "starts_on": days_ago(300), "ends_on": None, **changes}
    return factories.measure(centre, by, "dolmetscherpool", **values)


def log(centre: Centre, by: User, **changes: Any) -> Measure:
    values = {"title": "Schulberatung", "starts_on": days_ago(300), "ends_on": None, **changes}
    return factories.measure(centre, by, "schulberatung", **values)


def school(centre: Centre, by: User, name: str = "Grundschule Sieker") -> Organisation:
    return network.organisation(centre, by, type="school", name=name)


def assignment_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "held_on": days_ago(10),
        "language": "ar",
        "purpose": "school",
        "institution": None,
        "hours": "1,5",
        "interpreter": "Pool-Nr. 12",
    }
    return {**data, **changes}


def assignment(measure: Measure, by: User, **changes: Any) -> InterpreterAssignment:
    return records.add_assignment(measure, by=by, data=assignment_data(**changes))


def contact_data(where: Organisation, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "held_on": days_ago(5),
        "school": where,
        "topic": "all_day",
        "form": "on_site",
        "outcome": "Ganztagskonzept besprochen.",
    }
    return {**data, **changes}


def contact(measure: Measure, by: User, where: Organisation, **changes: Any) -> CounsellingContact:
    return records.add_counselling_contact(measure, by=by, data=contact_data(where, **changes))


def objects(anna: User, bielefeld: Centre) -> dict[str, dict[str, object]]:
    """The records' URL kwargs: one assignment, one counselling contact (KI Bielefeld)."""
    interpreting = pool(bielefeld, anna)
    one = assignment(interpreting, anna, hours=Decimal("2.00"))
    counselling = log(bielefeld, anna)
    entry = contact(counselling, anna, school(bielefeld, anna, "Gesamtschule Stieghorst"))
    ids = {"centre_pk": bielefeld.pk}
    on_pool = {**ids, "pk": interpreting.pk}
    on_log = {**ids, "pk": counselling.pk}
    return {
        "measures:assignments": on_pool,
        "measures:assignment_add": on_pool,
        "measures:assignment_edit": {**on_pool, "record_pk": one.pk},
        "measures:counselling": on_log,
        "measures:counselling_add": on_log,
        "measures:counselling_edit": {**on_log, "record_pk": entry.pk},
        "measures:figures": ids,
    }
