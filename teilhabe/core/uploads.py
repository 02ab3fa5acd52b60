"""Uploaded documents are checked by their content, never by name or declared type.

A PDF must start with the PDF signature, parse with pypdf, have at least one page, not be
encrypted (an archived document must stay readable) and stay under `UPLOAD_MAX_BYTES`.
"""

from __future__ import annotations

import hashlib
import io
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

PDF_SIGNATURE = b"%PDF-"


@dataclass(frozen=True)
class CheckedPdf:
    content: bytes
    name: str
    size: int
    sha256: str
    pages: int


def _clean_name(name: str) -> str:
    """The file name to show: no directories, no control characters, at most 255 characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip() or "dokument.pdf"
    return base[-255:]


def check_pdf(upload: UploadedFile, *, max_bytes: int | None = None) -> CheckedPdf:
    """The upload's bytes and facts if it is a readable PDF; ValidationError otherwise."""
    limit = max_bytes if max_bytes is not None else settings.UPLOAD_MAX_BYTES
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty_file")
    if size > limit:
        raise ValidationError(
            _("The file is %(size)s; at most %(limit)s are allowed."),
            code="file_too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(limit)},
        )
    content = b"".join(upload.chunks())
    # The signature may follow a few bytes of junk (the PDF specification allows 1024).
    if PDF_SIGNATURE not in content[:1024]:
        raise ValidationError(
            _("This file is not a PDF document (checked by its content)."), code="not_a_pdf"
        )
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted:
            raise ValidationError(
                _("The PDF is encrypted or password-protected; upload it without protection."),
                code="pdf_encrypted",
            )
        pages = len(reader.pages)
    except ValidationError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        logger.info("unreadable PDF upload: %s", exc)
        raise ValidationError(
            _("The PDF cannot be read; it may be damaged. Please export it again."),
            code="pdf_unreadable",
        ) from exc
    if pages < 1:
        raise ValidationError(_("The PDF has no pages."), code="pdf_unreadable")
    return CheckedPdf(
        content=content,
        name=_clean_name(upload.name or ""),
        size=size,
        sha256=hashlib.sha256(content).hexdigest(),
        pages=pages,
    )
