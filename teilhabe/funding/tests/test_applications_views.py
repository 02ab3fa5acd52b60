"""The KI's application pages: forms keep what was typed, stale edits are explained, other KIs
see nothing, lists carry a fixed number of queries."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from teilhabe.funding.models import Application, ApplicationStatus, InformationRequest
from teilhabe.funding.services import applications as services

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):  # type: ignore[no-untyped-def]
    """The assertions read the English source texts (German is the default language)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def edit_post(application: Application, **changes: str) -> dict[str, str]:
    """The edit form as the browser sends it, from the stored application."""
    data = {
        "lock_version": str(application.lock_version),
        "concept": str(application.concept_id or ""),
        "council_resolution_date": str(application.council_resolution_date or ""),
        "teachers_requested": str(application.teachers_requested),
        "interpreter_pool_cost": str(application.interpreter_pool_cost),
        "own_rooms": str(application.own_rooms),
        "own_administration": str(application.own_administration),
        "own_materials": str(application.own_materials),
        "own_project_funds": str(application.own_project_funds),
        "own_contribution_notes": application.own_contribution_notes,
        "work_plan_education": application.work_plan_education,
        "work_plan_cross_cutting": application.work_plan_cross_cutting,
    }
    positions = list(application.positions.order_by("order"))
    data.update(
        {
            "positions-TOTAL_FORMS": str(len(positions) + 1),
            "positions-INITIAL_FORMS": str(len(positions)),
            "positions-MIN_NUM_FORMS": "0",
            "positions-MAX_NUM_FORMS": "40",
        }
    )
    for i, p in enumerate(positions):
        data.update(
            {
                f"positions-{i}-title": p.title,
                f"positions-{i}-category": p.category,
                f"positions-{i}-fte": str(p.fte),
                f"positions-{i}-start_date": str(p.start_date or ""),
                f"positions-{i}-end_date": str(p.end_date or ""),
                f"positions-{i}-annual_cost": str(p.annual_cost),
            }
        )
    return {**data, **changes}


def test_it_creates_a_draft_and_refuses_a_second_for_the_same_year(kai, bielefeld, verified_client):
    client = verified_client(kai)
    url = reverse("funding:application_new")
    factories.open_window(2025, 2026)
    response = client.post(url, {"first_year": "2026", "last_year": "2026"})
    application = Application.objects.get()
    assert response["Location"] == reverse("funding:application_edit", args=[application.pk])
    response = client.post(url, {"first_year": "2025", "last_year": "2026"})
    page = response.content.decode()
    assert response.status_code == 200 and f"no. {application.pk}" in page
    assert 'value="2025"' in page  # what was typed stays


def test_it_explains_too_many_years_next_to_the_field(kai, verified_client):
    response = verified_client(kai).post(
        reverse("funding:application_new"), {"first_year": "2026", "last_year": "2030"}
    )
    assert "at most 3 funding years" in response.content.decode()
    assert not Application.objects.exists()


