"""Templates: no comment syntax that Django would print (a multi-line {# … #} is plain text)."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "teilhabe" / "templates"
ONE_LINE_COMMENT = re.compile(r"\{#.*?#\}")


def test_no_template_has_a_comment_over_several_lines() -> None:
    offenders = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            rest = ONE_LINE_COMMENT.sub("", line)
            if "{#" in rest or "#}" in rest:
                offenders.append(f"{path.relative_to(TEMPLATES)}:{number}")
    assert not offenders, "use {% comment %} for comments over several lines: " + ", ".join(
        offenders
    )


def test_a_select_offers_bitte_waehlen_not_dashes(client, territory) -> None:
    from django.urls import reverse

    html = client.get(reverse("funding:calculator"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Bitte wählen" in html
    assert "---------" not in html


def test_the_accessibility_statement_names_the_nrw_enforcement_body(client, db) -> None:
    from django.urls import reverse

    html = client.get(reverse("pages:accessibility"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Ombudsstelle für barrierefreie Informationstechnik des Landes" in html
    assert "mailto:ombudsstelle-barrierefreie-it@mags.nrw.de" in html
    assert "§§ 10d, 10e BGG NRW" in html
