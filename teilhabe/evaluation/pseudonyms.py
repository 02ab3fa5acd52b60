"""The pseudonyms of the evaluation's exports: a keyed hash (HMAC-SHA256) of what identifies a
person, with the key EVALUATION_PSEUDONYM_KEY from the environment.

`pseudonym("companion", 17)` is the same in every export and every run with the same key, so
the evaluator can follow one person through the files; a different key gives different
pseudonyms, and without the key nobody can tell which row or address a pseudonym stands for.
Where a person has no row of their own (a participant known by e-mail, an interpreter known by
name), the normalised text is hashed: the same address gives the same pseudonym.

The readable form is the first 48 bits in three groups of four hex digits behind the kind's
letter, e.g. `B-3F9A-C21B-77D0` — no collision among some thousand people in practice.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings

# The letter in front of a pseudonym says what it stands for.
PREFIXES = {
    "companion": "B",  # Elternbegleiterin
    "participant": "T",  # Teilnehmende
    "interpreter": "S",  # Sprachmittlerin
    "measure": "M",
    "event": "V",
    "organisation": "O",
}
DIGITS = 12


def normalised(text: str) -> str:
    """Case and inner spaces do not make another person: " Anna  Muster" is "anna muster"."""
    return " ".join(text.split()).casefold()


def pseudonym(kind: str, value: int | str, *, key: str | None = None) -> str:
    """The pseudonym of `value` (a row's key or a normalised text) of `kind`; "" for nothing."""
    if value is None or value == "":
        return ""
    secret = (key if key is not None else settings.EVALUATION_PSEUDONYM_KEY).encode()
    text = normalised(value) if isinstance(value, str) else str(value)
    digest = hmac.new(secret, f"{kind}:{text}".encode(), hashlib.sha256).hexdigest().upper()
    groups = "-".join(digest[i : i + 4] for i in range(0, DIGITS, 4))
    return f"{PREFIXES[kind]}-{groups}"
