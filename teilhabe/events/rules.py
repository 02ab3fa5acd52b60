"""The registration rule, pure: who gets a place, who waits, who moves up.

Accepted registrations (an e-mail address confirmed, or a logged-in person's own) are served
in the order accepted. A place is held by a `confirmed` or `offered` registration; while people
wait, every place that comes free is offered to the first of them at once, so a newcomer never
takes a place ahead of someone waiting. The services apply these functions under the event's
row lock (services.py), which is what makes the counts they pass in true.
"""

from __future__ import annotations

from collections.abc import Sequence


def admits(*, capacity: int, held: int, waiting: int) -> bool:
    """Whether a newly accepted registration gets a place (else it joins the waiting list):
    only if a place is free and nobody is waiting before it."""
    return waiting == 0 and held < capacity


def free_places(*, capacity: int, held: int) -> int:
    return max(capacity - held, 0)


def to_offer(*, capacity: int, held: int, waiting: Sequence[int]) -> list[int]:
    """The waiting positions that are offered a place now: as many of the first as places are
    free, in the order they were accepted."""
    return sorted(waiting)[: free_places(capacity=capacity, held=held)]
