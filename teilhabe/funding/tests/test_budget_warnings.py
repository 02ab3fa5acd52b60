"""A funding year without a KI budget line is said early (draft, submission, proposal, signature
page) and, when signing is refused for it, at the top of the page with focus, naming who acts."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from teilhabe.funding.models import BudgetPurpose, Decision

from . import factories
from .review_steps import in_review, proposed

pytestmark = pytest.mark.django_db
SAID = "Für 2028 gibt es noch keine Haushaltsstelle; das Ministerium muss sie anlegen."


def _page(client, url):  # type: ignore[no-untyped-def]
    with translation.override("de"):
        return client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode()


def test_the_draft_and_the_submission_page_say_a_budget_line_is_missing(
    anna, bielefeld, verified_client
):
    draft = factories.application(bielefeld, year=2027, last_year=2028)
    factories.budget_line(2027)
    factories.budget_line(2028, purpose=BudgetPurpose.CIVIL_SOCIETY, code="07 070 684 10")
    client = verified_client(anna)
    for name in ("funding:application_edit", "funding:application_submit"):
        page = _page(client, reverse(name, args=[draft.pk]))
        assert SAID in page, name
        assert "Für 2027 gibt es" not in page
    factories.budget_line(2028, code="07 070 633 11")
    assert SAID not in _page(client, reverse("funding:application_edit", args=[draft.pk]))


def test_the_proposal_page_says_it(bielefeld, bernd, verified_client):
    application = in_review(bielefeld, bernd, year=2028)
    page = _page(verified_client(bernd), reverse("funding:proposal", args=[application.pk]))
    assert SAID in page


def test_a_refused_signature_is_said_at_the_top_with_focus(bielefeld, bernd, guel, verified_client):
    proposal = proposed(bielefeld, bernd, year=2028)
    client = verified_client(guel)
    assert SAID in _page(client, reverse("funding:sign", args=[proposal.pk]))  # before signing
    with translation.override("de"):
        response = client.post(
            reverse("funding:sign", args=[proposal.pk]),
            {"action": "sign"},
            HTTP_ACCEPT_LANGUAGE="de",
        )
    page = response.content.decode()
    assert not Decision.objects.exists()
    top = page.index('id="sign-refusal"')
    assert top < page.index('<form method="post"')
    alert = page[page.rindex("<div", 0, top) : page.index("</div>\n</div>", top)]
    assert 'role="alert"' in alert and 'tabindex="-1"' in alert and "autofocus" in alert
    assert SAID in page[top:]
