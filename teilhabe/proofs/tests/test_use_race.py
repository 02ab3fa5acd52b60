"""Two people save the same draft statement at the same moment from forms of the same version:
one is saved, the other told it is stale (PostgreSQL, real concurrent transactions)."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.proofs import use_services as services
from teilhabe.proofs.use_models import ProofOfUse

from . import use_factories as f


@pytest.mark.django_db(transaction=True)
def test_one_of_two_concurrent_saves_of_one_version_is_refused_as_stale(
    anna: User, kai: User, bielefeld: Centre
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite serialises writers anyway")
    proof = f.draft(bielefeld, kai)
    start = threading.Barrier(2)
    saved: list[int] = []
    refused: list[str] = []
    other: list[BaseException] = []

    def save(user: User, months: int) -> None:
        try:
            start.wait()
            services.save_statement(
                proof,
                by=user,
                positions=[{"months_filled": months}, {}, {}, {}],
                data={},
                expected_version=1,
            )
            saved.append(months)
        except ValidationError as e:
            refused.append(e.code or "")
        except BaseException as e:
            other.append(e)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=a) for a in ((anna, 9), (kai, 10))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not other, other
    assert (len(saved), refused) == (1, ["stale_edit"])
    row = ProofOfUse.objects.get(pk=proof.pk)
    assert row.lock_version == 2
    assert row.positions.get(order=1).months_filled == saved[0]
