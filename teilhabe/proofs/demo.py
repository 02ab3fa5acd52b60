"""The proof of use in the demo (after funding's): see `seed_proofs_demo`."""

from __future__ import annotations


def seed_proofs_demo() -> None:
    """Nothing yet."""
