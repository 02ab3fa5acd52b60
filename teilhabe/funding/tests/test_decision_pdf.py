"""The decision PDF: German content with amount, number and conditions; PDF/A metadata, tags,
language and embedded fonts; no network access while rendering."""

from __future__ import annotations

import io

import pytest
from django.utils import translation
from pypdf import PdfReader

from teilhabe.funding import decision_pdf
from teilhabe.funding.models import ProposalKind
from teilhabe.funding.tests.review_steps import issued

pytestmark = pytest.mark.django_db


def _read(decision) -> tuple[PdfReader, str]:  # type: ignore[no-untyped-def]
    with decision.pdf.open("rb") as f:
        reader = PdfReader(io.BytesIO(f.read()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, " ".join(text.split())


def test_it_states_amount_number_conditions_and_legal_notices(
    bielefeld, bernd, guel, django_capture_on_commit_callbacks
) -> None:
    # The user's language does not matter: a Bescheid is German. (The file follows the commit.)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        decision = issued(bielefeld, bernd, guel)
    _reader, text = _read(decision)
    assert "Zuwendungsbescheid" in text
    assert "36.05711-2026/1" in text
    assert "188.500,00 EUR" in text
    assert "Benennen Sie die zwei Schwerpunktthemen." in text
    assert "Festbetragsfinanzierung" in text
    assert "ANBest-G" in text
    assert "Verwendungsnachweis" in text and "30.06.2027" in text
    assert "Verwaltungsgericht Minden" in text  # Bielefeld's court (test_courts.py)
    assert "§ 8 des Teilhabe- und Integrationsgesetzes NRW (TIntG) vom 25.11.2021" in text
    assert "Bernd Test" in text and "Gül Test" in text
    assert "Bezirksregierung Arnsberg" in text and "Dezernat 36" in text


def test_it_is_pdf_a_tagged_german_with_a_title_and_embedded_fonts(
    bielefeld, bernd, guel, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        decision = issued(bielefeld, bernd, guel)
    reader, _text = _read(decision)
    xmp = reader.xmp_metadata.stream.get_data().decode()  # type: ignore[union-attr]
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="B"' in xmp
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "de"
    assert "/OutputIntents" in root
    assert reader.metadata.title.startswith("Zuwendungsbescheid 36.05711-2026/1")
    fonts = reader.pages[0]["/Resources"]["/Font"]
    for ref in fonts.values():
        font = ref.get_object()
        descriptor = (
            font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            if "/DescendantFonts" in font
            else font["/FontDescriptor"]
        ).get_object()
        assert "Fira" in font["/BaseFont"]
        assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_a_rejection_states_the_reasons_and_no_amount(
    bielefeld, bernd, guel, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        decision = issued(
            bielefeld,
            bernd,
            guel,
            kind=ProposalKind.REJECT,
            reasons="Kein Integrationskonzept.",
            conditions=[],
        )
    _reader, text = _read(decision)
    assert "Ablehnungsbescheid" in text
    assert "Kein Integrationskonzept." in text
    assert "Festbetragsfinanzierung" not in text
    assert "Verwaltungsgericht Minden" in text
    assert "Haushaltsstelle" not in text  # a rejection charges no budget


def test_the_fetcher_serves_only_vendored_files() -> None:
    fetcher = decision_pdf.LocalStaticFetcher()
    font = decision_pdf.VENDOR_DIR / "kern" / "fonts" / "fira-sans" / "FiraSans-Regular.woff2"
    assert fetcher.fetch(font.as_uri()).read()[:4] == b"wOF2"
    for url in (
        "https://fonts.example/x.woff2",
        "http://127.0.0.1/",
        "file:///etc/passwd",
        (decision_pdf.VENDOR_DIR / ".." / ".." / "settings.py").as_uri(),
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_the_proof_of_use_deadline_is_configurable(settings) -> None:
    assert decision_pdf.proof_of_use_due(2026).isoformat() == "2027-06-30"
    settings.PROOF_OF_USE_MONTHS = 3
    assert decision_pdf.proof_of_use_due(2026).isoformat() == "2027-03-31"
    settings.PROOF_OF_USE_MONTHS = 12
    assert decision_pdf.proof_of_use_due(2026).isoformat() == "2027-12-31"


def test_it_names_the_centre_in_correct_german_with_german_numbers(
    bielefeld, bernd, guel, django_capture_on_commit_callbacks
) -> None:
    # Signed by someone whose language is English: the lines are still German.
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        decision = issued(bielefeld, bernd, guel)
    reader, text = _read(decision)
    subject = "Förderung des Kommunalen Integrationszentrums Bielefeld"
    assert subject in text
    assert "des Kommunales Integrationszentrum" not in text
    assert reader.metadata.title == f"Zuwendungsbescheid 36.05711-2026/1 – {subject}"
    assert "Stelle 1: pädagogische Fachkraft, 1,00 VZÄ gefördert, 12 Monate" in text
    assert "0,50 VZÄ" in text and "57.000,00 EUR" in text
    assert "FTE" not in text and "1.00" not in text and "0.50" not in text


def test_the_legal_basis_is_stated_once_without_our_assumptions(
    bielefeld, bernd, guel, django_capture_on_commit_callbacks, verified_client
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        decision = issued(bielefeld, bernd, guel)
    _reader, text = _read(decision)
    assert text.count("Teilhabe- und Integrationsgesetz") == 1
    assert text.count("§ 8 ") == 1
    assert text.count("§ 44 LHO NRW") == 1
    for internal in ("angenommen", "undatiert", "Quelle"):
        assert internal not in text
    # The decision's page shows the version's citation the same way.
    page = verified_client(guel).get(decision.get_absolute_url()).content.decode()
    assert "Förderrichtlinien KI (Beträge 57.000/45.000 EUR)" in page
    assert "angenommen" not in page and "undatiert" not in page


def test_it_is_addressed_to_the_legal_body_with_budget_line_and_contact(
    bielefeld, bernd, guel, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        decision = issued(bielefeld, bernd, guel)
    _reader, text = _read(decision)
    assert "Stadt Bielefeld Der Oberbürgermeister z. Hd. Kommunales Integrationszentrum" in text
    assert "Zuwendungsempfänger: Stadt Bielefeld (Schlüssel 05711)" in text
    line = decision.commitments.get().budget_line
    assert f"Haushaltsstelle: {line.code} – {line.title} (Haushaltsjahr 2026)" in text
    assert f"Ansprechperson: Bernd Test, E-Mail: {bernd.email}" in text


@pytest.mark.parametrize(
    ("name", "kind", "key", "expected"),
    [
        ("Bielefeld", "kreisfreie_stadt", "05711", ["Stadt Bielefeld", "Der Oberbürgermeister"]),
        ("Gütersloh", "kreis", "05754", ["Kreis Gütersloh", "Der Landrat"]),
        ("Städteregion Aachen", "kreis", "05334", ["Städteregion Aachen", "Der Städteregionsrat"]),
        ("Aachen", "kreisfreie_stadt", "05334002", ["Stadt Aachen", "Der Oberbürgermeister"]),
        ("Hochsauerlandkreis", "kreis", "05958", ["Hochsauerlandkreis", "Der Landrat"]),
        ("Rhein-Kreis Neuss", "kreis", "05162", ["Rhein-Kreis Neuss", "Der Landrat"]),
        ("Märkischer Kreis", "kreis", "05962", ["Märkischer Kreis", "Der Landrat"]),
    ],
)
def test_the_legal_body_and_its_head(name, kind, key, expected) -> None:  # type: ignore[no-untyped-def]
    assert decision_pdf.legal_body(name, kind, key) == expected


def test_the_court_follows_the_grantee_seat(
    dortmund, bernd, guel, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        decision = issued(dortmund, bernd, guel)
    _reader, text = _read(decision)
    assert "Klage beim Verwaltungsgericht Gelsenkirchen, Bahnhofsvorplatz 3, Gelsenkirchen," in text
    assert "Verwaltungsgericht Arnsberg" not in text


def _long_decision(count: int = 30) -> decision_pdf.DecisionData:
    lines = [
        {
            # Rows of 2 to 10 lines, so that some row meets the end of a page.
            "label": f"Stelle {n}: "
            + "pädagogische Fachkraft mit einer recht langen Bezeichnung, " * (1 + 3 * (n % 4))
            + f"1,00 VZÄ gefördert, 12 Monate (Zeile {n})",
            "amount": "57.000,00 EUR",
            "citation": "",
        }
        for n in range(1, count + 1)
    ]
    year = decision_pdf.YearData(
        year=2026,
        lines=lines,
        computed="1.710.000,00 EUR",
        granted="1.710.000,00 EUR",
        partial=False,
        teachers=2,
        teachers_value="100.000,00 EUR",
        guideline="Förderrichtlinien KI",
        proof_due="30.06.2027",
    )
    return decision_pdf.DecisionData(
        number="36.05711-2026/1",
        kind="grant",
        issued="15.01.2026",
        grantee="Bielefeld",
        grantee_key="05711",
        centre="Kommunales Integrationszentrum Bielefeld",
        address=["Niederwall 23", "33602 Bielefeld"],
        submitted="30.10.2025",
        first_year=2026,
        last_year=2026,
        law="§ 8 TIntG NRW 2021",
        guideline="Förderrichtlinien KI",
        years=[year],
        total="1.710.000,00 EUR",
        reasons="",
        conditions=[],
        court="Verwaltungsgericht Minden in Minden",
    )


# Without `break-inside: avoid` 3 of the 30 rows split; without `break-before: avoid` the sum of
# 18 or 26 lines stands alone at the top of the next page.
@pytest.mark.parametrize("count", [18, 26, 30])
def test_table_rows_never_split_and_the_total_stays_with_its_table(count: int) -> None:
    from weasyprint import HTML

    html = HTML(
        string=decision_pdf.render_decision_html(_long_decision(count)),
        base_url=decision_pdf.VENDOR_DIR.as_uri() + "/",
        url_fetcher=decision_pdf.LocalStaticFetcher(),
    )
    document = html.render()
    pages_of: dict[int, set[int]] = {}
    row_pages: list[tuple[str, int]] = []  # (class, page) of each row box, in order
    total_page = -1
    for number, page in enumerate(document.pages):
        for box in page._page_box.descendants():
            tag = getattr(box, "element_tag", None)
            if type(box).__name__ == "TableRowBox" and box.element.get("class") in ("line", "sum"):
                pages_of.setdefault(id(box.element), set()).add(number)
                row_pages.append((box.element.get("class") or "", number))
            if tag == "p" and "total" in (box.element.get("class") or ""):
                total_page = number
    assert len(document.pages) > 1  # the table does run over a page break
    assert len({p for _cls, p in row_pages}) > 1
    assert all(len(pages) == 1 for pages in pages_of.values())  # no row on two pages
    sums = [i for i, (cls, _p) in enumerate(row_pages) if cls == "sum"]
    assert len(sums) == 1  # the sum is printed once, not repeated on every page
    assert row_pages[sums[0]][1] == row_pages[sums[0] - 1][1] == total_page
