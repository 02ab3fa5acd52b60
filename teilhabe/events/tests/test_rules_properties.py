"""The pure registration rule (events/rules.py), driven by any sequence of register, cancel,
accept and expire: never more places held than the capacity, nobody waits while a place is
free, and places go to the waiting in the order they were accepted.

The model below keeps its own list of people and asks only `rules` what to do, the way the
services do under the event's lock; the invariants are checked by counting afresh."""

from __future__ import annotations

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from teilhabe.events import rules

HOLDING = {"confirmed", "offered"}


class Registrations(RuleBasedStateMachine):
    @initialize(capacity=st.integers(min_value=1, max_value=6))
    def start(self, capacity: int) -> None:
        self.capacity = capacity
        self.status: dict[int, str] = {}  # position -> status, positions 1, 2, 3 …
        self.offered_order: list[int] = []

    def held(self) -> int:
        return sum(1 for s in self.status.values() if s in HOLDING)

    def waiting(self) -> list[int]:
        return [p for p, s in self.status.items() if s == "waiting"]

    def offer_free(self) -> None:
        for position in rules.to_offer(
            capacity=self.capacity, held=self.held(), waiting=self.waiting()
        ):
            # Whoever is offered a place stands before everyone still waiting.
            assert position == min(self.waiting())
            self.status[position] = "offered"
            self.offered_order.append(position)

    @rule()
    def register(self) -> None:
        position = len(self.status) + 1
        admitted = rules.admits(
            capacity=self.capacity, held=self.held(), waiting=len(self.waiting())
        )
        self.status[position] = "confirmed" if admitted else "waiting"

    @precondition(lambda self: any(s not in ("cancelled", "expired") for s in self.status.values()))
    @rule(data=st.data())
    def cancel(self, data: st.DataObject) -> None:
        active = [p for p, s in self.status.items() if s not in ("cancelled", "expired")]
        position = data.draw(st.sampled_from(active))
        self.status[position] = "cancelled"
        self.offer_free()

    @precondition(lambda self: "offered" in self.status.values())
    @rule(data=st.data(), accept=st.booleans())
    def answer_offer(self, data: st.DataObject, accept: bool) -> None:
        offered = [p for p, s in self.status.items() if s == "offered"]
        position = data.draw(st.sampled_from(offered))
        self.status[position] = "confirmed" if accept else "expired"
        if not accept:
            self.offer_free()

    @invariant()
    def never_overbooked(self) -> None:
        if hasattr(self, "capacity"):
            assert self.held() <= self.capacity

    @invariant()
    def nobody_waits_while_a_place_is_free(self) -> None:
        if hasattr(self, "capacity") and self.waiting():
            assert self.held() == self.capacity

    @invariant()
    def offers_go_in_the_order_accepted(self) -> None:
        if hasattr(self, "capacity"):
            assert self.offered_order == sorted(self.offered_order)


TestRegistrations = Registrations.TestCase
TestRegistrations.settings = settings(max_examples=100, stateful_step_count=30, deadline=None)


def test_to_offer_offers_the_first_waiting_up_to_the_free_places() -> None:
    assert rules.to_offer(capacity=3, held=1, waiting=[9, 4, 7]) == [4, 7]
    assert rules.to_offer(capacity=3, held=3, waiting=[4]) == []
    assert rules.to_offer(capacity=3, held=5, waiting=[4]) == []  # never negative
