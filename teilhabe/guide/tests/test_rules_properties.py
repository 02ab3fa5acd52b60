"""The guide's pure rules, with expected values computed another way than the code."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from teilhabe.guide import rules

STATES = [rules.DRAFT, rules.IN_REVIEW, rules.PUBLISHED, rules.ARCHIVED]
ACTORS = [rules.KI, rules.PARTNER]


@given(st.integers(0, 10_000), st.integers(0, 10_000))
def test_it_never_counts_negative_free_places(places: int, taken: int) -> None:
    free = rules.free_places(places, taken)
    assert free >= 0
    assert free + min(taken, places) == places


@given(st.booleans(), st.integers(1, 1000), st.integers(1, 1000))
def test_it_marks_a_translation_outdated_only_behind_its_source(
    is_source: bool, source_version: int, based_on: int
) -> None:
    outdated = rules.translation_outdated(
        is_source=is_source, source_version=source_version, based_on=based_on
    )
    assert outdated == (not is_source and based_on < source_version)


@given(st.sampled_from(STATES), st.sampled_from(STATES))
def test_a_partner_only_ever_hands_a_draft_in(current: str, target: str) -> None:
    allowed = rules.may_transition(current, target, rules.PARTNER)
    assert allowed == (current == rules.DRAFT and target == rules.IN_REVIEW)


@given(st.sampled_from(STATES), st.sampled_from(ACTORS))
def test_targets_are_the_allowed_transitions(current: str, actor: str) -> None:
    assert set(rules.targets(current, actor)) == {
        to for to in STATES if rules.may_transition(current, to, actor)
    }
    assert current not in rules.targets(current, actor)  # no step to the same state


def test_only_the_ki_publishes_and_nothing_leaves_archived_but_to_draft() -> None:
    assert rules.may_transition(rules.IN_REVIEW, rules.PUBLISHED, rules.KI)
    assert not rules.may_transition(rules.IN_REVIEW, rules.PUBLISHED, rules.PARTNER)
    assert rules.targets(rules.ARCHIVED, rules.KI) == [rules.DRAFT]
    assert not rules.may_transition(rules.ARCHIVED, rules.PUBLISHED, rules.KI)


flat = st.dictionaries(
    st.sampled_from(["a", "b", "c", "d"]),
    st.one_of(st.none(), st.integers(0, 3), st.text(max_size=3)),
)
snapshots = st.fixed_dictionaries(
    {
        "offer": flat,
        "course": st.one_of(st.none(), flat),
        "locations": st.lists(flat, max_size=2),
        "texts": st.dictionaries(st.sampled_from(["de", "en", "ar"]), flat, max_size=3),
    }
)


@settings(deadline=None)  # the first draw builds the nested strategy; the machine is shared
@given(snapshots)
def test_a_snapshot_has_no_change_against_itself(snapshot: dict) -> None:
    assert rules.diff_snapshots(snapshot, snapshot) == []


@settings(deadline=None)
@given(snapshots, snapshots)
def test_every_difference_is_one_change(before: dict, after: dict) -> None:
    """A change per field whose values differ, unless both are empty (missing, None or "")."""
    changes = rules.diff_snapshots(before, after)

    def differ(b: object, a: object) -> bool:
        return b != a and not (b in (None, "") and a in (None, ""))

    expected = set()
    for section in ("offer", "course"):
        b, a = before[section] or {}, after[section] or {}
        expected |= {(section, k) for k in set(b) | set(a) if differ(b.get(k), a.get(k))}
    if before["locations"] != after["locations"]:
        expected.add(("locations", "locations"))
    for lang in set(before["texts"]) | set(after["texts"]):
        b, a = before["texts"].get(lang, {}), after["texts"].get(lang, {})
        expected |= {(lang, k) for k in set(b) | set(a) if differ(b.get(k), a.get(k))}
    assert {(c.section, c.field) for c in changes} == expected
    assert all(c.before != c.after for c in changes)


def test_a_first_publication_lists_only_the_fields_with_a_value() -> None:
    """The review queue of a new offer showed "–" → "–" for every empty field."""
    current = {"offer": {"website": "", "duration": None, "free": False, "title": "Kurs"}}
    changes = rules.diff_snapshots({}, current)
    assert [(c.field, c.after) for c in changes] == [("free", False), ("title", "Kurs")]
    assert rules.diff_snapshots({"offer": {"tags": []}}, {"offer": {}}) == []
