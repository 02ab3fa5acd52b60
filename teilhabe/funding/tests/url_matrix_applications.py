"""URL arguments of the application routes for `teilhabe/tests/test_url_matrix.py`.

Objects of KI Bielefeld: a draft (2026) with an attachment, and an application waiting for an
answer to an information request (2027).
"""

from __future__ import annotations

from datetime import date

from django.core.files.base import ContentFile

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.funding.models import ApplicationAttachment, ApplicationStatus, InformationRequest
from teilhabe.funding.tests import factories


def objects(anna: User, bielefeld: Centre) -> dict[str, dict[str, object]]:
    draft = factories.application(bielefeld, year=2026)
    content = factories.pdf_bytes()
    attachment = ApplicationAttachment(
        application=draft, description="Ratsbeschluss", name="rat.pdf", size=len(content)
    )
    attachment.document.save("rat.pdf", ContentFile(content), save=False)
    attachment.save()
    asked = factories.application(
        bielefeld, year=2027, status=ApplicationStatus.INFO_REQUESTED, concept=draft.concept
    )
    info = InformationRequest.objects.create(
        application=asked,
        message="Bitte Stellenplan erläutern.",
        due_date=date(2027, 2, 1),
        requested_by=anna,
    )
    return {
        "funding:application": {"pk": draft.pk},
        "funding:application_edit": {"pk": draft.pk},
        "funding:application_submit": {"pk": draft.pk},
        "funding:application_withdraw": {"pk": draft.pk},
        "funding:application_autosave": {"pk": draft.pk},
        "funding:attachment_add": {"pk": draft.pk},
        "funding:attachment": {"pk": draft.pk, "attachment_pk": attachment.pk},
        "funding:information_answer": {"pk": asked.pk, "request_pk": info.pk},
        "api:get_application": {"application_id": draft.pk},
    }
