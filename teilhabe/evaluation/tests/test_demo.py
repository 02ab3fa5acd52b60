"""The demo: a questionnaire with every kind of question, last year's point closed with most
KIs' answers, this year's open with some, Bielefeld's a draft; seeding twice adds nothing."""

from __future__ import annotations

from teilhabe.accounts.demo import seed_accounts_demo
from teilhabe.evaluation import surveys
from teilhabe.evaluation.demo import seed_evaluation_demo
from teilhabe.evaluation.models import MeasurementPoint, QuestionKind, Questionnaire, Response


def test_the_demo_shows_two_points_to_compare_and_runs_once(territory) -> None:
    list(seed_accounts_demo())
    list(seed_evaluation_demo())
    questionnaire = Questionnaire.objects.get()
    assert {q.kind for q in questionnaire.questions.all()} == set(QuestionKind)
    earlier, current = MeasurementPoint.objects.order_by("opens_on")
    assert not earlier.is_open() and current.is_open()
    done_before = surveys.rates(earlier)[0]
    done_now = surveys.rates(current)[0]
    assert 40 < done_before.submitted < 54
    assert 0 < done_now.submitted < done_before.submitted and done_now.drafts > 0
    bielefeld = Response.objects.get(point=current, centre__grantee__key="05711")
    assert not bielefeld.is_submitted
    assert any(row.change.mean_change for row in surveys.comparison(earlier, current))
    rows = Response.objects.count()
    list(seed_evaluation_demo())
    assert Response.objects.count() == rows and MeasurementPoint.objects.count() == 2
