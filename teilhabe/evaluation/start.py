"""The evaluation on the start page: a KI's open surveys as tasks (closing soon says so), the
evaluator's running measurement points with their response rate, and a card each for the
evaluator and the coordination office."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from teilhabe.core import roles
from teilhabe.core.registry import Step, Todo
from teilhabe.core.roles import AnyUser

from . import access, surveys
from .models import MeasurementPoint, Response, ResponseStatus

CLOSING_SOON_DAYS = 7
LIMIT = 10


def survey_todos(user: AnyUser) -> Iterator[Todo]:
    today = timezone.localdate()
    centre_id = roles.centre_id_of(user)
    if centre_id is not None:
        yield from _ki_todos(centre_id, today)
    elif access.may_evaluate(user):
        for point in MeasurementPoint.objects.open_on(today).order_by("closes_on")[:LIMIT]:
            overall = surveys.rates(point)[0]
            rate = overall.rate
            yield Todo(
                _("%(point)s is running: %(done)d of %(all)d KIs answered (%(rate)s %%)")
                % {
                    "point": point.name,
                    "done": overall.submitted,
                    "all": overall.centres,
                    "rate": formats.number_format(rate if rate is not None else 0, 1),
                },
                point.get_absolute_url(),
                due=point.closes_on,
            )


def _ki_todos(centre_id: int, today: object) -> Iterator[Todo]:
    done = Response.objects.filter(centre_id=centre_id, status=ResponseStatus.SUBMITTED)
    points = (
        MeasurementPoint.objects.open_on(today)
        .exclude(pk__in=done.values("point_id"))
        .order_by("closes_on")[:LIMIT]
    )
    for point in points:
        soon = point.closes_on <= today + timedelta(days=CLOSING_SOON_DAYS)  # type: ignore[operator]
        title = (
            _("The survey “%(point)s” closes soon: answer it and let the head submit it")
            if soon
            else _("The survey “%(point)s” is open: answer it for your KI")
        )
        yield Todo(
            title % {"point": point.name},
            reverse("evaluation:answer", args=[point.pk]),
            due=point.closes_on,
        )


def evaluation_cards(user: AnyUser | None) -> Iterator[Step]:
    if user is None:
        return
    if access.may_evaluate(user):
        yield Step(
            _("Evaluation"),
            _(
                "Download the pseudonymised data sets with their dictionaries, write "
                "questionnaires and send them to the KIs."
            ),
            reverse("evaluation:index"),
            _("Open the evaluation"),
        )
    elif access.may_see_rates(user):
        yield Step(
            _("Evaluation surveys"),
            _("See how many KIs answered the evaluator's surveys, by Regierungsbezirk."),
            reverse("evaluation:index"),
            _("Open the response rates"),
        )
