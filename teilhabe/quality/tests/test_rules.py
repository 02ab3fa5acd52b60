"""How the pillars add up (rules.py), as properties: computed here another way."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from teilhabe.quality import rules
from teilhabe.quality.models import Overall

CODES = st.lists(st.sampled_from(["a", "b", "c", "d"]), unique=True, max_size=4)
VALUES = st.dictionaries(
    st.sampled_from(["a", "b", "c", "d", "x"]), st.sampled_from([True, False, None])
)


@given(VALUES, CODES)
def test_the_overall_status_is_the_weakest_pillar(values, codes) -> None:  # type: ignore[no-untyped-def]
    read = [values.get(c) for c in codes]
    expected = (
        Overall.UNFULFILLED
        if False in read
        else Overall.FULFILLED
        if read and read.count(True) == len(read)
        else Overall.PENDING
    )
    assert rules.overall(values, codes) == expected


def test_no_pillar_is_pending_not_fulfilled() -> None:
    assert rules.overall({}, []) == Overall.PENDING
    assert rules.overall({"x": True}, []) == Overall.PENDING  # a code not asked for counts not


@given(VALUES, VALUES)
def test_the_changes_lead_from_before_to_after(before, after) -> None:  # type: ignore[no-untyped-def]
    changed = rules.changes(before, after)
    applied = {**before, **{code: step["to"] for code, step in changed.items()}}
    for code in set(before) | set(after):
        assert applied.get(code) == after.get(code)
    assert all(step["from"] != step["to"] for step in changed.values())
    assert rules.changes(after, after) == {}


@given(st.one_of(st.booleans(), st.none(), st.integers(), st.text(), st.floats()))
def test_only_yes_and_no_are_kept(value) -> None:  # type: ignore[no-untyped-def]
    assert rules.as_value(value) is (value if isinstance(value, bool) else None)
