"""Hostile numbers for property tests of every numeric input: huge, tiny, NaN, infinite,
exponent-heavy and long-digit values, as text, int, float and Decimal.

`within_a_second` is a bound, not a benchmark: a parser that does arithmetic on "1e999999999"
takes minutes (or never answers), one that refuses first takes microseconds.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from hypothesis import strategies as st

T = TypeVar("T")

# A bound on the processor time of one input, not a timing of the code: the inputs this guards
# against ("1e999999999") run for hours; a second of this process's own CPU is far above any
# bounded answer and is not stretched by other processes sharing the machine (xdist, CI).
BOUND_SECONDS = 1.0

# The examples of issue 16, always tried first.
EXAMPLES: list[Any] = [
    "1e999999999",
    "1E+1000000",
    "-1e999999999",
    "1e-999999999",
    "0e999999999",
    "1e308",
    1e308,
    10**30,
    10**4000,
    "9" * 5000,
    "0." + "0" * 5000 + "1",
    "NaN",
    "sNaN",
    "-Infinity",
    float("nan"),
    float("inf"),
    True,
    "",
    " ",
    "1_000",
    "١٢٣",  # Arabic-Indic digits, which Decimal would accept
]

_exponent = st.one_of(
    st.integers(-(10**10), 10**10), st.sampled_from([308, 309, 999, 1000, -324, 10**9])
)
_mantissa = st.one_of(
    st.integers(-(10**6), 10**6).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str),
)

hostile_numbers: st.SearchStrategy[Any] = st.one_of(
    st.sampled_from(EXAMPLES),
    st.builds(lambda m, e, s: f"{m}{s}{e}", _mantissa, _exponent, st.sampled_from("eE")),
    st.integers(min_value=-(10**200), max_value=10**200),
    st.integers(0, 6000).map(lambda n: "9" * n),
    st.integers(0, 6000).map(lambda n: "0." + "0" * n + "1"),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.text(alphabet="0123456789.,eE+-_ naNinfy", max_size=40),
)


@contextmanager
def within_a_second() -> Iterator[None]:
    start = time.process_time()
    yield
    elapsed = time.process_time() - start
    assert elapsed < BOUND_SECONDS, f"took {elapsed:.2f} s of processor time"


def timed(call: Callable[[], T]) -> T:
    with within_a_second():
        return call()
