"""The registry's sections on a funding decision's page (`decision_panel`), read by funding's
decision page without importing the apps that add them (the proofs of use and repayments)."""

from __future__ import annotations

from typing import Any

from teilhabe.core.registry import Registry, registry


def _context(name: str) -> Any:
    return lambda user, decision: {"name": name, "user": user, "decision": decision}


def test_the_panels_come_in_order_with_their_context() -> None:
    r = Registry()
    r.decision_panel("late", order=30, template="late.html", context=_context("late"))
    r.decision_panel("early", order=10, template="early.html", context=_context("early"))
    panels = r.panels_for_decision("user", "decision")
    assert [(p["key"], p["template"]) for p in panels] == [
        ("early", "early.html"),
        ("late", "late.html"),
    ]
    assert panels[0]["context"] == {"name": "early", "user": "user", "decision": "decision"}


def test_a_context_of_none_hides_the_panel_from_that_user() -> None:
    r = Registry()
    r.decision_panel(
        "mine",
        order=10,
        template="mine.html",
        context=lambda user, decision: {} if user == "officer" else None,
    )
    assert [p["key"] for p in r.panels_for_decision("officer", "decision")] == ["mine"]
    assert r.panels_for_decision("stranger", "decision") == []


def test_registering_again_replaces_and_stays_apart_from_the_other_panels() -> None:
    r = Registry()
    r.decision_panel("one", order=10, template="old.html", context=_context("old"))
    r.decision_panel("one", order=10, template="new.html", context=_context("new"))
    assert [p["template"] for p in r.panels_for_decision("user", "decision")] == ["new.html"]
    r.centre_panel("centre", order=10, template="centre.html", context=_context("centre"))
    r.organisation_panel("org", order=10, template="org.html", context=_context("org"))
    assert [p["key"] for p in r.panels_for_decision("user", "decision")] == ["one"]
    assert r.panels_for("user", "centre")[0]["key"] == "centre"


def test_the_proofs_register_their_panel() -> None:
    panel = registry.decision_panels["proofs"]
    assert panel.template == "proofs/_decision_panel.html"
