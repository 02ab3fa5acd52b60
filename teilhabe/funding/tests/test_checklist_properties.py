"""The checklist rule over any mix of items (pure: no database): a proposal is allowed exactly
when no item is open without an explanation; whitespace explains nothing; never saved is open."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from teilhabe.funding.checklist import State, Tick, open_items, tick_from

codes = st.lists(st.text("abcdefgh_", min_size=1, max_size=6), unique=True, max_size=12)
# Notes of letters and of every kind of white space (also no-break and em spaces, line breaks).
notes = st.text(alphabet=" \t\n\r\u00a0\u2003\u3000xyzäß.", max_size=8)
ticks = st.one_of(st.none(), st.builds(Tick, done=st.booleans(), note=notes))


def _explains(note: str) -> bool:
    """The oracle: some character that is not white space (counted another way than strip)."""
    return any(not ch.isspace() for ch in note)


@given(
    codes.flatmap(
        lambda cs: st.tuples(st.just(cs), st.lists(ticks, min_size=len(cs), max_size=len(cs)))
    )
)
def test_an_item_blocks_the_proposal_iff_it_is_neither_done_nor_explained(case) -> None:  # type: ignore[no-untyped-def]
    item_codes, item_ticks = case
    saved = {code: tick for code, tick in zip(item_codes, item_ticks, strict=True) if tick}
    expected = [
        code
        for code in item_codes
        if code not in saved or not (saved[code].done or _explains(saved[code].note))
    ]
    assert open_items(saved, item_codes) == expected
    allowed = all(
        code in saved and (saved[code].done or _explains(saved[code].note)) for code in item_codes
    )
    assert (open_items(saved, item_codes) == []) is allowed


@given(st.booleans(), notes)
def test_the_state_says_done_explained_or_open_and_survives_the_json(done, note) -> None:  # type: ignore[no-untyped-def]
    tick = Tick(done, note)
    if done:
        assert tick.state == State.DONE
    else:
        assert tick.state == (State.EXPLAINED if _explains(note) else State.OPEN)
    assert tick_from(tick.as_json()) == tick


def test_what_is_not_a_saved_entry_counts_as_never_saved() -> None:
    assert tick_from(True) is None  # the shape before migration 0010
    assert tick_from(None) is None
    assert tick_from({"done": "yes"}) == Tick(False, "")  # only true is done
    assert open_items({"a": tick_from(True)}, ["a"]) == ["a"]
