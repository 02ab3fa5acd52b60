"""Every action recorded anywhere in the code base has a label in words.

The actions are read from the source: the action argument of every `audit.record(...)`, of
`transition(..., action=...)`/`move`, and of helpers that pass their own argument on (listed in
FORWARDERS); the shared import job (`core.import_jobs`) records the actions an app names in
`ImportActions(...)`, so every argument of that call is read too. A call whose action is
neither a literal nor a forwarder's argument fails the test, so a new way of recording cannot
slip past it."""

from __future__ import annotations

import ast
from pathlib import Path

from teilhabe.core.registry import registry

ROOT = Path(__file__).resolve().parents[2]
# helper name → (position, keyword) of the action it forwards to audit.record
RECORDERS = {"record": (1, "action"), "transition": (None, "action")}
FORWARDERS = {"_failure": (0, "action")}
# calls whose every argument is an action (an app's set of actions for a shared service)
ACTION_SETS = {"ImportActions"}


def _literals(node: ast.expr) -> list[str] | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _literals(node.body), _literals(node.orelse)
        return None if body is None or orelse is None else body + orelse
    return None


def _name(call: ast.Call) -> str | None:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)


def _argument(call: ast.Call, position: int | None, keyword: str) -> ast.expr | None:
    for kw in call.keywords:
        if kw.arg == keyword:
            return kw.value
    if position is not None and len(call.args) > position:
        return call.args[position]
    return None


def recorded_actions() -> tuple[set[str], list[str]]:
    actions: set[str] = set()
    unreadable: list[str] = []
    for path in sorted(ROOT.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.Call):
                continue
            name = _name(node)
            if name in ACTION_SETS:
                for arg in [*node.args, *(kw.value for kw in node.keywords)]:
                    found = _literals(arg)
                    if found is None:
                        unreadable.append(f"{path.relative_to(ROOT)}:{node.lineno}")
                    else:
                        actions.update(found)
                continue
            spec = RECORDERS.get(name or "") or FORWARDERS.get(name or "")
            if spec is None:
                continue
            arg = _argument(node, *spec)
            if arg is None:
                continue
            found = _literals(arg)
            if found is not None:
                actions.update(found)
            elif not (isinstance(arg, ast.Name) and arg.id == "action"):
                unreadable.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return actions, unreadable


def test_every_recorded_action_has_a_label() -> None:
    actions, unreadable = recorded_actions()
    assert not unreadable, (
        f"actions the test cannot read (add the helper to FORWARDERS): {unreadable}"
    )
    assert len(actions) > 30  # the walk found the services' calls
    assert sorted(actions - set(registry.action_labels())) == []


def test_it_reads_the_actions_of_the_shared_import() -> None:
    actions, _unreadable = recorded_actions()
    assert {"import.retried", "offer_import.started"} <= actions
