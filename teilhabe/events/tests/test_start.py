"""What the events add to the start page: the KI's week, the partner's registrations, the way
to the events for visitors."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from teilhabe.core.registry import registry
from teilhabe.events import services

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():  # type: ignore[no-untyped-def]
    with translation.override("en"):
        yield


def test_the_ki_sees_its_events_this_week_and_what_waits(bielefeld, kai, visitor):
    event = factories.published(bielefeld, kai, days=2)
    services.register(event, by=visitor, name="Ada", email="ada@example.org")
    (card,) = [c for c in registry.cards_for(kai) if c.title == "Your events"]
    assert "1 of your events takes place" in card.text
    assert "1 registration waits for its confirmation" in card.text
    todos = [
        t for t in registry.todos_for(kai) if t.url == reverse("events:manage", args=[event.pk])
    ]
    assert len(todos) == 1


def test_a_partner_sees_the_own_registrations(bielefeld, kai, paul):
    event = factories.published(bielefeld, kai)
    services.register(event, by=paul, name="Paul", email=paul.email)
    titles = [c.title for c in registry.cards_for(paul)]
    assert "Your registrations" in titles and "Your events" not in titles


def test_visitors_find_the_events(territory):
    assert any(c.url == reverse("events:list") for c in registry.cards_for(None))
    html = Client().get(reverse("pages:start")).content.decode()
    assert reverse("events:list") in html
