"""What the evaluation adds: its pages under /evaluation/, the navigation entry (the evaluator
and the coordination office to the overview, a KI to its surveys), start-page tasks and cards,
the demo and the audit actions."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.urls import ResolverMatch, reverse
from django.utils.translation import gettext_lazy

from teilhabe.core import roles
from teilhabe.core.registry import Registry, Step, Todo
from teilhabe.core.roles import AnyUser


def _url(user: AnyUser) -> str | None:
    from . import access

    if access.may_see_rates(user):
        return reverse("evaluation:index")
    if roles.centre_id_of(user) is not None:
        return reverse("evaluation:surveys")
    return None


def _visible(user: AnyUser) -> bool:
    from . import access

    return access.may_see_any(user)


def _on_evaluation(match: ResolverMatch | None, user: AnyUser) -> bool:
    return match is not None and match.app_name == "evaluation"


def _todos(user: AnyUser) -> Iterator[Todo]:
    from .start import survey_todos

    return survey_todos(user)


def _cards(user: AnyUser | None) -> Iterator[Step]:
    from .start import evaluation_cards

    return evaluation_cards(user)


def _demo() -> Iterable[str]:
    from .demo import seed_evaluation_demo

    return seed_evaluation_demo()


def register(registry: Registry) -> None:
    from .quality import PILLAR

    # The pillar "took part in the evaluation" of a KI's quality status (quality.py).
    registry.quality_pillar(PILLAR)
    registry.mount("evaluation/", "teilhabe.evaluation.urls", order=60)
    registry.nav(
        "evaluation",
        order=60,
        label=gettext_lazy("Evaluation"),
        url=_url,
        visible=_visible,
        current=_on_evaluation,
    )
    registry.todos("evaluation", _todos)
    registry.start_cards("evaluation", 60, _cards)
    registry.demo("evaluation", _demo, after=["centres", "accounts"])
    registry.audit_actions(
        "evaluation",
        {
            "questionnaire.created": gettext_lazy("questionnaire created"),
            "questionnaire.updated": gettext_lazy("questionnaire changed"),
            "questionnaire.versioned": gettext_lazy("new version of a questionnaire"),
            "question.added": gettext_lazy("question added to a questionnaire"),
            "question.removed": gettext_lazy("question removed from a questionnaire"),
            "survey.sent": gettext_lazy("questionnaire sent to the KIs"),
            "survey.saved": gettext_lazy("survey answers saved as a draft"),
            "survey.submitted": gettext_lazy("survey answers submitted"),
            "evaluation.exported": gettext_lazy("evaluation data set downloaded"),
        },
    )
