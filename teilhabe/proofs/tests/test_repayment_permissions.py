"""Every public write of `repayment_services` refuses a caller without the permission and
changes nothing (rows, files, mails), like the project's service matrix
(`tests/test_service_permissions.py`, which walks `<app>.services` only)."""

from __future__ import annotations

from datetime import date
from unittest import mock

import pytest

from teilhabe.core.actions import Refusal
from teilhabe.funding.tests.factories import pdf_bytes
from teilhabe.proofs import repayment_services as services
from teilhabe.tests.test_service_permissions import stored_state

from .repayment_factories import paid_decision, proposed, verified

pytestmark = pytest.mark.django_db


def _signed(decision, bernd, guel):  # type: ignore[no-untyped-def]
    with mock.patch.object(services, "render_repayment_pdf", return_value=pdf_bytes()):
        return services.sign_repayment(proposed(decision, bernd), by=verified(guel))


def _setup(name, decision, bernd, guel):  # type: ignore[no-untyped-def]
    """What the call acts on, made by the personas who may (none for a proposal)."""
    if name == "propose_repayment":
        return decision
    if name == "record_repayment_receipt":
        return _signed(decision, bernd, guel)
    return proposed(decision, bernd)


CALLS = {
    "propose_repayment": lambda d, by: proposed(d, by),
    "return_repayment": lambda r, by: services.return_repayment(r, by=by, reason="x"),
    "sign_repayment": lambda r, by: services.sign_repayment(r, by=by),
    "record_repayment_receipt": lambda r, by: services.record_repayment_receipt(
        r, by=by, received_on=date(2025, 8, 20), amount="1.00"
    ),
}


@pytest.mark.parametrize("name", sorted(CALLS))
@pytest.mark.parametrize("who", ["anna", "carla", "mia", "lars", "eva", "paul"])
def test_it_refuses_and_writes_nothing(name, who, request, bielefeld, bernd, guel):
    decision = paid_decision(bielefeld, bernd, guel, on=date(2025, 2, 10))
    by = verified(request.getfixturevalue(who))
    with mock.patch.object(services, "render_repayment_pdf", return_value=pdf_bytes()):
        subject = _setup(name, decision, bernd, guel)
        before = stored_state()
        with pytest.raises(Refusal):
            CALLS[name](subject, by)
    assert stored_state() == before


def test_every_public_write_is_covered():
    import inspect

    public = {
        name
        for name, f in inspect.getmembers(services, inspect.isfunction)
        if f.__module__ == services.__name__
        and not name.startswith("_")
        and "by" in inspect.signature(f).parameters
    }
    assert public == set(CALLS)
