"""The audit trail's page and API cost the same number of queries for 3 events or 60."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from teilhabe.accounts.models import User
from teilhabe.centres import services
from teilhabe.centres.models import Centre


def _more_events(centre: Centre, by: User, n: int) -> None:
    for i in range(n):
        services.update_centre(centre, by=by, data={"street": f"Niederwall {i + 1}"})


def _count(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


# session, user, OTP device, count, one page of events with actor, type and KI, session save (3);
# the page also the filters' choices: actors, KIs, object types (3) and the unread notifications
# of the navigation
@pytest.mark.parametrize(
    ("url", "queries"),
    [(reverse("core:audit_log"), 12), ("/api/v1/audit-events", 8)],
    ids=["page", "api"],
)
def test_it_reads_the_trail_in_a_fixed_number_of_queries(
    url: str,
    queries: int,
    bernd: User,
    anna: User,
    bielefeld: Centre,
    verified_client,
    django_assert_num_queries,
) -> None:
    client = verified_client(bernd)
    client.get(url)  # fills ContentType's cache (an app's hidden-events rule), once per process
    _more_events(bielefeld, anna, 2)
    few = _count(client, url)
    _more_events(bielefeld, anna, 60)  # more than a page of 50
    many = _count(client, url)
    assert few == many
    with django_assert_num_queries(queries):
        client.get(url)
