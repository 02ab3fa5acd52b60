"""One funding year through the real browser, role by role: Kai drafts (saved as he types),
Anna signs and submits,
Bernd reviews and proposes with a condition, Gül signs, Anna downloads the decision and finds the
condition among her tasks. The pages keep their Content-Security-Policy."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from teilhabe.accounts.models import User
from teilhabe.funding.models import Application, ApplicationStatus, BudgetLine, Decision
from teilhabe.funding.tests import factories

from .conftest import Seed

pytestmark = pytest.mark.browser

YEAR = timezone.localdate().year + 1


def test_one_funding_year_from_draft_to_decision(
    kai: User,
    anna: User,
    bernd: User,
    guel: User,
    page_as: Callable[..., Any],
    seed: Seed,
) -> None:
    factories.concept(seed.centre)
    line = factories.budget_line(YEAR, "5000000.00")
    factories.open_window(YEAR)  # applications for YEAR are open whatever today's date

    # Kai creates the draft: the staffing plan starts from the staff list.
    page = page_as(kai)
    page.goto(reverse("funding:application_new"))
    page.locator("#id_first_year").fill(str(YEAR))
    page.locator("#id_last_year").fill(str(YEAR))
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/foerderung/antraege/\d+/bearbeiten/$"))
    expect(page.locator("#id_positions-0-title")).to_have_value(re.compile("Müller"))
    for index in range(2):  # Lena (1.0) and Ahmad (0.75), pedagogical
        page.locator(f"#id_positions-{index}-annual_cost").fill("70000")
    page.locator("#id_council_resolution_date").fill("2012-09-27")
    page.locator("#id_work_plan_education").fill("Griffbereit und Rucksack in allen Bezirken.")
    page.locator("#id_work_plan_cross_cutting").fill("Lenkungsgruppe Integration der Ämter.")
    page.locator("#id_teachers_requested").focus()  # leaving the field is a change: autosave
    expect(page.locator("#autosave-status")).to_contain_text(
        re.compile("automatisch gespeichert|saved automatically"), timeout=10_000
    )
    for _ in range(40):  # the last change reaches the server a moment later
        if Application.objects.get(centre=seed.centre, first_year=YEAR).work_plan_cross_cutting:
            break
        page.wait_for_timeout(250)
    else:
        pytest.fail("the autosave never stored the last change")
    # The deliberate save after the autosave is not taken for someone else's edit.
    page.locator("main form button[name=save]").click()
    expect(page.locator(".kern-alert--success")).to_be_visible()
    application = Application.objects.get(centre=seed.centre, first_year=YEAR)

    # The draft computes the grant: 57,000 + 0.75 x 57,000 under the 2022 version.
    page.goto(application.get_absolute_url())
    expect(page.locator("main")).to_contain_text("99.750,00")

    # Anna signs and submits.
    page = page_as(anna)
    page.goto(reverse("funding:application_submit", args=[application.pk]))
    page.locator("#id_signed").check()
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/foerderung/antraege/{application.pk}/$"))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED

    # Bernd starts the review. The proposal page names what the checklist still lacks; he
    # confirms every item, and proposes full approval with a condition.
    page = page_as(bernd)
    page.goto(reverse("funding:review", args=[application.pk]))
    page.locator("button[name=action][value=start]").click()
    page.goto(reverse("funding:proposal", args=[application.pk]))
    page.locator("#checklist-open a").click()
    for box in page.locator("main input[type=checkbox]").all():
        box.check()
    page.locator("button[name=action][value=save]").click()
    expect(page.locator(".kern-alert--success")).to_be_visible()
    page.goto(reverse("funding:proposal", args=[application.pk]))
    expect(page.locator("#checklist-open")).to_have_count(0)
    page.locator("#id_kind").select_option("approve_full")
    page.locator("#id_conditions-0-text").fill("Die beiden Schwerpunktthemen sind zu benennen.")
    due = timezone.localdate() + timedelta(days=30)
    page.locator("#id_conditions-0-due_date").fill(due.isoformat())
    page.locator("main form button.kern-btn--primary").click()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PROPOSED

    # Bernd may not sign his own proposal; Gül does.
    proposal = application.proposals.get()
    page.goto(reverse("funding:sign", args=[proposal.pk]))
    expect(page.locator("button[name=action][value=sign]")).to_have_count(0)
    page = page_as(guel)
    sign_url = reverse("funding:sign", args=[proposal.pk])
    # While the Bescheid is rendered the buttons are disabled and the page says it is working.
    # The signature's request is held back until the page has reported its state (read by a
    # listener of the test's own: Playwright cannot evaluate during a held navigation).
    held: list[Any] = []
    reports: list[Any] = []
    page.route(
        re.compile(rf"{re.escape(sign_url)}$"),
        lambda route: held.append(route) if route.request.method == "POST" else route.continue_(),
    )
    page.expose_function("reportBusy", lambda state: reports.append(state))
    page.add_init_script(
        """window.addEventListener("submit", () => setTimeout(() => window.reportBusy([
            document.querySelector("button[value=sign]").disabled,
            document.querySelector("button[value=sign]").getAttribute("aria-busy"),
            document.querySelector("button[value=return]").disabled,
            document.querySelector("#sign-busy[role=status]").textContent,
        ]), 100));"""
    )
    page.goto(sign_url)
    sign = page.locator("button[name=action][value=sign]")
    working = sign.get_attribute("data-busy-text")
    assert working
    sign.click(no_wait_after=True)
    for _ in range(50):
        if reports:
            break
        page.wait_for_timeout(100)
    assert reports == [[True, "true", True, working]]
    assert len(held) == 1 and "action=sign" in (held[0].request.post_data or "")
    held[0].continue_()
    page.wait_for_url(re.compile(r"/foerderung/bescheide/\d+/$"))
    decision = Decision.objects.get(application=application)
    expect(page).to_have_url(re.compile(rf"/foerderung/bescheide/{decision.pk}/$"))
    line.refresh_from_db()
    assert line.committed == Decimal("99750.00") == decision.total

    # Anna downloads the PDF and finds the condition among her tasks.
    page = page_as(anna)
    page.goto(decision.get_absolute_url())
    pdf = page.request.get(reverse("funding:decision_pdf", args=[decision.pk]))
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF-")
    page.goto(reverse("funding:conditions"))
    expect(page.locator("main")).to_contain_text("Schwerpunktthemen")
    assert BudgetLine.objects.get(pk=line.pk).available == Decimal("4900250.00")
