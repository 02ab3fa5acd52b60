"""The registry's demo seeders in dependency order, all of them or only some with what they
need (`seed_demo(only=…)`: a test of one app's demo builds no other app's)."""

from __future__ import annotations

import pytest

from teilhabe.core.registry import Registry, RegistryError


def _registry() -> Registry:
    r = Registry()
    for name, after in [
        ("guide", ["network"]),
        ("proofs", ["funding"]),
        ("funding", ["centres", "accounts"]),
        ("network", ["centres"]),
        ("centres", ["accounts"]),
        ("accounts", []),
    ]:
        r.demo(name, lambda: None, after=after)
    return r


def test_every_seeder_runs_after_those_it_names() -> None:
    names = [s.name for s in _registry().demo_in_order()]
    assert sorted(names) == ["accounts", "centres", "funding", "guide", "network", "proofs"]
    for before, after in [
        ("accounts", "centres"),
        ("centres", "network"),
        ("network", "guide"),
        ("funding", "proofs"),
    ]:
        assert names.index(before) < names.index(after)


def test_only_some_brings_what_they_run_after_and_nothing_else() -> None:
    names = [s.name for s in _registry().demo_in_order(only=["proofs"])]
    assert names == ["accounts", "centres", "funding", "proofs"]  # no network, no guide


def test_an_unknown_seeder_is_an_error() -> None:
    with pytest.raises(RegistryError, match="'prooofs'"):
        _registry().demo_in_order(only=["prooofs"])
