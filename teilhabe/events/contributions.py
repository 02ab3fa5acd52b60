"""What the events app adds: its pages and API, navigation, start cards, tasks, its demo, its
audit actions, the quality pillar "took part in the network meetings" (quality.py) and the
figures controlling reads (figures.py). (No panel on the KI's page: its query count is
pinned; an event's page links the KI's calendar feed instead.)"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext_lazy

from teilhabe.core.registry import Registry, in_app, link


def _demo() -> Iterable[str]:
    from .demo import seed_events_demo

    return seed_events_demo()


def _network_meetings_demo() -> Iterable[str]:
    from .quality import seed_network_meetings_demo

    return seed_network_meetings_demo()


def register(registry: Registry) -> None:
    from .figures import FIGURES
    from .quality import PILLAR
    from .start import event_steps, event_todos

    registry.mount("veranstaltungen/", "teilhabe.events.urls", order=35)
    registry.api_router("/", "teilhabe.events.api:router", order=70)
    registry.nav(
        "events",
        order=35,
        label=gettext_lazy("Events"),
        url=link("events:list"),
        current=in_app("events"),
        after_login=False,
    )
    registry.start_cards("events", 45, event_steps)
    registry.todos("events-this-week", event_todos)
    # Events are organised by the KIs' people and the coordination office: after the personas.
    registry.demo("events", _demo, after=["centres", "accounts"])
    # The state-wide Verbund meetings of 2024 and 2025 with the KIs' leads present, and the
    # quality pillar that counts them (events/quality.py).
    registry.demo("events.network_meetings", _network_meetings_demo, after=["events"])
    registry.quality_pillar(PILLAR)
    # Trainings held, their participants and the other events, for controlling (figures.py).
    for figure in FIGURES:
        registry.figure(figure)
    registry.audit_actions(
        "events",
        {
            "event.created": gettext_lazy("event created"),
            "event.updated": gettext_lazy("event changed"),
            "event.published": gettext_lazy("event published"),
            "event.cancelled": gettext_lazy("event cancelled"),
            "event.participants_anonymised": gettext_lazy("participants' data anonymised"),
            "event.access_needs_deleted": gettext_lazy("participants' accessibility needs deleted"),
            "registration.requested": gettext_lazy("registration requested (address to confirm)"),
            "registration.accepted": gettext_lazy("registration accepted"),
            "registration.offer_accepted": gettext_lazy("offered place accepted"),
            "registration.offer_expired": gettext_lazy("offered place expired"),
            "registration.cancelled": gettext_lazy("registration cancelled"),
            "registration.attendance": gettext_lazy("attendance ticked"),
            "registration.access_needs_consent_withdrawn": gettext_lazy(
                "consent to the accessibility needs withdrawn (needs deleted)"
            ),
            "registration.personal_data_exported": gettext_lazy("participant's data exported"),
        },
    )
