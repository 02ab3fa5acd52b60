"""The registry's sections on a partner organisation's page (`organisation_panel`), read by the
network's organisation page and "Meine Organisation" without importing the apps that add them."""

from __future__ import annotations

from typing import Any

from teilhabe.core.registry import Registry, registry


def _context(name: str) -> Any:
    return lambda user, organisation: {"name": name, "user": user, "organisation": organisation}


def test_the_panels_come_in_order_with_their_context() -> None:
    r = Registry()
    r.organisation_panel("late", order=30, template="late.html", context=_context("late"))
    r.organisation_panel("early", order=10, template="early.html", context=_context("early"))
    panels = r.panels_for_organisation("user", "org")
    assert [(p["key"], p["template"]) for p in panels] == [
        ("early", "early.html"),
        ("late", "late.html"),
    ]
    assert panels[0]["context"] == {"name": "early", "user": "user", "organisation": "org"}


def test_a_context_of_none_hides_the_panel_from_that_user() -> None:
    r = Registry()
    r.organisation_panel(
        "mine",
        order=10,
        template="mine.html",
        context=lambda user, organisation: {} if user == "partner" else None,
    )
    assert [p["key"] for p in r.panels_for_organisation("partner", "org")] == ["mine"]
    assert r.panels_for_organisation("stranger", "org") == []


def test_registering_again_replaces_and_stays_apart_from_the_centre_panels() -> None:
    r = Registry()
    r.organisation_panel("one", order=10, template="old.html", context=_context("old"))
    r.organisation_panel("one", order=10, template="new.html", context=_context("new"))
    assert [p["template"] for p in r.panels_for_organisation("user", "org")] == ["new.html"]
    assert r.panels_for("user", "centre") == []
    r.centre_panel("centre", order=10, template="centre.html", context=_context("centre"))
    assert [p["key"] for p in r.panels_for_organisation("user", "org")] == ["one"]


def test_the_measures_register_their_panel() -> None:
    panel = registry.organisation_panels["measures"]
    assert panel.template == "measures/_organisation_panel.html"
