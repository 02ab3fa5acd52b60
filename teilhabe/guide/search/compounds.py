"""German compounds for the search: "Jugendintegrationskurs" is one word to a full-text index,
so a search for "Kurs" or "Integrationskurs" found none of the federal course types. The index
adds the parts of a German word whose end is one of the guide's head words (the nouns its offers
are named by), and the modifier before it without its linking element (Fugen-s):

    parts("jugendintegrationskurs") → ["integrationskurs", "jugend", "kurs", "integrations",
                                       "integration"]

A small curated list, not a dictionary of German: a head word must be at least four letters and
leave a modifier of at least three, so "Kurs" alone or "Diskurs" (a modifier of three letters,
"dis", is allowed but harmless: it adds "kurs") change nothing that matters. Only the German
configurations (German and Leichte Sprache) are decompounded; the query side is unchanged, since
the added words are stemmed like every other. Pure functions, property-tested."""

from __future__ import annotations

# The guide's head words, longest first so the longest head wins ("integrationskurs" before
# "kurs"). Lower case, without inflection endings (the stemmer deals with those).
HEADS: tuple[str, ...] = tuple(
    sorted(
        {
            "integrationskurs",
            "sprachkurs",
            "deutschkurs",
            "kurs",
            "beratung",
            "sprechstunde",
            "gruppe",
            "treff",
            "café",
            "cafe",
            "hilfe",
            "werkstatt",
            "schule",
            "unterricht",
            "training",
            "angebot",
            "lotse",
            "lotsen",
            "begleitung",
            "patenschaft",
            "frühstück",
            "sport",
            "stelle",
            "zentrum",
            "dienst",
            "förderung",
            "betreuung",
            "ausbildung",
            "vermittlung",
        },
        key=lambda h: (-len(h), h),
    )
)
MIN_MODIFIER = 3
MIN_WORD = 7  # shorter words are no compounds worth splitting
MAX_DEPTH = 3
# Linking elements between the parts, longest first: Integration-s-kurs, Frau-en-treff.
FUGEN = ("es", "en", "s", "n")


def _modifier(prefix: str) -> str:
    for fuge in FUGEN:
        if prefix.endswith(fuge) and len(prefix) - len(fuge) >= MIN_MODIFIER + 1:
            return prefix[: -len(fuge)]
    return prefix


def parts(word: str, _depth: int = 0) -> list[str]:
    """The parts of a German compound worth indexing beside it (none for a simple word), each
    once, in the order found."""
    word = word.casefold()
    if len(word) < MIN_WORD or _depth >= MAX_DEPTH:
        return []
    for head in HEADS:
        if word != head and word.endswith(head) and len(word) - len(head) >= MIN_MODIFIER:
            prefix = word[: -len(head)]
            modifier = _modifier(prefix)  # "integrations" → "integration"; both are kept,
            # since a linking element cannot be told from an ending ("eltern" is no "elter" + n)
            found = [
                head,
                prefix,
                modifier,
                *parts(head, _depth + 1),
                *parts(modifier, _depth + 1),
            ]
            return list(dict.fromkeys(p for p in found if p != word))
    return []


def extra_words(words: list[str]) -> list[str]:
    """The parts of every word of a German text, each once, none already among the words."""
    seen = set(words)
    extra: dict[str, None] = {}
    for word in words:
        for part in parts(word):
            if part not in seen:
                extra[part] = None
    return list(extra)
