"""Questionnaires and measurement points for the evaluation's tests (through the services)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from teilhabe.accounts.models import User

from .. import services
from ..models import MeasurementPoint, Questionnaire

QUESTIONS: list[dict[str, Any]] = [
    {
        "order": 1,
        "code": "felder",
        "text": "Handlungsfelder?",
        "kind": "multiple",
        "choices": ["Bildung", "Querschnitt", "Ehrenamt"],
    },
    {
        "order": 2,
        "code": "traeger",
        "text": "Freie Träger?",
        "kind": "single",
        "choices": ["Ja", "Nein"],
    },
    {
        "order": 3,
        "code": "stellen",
        "text": "Vollzeitstellen?",
        "kind": "number",
        "minimum": 0,
        "maximum": 30,
    },
    {
        "order": 4,
        "code": "vernetzung",
        "text": "Vernetzung?",
        "kind": "scale",
        "scale_labels": ["gar nicht", "", "", "", "sehr gut"],
    },
    {"order": 5, "code": "notiz", "text": "Was half?", "kind": "text", "required": False},
]
VALID = {
    "felder": ["Bildung", "Ehrenamt"],
    "traeger": "Ja",
    "stellen": "5,5",
    "vernetzung": "4",
    "notiz": "Der Jour fixe mit dem Schulamt.",
}


def questionnaire(
    eva: User, *, title: str = "Bestandsaufnahme", questions: bool = True
) -> Questionnaire:
    found = services.create_questionnaire(
        by=eva, data={"title": title, "purpose": "stock_taking", "description": "Bitte ausfüllen."}
    )
    if questions:
        for data in QUESTIONS:
            services.add_question(found, by=eva, data=data)
        found.refresh_from_db()
    return found


def today() -> date:
    return timezone.localdate()


def point(
    eva: User,
    found: Questionnaire | None = None,
    *,
    name: str = "Messpunkt 1",
    opens: date | None = None,
    closes: date | None = None,
) -> MeasurementPoint:
    found = found or questionnaire(eva)
    opens = opens or today() - timedelta(days=3)
    closes = closes or today() + timedelta(days=30)
    return services.send_questionnaire(
        found,
        by=eva,
        data={"name": name, "opens_on": opens, "closes_on": closes},
        today=min(opens, today()),
    )


def closed_point(eva: User, found: Questionnaire, *, name: str, year: int) -> MeasurementPoint:
    return point(eva, found, name=name, opens=date(year, 3, 1), closes=date(year, 5, 31))
