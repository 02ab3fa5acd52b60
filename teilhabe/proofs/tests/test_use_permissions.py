"""Every public function of `proofs.use_services` refuses a caller without the permission and
writes nothing; the same call by one who may, writes. The shared matrix
(`teilhabe/tests/test_service_permissions.py`) walks each app's `services` module; this walks
the proof of use's own module the same way, with its stored-state snapshot."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.core.actions import Refusal
from teilhabe.proofs import use_services as services
from teilhabe.proofs.use_models import Receipt
from teilhabe.tests.test_service_permissions import LEAD_ONLY, Row, stored_state

from . import use_factories as f

pytestmark = pytest.mark.django_db

READS = {"submission_problems"}


def _sampled(p: dict[str, User], centre: Centre) -> Receipt:
    check = f.in_check(centre, p["anna"], p["bernd"])
    services.add_receipt(
        check,
        by=p["bernd"],
        day=date(2025, 5, 2),
        payee="Honorar",
        amount="90.00",
        category="Pool",
    )
    services.draw_sample(check, by=p["bernd"], seed=1)
    return check.receipts.get()


def _proposed(p: dict[str, User], centre: Centre) -> Any:
    proof = f.vacant(f.reported(centre, p["kai"]), p["kai"])
    proof = services.submit_proof(proof, by=p["anna"], signed=True)
    check = services.start_check(proof, by=p["bernd"])
    return services.conclude_check(check, by=p["bernd"], reasons="Vakanz.", expected_version=1)


ROWS: dict[str, Row] = {
    "start_proof": Row(
        "carla",
        "kai",
        lambda d, by: services.start_proof(d, by=by, year=f.YEAR),
        setup=lambda p, c: f.granted(c),
    ),
    "save_statement": Row(
        "bernd",
        "kai",
        lambda proof, by: services.save_statement(
            proof,
            by=by,
            positions=[{"months_filled": 3}, {}, {}, {}],
            data={},
            expected_version=1,
        ),
        setup=lambda p, c: f.draft(c, p["kai"]),
    ),
    "save_report": Row(
        "carla",
        "anna",
        lambda proof, by: services.save_report(
            proof, by=by, **f.REPORT, condition_answers={}, expected_version=1
        ),
        setup=lambda p, c: f.draft(c, p["kai"]),
    ),
    "submit_proof": Row(
        "kai",
        "anna",
        lambda proof, by: services.submit_proof(proof, by=by, signed=True),
        setup=lambda p, c: f.reported(c, p["kai"]),
        codes=LEAD_ONLY,
    ),
    "start_check": Row(
        "guel",
        "bernd",
        lambda proof, by: services.start_check(proof, by=by),
        setup=lambda p, c: f.submitted(c, p["anna"]),
    ),
    "add_receipt": Row(
        "anna",
        "bernd",
        lambda check, by: services.add_receipt(
            check, by=by, day=date(2025, 4, 1), payee="Miete", amount="10.00", category="Pool"
        ),
        setup=lambda p, c: f.in_check(c, p["anna"], p["bernd"]),
    ),
    "draw_sample": Row(
        "mia",
        "bernd",
        lambda check, by: services.draw_sample(check, by=by),
        setup=lambda p, c: (
            lambda check: (
                services.add_receipt(
                    check,
                    by=p["bernd"],
                    day=date(2025, 4, 1),
                    payee="x",
                    amount="1.00",
                    category="y",
                ),
                check,
            )[1]
        )(f.in_check(c, p["anna"], p["bernd"])),
    ),
    "record_finding": Row(
        "guel",
        "bernd",
        lambda r, by: services.record_finding(
            r, by=by, verdict="ok", ineligible_amount="", note=""
        ),
        setup=_sampled,
    ),
    "conclude_check": Row(
        "guel",
        "bernd",
        lambda check, by: services.conclude_check(check, by=by, reasons="", expected_version=1),
        setup=lambda p, c: f.in_check(c, p["anna"], p["bernd"]),
    ),
    "sign_revocation": Row(
        "mia", "guel", lambda check, by: services.sign_revocation(check, by=by), setup=_proposed
    ),
    "return_revocation": Row(
        "bernd",
        "guel",
        lambda check, by: services.return_revocation(check, by=by, reason="Nochmals."),
        setup=_proposed,
    ),
}


def _public() -> dict[str, Callable[..., Any]]:
    return {
        name: fn
        for name, fn in inspect.getmembers(services, inspect.isfunction)
        if fn.__module__ == services.__name__ and not name.startswith("_")
    }


def test_every_public_function_has_a_row() -> None:
    assert set(_public()) - READS == set(ROWS)
    for name in ROWS:
        by = inspect.signature(_public()[name]).parameters["by"]
        assert by.kind == inspect.Parameter.KEYWORD_ONLY and by.default is by.empty


@pytest.mark.parametrize("name", sorted(ROWS))
def test_it_refuses_without_the_permission_and_writes_nothing(
    name: str, personas: dict[str, User], bielefeld: Centre
) -> None:
    row = ROWS[name]
    objects = row.setup(personas, bielefeld)
    before = stored_state()
    with pytest.raises(ValidationError) as refused:
        row.call(objects, personas[row.refused])
    assert isinstance(refused.value, Refusal) and refused.value.code in row.codes
    assert stored_state() == before
    row.call(objects, personas[row.allowed])
    assert stored_state()["tables"] != before["tables"]
