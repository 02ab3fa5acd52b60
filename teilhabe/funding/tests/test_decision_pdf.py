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
    assert "Verwaltungsgericht Arnsberg" in text
    assert "§ 8 TIntG NRW 2021" in text
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
    assert "Verwaltungsgericht Arnsberg" in text


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
