"""The evaluation in the demo: the evaluator's questionnaire "Bestandsaufnahme" with a question
of every kind, sent for two measurement points — last year's (closed, most KIs answered) and
this year's (open now: some KIs submitted, some have drafts, the rest have not started; KI
Bielefeld has a draft, so Anna sees the task, Kai the form). The answers differ between the
points, so the comparison shows a change.

Through the services, as Eva and the KIs' heads, with the day each step happened; idempotent:
what exists is left alone.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from teilhabe.accounts.models import User
from teilhabe.centres.demo import lead_of
from teilhabe.centres.models import Centre
from teilhabe.core.roles import Role

from . import services
from .models import MeasurementPoint, Questionnaire, Response

TITLE = "Bestandsaufnahme"
FOCUS = [
    "Bildung entlang der Bildungskette",
    "Integration als kommunale Querschnittsaufgabe",
    "Koordination des Ehrenamts",
    "Kommunales Integrationsmanagement",
]
PARTNERS = ["Ja, mit schriftlicher Vereinbarung", "Ja, ohne Vereinbarung", "Nein"]
QUESTIONS: list[dict[str, Any]] = [
    {
        "order": 10,
        "code": "schwerpunkte",
        "text": "In welchen Handlungsfeldern arbeitet das KI?",
        "hint": "Mehrere Antworten möglich.",
        "kind": "multiple",
        "required": True,
        "choices": FOCUS,
    },
    {
        "order": 20,
        "code": "freie-traeger",
        "text": "Arbeitet das KI mit freien Trägern zusammen?",
        "kind": "single",
        "required": True,
        "choices": PARTNERS,
    },
    {
        "order": 30,
        "code": "vollzeitstellen",
        "text": "Wie viele Vollzeitstellen des KI sind besetzt?",
        "hint": "In Vollzeitäquivalenten, z. B. 5,5.",
        "kind": "number",
        "required": True,
        "minimum": 0,
        "maximum": 30,
    },
    {
        "order": 40,
        "code": "vernetzung",
        "text": "Wie gut ist das KI in der Kommune vernetzt?",
        "kind": "scale",
        "required": True,
        "scale_labels": ["gar nicht", "kaum", "teils", "gut", "sehr gut"],
    },
    {
        "order": 50,
        "code": "gelingensbedingungen",
        "text": "Was hat die Arbeit im letzten Jahr besonders erleichtert?",
        "kind": "text",
        "required": False,
    },
]
TEXTS = [
    "Die feste Zusammenarbeit mit dem Schulamt und ein gemeinsamer Jour fixe.",
    "Die Sprachmittlerinnen und Sprachmittler des Pools waren schnell verfügbar.",
    "Der Integrationsrat hat die Schwerpunkte im Konzept mitgetragen.",
    "",
]


def _pick(key: str, salt: str, n: int) -> int:
    """A number 0..n-1 fixed by the KI and the question: the same demo on every run."""
    return int(hashlib.sha256(f"{key}:{salt}".encode()).hexdigest()[:8], 16) % n


def _answers(key: str, later: bool) -> dict[str, Any]:
    shift = 1 if later else 0  # a year on: networks grow, positions are filled
    focus = [f for i, f in enumerate(FOCUS) if _pick(key, f"f{i}", 3) or i == 0]
    return {
        "schwerpunkte": focus if not later else FOCUS[: max(len(focus), 3)],
        "freie-traeger": PARTNERS[max(0, _pick(key, "p", 3) - shift)],
        "vollzeitstellen": str(4 + _pick(key, "v", 3) + shift) + ",5" * _pick(key, "h", 2),
        "vernetzung": str(min(5, 2 + _pick(key, "n", 3) + shift)),
        "gelingensbedingungen": TEXTS[_pick(key, "t", len(TEXTS))],
    }


def _questionnaire(eva: User) -> Questionnaire:
    found = Questionnaire.objects.filter(title=TITLE, version=1).first()
    if found is not None:
        return found
    questionnaire = services.create_questionnaire(
        by=eva,
        data={
            "title": TITLE,
            "purpose": "stock_taking",
            "description": "Die Bestandsaufnahme fragt jedes Jahr, wie die KIs aufgestellt sind "
            "und wie sie arbeiten. Die Leitung reicht die Antworten ein.",
        },
    )
    for question in QUESTIONS:
        services.add_question(questionnaire, by=eva, data=question)
    return questionnaire


def _point(questionnaire: Questionnaire, eva: User, name: str, opens: date, closes: date) -> Any:
    found = MeasurementPoint.objects.filter(name=name).first()
    if found is not None:
        return found
    return services.send_questionnaire(
        questionnaire,
        by=eva,
        data={"name": name, "opens_on": opens, "closes_on": closes},
        today=opens - timedelta(days=7),
    )


def _answer(
    point: MeasurementPoint, centre: Centre, *, later: bool, submit: bool, by: User
) -> None:
    if Response.objects.filter(point=point, centre=centre).exists():
        return
    day = min(
        point.closes_on, point.opens_on + timedelta(days=10 + _pick(centre.grantee.key, "d", 20))
    )
    day = min(day, max(point.opens_on, timezone.localdate()))
    step = services.submit_answers if submit else services.save_answers
    step(
        point,
        by=by,
        centre=centre,
        raw=_answers(centre.grantee.key, later),
        today=day,
    )


def seed_evaluation_demo() -> Iterator[str]:
    eva = User.objects.filter(username="eva", role=Role.EVALUATOR).first()
    if eva is None:
        return
    today = timezone.localdate()
    questionnaire = _questionnaire(eva)
    earlier = _point(
        questionnaire,
        eva,
        f"{TITLE} {today.year - 1}",
        date(today.year - 1, 3, 1),
        date(today.year - 1, 5, 31),
    )
    current = _point(
        questionnaire,
        eva,
        f"{TITLE} {today.year}",
        today - timedelta(days=14),
        today + timedelta(days=28),
    )
    kai = User.objects.filter(username="kai").first()
    for n, centre in enumerate(Centre.objects.select_related("grantee").order_by("grantee__key")):
        key = centre.grantee.key
        lead = lead_of(centre)
        if n % 7 != 3:  # most KIs answered last year
            _answer(earlier, centre, later=False, submit=True, by=lead)
        if key == "05711":  # KI Bielefeld: Kai has begun this year's answers
            _answer(current, centre, later=True, submit=False, by=kai or lead)
        elif n % 3 == 0:
            _answer(current, centre, later=True, submit=True, by=lead)
        elif n % 3 == 1 and n % 2 == 0:
            _answer(current, centre, later=True, submit=False, by=lead)
    submitted = Response.objects.filter(status="submitted").count()
    yield f"Evaluation: {questionnaire}, 2 measurement points, {submitted} answers submitted"
