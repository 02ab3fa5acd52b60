"""The survey's pure rules, with properties computed another way than the code."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from teilhabe.evaluation import rules


@dataclass
class Q:
    code: str = "q"
    kind: str = "single"
    required: bool = True
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    choices: list[str] = field(default_factory=lambda: ["a", "b", "c"])

    @property
    def options(self) -> list[Any]:
        if self.kind == "scale":
            return [1, 2, 3, 4, 5]
        return self.choices if self.kind in ("single", "multiple") else []


def _code(raw: Any, question: Q) -> str | None:
    try:
        rules.clean_answer(question, raw)
    except ValidationError as e:
        return e.error_dict[question.code][0].code
    return None


@given(st.text(max_size=5))
def test_a_scale_takes_exactly_one_to_five(text: str) -> None:
    question = Q(kind="scale")
    expected_ok = text.strip() in {"1", "2", "3", "4", "5"} or not text.strip()
    assert (_code(text, question) is None) == expected_ok


@given(st.integers(min_value=-1000, max_value=1000), st.integers(0, 99))
def test_a_number_lies_within_the_range(whole: int, cents: int) -> None:
    question = Q(kind="number", minimum=Decimal("-10"), maximum=Decimal("10"))
    value = Decimal(whole) + Decimal(cents) / 100
    code = _code(f"{value:f}", question)
    assert (code is None) == (Decimal(-10) <= value <= Decimal(10))
    if code is None:
        assert Decimal(rules.clean_answer(question, f"{value:f}")) == value


@given(st.lists(st.sampled_from(["a", "b", "c"]), max_size=6))
def test_several_choices_come_back_once_each_in_the_options_order(chosen: list[str]) -> None:
    result = rules.clean_answer(Q(kind="multiple"), chosen)
    assert result == ([o for o in ["a", "b", "c"] if o in chosen] or None)


def test_an_option_not_offered_is_refused() -> None:
    assert _code("d", Q()) == "not_a_choice"
    assert _code(["a", "z"], Q(kind="multiple")) == "not_a_choice"
    assert _code("x" * (rules.TEXT_MAX + 1), Q(kind="text")) == "too_long"


@given(st.integers(0, 500), st.integers(0, 500))
def test_a_rate_is_a_share_in_per_cent(part: int, extra: int) -> None:
    whole = part + extra
    got = rules.rate(part, whole)
    if whole == 0:
        assert got is None
    else:
        assert Decimal(0) <= got <= Decimal(100)
        assert abs(got - Decimal(100 * part) / whole) <= Decimal("0.05")


@given(st.lists(st.sampled_from([1, 2, 3, 4, 5]), max_size=30))
def test_a_summary_counts_every_answer_once(values: list[int]) -> None:
    question = Q(kind="scale")
    summary = rules.summarise(question, [{"q": v} for v in values])
    assert summary.answered == len(values)
    assert sum(n for _v, n in summary.counts) == len(values)
    if values:
        assert abs(summary.mean - Decimal(sum(values)) / len(values)) <= Decimal("0.005")


@given(st.lists(st.sampled_from([1, 2, 3, 4, 5]), min_size=1, max_size=20))
def test_the_same_answers_twice_change_nothing(values: list[int]) -> None:
    answers = [{"q": v} for v in values]
    change = rules.compare(Q(kind="scale"), answers, answers)
    assert change.mean_change == 0
    assert all(delta == 0 for _o, delta in change.share_changes)


def test_missing_names_the_needed_unanswered_questions() -> None:
    questions = [Q(code="a"), Q(code="b", required=False), Q(code="c", kind="multiple")]
    assert rules.missing(questions, {"c": []}) == ["a", "c"]


@pytest.mark.parametrize("typed, stored", [("5,50", "5.5"), ("10", "10"), ("1.234,5", "1234.5")])
def test_a_number_is_stored_plainly(typed: str, stored: str) -> None:
    question = Q(kind="number", maximum=Decimal("99999"))
    assert rules.clean_answer(question, typed) == stored
