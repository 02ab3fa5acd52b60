"""Journeys through the real browser: login with second factor, editing, htmx search, language,
keyboard. These contexts keep the pages' Content-Security-Policy (a violation fails the test)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from conftest import PASSWORD
from teilhabe.accounts.models import User

from .conftest import Seed

pytestmark = pytest.mark.browser

KNOWN_TOTP_KEY = "3132333435363738393031323334353637383930"  # RFC 6238's test secret, in hex


def current_code(device: TOTPDevice) -> str:
    code = totp(
        device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift
    )
    return f"{code:0{device.digits}d}"


def test_login_with_password_and_second_factor(
    anna: User, page_as: Callable[..., Any], seed: Seed
) -> None:
    device = TOTPDevice.objects.get(user=anna, confirmed=True)
    device.key = KNOWN_TOTP_KEY
    device.save(update_fields=["key"])
    page = page_as(None)

    page.goto(reverse("accounts:login"))
    page.get_by_label(re.compile("Benutzername|Username")).fill("anna")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()

    # The password alone is not enough: the next step asks for the code.
    expect(
        page, "after the password, a role with a second factor must be asked for its code"
    ).to_have_url(re.compile(re.escape(reverse("accounts:two_factor_verify"))))
    page.locator("#id_token").fill(current_code(device))
    page.locator("main form button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/(\?.*)?$"))
    expect(page.locator("h1")).to_contain_text("Anna")
    expect(page.locator("main")).to_contain_text(seed.centre.name)
    expect(
        page.get_by_role("navigation", name=re.compile("Hauptnavigation|Main navigation"))
    ).to_contain_text(re.compile("Mein KI|My KI"))


def test_editing_the_phone_keeps_the_input_and_shows_the_error_at_the_field(
    anna: User, page_as: Callable[..., Any], seed: Seed
) -> None:
    page = page_as(anna)
    page.goto(reverse("centres:edit", kwargs={"pk": seed.centre.pk}))
    phone = page.locator("#id_phone")
    phone.fill("0521 Zentrale")
    page.locator("main form button[type=submit]").click()

    field = page.locator(".kern-form-input", has=phone)
    error = field.locator(".kern-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text(re.compile("Telefonnummer|telephone number", re.IGNORECASE))
    expect(error).to_have_attribute("id", "id_phone-error")
    expect(phone).to_have_value("0521 Zentrale")
    expect(phone).to_have_attribute("aria-invalid", "true")
    expect(phone).to_have_attribute("aria-describedby", re.compile(r"\bid_phone-error\b"))
    expect(page.locator("#form-errors")).to_contain_text(
        re.compile("Telefon|telephone", re.IGNORECASE)
    )

    phone.fill("0521 51-2345")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(seed.centre.get_absolute_url()) + "$"))
    expect(page.get_by_role("status").first).to_be_visible()
    phone_row = page.locator(
        ".kern-description-list-item",
        has=page.locator("dt", has_text=re.compile("Telefon|Telephone")),
    )
    expect(phone_row.locator("dd")).to_have_text("0521 51-2345")


def test_the_centre_search_narrows_the_table_without_a_reload(
    page_as: Callable[..., Any], seed: Seed
) -> None:
    page = page_as(None)
    page.goto(reverse("centres:list"))
    rows = page.locator("#results tbody tr")
    expect(rows).to_have_count(54)
    page.evaluate("window.__sameDocument = true")

    with page.expect_request(
        lambda r: "q=Biele" in r.url and r.headers.get("hx-request") == "true"
    ):
        page.locator("#id_q").press_sequentially("Biele", delay=40)

    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Bielefeld")
    assert page.evaluate("window.__sameDocument === true"), "the page was reloaded"
    expect(page).to_have_url(re.compile(r"[?&]q=Biele\b"))  # hx-push-url: the search can be linked
    expect(page.locator("#results [role=status]")).to_contain_text("1")


def test_the_language_button_switches_to_english(page_as: Callable[..., Any], seed: Seed) -> None:
    page = page_as(None)
    page.goto(reverse("centres:list"))
    expect(page.locator("html")).to_have_attribute("lang", "de")
    page.locator("button[name=language][value=en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(re.escape(reverse("centres:list")) + "$"))  # same page
    expect(page.locator("button[name=language][value=de]")).to_be_visible()


def test_the_first_tab_focuses_the_skip_link(page_as: Callable[..., Any], seed: Seed) -> None:
    page = page_as(None)
    page.goto(reverse("pages:start"))
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0, (
        "the focused skip link is off screen"
    )
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#main$"))
    expect(page.locator("#main")).to_be_focused()


def test_on_a_phone_the_navigation_folds_into_a_menu(
    anna: User, page_as: Callable[..., Any], seed: Seed
) -> None:
    page = page_as(anna, viewport={"width": 390, "height": 844})
    page.goto(reverse("pages:start"))
    nav = page.get_by_role("navigation", name=re.compile("Hauptnavigation|Main navigation"))
    expect(nav).to_be_hidden()  # folded: the menu button is all there is
    page.get_by_text(re.compile("^(Menü|Menu)$")).click()
    expect(nav).to_be_visible()
    nav.get_by_role("link", name=re.compile("Mein KI|My KI")).click()
    expect(page).to_have_url(re.compile(reverse("centres:detail", args=[seed.centre.pk])))
