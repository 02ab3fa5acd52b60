"""quality.took_part: per KI, whether it submitted for every point that closed in the year."""

from __future__ import annotations

from datetime import date

import pytest

from teilhabe.evaluation import services
from teilhabe.evaluation.quality import took_part

from . import factories
from .factories import VALID

pytestmark = pytest.mark.django_db


def test_it_is_none_without_a_point_closing_in_the_year(bielefeld) -> None:
    result = took_part(2025)
    assert len(result) == 54 and set(result.values()) == {None}


def test_it_needs_every_point_of_the_year(
    eva, anna, carla, bielefeld, dortmund, django_assert_num_queries
) -> None:
    questionnaire = factories.questionnaire(eva)
    spring = factories.closed_point(eva, questionnaire, name="Frühjahr", year=2025)
    autumn = factories.point(
        eva, questionnaire, name="Herbst", opens=date(2025, 9, 1), closes=date(2025, 10, 31)
    )
    factories.point(
        eva, questionnaire, name="2026", opens=date(2026, 3, 1), closes=date(2026, 12, 31)
    )
    services.submit_answers(spring, by=anna, centre=bielefeld, raw=VALID, today=date(2025, 4, 1))
    services.submit_answers(autumn, by=anna, centre=bielefeld, raw=VALID, today=date(2025, 9, 2))
    services.submit_answers(spring, by=carla, centre=dortmund, raw=VALID, today=date(2025, 4, 1))
    services.save_answers(autumn, by=carla, centre=dortmund, raw=VALID, today=date(2025, 9, 2))
    with django_assert_num_queries(3):
        result = took_part(2025, [bielefeld.pk, dortmund.pk])
    assert result == {bielefeld.pk: True, dortmund.pk: False}  # a draft is no taking part
    everyone = took_part(2025)
    assert sum(1 for v in everyone.values() if v is False) == 53
