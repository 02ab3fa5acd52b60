"""Every write of `reports` refuses a caller without the permission and changes nothing (the
project's service matrix, `tests/test_service_permissions.py`, covers `<app>.services`; the
reports live in `controlling/reports.py`, so they have their own rows here). The same call by
one who may then succeeds."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from teilhabe.controlling import reports
from teilhabe.core.actions import Refusal
from teilhabe.tests.test_service_permissions import stored_state

from . import report_factories as rf

pytestmark = pytest.mark.django_db

Setup = Callable[[dict[str, Any]], Any]


def _draft(p: dict[str, Any]) -> Any:
    return rf.report(p["bielefeld"], p["kai"])


def _filled(p: dict[str, Any]) -> Any:
    return rf.fresh(rf.fill(_draft(p), p["kai"]))


def _submitted(p: dict[str, Any]) -> Any:
    return rf.submitted(p["bielefeld"], p["anna"])


def _accepted(p: dict[str, Any]) -> Any:
    return rf.accepted(p["bielefeld"], p["anna"], p["lars"])


ROWS: dict[str, tuple[list[str], str, Setup, Callable[[Any, Any, dict[str, Any]], Any]]] = {
    "open_report": (
        ["carla", "lars", "mia", "sven", "eva", "paul"],
        "kai",
        lambda p: None,
        lambda _o, by, p: reports.open_report(p["bielefeld"], rf.period(), by=by),
    ),
    "refresh_computed": (
        ["carla", "lars", "bernd"],
        "kai",
        _draft,
        lambda report, by, p: reports.refresh_computed(report, by=by),
    ),
    "save_report": (
        ["carla", "lars", "guel", "sven"],
        "anna",
        _draft,
        lambda report, by, p: reports.save_report(
            report, by=by, values={"events": {"value": 3}}, expected_version=0
        ),
    ),
    "submit_report": (
        ["kai", "carla", "lars", "mia"],
        "anna",
        _filled,
        lambda report, by, p: reports.submit_report(report, by=by, signed=True),
    ),
    "accept_report": (
        ["anna", "kai", "mia", "bernd", "guel", "eva", "carla"],
        "lars",
        _submitted,
        lambda report, by, p: reports.accept_report(report, by=by),
    ),
    "return_report": (
        ["anna", "mia", "bernd", "eva"],
        "lars",
        _submitted,
        lambda report, by, p: reports.return_report(report, by=by, comment="Bitte prüfen"),
    ),
    "correct_report": (
        ["kai", "carla", "lars"],
        "anna",
        _accepted,
        lambda report, by, p: reports.correct_report(report, by=by, reason="Korrektur"),
    ),
}


@pytest.mark.parametrize("name", sorted(ROWS))
def test_it_refuses_who_may_not_and_writes_nothing(
    name: str, personas: dict[str, Any], bielefeld: Any, seeded: None
) -> None:
    refused, allowed, setup, call = ROWS[name]
    p = {**personas, "bielefeld": bielefeld}
    obj = setup(p)
    before = stored_state()
    for who in refused:
        with pytest.raises(Refusal):
            call(obj, personas[who], p)
        assert stored_state() == before, f"{name} by {who} changed something"
    call(obj, personas[allowed], p)


def test_every_public_write_of_reports_has_a_row() -> None:
    import inspect

    writes = {
        name
        for name, f in inspect.getmembers(reports, inspect.isfunction)
        if f.__module__ == reports.__name__
        and not name.startswith("_")
        and "by" in inspect.signature(f).parameters
        and name != "make_report"  # the reminders' and open_report's part; checked by them
    }
    assert writes == set(ROWS)
