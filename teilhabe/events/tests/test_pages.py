"""The events' pages through their URLs: list and filters, registration with honeypot and rate
limit, the participant's link, the organiser's pages and the door list."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from teilhabe.events import services
from teilhabe.events.models import Event, Registration
from teilhabe.events.models import RegistrationStatus as S
from teilhabe.events.tokens import token_for

from . import factories

pytestmark = pytest.mark.django_db

FORM = {"name": "Ada Lovelace", "email": "ada@example.org", "organisation": "", "consent": "on"}


@pytest.fixture(autouse=True)
def _english(settings):  # type: ignore[no-untyped-def]
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def test_the_list_shows_public_events_to_visitors_and_internal_ones_to_staff(
    bielefeld, dortmund, kai, carla, verified_client
):
    public = factories.published(bielefeld, kai, title="Offene Fortbildung")
    internal = factories.published(
        bielefeld, kai, title="Interne Dienstbesprechung", is_public=False
    )
    draft = services.create_event(
        bielefeld,
        by=kai,
        data=factories.event_data(title="Entwurf Fachtag"),
        dates=factories.dates(),
    )
    visitor = Client().get(reverse("events:list")).content.decode()
    assert public.title in visitor and internal.title not in visitor and draft.title not in visitor
    other_ki = verified_client(carla).get(reverse("events:list")).content.decode()
    assert internal.title in other_ki and draft.title not in other_ki
    own = verified_client(kai).get(reverse("events:list") + "?mine=on").content.decode()
    assert draft.title in own
    assert Client().get(reverse("events:detail", args=[draft.pk])).status_code == 404
    assert Client().get(reverse("events:detail", args=[internal.pk])).status_code == 404


def test_the_list_filters_by_district_kind_audience_date_and_search(
    bielefeld, dortmund, kai, carla
):
    factories.published(bielefeld, kai, title="Rucksack KiTa Bielefeld", audience="educators")
    factories.published(dortmund, carla, title="Fachtag Dortmund", kind="conference", days=60)
    client = Client()

    def titles(query: str) -> list[str]:
        response = client.get(reverse("events:list") + query)
        return [e.title for e in response.context["page"].object_list]

    assert titles("?district=05711") == ["Rucksack KiTa Bielefeld"]
    assert titles("?kind=conference") == ["Fachtag Dortmund"]
    assert titles("?audience=educators") == ["Rucksack KiTa Bielefeld"]
    assert titles("?q=fachtag") == ["Fachtag Dortmund"]
    later = (timezone.localdate() + timedelta(days=45)).isoformat()
    assert titles(f"?date_from={later}") == ["Fachtag Dortmund"]
    assert titles("?district=99999") == []
    assert titles("?date_from=kein-datum") == ["Rucksack KiTa Bielefeld", "Fachtag Dortmund"]


def test_the_list_takes_a_fixed_number_of_queries(
    bielefeld, dortmund, kai, carla, django_assert_max_num_queries
):
    for i in range(25):
        factories.published(bielefeld if i % 2 else dortmund, kai if i % 2 else carla, days=10 + i)
    with django_assert_max_num_queries(6):
        response = Client().get(reverse("events:list"))
    assert len(response.context["page"].object_list) == 20


def test_a_visitor_registers_and_confirms_by_the_link(
    bielefeld, kai, django_capture_on_commit_callbacks
):
    event = factories.published(bielefeld, kai)
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(event.get_absolute_url(), FORM)
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.status == S.PENDING
    link = reverse("events:registration", args=[token_for(registration)])
    assert link in mail.outbox[-1].body
    assert client.get(link).status_code == 200  # opening the link changes nothing
    assert Registration.objects.get().status == S.PENDING
    client.post(link, {"action": "confirm"})
    assert Registration.objects.get().status == S.CONFIRMED
    client.post(link, {"action": "cancel"})
    assert Registration.objects.get().status == S.CANCELLED


def test_a_broken_link_answers_404(bielefeld, kai):
    event = factories.published(bielefeld, kai)
    (r,) = factories.accepted(event, 1)
    token = token_for(r)
    for bad in (token[:-3] + "abc", "1", "x" * 300):
        assert Client().get(reverse("events:registration", args=[bad])).status_code == 404


def test_the_form_keeps_what_was_typed_and_says_what_is_wrong(bielefeld, kai):
    event = factories.published(bielefeld, kai)
    response = Client().post(event.get_absolute_url(), {**FORM, "email": "kein-at", "consent": ""})
    assert response.status_code == 422
    html = response.content.decode()
    assert 'value="Ada Lovelace"' in html and 'value="kein-at"' in html
    assert "Please agree so we can store your registration." in html
    assert not Registration.objects.exists()


def test_the_honeypot_stores_nothing(bielefeld, kai):
    event = factories.published(bielefeld, kai)
    response = Client().post(event.get_absolute_url(), {**FORM, "website": "http://spam.example"})
    assert response.status_code == 302
    assert not Registration.objects.exists()


def test_anonymous_registrations_are_rate_limited_per_address(bielefeld, kai, settings):
    from django.core.cache import cache

    cache.clear()
    settings.EVENTS_REGISTRATIONS_PER_HOUR = 2
    event = factories.published(bielefeld, kai, capacity=10)
    client = Client(REMOTE_ADDR="203.0.113.7")
    for i in range(2):
        assert (
            client.post(
                event.get_absolute_url(), {**FORM, "email": f"a{i}@example.org"}
            ).status_code
            == 302
        )
    response = client.post(event.get_absolute_url(), {**FORM, "email": "a9@example.org"})
    assert response.status_code == 429
    assert "Too many registrations" in response.content.decode()
    assert Registration.objects.count() == 2
    other = Client(REMOTE_ADDR="198.51.100.1")
    assert (
        other.post(event.get_absolute_url(), {**FORM, "email": "b@example.org"}).status_code == 302
    )


def test_a_logged_in_partner_registers_with_the_account(bielefeld, kai, paul, verified_client):
    event = factories.published(bielefeld, kai)
    response = verified_client(paul).post(event.get_absolute_url(), {"organisation": "Caritas"})
    assert response.status_code == 302
    r = Registration.objects.get()
    assert (r.user, r.email, r.status, r.organisation) == (paul, paul.email, S.CONFIRMED, "Caritas")


def test_the_organiser_creates_publishes_and_manages(bielefeld, kai, verified_client):
    client = verified_client(kai)
    soon = timezone.localdate() + timedelta(days=20)
    data = {
        "title": "Interkulturelle Öffnung",
        "kind": "expert_talk",
        "audience": "professionals",
        "place": "",
        "online_url": "https://meet.example.org/ioe",
        "capacity": "30",
        "registration_opens_at": f"{timezone.localdate()}T00:00",
        "registration_closes_at": f"{soon}T12:00",
        "cost": "12,50",
        "dates-TOTAL_FORMS": "2",
        "dates-INITIAL_FORMS": "0",
        "dates-0-day": str(soon),
        "dates-0-starts": "10:00",
        "dates-0-ends": "12:00",
        "dates-1-day": "",
        "dates-1-starts": "",
        "dates-1-ends": "",
    }
    response = client.post(reverse("events:new"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.get()
    assert (event.centre, event.status, str(event.cost)) == (bielefeld, "draft", "12.50")
    client.post(reverse("events:manage", args=[event.pk]), {"action": "publish"})
    event.refresh_from_db()
    assert event.status == "published"
    page = client.get(reverse("events:manage", args=[event.pk]))
    assert page.status_code == 200


def test_the_event_form_refuses_an_incomplete_date_and_keeps_the_entries(
    bielefeld, kai, verified_client
):
    response = verified_client(kai).post(
        reverse("events:new"),
        {
            "title": "Fachtag",
            "kind": "conference",
            "audience": "teachers",
            "place": "Rathaus",
            "capacity": "30",
            "registration_opens_at": "2026-01-01T00:00",
            "registration_closes_at": "2026-02-01T00:00",
            "cost": "0",
            "dates-TOTAL_FORMS": "1",
            "dates-INITIAL_FORMS": "0",
            "dates-0-day": "2026-03-01",
            "dates-0-starts": "10:00",
            "dates-0-ends": "",
        },
    )
    assert response.status_code == 422
    assert "Give day, start and end time." in response.content.decode()
    assert 'value="Fachtag"' in response.content.decode()
    assert not Event.objects.exists()


def test_the_door_list_ticks_each_participant_with_a_post(bielefeld, kai, verified_client):
    event = factories.published(bielefeld, kai)
    (r,) = factories.accepted(event, 1)
    client = verified_client(kai)
    url = reverse("events:attendance", args=[event.pk])
    html = client.get(url).content.decode()
    assert 'aria-pressed="false"' in html and "kern-btn--block" in html
    response = client.post(url, {"registration": str(r.pk), "attended": "1"})
    assert response.status_code == 302 and response["Location"].endswith(f"#r{r.pk}")
    r.refresh_from_db()
    assert r.attended
    assert client.post(url, {"registration": "99999999999999999999"}).status_code == 404


def test_the_person_data_export_is_json_and_only_of_the_own_events(
    bielefeld, dortmund, kai, carla, verified_client
):
    mine = factories.published(bielefeld, kai)
    theirs = factories.published(dortmund, carla)
    for event in (mine, theirs):
        services.confirm_registration(
            services.register(event, by=factories._anonymous(), name="Ada", email="ada@example.org")
        )
    response = verified_client(kai).post(
        reverse("events:person_data"), {"email": "ADA@example.org"}
    )
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert [r["event_id"] for r in data["registrations"]] == [mine.pk]


def test_behind_a_proxy_the_rate_limit_keys_on_the_client_and_ignores_forged_entries(
    bielefeld, kai, settings
):
    from django.core.cache import cache

    cache.clear()
    settings.EVENTS_REGISTRATIONS_PER_HOUR = 2
    settings.TRUSTED_PROXY_COUNT = 1
    event = factories.published(bielefeld, kai, capacity=10)

    def post(forwarded: str, email: str) -> int:
        client = Client(REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=forwarded)
        return client.post(event.get_absolute_url(), {**FORM, "email": email}).status_code

    # One client, a new forged leftmost address each time: still one key, the limit holds.
    assert post("192.0.2.1, 203.0.113.7", "a1@example.org") == 302
    assert post("192.0.2.2, 203.0.113.7", "a2@example.org") == 302
    assert post("192.0.2.3, 203.0.113.7", "a3@example.org") == 429
    # Another client behind the same proxy has its own limit.
    assert post("198.51.100.1", "b@example.org") == 302
    assert Registration.objects.count() == 3
