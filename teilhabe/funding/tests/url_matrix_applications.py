"""URL arguments of the application routes for `teilhabe/tests/test_url_matrix.py`.

Objects of KI Bielefeld: a draft (2026) with an attachment, and an application waiting for an
answer to an information request (2027) with one. The pages that read an application show the
submitted one (the grant authority sees an application from its submission on); the draft, a
draft withdrawn before submission and their attachments have their own rows
(`draft_objects`, `DRAFT_TABLE` in the matrix).
"""

from __future__ import annotations

from datetime import date

from django.core.files.base import ContentFile

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.funding.models import (
    Application,
    ApplicationAttachment,
    ApplicationStatus,
    InformationRequest,
)
from teilhabe.funding.tests import factories


def _attachment(application: Application) -> ApplicationAttachment:
    content = factories.pdf_bytes()
    attachment = ApplicationAttachment(
        application=application, description="Ratsbeschluss", name="rat.pdf", size=len(content)
    )
    attachment.document.save("rat.pdf", ContentFile(content), save=False)
    attachment.save()
    return attachment


def objects(anna: User, bielefeld: Centre) -> dict[str, dict[str, object]]:
    draft = factories.application(bielefeld, year=2026)
    _attachment(draft)
    asked = factories.application(
        bielefeld, year=2027, status=ApplicationStatus.INFO_REQUESTED, concept=draft.concept
    )
    submitted_attachment = _attachment(asked)
    info = InformationRequest.objects.create(
        application=asked,
        message="Bitte Stellenplan erläutern.",
        due_date=date(2027, 2, 1),
        requested_by=anna,
    )
    return {
        "funding:application": {"pk": asked.pk},
        "funding:application_edit": {"pk": draft.pk},
        "funding:application_submit": {"pk": draft.pk},
        "funding:application_withdraw": {"pk": draft.pk},
        "funding:signature_request": {"pk": draft.pk},
        "funding:application_autosave": {"pk": draft.pk},
        "funding:attachment_add": {"pk": draft.pk},
        "funding:attachment": {"pk": asked.pk, "attachment_pk": submitted_attachment.pk},
        "funding:information_answer": {"pk": asked.pk, "request_pk": info.pk},
        "api:get_application": {"application_id": asked.pk},
    }


def draft_objects(bielefeld: Centre) -> dict[str, list[dict[str, object]]]:
    """URL arguments of the reading routes for a draft (2031) and for a draft withdrawn before it
    was ever submitted (2032), each with an attachment: they stay the KI's own."""
    cases: dict[str, list[dict[str, object]]] = {
        "funding:application": [],
        "funding:attachment": [],
        "api:get_application": [],
    }
    for year, status in ((2031, ApplicationStatus.DRAFT), (2032, ApplicationStatus.WITHDRAWN)):
        row = factories.application(bielefeld, year=year, status=status, submitted_at=None)
        attachment = _attachment(row)
        cases["funding:application"].append({"pk": row.pk})
        cases["funding:attachment"].append({"pk": row.pk, "attachment_pk": attachment.pk})
        cases["api:get_application"].append({"application_id": row.pk})
    return cases
