"""A proposal needs the checklist done or explained; the review page takes the explanations, the
proposal page names what is open and keeps what was typed; the migration carries the ticks."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from conftest import migrate_to, migrate_to_latest
from teilhabe.core.models import AuditEvent
from teilhabe.funding.checklist import NOTE_MAX_LENGTH
from teilhabe.funding.models import ApplicationStatus, Proposal, ProposalKind
from teilhabe.funding.services import review
from teilhabe.funding.tests.review_steps import in_days, in_review

pytestmark = pytest.mark.django_db

DOCUMENTS = "The documents are complete and legible"
PLAN = "The staffing and cost plan is plausible"
EXPLAINED = "Seite 2 des Ratsbeschlusses fehlt; per E-Mail nachgefordert."


def _codes(error: ValidationError) -> set[str]:
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors if e.code}
    return {e.code for e in error.error_list if e.code}


def _save(application, officer, *, open_code="documents_complete", note=""):  # type: ignore[no-untyped-def]
    """Every item ticked but `open_code`, which gets `note` as its explanation."""
    codes = review.checklist_codes(application)
    return review.save_review(
        application,
        by=officer,
        checklist={code: code != open_code for code in codes},
        notes="Stellenplan geprüft.",
        explanations={open_code: note},
    )


KINDS = [
    {"kind": ProposalKind.APPROVE_FULL},
    {
        "kind": ProposalKind.APPROVE_PARTIAL,
        "amounts": {2026: Decimal("150000.00")},
        "reasons": "Assistenz unbesetzt.",
    },
    {"kind": ProposalKind.REJECT, "reasons": "Keine eigenständige Einheit."},
]


@pytest.mark.parametrize("proposal", KINDS, ids=lambda p: p["kind"])
@pytest.mark.parametrize("note", ["", "  \n\t "], ids=["no-explanation", "only-whitespace"])
def test_it_refuses_any_proposal_while_an_item_is_open_and_names_it(
    bielefeld, bernd, proposal, note
) -> None:
    application = _save(in_review(bielefeld, bernd, ticked=False), bernd, note=note)
    with translation.override("en"), pytest.raises(ValidationError) as e:
        review.propose(application, by=bernd, **proposal)
    assert _codes(e.value) == {"checklist_incomplete"}
    with translation.override("en"):
        assert DOCUMENTS in " ".join(e.value.messages)
        assert PLAN not in " ".join(e.value.messages)  # only the open item is named
    assert not Proposal.objects.exists()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_REVIEW


@pytest.mark.parametrize("proposal", KINDS, ids=lambda p: p["kind"])
def test_an_explained_open_item_lets_every_kind_of_proposal_through(
    bielefeld, bernd, proposal
) -> None:
    application = _save(in_review(bielefeld, bernd, ticked=False), bernd, note=EXPLAINED)
    made = review.propose(application, by=bernd, **proposal)
    assert made.kind == proposal["kind"]


def test_suggestions_never_saved_count_as_open(bielefeld, bernd) -> None:
    application = in_review(bielefeld, bernd, ticked=False)
    # The form shows the passed eligibility checks ticked, but the officer has not confirmed them.
    assert all(i.checked for i in review.checklist(application) if i.suggested)
    with translation.override("en"), pytest.raises(ValidationError) as e:
        review.propose(application, by=bernd, kind=ProposalKind.APPROVE_FULL)
    assert _codes(e.value) == {"checklist_incomplete"}
    assert "integration concept" in " ".join(e.value.messages).lower()


def test_the_refusal_comes_with_the_proposals_own_errors_at_once(bielefeld, bernd) -> None:
    application = in_review(bielefeld, bernd, ticked=False)
    with pytest.raises(ValidationError) as e:
        review.propose(
            application,
            by=bernd,
            kind=ProposalKind.APPROVE_PARTIAL,
            amounts={2026: Decimal("999999.00")},
            reasons="Assistenz unbesetzt.",
        )
    assert _codes(e.value) == {"checklist_incomplete", "amount_above_computed"}
    assert "amount_2026" in e.value.error_dict


def test_it_stores_done_and_explanation_per_item_and_audits_them(bielefeld, bernd) -> None:
    application = _save(in_review(bielefeld, bernd, ticked=False), bernd, note=f"  {EXPLAINED} ")
    application.refresh_from_db()
    assert application.review_checklist["documents_complete"] == {"done": False, "note": EXPLAINED}
    assert application.review_checklist["budget_plausible"] == {"done": True, "note": ""}
    event = AuditEvent.objects.filter(action="application.review_saved").latest("pk")
    assert event.changes["review_checklist"]["to"]["documents_complete"]["note"] == EXPLAINED


@pytest.mark.parametrize(
    ("explanations", "code"),
    [
        ({"documents_complete": "x" * (NOTE_MAX_LENGTH + 1)}, "explanation_too_long"),
        ({"made_up": "Warum auch immer."}, "unknown_check"),
    ],
    ids=["too-long", "unknown-item"],
)
def test_it_refuses_an_explanation_too_long_or_for_no_item(
    bielefeld, bernd, explanations, code
) -> None:
    application = in_review(bielefeld, bernd, ticked=False)
    with pytest.raises(ValidationError) as e:
        review.save_review(application, by=bernd, checklist={}, notes="", explanations=explanations)
    assert _codes(e.value) == {code}
    application.refresh_from_db()
    assert application.review_checklist == {}


# --- the pages ---------------------------------------------------------------------------


def _en(client, method, url, data=None):  # type: ignore[no-untyped-def]
    with translation.override("en"):
        call = client.post if method == "post" else client.get
        return (
            call(url, data, HTTP_ACCEPT_LANGUAGE="en")
            if data
            else call(url, HTTP_ACCEPT_LANGUAGE="en")
        )


def test_the_review_page_has_an_explanation_field_labelled_with_each_item(
    bielefeld, bernd, verified_client
) -> None:
    application = in_review(bielefeld, bernd, ticked=False)
    client = verified_client(bernd)
    url = reverse("funding:review", args=[application.pk])
    page = _en(client, "get", url).content.decode()
    with translation.override("en"):
        items = review.checklist(application)
    for item in items:
        label = page.index(f'<label class="kern-label" for="id_note_{item.code}">')
        assert escape(item.label) in page[label : page.index("</label>", label)]
    data = {f"check_{c}": "on" for c in review.checklist_codes(application)}
    del data["check_documents_complete"]
    too_long = "x" * (NOTE_MAX_LENGTH + 1)
    refused = _en(client, "post", url, {**data, "note_documents_complete": too_long})
    assert refused.status_code == 200 and too_long in refused.content.decode()
    saved = _en(client, "post", url, {**data, "note_documents_complete": EXPLAINED})
    assert saved.status_code == 302
    application.refresh_from_db()
    assert application.review_checklist["documents_complete"] == {"done": False, "note": EXPLAINED}
    assert review.checklist_refusal(application) is None


PROPOSAL_INPUT = {
    "kind": "approve_partial",
    "amount_2026": "100000,00",
    "reasons": "Die Assistenzstelle ist nicht besetzt.",
    "conditions-TOTAL_FORMS": "1",
    "conditions-INITIAL_FORMS": "0",
    "conditions-0-text": "Den Sachbericht vorlegen.",
    "conditions-0-due_date": "",
}


def test_the_proposal_page_names_the_open_items_and_links_to_the_checklist(
    bielefeld, bernd, verified_client
) -> None:
    application = _save(in_review(bielefeld, bernd, ticked=False), bernd)
    page = _en(verified_client(bernd), "get", reverse("funding:proposal", args=[application.pk]))
    body = page.content.decode()
    box = body[
        body.index('id="checklist-open"') : body.index(
            "</div>\n</div>", body.index('id="checklist-open"')
        )
    ]
    assert DOCUMENTS in box and PLAN not in box
    assert reverse("funding:review", args=[application.pk]) + "#id_check_documents_complete" in box


def test_a_refused_proposal_keeps_all_input_and_says_everything_on_top(
    bielefeld, bernd, verified_client
) -> None:
    application = _save(in_review(bielefeld, bernd, ticked=False), bernd)
    client = verified_client(bernd)
    url = reverse("funding:proposal", args=[application.pk])
    due = in_days(40).isoformat()
    # A form without errors: the service refuses, and the form comes back as typed.
    response = _en(client, "post", url, {**PROPOSAL_INPUT, "conditions-0-due_date": due})
    body = response.content.decode()
    assert response.status_code == 200 and not Proposal.objects.exists()
    top = body[
        body.index('id="form-errors"') : body.index(
            "</div>\n</div>", body.index('id="form-errors"')
        )
    ]
    assert "The checklist is not complete" in top and DOCUMENTS in top
    for typed in (
        "100000,00",
        "Die Assistenzstelle ist nicht besetzt.",
        "Den Sachbericht vorlegen.",
        due,
    ):
        assert typed in body
    # A form with its own error (a condition without a deadline): both at once, input kept.
    response = _en(client, "post", url, PROPOSAL_INPUT)
    body = response.content.decode()
    top = body[
        body.index('id="form-errors"') : body.index(
            "</div>\n</div>", body.index('id="form-errors"')
        )
    ]
    assert "The checklist is not complete" in top
    assert "A condition needs a deadline." in body
    assert "Den Sachbericht vorlegen." in body and "100000,00" in body
    assert not Proposal.objects.exists()


# --- the migration -----------------------------------------------------------------------

BEFORE = [("funding", "0009_application_copied_from")]
AFTER = [("funding", "0010_checklist_explanations")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_carries_the_ticks_over_and_back(bielefeld) -> None:
    try:
        old = migrate_to(BEFORE)
        model = old.get_model("funding", "Application")
        ticked = model.objects.create(
            centre_id=bielefeld.pk,
            first_year=2026,
            last_year=2026,
            review_checklist={"work_plan": True, "documents_complete": False},
            review_notes="Geprüft.",
        )
        untouched = model.objects.create(centre_id=bielefeld.pk, first_year=2027, last_year=2027)

        new = migrate_to(AFTER).get_model("funding", "Application")  # the schema at AFTER
        assert new.objects.get(pk=ticked.pk).review_checklist == {
            "work_plan": {"done": True, "note": ""},
            "documents_complete": {"done": False, "note": ""},
        }
        assert new.objects.get(pk=untouched.pk).review_checklist == {}
        new.objects.filter(pk=ticked.pk).update(
            review_checklist={
                "work_plan": {"done": True, "note": ""},
                "documents_complete": {"done": False, "note": "Seite 2 fehlt."},
            }
        )

        old = migrate_to(BEFORE)
        back = old.get_model("funding", "Application").objects.get(pk=ticked.pk)
        assert back.review_checklist == {"work_plan": True, "documents_complete": False}
        # The explanation is not dropped: it is kept in the notes.
        assert back.review_notes == "Geprüft.\nErläuterung documents_complete: Seite 2 fehlt."
    finally:
        migrate_to_latest()  # later tests need the whole schema
