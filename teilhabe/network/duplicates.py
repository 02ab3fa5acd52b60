"""Likely duplicates among a KI's organisations, in bounded time.

Two active organisations are likely the same when they share a postcode (or, without one, a
municipality) and their normalised names (`models.normalised_name`: lower case, umlauts spelt
out, legal forms dropped) reach `NAME_THRESHOLD` in rapidfuzz's `token_sort_ratio` (word order
does not matter: "Caritas Bielefeld" and "Bielefeld Caritas" score 100). Where both have a
street, the streets must reach `STREET_THRESHOLD` too, so two schools of a chain at other
addresses are not flagged. Blocking by place first keeps the work to the pairs within a block;
a block is cut at `MAX_BLOCK` organisations, so no KI's list can take more than
`MAX_BLOCK²/2` comparisons per block.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from .models import Organisation, normalised_name

NAME_THRESHOLD = 90
STREET_THRESHOLD = 85
MAX_BLOCK = 300
MAX_PAIRS = 200
_STREET = re.compile(r"(?<=[a-z])str\b|\bstr\b")


@dataclass(frozen=True)
class Pair:
    first: Organisation
    second: Organisation
    score: int


def _street(street: str) -> str:
    """ "Turnerstr. 4" and "Turnerstraße 4" are one street."""
    return _STREET.sub("strasse", normalised_name(street))


def _block(organisation: Organisation) -> str | None:
    if organisation.postcode:
        return f"p{organisation.postcode}"
    if organisation.municipality_id:
        return f"m{organisation.municipality_id}"
    return None


def likely_duplicates(organisations: Iterable[Organisation]) -> list[Pair]:
    """Pairs of likely duplicates, best match first, at most `MAX_PAIRS`."""
    blocks: dict[str, list[Organisation]] = defaultdict(list)
    for organisation in organisations:
        key = _block(organisation)
        if key is not None and organisation.is_active:
            blocks[key].append(organisation)
    pairs: list[Pair] = []
    for members in blocks.values():
        members = sorted(members, key=lambda o: o.pk)[:MAX_BLOCK]
        if len(members) < 2:
            continue
        names = [normalised_name(o.name) for o in members]
        for i in range(len(members)):
            for j in range(i + 1, len(members)):
                score = round(
                    fuzz.token_sort_ratio(names[i], names[j], score_cutoff=NAME_THRESHOLD)
                )
                if not score:
                    continue
                a, b = members[i], members[j]
                if a.street and b.street:
                    street = fuzz.token_sort_ratio(_street(a.street), _street(b.street))
                    if street < STREET_THRESHOLD:
                        continue
                pairs.append(Pair(a, b, score))
    pairs.sort(key=lambda p: (-p.score, p.first.name, p.first.pk, p.second.pk))
    return pairs[:MAX_PAIRS]
