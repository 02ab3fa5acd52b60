"""Writes to a KI's integration concept. Each write checks its caller's permission itself
(`access.may_add_concept`), is atomic, validates and records one event.

Rules (see docs/concepts.md): the concept is adopted by the council of the grantee — the Rat of a
kreisfreie Stadt, the Kreistag of a Kreis (§ 7 TIntG NRW 2012 / § 8 TIntG NRW 2021); it covers
both mandatory focus areas (same source); its document is a readable PDF, checked by content.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.centres.models import Centre
from teilhabe.core import audit
from teilhabe.core.actions import require
from teilhabe.core.files import save_on_commit
from teilhabe.core.uploads import check_pdf
from teilhabe.territory.models import DistrictKind

from . import access
from .models import MANDATORY_FOCUS_AREAS, Actor, AdoptingBody, FocusArea, IntegrationConcept

if TYPE_CHECKING:
    from teilhabe.accounts.models import User

CONCEPT_FIELDS = (
    "title",
    "adopting_body",
    "resolution_date",
    "focus_areas",
    "actors",
    "other_actors",
    "attachment",
    "organisation",
)
DOCUMENT_FIELDS = (
    "document",
    "document_name",
    "document_size",
    "document_sha256",
    "document_pages",
)
# What the audit event records of a new version (the document by its facts, not its bytes).
AUDITED_FIELDS = (
    "version",
    *CONCEPT_FIELDS,
    *DOCUMENT_FIELDS[1:],
)


def expected_adopting_body(grantee_kind: str) -> AdoptingBody:
    """The council that adopts the concept: a kreisfreie Stadt's Rat, a Kreis's Kreistag.

    The City of Aachen (05334002) has the status of a kreisfreie Stadt, so its Rat adopts.
    Source: § 7 TIntG NRW 2012 / § 8 TIntG NRW 2021 ("Kreise und kreisfreie Städte").
    """
    return (
        AdoptingBody.RAT if grantee_kind == DistrictKind.KREISFREIE_STADT else AdoptingBody.KREISTAG
    )


def _codes(values: Iterable[str], allowed: type[FocusArea] | type[Actor]) -> list[str]:
    """Known codes in the enumeration's order, without duplicates; unknown ones refused."""
    given = set(values)
    unknown = sorted(given - set(allowed.values))
    if unknown:
        raise ValidationError(
            _("Unknown choice: %(codes)s") % {"codes": ", ".join(unknown)}, code="invalid_choice"
        )
    return [code for code in allowed.values if code in given]


def concept_rule_errors(centre: Centre, data: dict[str, Any]) -> dict[str, list[ValidationError]]:
    """The rule violations of a concept's input, by field (the form shows them before saving).

    Normalises `focus_areas` and `actors` in `data` to known codes in a fixed order.
    """
    errors: dict[str, list[ValidationError]] = {}
    for name, enum in (("focus_areas", FocusArea), ("actors", Actor)):
        try:
            data[name] = _codes(data.get(name) or [], enum)
        except ValidationError as e:
            errors.setdefault(name, []).append(e)
    missing = [
        area for area in FocusArea if area in MANDATORY_FOCUS_AREAS - set(data["focus_areas"])
    ]
    if "focus_areas" not in errors and missing:
        errors["focus_areas"] = [
            ValidationError(
                _("The concept must cover both mandatory focus areas; missing: %(areas)s.")
                % {"areas": "; ".join(str(area.label) for area in missing)},
                code="missing_focus_area",
            )
        ]
    body = data.get("adopting_body")
    expected = expected_adopting_body(centre.grantee.kind)
    if body in AdoptingBody.values and body != expected:  # unknown codes: full_clean says so
        errors["adopting_body"] = [
            ValidationError(
                _("%(grantee)s is a %(kind)s: its concept is adopted by the %(body)s.")
                % {
                    "grantee": centre.grantee.name,
                    "kind": DistrictKind(centre.grantee.kind).label,
                    "body": expected.label,
                },
                code="wrong_adopting_body",
            )
        ]
    resolved = data.get("resolution_date")
    if resolved and resolved > timezone.localdate():
        errors["resolution_date"] = [
            ValidationError(
                _("The resolution date lies in the future; enter the day the council decided."),
                code="resolution_in_future",
            )
        ]
    return errors


@transaction.atomic
def add_concept_version(
    centre: Centre, *, by: User, data: dict[str, Any], upload: UploadedFile | None
) -> IntegrationConcept:
    """Store a new version of the KI's integration concept; it becomes the current one.

    Every problem is reported at once, keyed by field (`document` for the file), each with a
    stable code. Versions are numbered 1, 2, 3 … per KI under a lock on the KI's row.
    """
    require(by, access.may_add_concept, centre.pk)
    unknown = sorted(set(data) - set(CONCEPT_FIELDS))
    if unknown:
        raise ValidationError(
            _("These fields cannot be set here: %(fields)s") % {"fields": ", ".join(unknown)},
            code="unknown_field",
        )
    data = dict(data)
    centre = (
        Centre.objects.select_related("grantee").select_for_update(of=("self",)).get(pk=centre.pk)
    )
    errors = concept_rule_errors(centre, data)
    pdf = None
    if upload is None:
        errors["document"] = [
            ValidationError(_("Choose the concept's PDF document."), code="required")
        ]
    else:
        try:
            pdf = check_pdf(upload)
        except ValidationError as e:
            errors["document"] = [e]
    latest = centre.concepts.aggregate(latest=Max("version"))["latest"] or 0
    concept = IntegrationConcept(centre=centre, version=latest + 1, created_by=by, **data)
    if pdf is not None:
        concept.document_name = pdf.name
        concept.document_size = pdf.size
        concept.document_sha256 = pdf.sha256
        concept.document_pages = pdf.pages
    try:
        # Set here, not typed: the uploader, the document's facts (checked above), the version.
        concept.full_clean(
            exclude=["created_by", *DOCUMENT_FIELDS, *errors], validate_constraints=False
        )
    except ValidationError as e:
        for name, field_errors in e.error_dict.items():
            errors.setdefault(name, []).extend(field_errors)
    if errors:
        raise ValidationError(errors)
    assert pdf is not None  # no error means a checked document
    save_on_commit(concept.document, pdf.name, pdf.content)  # no file without its row
    concept.save()
    audit.record(
        concept,
        "concept.added",
        actor=by,
        changes=audit.created(concept, AUDITED_FIELDS),
        centre_id=centre.pk,
    )
    return concept
