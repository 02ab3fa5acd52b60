"""The public events API: JSON list and detail, iCalendar, ETag, errors in the one shape."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from teilhabe.events import services

from . import factories

pytestmark = pytest.mark.django_db


def test_it_lists_upcoming_public_published_events_only(bielefeld, dortmund, kai, carla):
    public = factories.published(bielefeld, kai, capacity=5)
    factories.accepted(public, 2)
    factories.published(bielefeld, kai, is_public=False)
    services.create_event(bielefeld, by=kai, data=factories.event_data(), dates=factories.dates())
    factories.published(dortmund, carla)
    body = Client().get("/api/v1/events?district=05711").json()
    assert body["count"] == 1 and body["next"] is None
    (row,) = body["results"]
    assert set(row) == {
        "id", "title", "starts_at", "ends_at", "district", "place", "online", "capacity",
        "free_places", "registration_url", "url",
    }  # fmt: skip
    assert (row["id"], row["district"], row["capacity"], row["free_places"]) == (
        public.pk,
        "05711",
        5,
        3,
    )
    assert row["url"].endswith(public.get_absolute_url())
    assert row["registration_url"] is not None


def test_it_pages_with_next(bielefeld, kai, django_assert_max_num_queries):
    for i in range(51):
        factories.published(bielefeld, kai, days=5 + i)
    with django_assert_max_num_queries(5):
        body = Client().get("/api/v1/events?district=05711").json()
    assert body["count"] == 51 and len(body["results"]) == 50
    assert body["next"].endswith("page=2")
    assert len(Client().get(body["next"].split("8000")[-1]).json()["results"]) == 1


def test_unknown_districts_are_404_and_bad_dates_422(territory):
    response = Client().get("/api/v1/events?district=99999")
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"
    response = Client().get("/api/v1/events?from=2026-13-45")
    assert response.status_code == 422
    assert response.json()["errors"][0]["code"] == "invalid_date"
    assert response.json()["errors"][0]["field"] == "from"
    assert Client().get("/api/v1/events?district=0571105711").status_code == 422


def test_it_answers_304_to_the_same_etag(bielefeld, kai):
    factories.published(bielefeld, kai)
    for url in ("/api/v1/events", "/api/v1/events.ics"):
        first = Client().get(url)
        assert first.status_code == 200 and first["ETag"]
        again = Client().get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304


def test_one_event_and_drafts_are_404(bielefeld, kai):
    event = factories.published(bielefeld, kai)
    draft = services.create_event(
        bielefeld, by=kai, data=factories.event_data(), dates=factories.dates()
    )
    body = Client().get(f"/api/v1/events/{event.pk}").json()
    assert body["id"] == event.pk and len(body["dates"]) == 1
    assert Client().get(f"/api/v1/events/{draft.pk}").status_code == 404


def test_the_feeds_are_valid_icalendar(bielefeld, kai):
    event = services.create_event(
        bielefeld, by=kai, data=factories.event_data(), dates=factories.dates(count=2)
    )
    services.publish_event(event, by=kai)
    urls = [
        "/api/v1/events.ics?district=05711",
        reverse("events:calendar", args=[event.pk]),
        reverse("events:centre_calendar", args=[bielefeld.pk]),
    ]
    uids = []
    for url in urls:
        response = Client().get(url)
        assert response["Content-Type"].startswith("text/calendar")
        cal = Calendar.from_ical(response.content)
        assert str(cal["VERSION"]) == "2.0" and cal["PRODID"]
        items = cal.walk("VEVENT")
        assert len(items) == 2
        for item in items:
            for prop in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "LOCATION", "URL"):
                assert item.get(prop) is not None, prop
            assert item.decoded("DTSTART").utcoffset().total_seconds() == 0
        uids.append(sorted(str(i["UID"]) for i in items))
    assert uids[0] == uids[1] == uids[2]  # one UID per date, the same in every feed


@pytest.mark.parametrize("written", ["0", "1700000000", "2026-1-5", "05.01.2026", "2026-02-31"])
def test_from_is_a_date_written_as_iso_or_refused(client, written: str) -> None:
    """A number is no date here (pydantic alone reads "0" as 1 January 1970, a Unix time)."""
    response = client.get("/api/v1/events", {"from": written})
    assert response.status_code == 422
    assert response.json()["errors"][0]["code"] == "invalid_date"
