"""Two people create the same KI's application for the same year at the same moment: exactly one
draft comes into being, the other is told it exists (PostgreSQL, real concurrent transactions)."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.funding.models import Application
from teilhabe.funding.services import applications as services

from . import factories


@pytest.mark.django_db(transaction=True)
def test_only_one_open_application_per_ki_and_year_under_concurrency(
    anna: User, kai: User, bielefeld: Centre
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite serialises writers anyway")
    factories.concept(bielefeld)
    for round_ in range(5):
        year = 2030 + round_
        factories.open_window(year)
        start = threading.Barrier(2)
        made: list[Application] = []
        refused: list[str] = []
        other: list[BaseException] = []

        def create(user: User) -> None:
            try:
                start.wait()
                made.append(
                    services.create_application(bielefeld, by=user, first_year=year, last_year=year)
                )
            except ValidationError as e:
                refused.append(e.code or "")
            except BaseException as e:
                other.append(e)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=create, args=(u,)) for u in (anna, kai)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not other, other
        assert (len(made), refused) == (1, ["application_exists"]), f"year {year}"
        assert Application.objects.filter(centre=bielefeld, first_year=year).count() == 1
