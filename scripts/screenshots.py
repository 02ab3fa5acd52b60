"""Screenshots of a running local demo for the documentation.

    .venv/bin/python scripts/screenshots.py http://127.0.0.1:8000 docs/screenshots

Needs a local server with the demo loaded (`make run`). Logs in as demo users through the real
login form (demo password, second factor from the demo's fixed TOTP secrets) and writes full-page
PNGs at 1280x900, plus the centres list on a 390x844 phone. Only ever talks to the given local
server: every request to another host is aborted, and reported as an error.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def usage(message: str) -> None:
    print(f"{message}\n\n{__doc__}", file=sys.stderr)
    raise SystemExit(2)


def demo_code(username: str) -> str:
    """The current six-digit code of a demo user's authenticator (as `make code USER=...`)."""
    from django_otp.oath import totp

    from teilhabe.accounts.demo import demo_totp_key

    return f"{totp(bytes.fromhex(demo_totp_key(username))):06d}"


class Shooter:
    def __init__(self, browser: Any, base: str, out: Path) -> None:
        self.browser = browser
        self.base = base
        self.out = out
        self.blocked: list[str] = []
        self.written: list[Path] = []

    def _guard(self, route: Any) -> None:
        parts = urlsplit(route.request.url)
        if f"{parts.scheme}://{parts.netloc}" == self.base:
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort("blockedbyclient")

    def context(self, *, phone: bool = False) -> Any:
        options: dict[str, Any] = {"base_url": self.base, "locale": "de-DE", "viewport": DESKTOP}
        if phone:
            options.update(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
        context = self.browser.new_context(**options)
        context.set_default_timeout(15_000)
        context.route("**/*", self._guard)
        return context

    def login(self, context: Any, username: str) -> Any:
        """Password at the login form, then the code on the verify page."""
        from teilhabe.accounts.demo import DEMO_PASSWORD

        page = context.new_page()
        page.goto("/konto/anmelden/")
        page.fill("#id_username", username)
        page.fill("#id_password", DEMO_PASSWORD)
        with page.expect_navigation():
            page.click("main form button[type=submit]")
        if page.locator("#id_password").count():
            raise SystemExit(f"Login of {username!r} failed: is the demo loaded (make demo)?")
        if not page.locator("#id_token").count():
            # The password alone landed elsewhere: ask for the second factor ourselves.
            page.goto("/konto/zwei-faktor/?next=/")
        for _attempt in range(3):
            page.fill("#id_token", demo_code(username))
            with page.expect_navigation():
                page.click("main form button[type=submit]")
            if not page.locator("#id_token").count():
                return page
            # A code is accepted once: if an earlier run used it, wait for the next one.
            time.sleep(30 - time.time() % 30 + 1)
        raise SystemExit(f"The second factor of {username!r} was not accepted.")

    def shot(self, page: Any, name: str, url: str | None = None) -> None:
        if url is not None:
            response = page.goto(url)
            if response is None or response.status != 200:
                raise SystemExit(f"{url} answered {response.status if response else 'nothing'}")
        page.evaluate("document.fonts.ready")
        path = self.out / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        self.written.append(path)
        print(f"  {path}")

    def run(self) -> None:
        anon = self.context()
        page = anon.new_page()
        self.shot(page, "01-start-anonymous", "/")
        self.shot(page, "02-centres-list", "/zentren/")
        page.goto("/foerderung/rechner/")
        page.select_option("#id_district", "05711")
        for index, (category, fte, months, cost) in enumerate(
            [("pedagogical", "1,0", "12", "68.000"), ("administrative", "0,5", "12", "30.000")]
        ):
            page.select_option(f"#id_positions-{index}-category", category)
            page.fill(f"#id_positions-{index}-fte", fte)
            page.fill(f"#id_positions-{index}-months", months)
            page.fill(f"#id_positions-{index}-annual_cost", cost)
        with page.expect_navigation():
            page.click("main form button.kern-btn--primary")
        self.shot(page, "09-calculator-anonymous")
        page.goto("/zentren/?q=05711")
        bielefeld = page.locator("#results tbody a").first.get_attribute("href")
        anon.close()

        anna = self.context()
        page = self.login(anna, "anna")
        self.shot(page, "03-centre-detail-bielefeld-anna", bielefeld)
        self.shot(page, "04-start-anna", "/")
        self.shot(page, "07-account-security-anna", "/konto/sicherheit/")
        anna.close()

        bernd = self.context()
        page = self.login(bernd, "bernd")
        self.shot(page, "05-start-bernd", "/")
        self.shot(page, "06-audit-log-bernd", "/protokoll/")
        bernd.close()

        phone = self.context(phone=True)
        self.shot(phone.new_page(), "08-centres-list-phone", "/zentren/")
        phone.close()
        self.funding()

    def funding(self) -> None:
        """The funding chain, step by step, as in docs/funding-walkthrough.md."""
        from teilhabe.funding.models import Application, Decision, Proposal

        def app(key: str, year: int) -> str:
            return Application.objects.get(
                centre__grantee__key=key, first_year=year
            ).get_absolute_url()

        draft = app("05711", 2027)
        bielefeld_2026 = Application.objects.get(centre__grantee__key="05711", first_year=2026)
        decision = Decision.objects.filter(application=bielefeld_2026).latest("issued_at")
        proposal = Proposal.objects.get(application__centre__grantee__key="05113", status="pending")

        kai = self.context()
        page = self.login(kai, "kai")
        self.shot(page, "10-application-draft-kai", draft)
        self.shot(page, "11-application-edit-kai", draft + "bearbeiten/")
        kai.close()

        anna = self.context()
        page = self.login(anna, "anna")
        self.shot(page, "12-application-submit-anna", draft + "einreichen/")
        self.shot(page, "13-decision-anna", decision.get_absolute_url())
        self.shot(page, "14-conditions-anna", "/foerderung/auflagen/")
        self.shot(page, "15-payments-anna", bielefeld_2026.get_absolute_url() + "zahlungen/")
        self.shot(page, "16-concepts-anna", f"/zentren/{bielefeld_2026.centre_id}/konzept/")
        anna.close()

        bernd = self.context()
        page = self.login(bernd, "bernd")
        dortmund = app("05913", 2027)
        self.shot(page, "17-applications-bernd", "/foerderung/antraege/?status=submitted")
        self.shot(page, "18-review-bernd", dortmund + "pruefung/")
        self.shot(page, "19-proposal-bernd", app("05314", 2027) + "vorschlag/")
        bernd.close()

        guel = self.context()
        page = self.login(guel, "guel")
        self.shot(page, "20-signatures-guel", "/foerderung/zeichnung/")
        self.shot(page, "21-sign-guel", f"/foerderung/vorschlaege/{proposal.pk}/zeichnen/")
        guel.close()

        mia = self.context()
        page = self.login(mia, "mia")
        self.shot(page, "22-budget-mia", "/foerderung/haushalt/")
        self.shot(page, "23-planning-mia", "/foerderung/planung/")
        self.shot(page, "24-guideline-add-mia", "/foerderung/richtlinien/neu/")
        mia.close()

        pdf = self.out / "25-decision.pdf"
        pdf.write_bytes(decision.pdf.read())
        pdftoppm = shutil.which("pdftoppm")  # Debian's poppler-utils, optional
        if pdftoppm:
            subprocess.run(  # noqa: S603 (a fixed local tool on our own file)
                [
                    pdftoppm,
                    "-png",
                    "-r",
                    "60",
                    "-f",
                    "1",
                    "-l",
                    "2",
                    str(pdf),
                    str(pdf.with_suffix("")),
                ],
                check=True,
            )
            print(f"  {pdf.with_suffix('')}-*.png (pages of the decision PDF)")
        pdf.unlink()


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        usage("Give the server's address and the output folder.")
    base, out = argv[0].rstrip("/"), Path(argv[1])
    parts = urlsplit(base)
    if parts.scheme not in {"http", "https"} or parts.hostname not in LOCAL_HOSTS:
        usage(f"Only a local server, please (127.0.0.1, localhost, ::1), not {base!r}.")
    if parts.path or parts.query:
        usage(f"Give the server's address without a path: {base!r}.")
    base = f"{parts.scheme}://{parts.netloc}"

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teilhabe.settings")
    # Playwright's sync API runs an event loop; the demo rows are read in between.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    import django

    django.setup()  # the TOTP secrets, and which demo rows to show (read only)
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    print(f"Screenshots of {base} into {out}:")
    with sync_playwright() as p:
        from teilhabe.core.chromium import CHROMIUM, CHROMIUM_ARGS

        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        shooter = Shooter(browser, base, out)
        try:
            shooter.run()
        finally:
            browser.close()
    if shooter.blocked:
        print(
            "Requests to other hosts were blocked (everything must be served locally):",
            file=sys.stderr,
        )
        for url in shooter.blocked:
            print(f"  {url}", file=sys.stderr)
        return 1
    print(f"{len(shooter.written)} screenshots written.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
