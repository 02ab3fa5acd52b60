"""The partner matrix: which partners work together in which planned and running measures, as
a table with words for screen readers and a list by measure, in a constant number of queries."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.network.tests import factories as network

from . import factories

pytestmark = pytest.mark.django_db


def _matrix(client, centre: Centre, **query: str):  # type: ignore[no-untyped-def]
    return client.get(reverse("measures:partners", args=[centre.pk]), query)


def test_rows_are_partners_columns_the_open_measures(
    bielefeld: Centre, anna: User, verified_client
) -> None:
    kita = network.organisation(bielefeld, anna, type="kita", name="Kita Sonnenblume")
    school = network.organisation(bielefeld, anna, type="school", name="Grundschule am Park")
    alone = network.organisation(bielefeld, anna, name="Verein ohne Maßnahme")
    rucksack = factories.bare_measure(
        bielefeld, "rucksack-kita", title="Rucksack", status="running"
    )
    rucksack.partners.set([kita, school])
    planned = factories.bare_measure(
        bielefeld, "griffbereit", title="Griffbereit", status="planned"
    )
    planned.partners.set([kita])
    done = factories.bare_measure(bielefeld, "komm-an", title="Alt", status="completed")
    done.partners.set([alone])
    response = _matrix(verified_client(anna), bielefeld)
    assert [m.title for m in response.context["columns"]] == ["Griffbereit", "Rucksack"]
    rows = {p.name: (cells, n) for p, cells, n in response.context["rows"]}
    assert rows == {
        "Grundschule am Park": ([False, True], 1),
        "Kita Sonnenblume": ([True, True], 2),
    }
    html = response.text
    assert html.count('<span aria-hidden="true">✓</span><span class="kern-sr-only">') == 3
    assert "Verein ohne Maßnahme" not in html
    assert reverse("network:matrix", args=[bielefeld.pk]) in html


def test_the_matrix_pages_through_the_measures_in_constant_queries(
    bielefeld: Centre, anna: User, lars: User, verified_client
) -> None:
    partners = [network.organisation(bielefeld, anna, name=f"Partner {i:02d}") for i in range(6)]

    def add(n: int, offset: int) -> None:
        for i in range(n):
            m = factories.bare_measure(
                bielefeld, "komm-an", title=f"M {offset + i:02d}", starts_on=date(2026, 1, 1)
            )
            m.partners.set(partners[i % 6 : i % 6 + 3])

    add(2, 0)
    client = verified_client(lars)  # the coordination office reads it too
    _matrix(client, bielefeld)
    with CaptureQueriesContext(connection) as few:
        _matrix(client, bielefeld)
    add(30, 2)
    with CaptureQueriesContext(connection) as many:
        response = _matrix(client, bielefeld)
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(response.context["columns"]) == 12
    assert response.context["page"].paginator.num_pages == 3
    last = _matrix(client, bielefeld, page="3")
    assert len(last.context["columns"]) == 8


def test_the_network_matrix_links_to_it(bielefeld: Centre, kai: User, verified_client) -> None:
    response = verified_client(kai).get(reverse("network:matrix", args=[bielefeld.pk]))
    assert reverse("measures:partners", args=[bielefeld.pk]) in response.text
