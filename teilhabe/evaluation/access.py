"""Who may see and do what in the evaluation. Forbidden answers like missing: 404.

- The evaluator (external provider) reads the pseudonymised exports, writes the questionnaires,
  sends them for measurement points and reads the answers, the rates and the comparison.
- The coordination office sees the response rates of the measurement points (it organises the
  KIs' participation, domain.md, "Quality assurance"), not the answers.
- A KI sees the surveys open now and its own answers: its staff draft, its head submits.
- Everyone else sees nothing of it.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from teilhabe.core import roles
from teilhabe.core.roles import AnyUser

from .models import MeasurementPoint, Questionnaire, ResponseStatus

RATE_READERS = frozenset({roles.Role.EVALUATOR, roles.Role.COORDINATION})


def may_evaluate(user: AnyUser) -> bool:
    """The evaluator: exports, questionnaires, measurement points, answers."""
    return roles.role_of(user) == roles.Role.EVALUATOR


def may_see_rates(user: AnyUser) -> bool:
    """The evaluator and the coordination office read the response rates."""
    return roles.role_of(user) in RATE_READERS


def may_answer(user: AnyUser, centre_id: int) -> bool:
    """The KI's staff and head keep its draft answers."""
    return roles.is_centre_member(user, centre_id)


def may_submit(user: AnyUser, centre_id: int) -> bool:
    """Only the head of the KI submits its answers (as for every report of the KI)."""
    return roles.is_centre_lead(user, centre_id)


def may_see_any(user: AnyUser) -> bool:
    """The evaluation's pages exist for this user (navigation)."""
    return may_see_rates(user) or roles.centre_id_of(user) is not None


def questionnaire_for(user: AnyUser, pk: int) -> Questionnaire:
    if not may_evaluate(user):
        raise Http404
    return get_object_or_404(Questionnaire, pk=pk)


def point_for(user: AnyUser, pk: int, *, answers: bool = True) -> MeasurementPoint:
    """A measurement point with its answers (the evaluator) or only its rates (also the
    coordination office); 404 for anyone else."""
    allowed = may_evaluate if answers else may_see_rates
    if not allowed(user):
        raise Http404
    return get_object_or_404(MeasurementPoint.objects.select_related("questionnaire"), pk=pk)


def surveys_of(user: AnyUser) -> QuerySet[MeasurementPoint]:
    """The measurement points a KI's people see: those open today and those their KI has
    answered (to read back); none for anyone else."""
    centre_id = roles.centre_id_of(user)
    if centre_id is None:
        return MeasurementPoint.objects.none()
    today = timezone.localdate()
    return (
        MeasurementPoint.objects.filter(
            Q(opens_on__lte=today, closes_on__gte=today) | Q(responses__centre_id=centre_id)
        )
        .distinct()
        .select_related("questionnaire")
    )


def survey_for(user: AnyUser, pk: int) -> MeasurementPoint:
    """A survey the user's KI may answer or read back; 404 otherwise."""
    return get_object_or_404(surveys_of(user), pk=pk)


def submitted(centre_id: int) -> Q:
    return Q(responses__centre_id=centre_id, responses__status=ResponseStatus.SUBMITTED)
