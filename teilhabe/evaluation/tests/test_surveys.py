"""Questionnaires, measurement points and a KI's answers: the services' rules and the pages."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from teilhabe.core.models import AuditEvent
from teilhabe.evaluation import services
from teilhabe.evaluation.models import QuestionnaireStatus, Response, ResponseStatus

from . import factories
from .factories import VALID

pytestmark = pytest.mark.django_db


def _code(excinfo: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    error = excinfo.value
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors if e.code}
    return {e.code for e in error.error_list if e.code}


def test_it_freezes_the_questionnaire_when_it_is_sent(eva) -> None:
    point = factories.point(eva)
    questionnaire = point.questionnaire
    questionnaire.refresh_from_db()
    assert questionnaire.status == QuestionnaireStatus.FROZEN
    with pytest.raises(ValidationError) as e:
        services.add_question(
            questionnaire, by=eva, data={"code": "neu", "text": "?", "kind": "text"}
        )
    assert _code(e) == {"frozen"}
    assert AuditEvent.objects.filter(action="survey.sent").count() == 1


def test_it_makes_a_new_version_with_the_same_questions(eva) -> None:
    point = factories.point(eva)
    copy = services.new_version(point.questionnaire, by=eva)
    assert copy.version == 2 and copy.is_draft and copy.previous == point.questionnaire
    assert [q.code for q in copy.questions.all()] == [q["code"] for q in factories.QUESTIONS]
    with pytest.raises(ValidationError) as e:
        services.new_version(copy, by=eva)
    assert _code(e) == {"still_draft"}


def test_it_checks_what_each_kind_of_question_needs(eva) -> None:
    draft = factories.questionnaire(eva, questions=False)
    cases = [
        ({"code": "a", "text": "?", "kind": "single", "choices": ["nur eine"]}, "options_needed"),
        ({"code": "b", "text": "?", "kind": "multiple", "choices": ["x", "X"]}, "duplicate_option"),
        (
            {"code": "c", "text": "?", "kind": "number", "minimum": 5, "maximum": 1},
            "range_reversed",
        ),
        (
            {"code": "d", "text": "?", "kind": "scale", "scale_labels": ["", "", "", "", "gut"]},
            "scale_labels",
        ),
    ]
    for data, code in cases:
        with pytest.raises(ValidationError) as e:
            services.add_question(draft, by=eva, data=data)
        assert _code(e) == {code}, data
    assert not draft.questions.exists()


def test_it_refuses_to_send_an_empty_questionnaire_or_a_closed_period(eva) -> None:
    empty = factories.questionnaire(eva, questions=False)
    with pytest.raises(ValidationError) as e:
        factories.point(eva, empty)
    assert _code(e) == {"no_questions"}
    full = factories.questionnaire(eva, title="Prozess")
    today = factories.today()
    with pytest.raises(ValidationError) as e:
        services.send_questionnaire(
            full,
            by=eva,
            data={
                "name": "Zu spät",
                "opens_on": today - timedelta(10),
                "closes_on": today - timedelta(1),
            },
        )
    assert _code(e) == {"closes_in_past"}


def test_staff_save_a_draft_and_only_the_head_submits(kai, anna, bielefeld, open_point) -> None:
    draft = services.save_answers(open_point, by=kai, centre=bielefeld, raw={"traeger": "Ja"})
    assert draft.status == ResponseStatus.DRAFT and draft.answers == {"traeger": "Ja"}
    with pytest.raises(ValidationError) as e:
        services.submit_answers(open_point, by=kai, centre=bielefeld, raw=VALID)
    assert _code(e) == {"lead_only"}
    done = services.submit_answers(open_point, by=anna, centre=bielefeld, raw=VALID)
    assert done.status == ResponseStatus.SUBMITTED
    assert done.answers["stellen"] == "5.5" and done.answers["vernetzung"] == 4
    with pytest.raises(ValidationError) as e:
        services.save_answers(open_point, by=kai, centre=bielefeld, raw={"traeger": "Nein"})
    assert _code(e) == {"already_submitted"}


def test_a_submission_needs_every_needed_answer(anna, bielefeld, open_point) -> None:
    with pytest.raises(ValidationError) as e:
        services.submit_answers(open_point, by=anna, centre=bielefeld, raw={"traeger": "Ja"})
    assert set(e.value.error_dict) == {"felder", "stellen", "vernetzung"}  # notiz is optional
    assert _code(e) == {"answers_missing"}
    assert not Response.objects.filter(status=ResponseStatus.SUBMITTED).exists()


def test_it_checks_every_answer_by_its_kind(kai, bielefeld, open_point) -> None:
    raw = {"felder": ["Sport"], "traeger": "Vielleicht", "stellen": "31", "vernetzung": "6"}
    with pytest.raises(ValidationError) as e:
        services.save_answers(open_point, by=kai, centre=bielefeld, raw=raw)
    codes = {code: {x.code for x in errors} for code, errors in e.value.error_dict.items()}
    assert codes == {
        "felder": {"not_a_choice"},
        "traeger": {"not_a_choice"},
        "stellen": {"out_of_range"},
        "vernetzung": {"not_on_scale"},
    }
    assert not Response.objects.exists()  # the row made for the first save is rolled back


def test_two_editors_never_overwrite_each_other(kai, anna, bielefeld, open_point) -> None:
    first = services.save_answers(open_point, by=kai, centre=bielefeld, raw={"traeger": "Ja"})
    seen = first.lock_version
    services.save_answers(
        open_point, by=anna, centre=bielefeld, raw={"traeger": "Nein"}, expected_version=seen
    )
    with pytest.raises(ValidationError) as e:
        services.save_answers(
            open_point, by=kai, centre=bielefeld, raw={"traeger": "Ja"}, expected_version=seen
        )
    assert _code(e) == {"stale"}
    assert Response.objects.get().answers == {"traeger": "Nein"}


def test_a_closed_survey_takes_no_answers(eva, kai, bielefeld) -> None:
    point = factories.closed_point(eva, factories.questionnaire(eva), name="2025", year=2025)
    with pytest.raises(ValidationError) as e:
        services.save_answers(point, by=kai, centre=bielefeld, raw={"traeger": "Ja"})
    assert _code(e) == {"survey_closed"}
    ok = services.save_answers(
        point, by=kai, centre=bielefeld, raw={"traeger": "Ja"}, today=date(2025, 4, 1)
    )
    assert ok.answers == {"traeger": "Ja"}


def test_the_form_keeps_what_was_typed_on_an_error(kai, open_point, verified_client) -> None:
    client = verified_client(kai)
    url = reverse("evaluation:answer", args=[open_point.pk])
    response = client.post(
        url,
        {
            "q_stellen": "zwölfeinhalb",
            "q_notiz": "Unser Jour fixe",
            "lock_version": "0",
            "action": "save",
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "zwölfeinhalb" in html and "Unser Jour fixe" in html
    assert not Response.objects.exists()
    response = client.post(url, {"q_stellen": "12,5", "q_felder": ["Bildung"], "lock_version": "0"})
    assert response.status_code == 302
    assert Response.objects.get().answers == {"stellen": "12.5", "felder": ["Bildung"]}
    # Shown again as a German page writes it ("12,5", as the hint asks), not as stored ("12.5"),
    # and saved again unchanged it stays the same number.
    page = client.get(url).content.decode()
    assert 'value="12,5"' in page and 'value="12.5"' not in page
    again = {"q_stellen": "12,5", "q_felder": ["Bildung"], "lock_version": "1"}
    assert client.post(url, again).status_code == 302
    assert Response.objects.get().answers["stellen"] == "12.5"


def test_the_head_submits_through_the_page(anna, open_point, verified_client) -> None:
    data = {f"q_{k}": v for k, v in VALID.items()}
    response = verified_client(anna).post(
        reverse("evaluation:answer", args=[open_point.pk]),
        {**data, "lock_version": "0", "action": "submit"},
    )
    assert response.status_code == 302
    assert Response.objects.get().is_submitted


def test_a_ki_sees_only_its_own_answers(
    kai, carla, anna, bielefeld, dortmund, open_point, verified_client
) -> None:
    services.save_answers(open_point, by=kai, centre=bielefeld, raw={"notiz": "Nur Bielefeld"})
    page = verified_client(carla).get(reverse("evaluation:answer", args=[open_point.pk]))
    assert page.status_code == 200 and "Nur Bielefeld" not in page.content.decode()
    own = verified_client(anna).get(reverse("evaluation:answer", args=[open_point.pk]))
    assert "Nur Bielefeld" in own.content.decode()


def test_the_evaluator_sees_rates_by_regierungsbezirk_and_the_coordination_office_no_answers(
    eva, lars, anna, bielefeld, open_point, verified_client
) -> None:
    services.submit_answers(open_point, by=anna, centre=bielefeld, raw=VALID)
    url = reverse("evaluation:point", args=[open_point.pk])
    evaluator = verified_client(eva).get(url).content.decode()
    assert "Detmold" in evaluator and "1 von 54 KIs haben ihre Antworten eingereicht" in evaluator
    assert "Der Jour fixe mit dem Schulamt." in evaluator
    office = verified_client(lars).get(url).content.decode()
    assert "Detmold" in office and "Der Jour fixe mit dem Schulamt." not in office


def test_it_compares_two_points_question_by_question(
    eva, anna, carla, bielefeld, dortmund, verified_client
) -> None:
    questionnaire = factories.questionnaire(eva)
    first = factories.closed_point(eva, questionnaire, name="Erste Messung", year=2025)
    services.submit_answers(
        first, by=anna, centre=bielefeld, raw={**VALID, "vernetzung": "2"}, today=date(2025, 4, 1)
    )
    second = factories.point(eva, questionnaire, name="Zweite Messung")
    services.submit_answers(second, by=anna, centre=bielefeld, raw=VALID)
    services.submit_answers(second, by=carla, centre=dortmund, raw={**VALID, "felder": ["Bildung"]})
    page = verified_client(eva).get(reverse("evaluation:compare", args=[second.pk, first.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Erste Messung" in html and "(change 2,00)" in html.replace("Veränderung", "change")
    # Each count beside its share, so that the change in percentage points can be read:
    # "Ehrenamt" 1 of 1 KI (100 %), then 1 of 2 (50 %), is 50 points less.
    rows = {row.question.code: row for row in page.context["rows"]}
    ehrenamt = next(o for o in rows["felder"].options if o.label == "Ehrenamt")
    assert (ehrenamt.first, ehrenamt.first_share) == (1, Decimal("100.0"))
    assert (ehrenamt.second, ehrenamt.second_share, ehrenamt.change) == (
        1,
        Decimal("50.0"),
        Decimal("-50.0"),
    )
    assert "1 (100,0 %)" in html and "1 (50,0 %)" in html
    # A scale's values with their words, as on the point's page.
    assert rows["vernetzung"].options[0].label == "1 – gar nicht"


def test_the_overview_and_the_point_take_a_fixed_number_of_queries(
    eva, anna, bielefeld, dortmund, open_point, verified_client, django_assert_max_num_queries
) -> None:
    client = verified_client(eva)
    services.submit_answers(open_point, by=anna, centre=bielefeld, raw=VALID)
    with django_assert_max_num_queries(16):
        assert client.get(reverse("evaluation:point", args=[open_point.pk])).status_code == 200
    factories.point(eva, factories.questionnaire(eva, title="Zweite"), name="Messpunkt 2")
    with django_assert_max_num_queries(16):
        assert client.get(reverse("evaluation:index")).status_code == 200


def test_the_start_page_reminds_the_ki_and_shows_the_evaluator_the_rate(
    eva, kai, anna, bielefeld, open_point, verified_client
) -> None:
    start = reverse("pages:start")
    assert "Messpunkt 1" in verified_client(kai).get(start).content.decode()
    assert "0 von 54 KIs haben geantwortet" in verified_client(eva).get(start).content.decode()
    services.submit_answers(open_point, by=anna, centre=bielefeld, raw=VALID)
    assert "Messpunkt 1" not in verified_client(kai).get(start).content.decode()
