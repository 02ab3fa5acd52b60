"""Pseudonyms for the evaluator: keyed hashes of a row, never its database id.

`pseudonym("staff", 17)` is the same on every page and in the API, so the evaluator can follow
one person through the data, but without `PSEUDONYM_KEY` (from the environment) nobody can tell
which row it stands for or count the rows between two of them. The kind keeps a staff member's
and a user account's pseudonyms apart.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings

LENGTH = 12  # hex digits: 48 bits, no collision among a few thousand people in practice


def pseudonym(kind: str, pk: int | str) -> str:
    key = settings.PSEUDONYM_KEY.encode()
    digest = hmac.new(key, f"{kind}:{pk}".encode(), hashlib.sha256).hexdigest()
    return f"P-{digest[:LENGTH]}"