def test_it_saves_the_draft_from_the_form(kai, bielefeld, verified_client):
    application = factories.application(bielefeld)
    response = verified_client(kai).post(
        reverse("funding:application_edit", args=[application.pk]),
        edit_post(
            application,
            own_rooms="21000.50",
            **{
                "positions-4-title": "Projektstelle",
                "positions-4-category": "pedagogical",
                "positions-4-fte": "0.5",
                "positions-4-annual_cost": "30000",
                "positions-1-DELETE": "on",
            },
        ),
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert str(application.own_rooms) == "21000.50"
    assert application.lock_version == 2
    assert [p.title for p in application.positions.order_by("order")] == [
        "Leitung",
        "Verwaltung",
        "Assistenz",
        "Projektstelle",
    ]


def test_it_keeps_the_input_and_marks_the_field_on_bad_input(kai, bielefeld, verified_client):
    application = factories.application(bielefeld)
    response = verified_client(kai).post(
        reverse("funding:application_edit", args=[application.pk]),
        edit_post(application, work_plan_education="Mein neuer Text", **{"positions-0-fte": "1,7"}),
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "Mein neuer Text" in page and 'value="1,7"' in page
    assert 'href="#id_positions-0-fte"' in page
    application.refresh_from_db()
    assert application.lock_version == 1


def test_it_explains_a_stale_edit_keeps_the_input_and_lets_a_second_save_win(
    anna, kai, bielefeld, verified_client
):
    application = factories.application(bielefeld)
    stale = edit_post(application, work_plan_education="Kais Fassung")
    services.save_draft(
        application,
        by=anna,
        data={"work_plan_education": "Annas Fassung"},
        positions=[
            {n: getattr(p, n) for n in services.POSITION_FIELDS}
            for p in application.positions.order_by("order")
        ],
        expected_version=1,
    )
    client = verified_client(kai)
    url = reverse("funding:application_edit", args=[application.pk])
    response = client.post(url, stale)
    page = response.content.decode()
    assert response.status_code == 422
    assert "Anna Test changed this application" in page
    assert "Kais Fassung" in page
    assert 'name="lock_version" value="2"' in page
    application.refresh_from_db()
    assert application.work_plan_education == "Annas Fassung"

    assert client.post(url, {**stale, "lock_version": "2"}).status_code == 302
    application.refresh_from_db()
    assert application.work_plan_education == "Kais Fassung"


def test_it_adds_a_position_row_without_javascript_and_saves_nothing(
    kai, bielefeld, verified_client
):
    application = factories.application(bielefeld)
    response = verified_client(kai).post(
        reverse("funding:application_edit", args=[application.pk]),
        edit_post(application, own_rooms="1.00", add_row="1"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="positions-5-title"' in page and 'value="1.00"' in page
    application.refresh_from_db()
    assert application.lock_version == 1


def test_the_submit_page_explains_to_staff_and_lets_the_lead_sign(
    kai, anna, bernd, bielefeld, verified_client
):
    application = factories.application(bielefeld)
    url = reverse("funding:application_submit", args=[application.pk])
    page = verified_client(kai).get(url).content.decode()
    assert "Only the head of the KI signs" in page and 'name="signed"' not in page
    assert verified_client(kai).post(url, {"signed": "on"}).status_code == 200
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT

    client = verified_client(anna)
    response = client.post(url, {})
    assert response.status_code == 422
    assert "Confirm that you sign" in response.content.decode()
    assert client.post(url, {"signed": "on"}).status_code == 302
    application.refresh_from_db()
    assert (application.status, application.signed_by) == (ApplicationStatus.SUBMITTED, anna)


def test_the_submit_page_lists_what_is_missing(anna, bielefeld, verified_client):
    application = factories.application(bielefeld, council_resolution_date=None)
    page = (
        verified_client(anna)
        .get(reverse("funding:application_submit", args=[application.pk]))
        .content.decode()
    )
    assert "Enter the date of the council resolution" in page


def test_the_lead_withdraws_by_post(anna, bielefeld, verified_client):
    application = factories.application(bielefeld)
    response = verified_client(anna).post(
        reverse("funding:application_withdraw", args=[application.pk])
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN


def test_it_uploads_and_downloads_an_attachment(
    kai, bernd, bielefeld, verified_client, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    application = factories.application(bielefeld)
    client = verified_client(kai)
    with django_capture_on_commit_callbacks(execute=True):  # the file is written on commit
        response = client.post(
            reverse("funding:attachment_add", args=[application.pk]),
            {
                "description": "Ratsbeschluss",
                "document": SimpleUploadedFile("rat.pdf", factories.pdf_bytes()),
            },
        )
    assert response.status_code == 302
    attachment = application.attachments.get()
    bad = client.post(
        reverse("funding:attachment_add", args=[application.pk]),
        {"description": "Kein PDF", "document": SimpleUploadedFile("x.pdf", b"hello")},
    )
    assert bad.status_code == 422
    assert "not a PDF" in bad.content.decode() and "Kein PDF" in bad.content.decode()

    url = reverse("funding:attachment", args=[application.pk, attachment.pk])
    assert verified_client(bernd).get(url).status_code == 404  # the draft is the KI's own
    Application.objects.filter(pk=application.pk).update(
        status=ApplicationStatus.SUBMITTED, submitted_at=timezone.now()
    )
    download = verified_client(bernd).get(url)
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_the_ki_answers_an_information_request(kai, bernd, bielefeld, verified_client):
    application = factories.application(bielefeld, status=ApplicationStatus.INFO_REQUESTED)
    info = InformationRequest.objects.create(
        application=application, message="Warum?", due_date=date(2026, 3, 1), requested_by=bernd
    )
    url = reverse("funding:information_answer", args=[application.pk, info.pk])
    client = verified_client(kai)
    assert client.post(url, {"answer": ""}).status_code == 422
    assert client.post(url, {"answer": "Darum."}).status_code == 302
    page = client.get(application.get_absolute_url()).content.decode()
    assert "Darum." in page and "Warum?" in page


def test_the_detail_page_shows_the_computation_checks_and_history(anna, bielefeld, verified_client):
    application = factories.application(bielefeld, year=2026, last_year=2027)
    services.submit(application, by=anna, signed=True)
    page = verified_client(anna).get(application.get_absolute_url()).content.decode()
    for text in ("2026", "2027", "application submitted and signed", "TIntG", "2012"):
        assert text in page
    assert "§" in page  # citations


def test_another_ki_gets_404_everywhere(carla, bielefeld, verified_client):
    application = factories.application(bielefeld)
    client = verified_client(carla)
    for name in ("funding:application", "funding:application_edit", "funding:application_submit"):
        assert client.get(reverse(name, args=[application.pk])).status_code == 404
    assert (
        client.post(reverse("funding:application_withdraw", args=[application.pk])).status_code
        == 404
    )
    assert "Bielefeld" not in client.get(reverse("funding:applications")).content.decode()


def test_the_list_filters_and_keeps_its_queries_fixed(
    bernd, bielefeld, dortmund, verified_client, django_assert_num_queries
):
    concept_b = factories.concept(bielefeld)
    concept_d = factories.concept(dortmund)
    factories.application(bielefeld, year=2026, concept=concept_b)
    factories.application(
        dortmund, year=2026, concept=concept_d, status=ApplicationStatus.SUBMITTED
    )
    client = verified_client(bernd)
    url = reverse("funding:applications")
    client.get(url)  # warm the session and content types
    with django_assert_num_queries(QUERIES_LIST):
        page = client.get(url).content.decode()
    assert "Bielefeld" in page and "Dortmund" in page
    for year in (2027, 2028, 2029):
        factories.application(
            bielefeld, year=year, concept=concept_b, status=ApplicationStatus.WITHDRAWN
        )
    with django_assert_num_queries(QUERIES_LIST):
        client.get(url)
    filtered = client.get(url, {"status": "submitted", "year": "2026"}).content.decode()
    assert "Dortmund" in filtered and "KI Bielefeld</td>" not in filtered


def test_the_detail_page_keeps_its_queries_fixed(
    anna, bielefeld, verified_client, django_assert_num_queries
):
    application = factories.application(bielefeld, year=2026, last_year=2028)
    client = verified_client(anna)
    client.get(application.get_absolute_url())
    with django_assert_num_queries(QUERIES_DETAIL):
        assert client.get(application.get_absolute_url()).status_code == 200


QUERIES_LIST = 10  # session, user, device, count, page, the KIs of the filter, unread notes …
QUERIES_DETAIL = (
    20  # incl. the guideline of each year (once: the checks reuse it); 2 for the review panel;
    # 1 for the unread notifications of the navigation
)


def test_it_saves_the_draft_as_you_go_and_hands_back_the_new_version(
    kai, bielefeld, verified_client
):
    application = factories.application(bielefeld)
    client = verified_client(kai)
    url = reverse("funding:application_autosave", args=[application.pk])
    response = client.post(url, edit_post(application, work_plan_education="Zwischenstand"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Draft saved automatically" in page
    application.refresh_from_db()
    assert application.work_plan_education == "Zwischenstand"
    # The form's version is replaced out of band: the next save of the same form is not stale.
    assert f'value="{application.lock_version}" id="id_lock_version" hx-swap-oob="true"' in page
    later = edit_post(application, work_plan_education="Endfassung")
    assert client.post(url, later).status_code == 200
    application.refresh_from_db()
    assert application.work_plan_education == "Endfassung"


def test_autosave_saves_nothing_invalid_nothing_stale_and_nothing_submitted(
    kai, anna, bielefeld, verified_client
):
    application = factories.application(bielefeld)
    client = verified_client(kai)
    url = reverse("funding:application_autosave", args=[application.pk])

    invalid = client.post(url, edit_post(application, own_rooms="viel")).content.decode()
    assert "Not saved automatically" in invalid and "hx-swap-oob" not in invalid

    stale = edit_post(application, work_plan_education="Kais Fassung")
    Application.objects.filter(pk=application.pk).update(lock_version=5)
    assert "someone else changed this application" in client.post(url, stale).content.decode()

    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.SUBMITTED)
    assert "cannot be changed" in client.post(url, stale).content.decode()
    application.refresh_from_db()
    assert application.work_plan_education != "Kais Fassung"


def test_the_history_shows_a_run_of_autosaves_as_one_line(kai, anna, bielefeld, verified_client):
    from teilhabe.core.audit import record

    application = factories.application(bielefeld)
    for field in ("own_rooms", "own_materials", "own_rooms"):
        record(
            application,
            "application.draft_saved",
            actor=kai,
            changes={field: {"from": "1", "to": "2"}},
            centre_id=bielefeld.pk,
        )
    record(application, "application.draft_saved", actor=anna, changes={}, centre_id=bielefeld.pk)
    page = verified_client(kai).get(application.get_absolute_url()).content.decode()
    history = page[page.index('id="history-heading"') :]
    assert history.count("draft saved") == 2  # Anna's save, then Kai's run of three
    assert "(3 times): rooms, teaching and learning materials" in history


def test_the_submit_page_shows_each_missing_item_once(anna, bielefeld, verified_client):
    application = factories.application(
        bielefeld, with_concept=False, council_resolution_date=None, work_plan_education=""
    )
    client = verified_client(anna)
    url = reverse("funding:application_submit", args=[application.pk])
    page = client.get(url).content.decode()
    refused = client.post(url, {"signed": "on"})
    assert refused.status_code == 422
    for shown in (page, refused.content.decode()):
        for message in (
            "Choose the integration concept the application relies on.",
            "Enter the date of the council resolution to set up the KI.",
            "Describe the work plan for “integration through education”.",
        ):
            assert shown.count(message) == 1, message
        assert shown.count("not yet checked") == 6
        assert "not met" not in shown.split("Mandatory items")[0]
    assert "See the mandatory items and the checks marked “not met” above." in page


def test_the_submit_page_names_a_problem_the_lists_do_not_show(anna, bielefeld, verified_client):
    application = factories.application(bielefeld, year=2012)  # no version on 1 January 2012
    page = (
        verified_client(anna)
        .get(reverse("funding:application_submit", args=[application.pk]))
        .content.decode()
    )
    assert "No version of the guideline is in force for 2012." in page
    assert "Every mandatory item is given." in page


def test_the_draft_form_labels_what_submission_needs_not_as_optional(
    kai, bielefeld, verified_client
):
    application = factories.application(bielefeld)
    page = verified_client(kai).get(reverse("funding:application_edit", args=[application.pk]))
    html = page.content.decode()

    def label(field: str) -> str:
        start = html.index(f'for="id_{field}"')
        return html[start : html.index("</label>", start)]

    for field in ("concept", "council_resolution_date", "work_plan_education"):
        assert "needed to submit" in label(field) and "– optional" not in label(field)
    assert "– optional" in label("own_contribution_notes")
    assert "needed to submit" not in label("own_contribution_notes")


def test_every_error_of_the_form_and_its_rows_is_in_one_summary(kai, bielefeld, verified_client):
    application = factories.application(bielefeld)
    response = verified_client(kai).post(
        reverse("funding:application_edit", args=[application.pk]),
        edit_post(
            application,
            own_rooms="12,345,6",
            council_resolution_date="31.02.2026",
            **{"positions-0-fte": "1,7", "positions-0-annual_cost": "x"},
        ),
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert html.count('class="kern-alert kern-alert--danger"') == 1
    summary = html[
        html.index('id="form-errors"') : html.index("</ul>", html.index('id="form-errors"'))
    ]
    for anchor in (
        "own_rooms",
        "council_resolution_date",
        "positions-0-fte",
        "positions-0-annual_cost",
    ):
        assert f'href="#id_{anchor}"' in summary


def test_rows_are_removed_with_the_word_the_instructions_use(kai, bielefeld, verified_client):
    application = factories.application(bielefeld)
    with translation.override("de"):
        html = (
            verified_client(kai)
            .get(
                reverse("funding:application_edit", args=[application.pk]),
                HTTP_ACCEPT_LANGUAGE="de",
            )
            .content.decode()
        )
    assert "„entfernen“" in html
    assert 'for="id_positions-0-DELETE">Entfernen</label>' in html and ">Löschen<" not in html
