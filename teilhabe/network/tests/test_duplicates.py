"""Likely duplicates: similar names at the same place, nothing across places, bounded."""

from __future__ import annotations

import time

from teilhabe.network.duplicates import MAX_BLOCK, likely_duplicates
from teilhabe.network.models import Organisation


def _org(pk: int, name: str, postcode: str = "33602", street: str = "") -> Organisation:
    return Organisation(pk=pk, centre_id=1, name=name, postcode=postcode, street=street)


def test_it_finds_a_name_spelt_differently_at_the_same_postcode() -> None:
    pairs = likely_duplicates(
        [
            _org(1, "Caritasverband Bielefeld e. V.", street="Turnerstraße 4"),
            _org(2, "Caritasverband Bielefeld e.V.", street="Turnerstr. 4"),
            _org(3, "Sportverein Brackwede"),
        ]
    )
    assert [(p.first.pk, p.second.pk) for p in pairs] == [(1, 2)]
    assert pairs[0].score == 100


def test_it_does_not_pair_across_postcodes_or_streets() -> None:
    pairs = likely_duplicates(
        [
            _org(1, "Grundschule am Park", "33602", "Parkstraße 1"),
            _org(2, "Grundschule am Park", "33615", "Parkstraße 1"),
            _org(3, "Grundschule am Park", "33602", "Marktplatz 9"),
        ]
    )
    assert pairs == []


def test_word_order_does_not_matter() -> None:
    pairs = likely_duplicates([_org(1, "Caritas Bielefeld"), _org(2, "Bielefeld Caritas")])
    assert len(pairs) == 1


def test_a_huge_block_stays_bounded_in_time() -> None:
    many = [_org(i, f"Verein Nummer {i}") for i in range(1, 5001)]
    start = time.perf_counter()
    likely_duplicates(many)
    assert time.perf_counter() - start < 5  # MAX_BLOCK² / 2 comparisons at most
    assert MAX_BLOCK <= 300
