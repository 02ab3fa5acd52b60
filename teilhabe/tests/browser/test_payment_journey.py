"""A payment through the real browser (issue 16, every step reachable): Anna requests funds from
her approved application's page; Bernd finds the request on his start page, opens the queue, is
asked with the amount before anything is paid, confirms, and the payment is released."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from teilhabe.accounts.models import User
from teilhabe.funding.models import BudgetLine, Payment, PaymentStatus
from teilhabe.funding.tests import budget_helpers

from .conftest import Seed

pytestmark = pytest.mark.browser


def test_the_lead_requests_and_the_officer_releases_from_the_queue_after_confirming(
    anna: User, bernd: User, guel: User, page_as: Callable[..., Any], seed: Seed
) -> None:
    application, _decision = budget_helpers.granted(seed.centre, officer=bernd, approver=guel)

    # Anna: "Mittel abrufen" on the application's page, then the form.
    page = page_as(anna)
    page.goto(application.get_absolute_url())
    page.get_by_role("link", name=re.compile("Mittel abrufen|Request funds")).click()
    expect(page).to_have_url(re.compile(r"/zahlungen/neu/$"))
    page.locator("#id_amount").fill("84150,00")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/foerderung/antraege/\d+/zahlungen/$"))
    payment = Payment.objects.get()
    assert payment.amount == Decimal("84150.00")

    # Bernd: the start card leads to the queue, the release button to the question.
    page = page_as(bernd)
    page.goto(reverse("pages:start"))
    expect(page.locator("main")).to_contain_text(re.compile("1 Mittelabruf wartet auf Freigabe"))
    page.get_by_role(
        "link", name=re.compile("Mittelabrufe öffnen|Open the payment requests")
    ).click()
    expect(page).to_have_url(re.compile(r"/foerderung/zahlungen/$"))
    page.get_by_role("link", name=re.compile(r"84\.150,00 EUR freigeben")).click()
    expect(page.locator("main")).to_contain_text(
        f"84.150,00 EUR für 2026 an {seed.centre.grantee.name} freigeben?"
    )
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.REQUESTED  # asked, nothing released yet
    page.get_by_role("button", name=re.compile(r"Ja, 84\.150,00 EUR freigeben")).click()
    expect(page).to_have_url(re.compile(r"/foerderung/zahlungen/$"))
    expect(page.locator("main")).to_contain_text("Kein Mittelabruf wartet auf Freigabe.")
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.RELEASED
    assert BudgetLine.objects.get(fiscal_year=2026).paid == Decimal("84150.00")
    assert not page_as.blocked
