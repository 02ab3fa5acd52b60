"""The survey's rules as pure functions: what an answer of each kind of question may be, what
a submission needs, and the figures the evaluator reads (distribution, mean, response rate,
change between two measurement points).

Nothing here reads the database: a question is anything with `code`, `kind`, `required`,
`options`, `minimum` and `maximum`; answers are the stored form (`Response.answers`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from teilhabe.core.money import parse_decimal

TEXT_MAX = 3000  # characters of a text answer
NUMBER_DIGITS, NUMBER_PLACES = 12, 2
SCALE = (1, 2, 3, 4, 5)
ONE_PLACE = Decimal("0.1")
TWO_PLACES = Decimal("0.01")


class QuestionLike(Protocol):
    code: str
    kind: str
    required: bool
    minimum: Decimal | None
    maximum: Decimal | None

    @property
    def options(self) -> list[Any]: ...


def _refuse(question: QuestionLike, message: Any, code: str) -> ValidationError:
    return ValidationError({question.code: ValidationError(message, code=code)})


def _choice(question: QuestionLike, value: str) -> str:
    if value not in question.options:
        raise _refuse(question, _("Choose one of the options shown."), "not_a_choice")
    return value


def clean_answer(question: QuestionLike, raw: Any) -> Any:
    """The answer to store for what was typed, or None for no answer.

    Codes: `not_a_choice` (an option the question does not offer), `not_on_scale` (not 1–5),
    `invalid_number`/`out_of_range`/`too_many_places` (a number, within the question's range,
    at most two decimals), `too_long` (a text over TEXT_MAX characters)."""
    kind = question.kind
    if kind == "multiple":
        values = raw if isinstance(raw, list | tuple) else ([raw] if raw else [])
        chosen = {_choice(question, str(v)) for v in values if str(v).strip()}
        return [option for option in question.options if option in chosen] or None
    if isinstance(raw, list | tuple):
        raw = raw[-1] if raw else ""
    text = str(raw if raw is not None else "").strip()
    if not text:
        return None
    if kind == "single":
        return _choice(question, text)
    if kind == "scale":
        if text not in {str(n) for n in SCALE}:
            raise _refuse(question, _("Choose a value from 1 to 5."), "not_on_scale")
        return int(text)
    if kind == "number":
        number = parse_decimal(
            text,
            question.code,
            max_digits=NUMBER_DIGITS,
            places=NUMBER_PLACES,
            min=question.minimum,
            max=question.maximum,
            german=True,
        )
        return format(number.normalize(), "f")  # 5.50 → 5.5, 10.00 → 10
    if len(text) > TEXT_MAX:
        raise _refuse(
            question,
            _("At most %(n)d characters, please.") % {"n": TEXT_MAX},
            "too_long",
        )
    return text


def clean_answers(
    questions: Iterable[QuestionLike], raw: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, list[ValidationError]]]:
    """Every answer cleaned (unanswered ones left out) and the errors by question code: one
    wrong answer never stops the others from being read."""
    answers: dict[str, Any] = {}
    errors: dict[str, list[ValidationError]] = {}
    for question in questions:
        try:
            value = clean_answer(question, raw.get(question.code))
        except ValidationError as e:
            errors.setdefault(question.code, []).extend(e.error_dict[question.code])
            continue
        if value is not None:
            answers[question.code] = value
    return answers, errors


def missing(questions: Iterable[QuestionLike], answers: Mapping[str, Any]) -> list[str]:
    """The codes of the questions a submission needs but that have no answer."""
    return [q.code for q in questions if q.required and answers.get(q.code) in (None, "", [])]


def rate(part: int, whole: int) -> Decimal | None:
    """`part` of `whole` in per cent with one decimal (half up); None when there is no whole."""
    if whole <= 0:
        return None
    return (Decimal(100) * part / whole).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def _numbers(question: QuestionLike, answers: Iterable[Mapping[str, Any]]) -> list[Decimal]:
    values = [a.get(question.code) for a in answers]
    return [Decimal(str(v)) for v in values if v not in (None, "")]


def mean(values: Sequence[Decimal]) -> Decimal | None:
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Summary:
    """The answers to one question at one measurement point."""

    code: str
    answered: int
    counts: list[tuple[Any, int]] = field(default_factory=list)  # per option, in order
    mean: Decimal | None = None  # number and scale questions
    texts: list[str] = field(default_factory=list)  # text questions

    def share(self, option: Any) -> Decimal | None:
        return rate(dict(self.counts).get(option, 0), self.answered)


def summarise(question: QuestionLike, answers: Sequence[Mapping[str, Any]]) -> Summary:
    """How the KIs answered `question`: the count per option (a KI choosing several counts
    once for each), the mean of numbers and scales, the texts."""
    given = [a[question.code] for a in answers if a.get(question.code) not in (None, "", [])]
    kind = question.kind
    counts: list[tuple[Any, int]] = []
    if kind in ("single", "multiple", "scale"):
        tally: dict[Any, int] = dict.fromkeys(question.options, 0)
        for value in given:
            for one in value if isinstance(value, list) else [value]:
                if one in tally:
                    tally[one] += 1
        counts = list(tally.items())
    average = mean(_numbers(question, answers)) if kind in ("number", "scale") else None
    texts = [str(v) for v in given] if kind == "text" else []
    return Summary(question.code, len(given), counts, average, texts)


@dataclass(frozen=True)
class Change:
    """One question at two measurement points: each summary and the change from the first to
    the second (mean in points, share of each option in percentage points)."""

    first: Summary
    second: Summary
    mean_change: Decimal | None
    share_changes: list[tuple[Any, Decimal | None]]


def compare(
    question: QuestionLike,
    first: Sequence[Mapping[str, Any]],
    second: Sequence[Mapping[str, Any]],
) -> Change:
    a, b = summarise(question, first), summarise(question, second)
    mean_change = b.mean - a.mean if a.mean is not None and b.mean is not None else None
    shares = []
    for option, _count in b.counts:
        before, after = a.share(option), b.share(option)
        shares.append(
            (option, after - before if before is not None and after is not None else None)
        )
    return Change(a, b, mean_change, shares)
