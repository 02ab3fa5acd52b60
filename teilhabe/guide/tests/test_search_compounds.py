"""German compounds in the search index (guide/search/compounds.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from teilhabe.guide.search import compounds


def test_the_federal_course_types_split_into_their_parts() -> None:
    assert compounds.parts("Jugendintegrationskurs") == [
        "integrationskurs",
        "jugend",
        "kurs",
        "integrations",
        "integration",
    ]
    assert compounds.parts("Integrationskurs") == ["kurs", "integrations", "integration"]
    assert compounds.parts("Sprachkurs") == ["kurs", "sprach"]
    assert compounds.parts("Frauentreff") == ["treff", "frauen", "frau"]
    assert compounds.parts("Migrationsberatung") == ["beratung", "migrations", "migration"]
    assert compounds.parts("Schwimmkurs") == ["kurs", "schwimm"]


def test_simple_and_short_words_stay_whole() -> None:
    assert compounds.parts("Kurs") == []
    assert compounds.parts("Beratung") == []
    assert compounds.parts("Bielefeld") == []
    assert compounds.parts("Kurse") == []


def test_extra_words_are_new_and_once() -> None:
    words = ["integrationskurs", "und", "kurs", "elternintegrationskurs"]
    assert compounds.extra_words(words) == ["integrations", "integration", "eltern", "elter"]


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüß", max_size=60))
def test_parts_are_shorter_pieces_of_the_word_and_bounded(word: str) -> None:
    found = compounds.parts(word)
    assert len(found) == len(set(found))
    assert word not in found
    for part in found:
        assert len(part) < len(word)
        assert part in word  # a piece of it, never an invented word
    assert len(found) <= 3 * (2**compounds.MAX_DEPTH - 1)  # three per level, two branches


@given(
    st.lists(st.sampled_from(compounds.HEADS), min_size=1, max_size=3),
    st.sampled_from(["", "s", "en"]),
)
def test_a_head_after_a_modifier_is_always_found(heads: list[str], fuge: str) -> None:
    word = "jugend" + fuge + "".join(heads)
    assert heads[-1] in compounds.parts(word) or any(
        word.endswith(h) and h in compounds.parts(word) for h in compounds.HEADS
    )


def test_every_public_topic_has_its_search_words_and_only_german_rows_get_them() -> None:
    from teilhabe.guide import public_labels
    from teilhabe.guide.search import topics

    assert set(topics.SEARCH_WORDS) == set(public_labels.CATEGORIES)
    german = topics.words("course_general", "language_courses", "de", "german")
    assert "integrationskurs" in german and "deutschkurs" in german  # its own and its branch's
    arabic = topics.words("course_general", "language_courses", "ar", "arabic")
    assert "deutschkurs" not in arabic and arabic  # the names in Arabic only
    assert topics.words("new_topic", "new_topic", "de", "german", "Neues Thema") == "Neues Thema"
