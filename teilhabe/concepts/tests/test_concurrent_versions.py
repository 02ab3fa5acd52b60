"""Two uploads at the same moment get versions 1 and 2, never the same number (PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from conftest import member_of
from teilhabe.centres.models import Centre
from teilhabe.concepts import services
from teilhabe.concepts.models import IntegrationConcept

from .conftest import upload, valid_data


@pytest.mark.django_db(transaction=True)
def test_it_numbers_concurrent_uploads_one_after_the_other(territory: None) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite serialises writers anyway")
    centre = Centre.objects.select_related("grantee").get(grantee__key="05711")
    member = member_of(centre)
    start = threading.Barrier(2)
    failures: list[BaseException] = []

    def add() -> None:
        try:
            start.wait()
            services.add_concept_version(centre, by=member, data=valid_data(), upload=upload())
        except BaseException as e:
            failures.append(e)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=add) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures
    versions = IntegrationConcept.objects.filter(centre=centre).values_list("version", flat=True)
    assert sorted(versions) == [1, 2]
