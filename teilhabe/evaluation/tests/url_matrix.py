"""The evaluation's rows for the shared URL, POST and service matrices: an evaluator account of
its own (the personas' Eva may not exist yet where the objects are made), a draft questionnaire,
a sent one with an open measurement point and a closed one to compare with."""

from __future__ import annotations

from typing import Any

from teilhabe.accounts import services as accounts
from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.core.roles import Role
from teilhabe.evaluation import services
from teilhabe.evaluation.models import MeasurementPoint, Questionnaire

from . import factories


def evaluator() -> User:
    found = User.objects.filter(username="evaluator.matrix").first()
    return found or accounts.create_user(
        "evaluator.matrix", by=None, email="evaluator.matrix@teilhabe.example", role=Role.EVALUATOR
    )


def draft(title: str = "Entwurf") -> Questionnaire:
    found = factories.questionnaire(evaluator(), title=title, questions=False)
    services.add_question(found, by=evaluator(), data=dict(factories.QUESTIONS[1]))
    found.refresh_from_db()
    return found


def frozen(title: str = "Versandt") -> MeasurementPoint:
    return factories.point(
        evaluator(), factories.questionnaire(evaluator(), title=title), name=title
    )


def valid_answers(submit: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {f"q_{k}": v for k, v in factories.VALID.items()}
    return {**data, "lock_version": "0", "action": "submit" if submit else "save"}


def objects(anna: User, bielefeld: Centre) -> dict[str, dict[str, object]]:
    questionnaire = draft()
    question = questionnaire.questions.get()
    point = frozen()
    earlier = factories.closed_point(evaluator(), point.questionnaire, name="Früher", year=2025)
    return {
        "evaluation:dictionary": {"topic": "zentren"},
        "evaluation:dictionary_export": {"topic": "zentren"},
        "evaluation:export": {"topic": "zentren", "fmt": "csv"},
        "evaluation:questionnaire": {"pk": questionnaire.pk},
        "evaluation:questionnaire_edit": {"pk": questionnaire.pk},
        "evaluation:question_add": {"pk": questionnaire.pk},
        "evaluation:question_remove": {"pk": questionnaire.pk, "question_pk": question.pk},
        "evaluation:questionnaire_version": {"pk": point.questionnaire.pk},
        "evaluation:point_add": {"pk": questionnaire.pk},
        "evaluation:point": {"pk": point.pk},
        "evaluation:point_export": {"pk": point.pk, "fmt": "xlsx"},
        "evaluation:compare": {"pk": point.pk, "other": earlier.pk},
        "evaluation:answer": {"pk": point.pk},
    }
