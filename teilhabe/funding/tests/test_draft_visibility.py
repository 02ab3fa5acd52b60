"""A draft is the KI's own until it is submitted: the grant officer, the approver, the ministry
and the coordination office see an application from its submission on (`access.applications_scope`)
— in the list, on its page, in the API, in the start-page count and behind decisions, conditions
and payments. A draft withdrawn before it was ever submitted stays the KI's own too."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from teilhabe.funding import access
from teilhabe.funding.models import ApplicationStatus
from teilhabe.funding.start import funding_steps

from . import factories

pytestmark = pytest.mark.django_db

READERS = ["bernd", "guel", "mia", "lars"]
URL = "/api/v1/funding/applications"


@pytest.fixture
def cases(bielefeld):
    """One application of KI Bielefeld per case, by funding year."""
    return {
        "draft": factories.application(bielefeld, year=2026),
        "withdrawn draft": factories.application(
            bielefeld, year=2027, status=ApplicationStatus.WITHDRAWN, submitted_at=None
        ),
        "submitted": factories.application(
            bielefeld, year=2028, status=ApplicationStatus.SUBMITTED
        ),
        "withdrawn after submission": factories.application(
            bielefeld, year=2029, status=ApplicationStatus.WITHDRAWN
        ),
    }


SEEN_BY_READERS = {"submitted", "withdrawn after submission"}


@pytest.mark.parametrize("reader", READERS)
def test_the_grant_authority_sees_an_application_from_its_submission_on(
    reader, request, cases, verified_client
):
    client = verified_client(request.getfixturevalue(reader))
    listed = client.get(reverse("funding:applications")).content.decode()
    api_ids = {a["id"] for a in client.get(URL).json()["items"]}
    for case, application in cases.items():
        seen = case in SEEN_BY_READERS
        page = client.get(reverse("funding:application", args=[application.pk]))
        api = client.get(f"{URL}/{application.pk}")
        assert page.status_code == (200 if seen else 404), case
        assert api.status_code == (200 if seen else 404), case
        assert (application.pk in api_ids) is seen, case
        assert (reverse("funding:application", args=[application.pk]) in listed) is seen, case
    user = request.getfixturevalue(reader)
    assert set(access.applications_visible_to(user)) == {
        a for case, a in cases.items() if case in SEEN_BY_READERS
    }


@pytest.mark.parametrize("member", ["kai", "anna"])
def test_the_ki_sees_all_its_own_applications_drafts_included(
    member, request, cases, verified_client
):
    user = request.getfixturevalue(member)
    client = verified_client(user)
    for case, application in cases.items():
        assert client.get(reverse("funding:application", args=[application.pk])).status_code == 200
        assert client.get(f"{URL}/{application.pk}").status_code == 200, case
    assert set(access.applications_visible_to(user)) == set(cases.values())


def test_the_officer_start_page_counts_no_draft(bernd, bielefeld, dortmund):
    factories.application(bielefeld, year=2026)
    factories.application(dortmund, year=2026, status=ApplicationStatus.SUBMITTED)
    with translation.override("en"):
        (step,) = [s for s in funding_steps(bernd) if s.title == "Applications to review"]
    assert step.text.startswith("1 application waits")


@pytest.mark.parametrize("reader", READERS)
def test_what_hangs_on_a_draft_stays_the_kis_own(reader, request, bielefeld, anna):
    """Decisions, conditions and payments follow their application's visibility (a row on a
    draft cannot arise through the services; the rule holds all the same)."""
    user = request.getfixturevalue(reader)
    draft = factories.application(bielefeld, year=2026)
    officer = request.getfixturevalue("bernd")
    approver = request.getfixturevalue("guel")
    decision = factories.decision(
        factories.application(bielefeld, year=2027), proposed_by=officer, signed_by=approver
    )
    assert list(access.decisions_visible_to(user)) == [decision]
    assert decision.application.submitted_at is not None
    assert not access.applications_visible_to(user).filter(pk=draft.pk).exists()
    assert access.applications_visible_to(anna).filter(pk=draft.pk).exists()


def test_the_audit_trail_keeps_a_never_submitted_draft_from_the_authority(
    anna, kai, bernd, lars, bielefeld
):
    from teilhabe.core.access import audit_events_visible_to
    from teilhabe.core.models import AuditEvent
    from teilhabe.funding.services import applications

    factories.open_window(2031)
    draft = applications.create_application(bielefeld, by=kai, first_year=2031, last_year=2031)
    drafted = AuditEvent.objects.filter(object_id=str(draft.pk), action="application.created")
    assert drafted.exists()
    for reader in (bernd, lars):
        assert not audit_events_visible_to(reader).filter(pk__in=drafted).exists()
    assert audit_events_visible_to(anna).filter(pk__in=drafted).exists()  # the KI's own
    from django.utils import timezone

    draft.submitted_at = timezone.now()
    draft.save(update_fields=["submitted_at"])
    assert audit_events_visible_to(bernd).filter(pk__in=drafted).exists()  # from submission on
