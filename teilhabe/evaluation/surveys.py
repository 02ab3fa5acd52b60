"""Reading a measurement point: response rates (overall and by Regierungsbezirk), the answers
summed up per question, the comparison of two points, and the answers as a data set. A fixed
number of queries each, whatever the number of KIs or answers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from teilhabe.centres.models import Centre
from teilhabe.core.exports import Column

from . import rules
from .files import Field
from .models import CHOICE_KINDS, MeasurementPoint, Question, QuestionKind, Response, ResponseStatus


@dataclass(frozen=True)
class Rate:
    label: str
    centres: int
    submitted: int
    drafts: int

    @property
    def rate(self) -> Decimal | None:
        return rules.rate(self.submitted, self.centres)


def rates(point: MeasurementPoint) -> tuple[Rate, list[Rate]]:
    """All KIs and each Regierungsbezirk: how many KIs submitted, how many have a draft."""
    regions = dict(Centre.objects.values_list("pk", "grantee__district__regierungsbezirk__name"))
    states = dict(point.responses.values_list("centre_id", "status"))
    by_region: dict[str, list[str | None]] = {}
    for centre_id, region in regions.items():
        by_region.setdefault(region, []).append(states.get(centre_id))

    def rate(label: str, found: list[str | None]) -> Rate:
        return Rate(
            label,
            len(found),
            found.count(ResponseStatus.SUBMITTED),
            found.count(ResponseStatus.DRAFT),
        )

    overall = rate(str(_("All KIs")), [states.get(pk) for pk in regions])
    return overall, [rate(name, found) for name, found in sorted(by_region.items())]


def questions_of(point: MeasurementPoint) -> list[Question]:
    return list(point.questionnaire.questions.all())


def submitted(point: MeasurementPoint) -> list[Response]:
    """The submitted answers (drafts are the KI's own until submitted)."""
    return list(
        point.responses.filter(status=ResponseStatus.SUBMITTED)
        .select_related("centre__grantee__district__regierungsbezirk")
        .order_by("centre__grantee__key")
    )


@dataclass(frozen=True)
class Summed:
    question: Question
    summary: rules.Summary

    @property
    def labelled(self) -> list[tuple[str, int]]:
        """The counts per option, a scale's values with their labels ("5 – sehr gut")."""
        if self.question.kind == QuestionKind.SCALE:
            return [(self.question.scale_label(v), n) for v, n in self.summary.counts]
        return [(str(v), n) for v, n in self.summary.counts]


def summaries(point: MeasurementPoint) -> list[Summed]:
    answers = [r.answers for r in submitted(point)]
    return [Summed(q, rules.summarise(q, answers)) for q in questions_of(point)]


@dataclass(frozen=True)
class ComparedOption:
    label: str  # a scale's value with its words ("5 – sehr gut")
    first: int  # KIs that chose it at the first point ...
    first_share: Decimal | None  # ... as a share of those who answered, in per cent
    second: int
    second_share: Decimal | None
    change: Decimal | None  # in percentage points


@dataclass(frozen=True)
class Compared:
    question: Question
    change: rules.Change

    @property
    def options(self) -> list[ComparedOption]:
        """Each option with its count and share at both points: the change in percentage
        points reads against the shares, not against the counts (46 of 46 and 18 of 18 is no
        change)."""
        a, b = self.change.first, self.change.second
        before, after = dict(a.counts), dict(b.counts)
        scale = self.question.kind == QuestionKind.SCALE
        return [
            ComparedOption(
                self.question.scale_label(option) if scale else str(option),
                before.get(option, 0),
                a.share(option),
                after.get(option, 0),
                b.share(option),
                change,
            )
            for option, change in self.change.share_changes
        ]


def comparison(first: MeasurementPoint, second: MeasurementPoint) -> list[Compared]:
    """Each question of the second point that the first asked too (same code and kind)."""
    before = {q.code: q for q in questions_of(first)}
    first_answers = [r.answers for r in submitted(first)]
    second_answers = [r.answers for r in submitted(second)]
    rows = []
    for question in questions_of(second):
        earlier = before.get(question.code)
        if earlier is None or earlier.kind != question.kind:
            continue
        rows.append(Compared(question, rules.compare(question, first_answers, second_answers)))
    return rows


# --- the answers as a data set -----------------------------------------------------------


def _allowed(question: Question) -> str:
    if question.kind in CHOICE_KINDS:
        return "; ".join(question.choices)
    if question.kind == QuestionKind.SCALE:
        return "; ".join(question.scale_label(n) for n in rules.SCALE)
    if question.kind == QuestionKind.NUMBER:
        low = "" if question.minimum is None else str(question.minimum)
        high = "" if question.maximum is None else str(question.maximum)
        return f"{low} – {high}" if low or high else ""
    return str(_("at most %(n)d characters") % {"n": rules.TEXT_MAX})


def _value(code: str, kind: str) -> Any:
    def value(response: Response) -> Any:
        answer = response.answers.get(code)
        if isinstance(answer, list):
            return "; ".join(str(a) for a in answer)
        return answer

    return value


KINDS = {"number": "decimal", "scale": "integer"}


def answer_fields(questions: Sequence[Question]) -> list[Field]:
    """The columns of a point's answers: the KI, then one column per question (its code)."""
    fields = [
        Field(
            Column(_("KI key"), lambda r: r.centre.grantee.key),
            _("Official key of the KI's Kreis or kreisfreie Stadt."),
            "territory.Grantee.key",
        ),
        Field(
            Column(_("KI"), lambda r: r.centre.name), _("Name of the KI."), "centres.Centre.name"
        ),
        Field(
            Column(
                _("Regierungsbezirk"), lambda r: r.centre.grantee.district.regierungsbezirk.name
            ),
            _("The KI's Regierungsbezirk."),
            "territory.Regierungsbezirk.name",
        ),
        Field(
            Column(_("Submitted on"), lambda r: r.submitted_at, "date"),
            _("Day the head of the KI submitted the answers."),
            "evaluation.Response.submitted_at",
        ),
    ]
    for q in questions:
        fields.append(
            Field(
                Column(q.code, _value(q.code, q.kind), KINDS.get(q.kind, "text")),  # type: ignore[arg-type]
                q.text,
                f"evaluation.Response.answers[{q.code}]",
                _allowed(q),
                free_text=q.kind == QuestionKind.TEXT,
                type_label=q.get_kind_display(),
            )
        )
    return fields
