"""check_pdf: uploads are judged by their content, never by their name or declared type."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from teilhabe.core.uploads import check_pdf
from teilhabe.funding.tests.factories import pdf_bytes

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"


def _upload(content: bytes, name: str = "konzept.pdf") -> SimpleUploadedFile:
    # The browser's declared type is a claim like the name: both say PDF here.
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _code(content: bytes, **kwargs: int) -> str:
    with pytest.raises(ValidationError) as e:
        check_pdf(_upload(content), **kwargs)
    return e.value.code or ""


def test_it_accepts_a_real_pdf_with_its_facts() -> None:
    content = pdf_bytes(pages=3)
    checked = check_pdf(_upload(content, "Integrationskonzept 2024.pdf"))
    assert checked.content == content
    assert checked.name == "Integrationskonzept 2024.pdf"
    assert checked.size == len(content)
    assert checked.sha256 == hashlib.sha256(content).hexdigest()
    assert checked.pages == 3


def test_it_refuses_a_text_file_named_pdf() -> None:
    assert _code(b"Dies ist kein PDF, nur Text mit der Endung .pdf\n" * 10) == "not_a_pdf"


def test_it_refuses_a_png_named_pdf() -> None:
    assert _code(PNG) == "not_a_pdf"


def test_it_refuses_an_empty_file() -> None:
    assert _code(b"") == "empty_file"


def test_it_refuses_a_file_over_the_limit(settings) -> None:  # type: ignore[no-untyped-def]
    content = pdf_bytes()
    settings.UPLOAD_MAX_BYTES = len(content) - 1
    with pytest.raises(ValidationError) as e:
        check_pdf(_upload(content))
    assert e.value.code == "file_too_large"
    settings.UPLOAD_MAX_BYTES = len(content)
    assert check_pdf(_upload(content)).size == len(content)


def test_it_refuses_an_encrypted_pdf() -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password="geheim", owner_password="geheim")
    out = io.BytesIO()
    writer.write(out)
    assert _code(out.getvalue()) == "pdf_encrypted"


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.7\n" + b"\x00garbage\xff" * 200,
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"trailer << /Root 1 0 R >>\n%%EOF",
        pdf_bytes()[:40],
    ],
    ids=["garbage", "no_pages_object", "truncated"],
)
def test_it_refuses_a_damaged_pdf(content: bytes) -> None:
    assert _code(content) == "pdf_unreadable"


def test_it_keeps_no_directory_of_the_uploaded_name() -> None:
    checked = check_pdf(_upload(pdf_bytes(), "..\\..\\C:\\Users\\anna\\konzept.pdf"))
    assert checked.name == "konzept.pdf"
