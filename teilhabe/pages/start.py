"""What each role does next: the start page's cards and tasks, as the apps contribute them."""

from __future__ import annotations

from teilhabe.core.registry import Step, Todo, registry
from teilhabe.core.roles import AnyUser, role_of

__all__ = ["Step", "Todo", "next_steps", "todos"]


def next_steps(user: AnyUser | None) -> list[Step]:
    """The cards for the user's role; anonymous and role-less visitors (None) get the public
    entry points."""
    if user is not None and role_of(user) is None:
        user = None
    return registry.cards_for(user)


def todos(user: AnyUser | None) -> list[Todo]:
    """Dated tasks (deadlines) for the user's role; none for visitors."""
    if user is None or role_of(user) is None:
        return []
    return registry.todos_for(user)
