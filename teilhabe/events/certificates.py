"""The certificate of attendance (Teilnahmebescheinigung) as a PDF, rendered with WeasyPrint.

Only for participants ticked as present on at least one date; it lists those dates. German
whatever the user's language: it is a German document for employers and schools. Rendering
makes no network request: the fetcher serves only the vendored fonts under
`teilhabe/static/vendor/` (as the decision PDF does).
"""

from __future__ import annotations

import logging
import mimetypes
import warnings
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation

warnings.filterwarnings("ignore", message="HarfBuzz-Subset", category=DeprecationWarning)
from weasyprint import HTML  # noqa: E402
from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402

from teilhabe.core.dates import german_date  # noqa: E402

from .models import Registration, RegistrationStatus  # noqa: E402

logger = logging.getLogger(__name__)
VENDOR_DIR = (Path(settings.BASE_DIR) / "teilhabe" / "static" / "vendor").resolve()


class LocalFetcher(URLFetcher):
    """Serves file: URLs inside the vendored static folder; refuses everything else."""

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        path = Path(url.removeprefix("file://").split("?")[0]).resolve()
        if (
            not url.startswith("file://")
            or not path.is_relative_to(VENDOR_DIR)
            or not path.is_file()
        ):
            logger.warning("certificate PDF: refused to fetch %s", url)
            raise ValueError(f"certificate PDF: only vendored files are served, not {url}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if path.suffix == ".woff2":
            content_type = "font/woff2"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})


def context(registration: Registration) -> dict[str, Any]:
    """What the certificate says: the dates the person was present on, and their hours only."""
    event = registration.event
    attended = registration.attended_dates()
    dates = [
        f"{german_date(timezone.localtime(d.starts_at).date())}, "
        f"{timezone.localtime(d.starts_at):%H:%M}–{timezone.localtime(d.ends_at):%H:%M} Uhr"
        for d in attended
    ]
    hours = sum((d.ends_at - d.starts_at).total_seconds() for d in attended) / 3600
    of = event.dates.count()
    return {
        "r": registration,
        "event": event,
        "dates": dates,
        "several": of > 1,
        "of": of,
        "hours": f"{hours:.1f}".replace(".", ",").removesuffix(",0"),
        "issued": german_date(timezone.localdate()),
    }


def render(registration: Registration) -> bytes:
    with translation.override("de"):
        html = render_to_string("events/certificate_pdf.html", context(registration))
    pdf = HTML(
        string=html, base_url=VENDOR_DIR.as_uri() + "/", url_fetcher=LocalFetcher()
    ).write_pdf(pdf_variant="pdf/a-3b", pdf_tags=True)
    assert pdf is not None
    return pdf


def response(registration: Registration) -> HttpResponse:
    """The PDF as a download; 404 for anyone not ticked as present on any date (nothing to
    certify)."""
    if (
        not registration.attended
        or registration.status != RegistrationStatus.CONFIRMED
        or registration.anonymised_at is not None
    ):
        raise Http404
    answer = HttpResponse(render(registration), content_type="application/pdf")
    name = f"teilnahmebescheinigung-{registration.event_id}-{registration.pk}.pdf"
    answer["Content-Disposition"] = f'attachment; filename="{name}"'
    answer["X-Content-Type-Options"] = "nosniff"
    return answer
