"""The iCalendar feed of dated offers: all of NRW or one KI's, one all-day VEVENT per public
offer with a start in the next 12 months, a stable UID, ETag and 304, constant queries."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from teilhabe.guide import calendar, services
from teilhabe.guide.models import Category, Offer

from . import factories as f

FEED = reverse("guide:calendar")


def course_offer(centre: Any, by: Any, starts_on: date, ends_on: date | None = None) -> Offer:
    offer = services.add_offer(
        centre,
        by=by,
        data=f.offer_data(category=Category.objects.get(code="course_general")),
        texts=f.texts(
            de={"title": "Integrationskurs B1", "summary": "", "description": ""},
            ar={"title": "دورة الاندماج", "summary": "", "description": ""},
        ),
        locations=[f.location(centre)],
        course=f.course(starts_on=starts_on, ends_on=ends_on),
    )
    return services.change_status(offer, by=by, to="published")


def events(response: Any) -> list[Any]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return list(Calendar.from_ical(response.content).walk("VEVENT"))


def soon(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)


def test_it_has_one_all_day_event_per_dated_offer(kai, bielefeld, client, settings) -> None:
    settings.SITE_URL = "https://wegweiser.example.nrw"
    course = course_offer(bielefeld, kai, soon(10), soon(40))
    counselling = f.published(bielefeld, kai, next_start=soon(5))
    f.published(bielefeld, kai)  # no start: not in the feed
    [first, second] = events(client.get(FEED))
    assert str(first["uid"]) == f"{counselling.uuid}@wegweiser.example.nrw"
    assert first.decoded("dtstart") == soon(5) and "dtend" not in first
    assert str(second["summary"]) == "Integrationskurs B1"
    assert second.decoded("dtstart") == soon(10)
    assert second.decoded("dtend") == soon(41)  # all-day: the day after the last
    assert str(second["url"]) == "https://wegweiser.example.nrw" + course.get_public_url()
    municipality = bielefeld.grantee.municipalities().first()
    assert str(second["location"]) == f"KI-Büro, Niederwall 23, 33602 {municipality.short_name}"
    lat, lon = second.decoded("geo")
    assert (round(lat, 4), round(lon, 4)) == (
        round(float(municipality.lat), 4),
        round(float(municipality.lon), 4),
    )


def test_titles_follow_lang_where_the_offer_has_it(kai, bielefeld, client) -> None:
    course = course_offer(bielefeld, kai, soon(3))
    [event] = events(client.get(FEED, {"lang": "ar"}))
    assert str(event["summary"]) == "دورة الاندماج"
    assert str(event["url"]).endswith(course.get_public_url() + "?lang=ar")
    [fallback] = events(client.get(FEED, {"lang": "tr"}))
    assert str(fallback["summary"]) == "Integrationskurs B1"


def test_only_published_visible_starts_within_twelve_months(kai, bielefeld, client) -> None:
    shown = f.published(bielefeld, kai, next_start=soon(1))
    f.published(bielefeld, kai, next_start=soon(-1))  # past
    f.published(bielefeld, kai, next_start=soon(400))  # beyond the horizon
    f.offer(bielefeld, kai, next_start=soon(2))  # a draft
    hidden = f.published(bielefeld, kai, next_start=soon(3))
    Offer.objects.filter(pk=hidden.pk).update(last_reviewed_on=soon(-365))
    archived = f.published(bielefeld, kai, next_start=soon(4))
    services.change_status(archived, by=kai, to="archived")
    assert [str(e["uid"]).split("@")[0] for e in events(client.get(FEED))] == [str(shown.uuid)]


def test_it_shows_the_published_start_not_a_pending_change(anna, paul, bielefeld, client) -> None:
    org = f.partner_organisation(bielefeld, anna, paul)
    offer = f.published(bielefeld, anna, provider=org, next_start=soon(7))
    services.update_offer(
        offer, by=paul, data=f.offer_data(provider=org, next_start=soon(9)), texts=f.texts()
    )
    [event] = events(client.get(FEED))
    assert event.decoded("dtstart") == soon(7)


def test_a_district_feed_has_only_its_kis_offers(kai, carla, bielefeld, dortmund, client) -> None:
    own = f.published(bielefeld, kai, next_start=soon(2))
    f.published(dortmund, carla, next_start=soon(2))
    assert len(events(client.get(FEED))) == 2
    response = client.get(FEED, {"district": bielefeld.grantee.key})
    assert [str(e["uid"]).split("@")[0] for e in events(response)] == [str(own.uuid)]
    assert f"wegweiser-{bielefeld.grantee.key}.ics" in response["Content-Disposition"]


@pytest.mark.parametrize("key", ["99999", "abc", "0571", "057110000"])
def test_an_unknown_district_is_missing(key: str, territory, client) -> None:
    assert client.get(FEED, {"district": key}).status_code == 404


def test_it_answers_304_while_nothing_changed(kai, bielefeld, client) -> None:
    offer = f.published(bielefeld, kai, next_start=soon(2))
    first = client.get(FEED)
    etag = first["ETag"]
    assert client.get(FEED).content == first.content  # stable bytes
    again = client.get(FEED, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag and not again.content
    services.update_offer(
        offer,
        by=kai,
        data=f.offer_data(next_start=soon(3)),
        texts=f.texts(),
        locations=[f.location(bielefeld)],
    )
    assert client.get(FEED, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_it_stops_at_the_most_events(kai, bielefeld, client, monkeypatch) -> None:
    monkeypatch.setattr(calendar, "MAX_EVENTS", 2)
    for days in (9, 3, 6):
        f.published(bielefeld, kai, next_start=soon(days))
    assert [e.decoded("dtstart") for e in events(client.get(FEED))] == [soon(3), soon(6)]


def test_the_feed_needs_the_same_queries_for_many_offers(kai, bielefeld, client) -> None:
    course_offer(bielefeld, kai, soon(5))
    with CaptureQueriesContext(connection) as few:
        client.get(FEED)
    for days in range(10):
        course_offer(bielefeld, kai, soon(days + 1))
        f.published(bielefeld, kai, next_start=soon(days + 2))
    with CaptureQueriesContext(connection) as many:
        assert len(events(client.get(FEED))) == 21
    assert len(many.captured_queries) == len(few.captured_queries) <= 3
