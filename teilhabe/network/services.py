"""Writes to the partner network. Each function checks its caller itself (`require` with a rule
of `access`), is atomic, validates, and records its audit event with the changed fields.

A partner account's own changes are recorded as `…changed_by_partner`, so the KI finds them in
the trail and can undo them (`undo_partner_change`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.centres.models import Centre
from teilhabe.core import audit, import_jobs
from teilhabe.core.actions import locked, reject_unknown, require
from teilhabe.core.files import save_on_commit
from teilhabe.core.middleware import current_request_id
from teilhabe.core.models import AuditEvent
from teilhabe.core.registry import registry
from teilhabe.core.roles import Principal
from teilhabe.core.uploads import check_pdf

from . import access, imports
from .models import (
    ContactPerson,
    CooperationAgreement,
    ImportJob,
    Organisation,
    OrganisationType,
    PartnerMembership,
    UndoneChange,
    match_key,
)

if TYPE_CHECKING:
    from teilhabe.accounts.models import User

PARTNER_FIELDS = (
    "name",
    "street",
    "postcode",
    "municipality",
    "email",
    "phone",
    "website",
    "languages",
    "areas_of_work",
    "stages",
)
ORGANISATION_FIELDS = ("type", *PARTNER_FIELDS, "is_active")
CONTACT_FIELDS = ("name", "function", "email", "phone")
AGREEMENT_FIELDS = ("kind", "since", "until")
# Fields a merge may take from the merged organisation instead of the survivor.
MERGE_FIELDS = ("type", *PARTNER_FIELDS)
logger = logging.getLogger(__name__)
PARTNER_CHANGE_ACTIONS = ("organisation.changed_by_partner", "contact.changed_by_partner")


def _as_partner(by: User, organisation: Organisation) -> bool:
    """Whether `by` acts as the organisation's partner account rather than as its KI."""
    return not access.may_manage_network(by, organisation.centre_id)


def _check_area(centre: Centre, organisation: Organisation) -> None:
    """The organisation's municipality lies in the KI's own area (`Grantee.municipalities`: the
    City of Aachen's KI has Aachen alone, the Städteregion's KI its other municipalities)."""
    if organisation.municipality_id is None:
        return
    if not centre.grantee.municipalities().filter(pk=organisation.municipality_id).exists():
        raise ValidationError(
            {
                "municipality": ValidationError(
                    _("Choose a municipality in the area of %(centre)s.") % {"centre": centre},
                    code="outside_area",
                )
            }
        )


def _apply(obj: Any, data: dict[str, Any]) -> audit.Changes:
    """Set `data` on `obj`, validate, and return what changed (nothing saved yet)."""
    before = audit.snapshot(obj, data)
    for name, value in data.items():
        setattr(obj, name, value)
    obj.full_clean()
    return audit.diff(before, audit.snapshot(obj, data))


@transaction.atomic
def add_organisation(centre: Centre, *, by: User, data: dict[str, Any]) -> Organisation:
    """Add a partner organisation to the KI's network."""
    require(by, access.may_manage_network, centre.pk)
    reject_unknown(data, ORGANISATION_FIELDS)
    organisation = Organisation(centre=centre, **data)
    organisation.full_clean()
    _check_area(centre, organisation)
    organisation.save()
    audit.record(
        organisation,
        "organisation.added",
        actor=by,
        changes=audit.created(organisation, data),
        centre_id=centre.pk,
    )
    return organisation


@transaction.atomic
def update_organisation(
    organisation: Organisation, *, by: User, data: dict[str, Any]
) -> Organisation:
    """Change an organisation's data: its KI all of it, its partner account its own data (not
    the type or whether the KI still works with it)."""
    require(by, access.may_edit_organisation, organisation.centre_id, organisation.pk)
    organisation = locked(Organisation.objects.select_related("centre__grantee"), organisation.pk)
    partner = _as_partner(by, organisation)
    reject_unknown(data, PARTNER_FIELDS if partner else ORGANISATION_FIELDS)
    changes = _apply(organisation, data)
    if not changes:
        return organisation
    if "municipality" in changes:  # an older entry outside the area may keep its municipality
        _check_area(organisation.centre, organisation)
    organisation.save(update_fields=[*changes, "updated_at"])
    action = "organisation.changed_by_partner" if partner else "organisation.updated"
    audit.record(organisation, action, actor=by, changes=changes, centre_id=organisation.centre_id)
    return organisation


@transaction.atomic
def add_contact(organisation: Organisation, *, by: User, data: dict[str, Any]) -> ContactPerson:
    """Add a business contact to an organisation."""
    require(by, access.may_edit_organisation, organisation.centre_id, organisation.pk)
    reject_unknown(data, CONTACT_FIELDS)
    contact = ContactPerson(organisation=organisation, **data)
    contact.full_clean()
    contact.save()
    partner = _as_partner(by, organisation)
    audit.record(
        contact,
        "contact.added_by_partner" if partner else "contact.added",
        actor=by,
        changes=audit.created(contact, data),
        centre_id=organisation.centre_id,
    )
    return contact


@transaction.atomic
def update_contact(contact: ContactPerson, *, by: User, data: dict[str, Any]) -> ContactPerson:
    """Change a contact's business data."""
    contact = locked(ContactPerson.objects.select_related("organisation"), contact.pk)
    organisation = contact.organisation
    require(by, access.may_edit_organisation, organisation.centre_id, organisation.pk)
    reject_unknown(data, CONTACT_FIELDS)
    changes = _apply(contact, data)
    if not changes:
        return contact
    contact.save(update_fields=list(changes))
    partner = _as_partner(by, organisation)
    audit.record(
        contact,
        "contact.changed_by_partner" if partner else "contact.updated",
        actor=by,
        changes=changes,
        centre_id=organisation.centre_id,
    )
    return contact


@transaction.atomic
def remove_contact(contact: ContactPerson, *, by: User) -> None:
    """Remove a contact (someone left the organisation); the trail keeps what was recorded."""
    contact = locked(ContactPerson.objects.select_related("organisation"), contact.pk)
    organisation = contact.organisation
    require(by, access.may_edit_organisation, organisation.centre_id, organisation.pk)
    partner = _as_partner(by, organisation)
    audit.record(
        contact,
        "contact.removed_by_partner" if partner else "contact.removed",
        actor=by,
        changes={
            name: {"from": value, "to": None}
            for name, value in audit.snapshot(contact, CONTACT_FIELDS).items()
        },
        centre_id=organisation.centre_id,
    )
    contact.delete()


@transaction.atomic
def add_agreement(
    organisation: Organisation,
    *,
    by: User,
    data: dict[str, Any],
    upload: UploadedFile | None,
) -> CooperationAgreement:
    """Record a cooperation agreement; its signed PDF (checked by content) is stored after the
    commit. The agreement is the KI's: partner accounts read it, they do not add one."""
    require(by, access.may_manage_network, organisation.centre_id)
    reject_unknown(data, AGREEMENT_FIELDS)
    agreement = CooperationAgreement(organisation=organisation, **data)
    errors: dict[str, list[ValidationError]] = {}
    pdf = None
    if upload is not None:
        try:
            pdf = check_pdf(upload)
        except ValidationError as e:
            errors["document"] = [e]
    try:
        agreement.full_clean(exclude=["document", *errors])
    except ValidationError as e:
        for name, field_errors in e.error_dict.items():
            errors.setdefault(name, []).extend(field_errors)
    if errors:
        raise ValidationError(errors)
    if pdf is not None:
        agreement.document_name = pdf.name
        agreement.document_size = pdf.size
        agreement.document_sha256 = pdf.sha256
        save_on_commit(agreement.document, pdf.name, pdf.content)
    agreement.save()
    audit.record(
        agreement,
        "agreement.added",
        actor=by,
        changes=audit.created(agreement, (*AGREEMENT_FIELDS, "document_name")),
        centre_id=organisation.centre_id,
    )
    return agreement


@transaction.atomic
def link_partner_account(organisation: Organisation, *, by: User, user: User) -> PartnerMembership:
    """Give a partner account (role `partner`) its organisation; a second call moves it."""
    require(by, access.may_manage_network, organisation.centre_id)
    from teilhabe.core.roles import Role, has_role

    if not has_role(user, Role.PARTNER):
        raise ValidationError(
            _("Only an account with the role “partner organisation” can be linked."),
            code="not_a_partner_account",
        )
    membership = PartnerMembership.objects.select_for_update().filter(user=user).first()
    before = membership.organisation_id if membership else None
    if before == organisation.pk:
        return membership  # type: ignore[return-value]
    if membership is None:
        membership = PartnerMembership.objects.create(user=user, organisation=organisation)
    else:
        membership.organisation = organisation
        membership.save(update_fields=["organisation"])
    audit.record(
        membership,
        "partner.linked",
        actor=by,
        changes={"organisation": {"from": before, "to": organisation.pk}},
        centre_id=organisation.centre_id,
    )
    return membership


# --- the KI undoes a partner's change ------------------------------------------------------


def partner_changes(organisation: Organisation) -> list[AuditEvent]:
    """The partner account's changes to the organisation and its contacts, newest first, each
    with `undone` (bool) set. A read for the KI's page; the caller checked who asks."""
    types = ContentType.objects.get_for_models(Organisation, ContactPerson)
    contact_ids = [str(pk) for pk in organisation.contacts.values_list("pk", flat=True)]
    events = list(
        AuditEvent.objects.filter(
            Q(
                content_type=types[Organisation],
                object_id=str(organisation.pk),
                action="organisation.changed_by_partner",
            )
            | Q(
                content_type=types[ContactPerson],
                object_id__in=contact_ids,
                action__in=[
                    "contact.changed_by_partner",
                    "contact.added_by_partner",
                    "contact.removed_by_partner",
                ],
            )
        )
        .select_related("content_type")
        .order_by("-created_at", "-pk")[:50]
    )
    undone = set(
        UndoneChange.objects.filter(event_id__in=[e.pk for e in events]).values_list(
            "event_id", flat=True
        )
    )
    for event in events:
        event.undone = event.pk in undone  # type: ignore[attr-defined]
        event.undoable = event.action in PARTNER_CHANGE_ACTIONS  # type: ignore[attr-defined]
    return events


def _restorable(obj: Any, changes: dict[str, Any]) -> dict[str, Any]:
    """The values before `changes`, as attributes to set; refused where a field changed again
    since (someone's later work is never overwritten silently)."""
    now = audit.snapshot(obj, changes)
    changed_again = [name for name, change in changes.items() if now[name] != change["to"]]
    if changed_again:
        labels = ", ".join(str(obj._meta.get_field(n).verbose_name) for n in changed_again)
        raise ValidationError(
            _(
                "This change cannot be undone: %(fields)s changed again since. Edit the "
                "organisation instead."
            )
            % {"fields": labels},
            code="changed_since",
        )
    restore = {}
    for name, change in changes.items():
        field = obj._meta.get_field(name)
        restore[getattr(field, "attname", name)] = change["from"]
    return restore


@transaction.atomic
def undo_partner_change(organisation: Organisation, *, by: User, event_id: int) -> AuditEvent:
    """Restore the values before a partner account's change (of the organisation's data or of
    a contact), through the same checks as an edit; recorded as an undo naming the change."""
    require(by, access.may_manage_network, organisation.centre_id)
    organisation = locked(Organisation, organisation.pk)
    types = ContentType.objects.get_for_models(Organisation, ContactPerson)
    event = AuditEvent.objects.filter(pk=event_id, action__in=PARTNER_CHANGE_ACTIONS).first()
    target: Any = None
    if event is not None and event.content_type_id == types[Organisation].pk:
        target = organisation if event.object_id == str(organisation.pk) else None
    elif event is not None:
        target = (
            ContactPerson.objects.select_for_update()
            .filter(organisation=organisation, pk=int(event.object_id))
            .first()
        )
    if event is None or target is None:
        raise ValidationError(
            _("This change is not a partner's change of this organisation."), code="not_found"
        )
    if UndoneChange.objects.filter(event=event).exists():
        raise ValidationError(_("This change has been undone already."), code="already_undone")
    restore = _restorable(target, event.changes)
    before = audit.snapshot(target, event.changes)
    for attname, value in restore.items():
        setattr(target, attname, value)
    target.full_clean()
    changes = audit.diff(before, audit.snapshot(target, event.changes))
    update = list(event.changes)
    if isinstance(target, Organisation):
        update.append("updated_at")
    target.save(update_fields=update)
    undo = audit.record(
        target,
        "organisation.partner_change_undone"
        if isinstance(target, Organisation)
        else "contact.partner_change_undone",
        actor=by,
        changes=changes,
        centre_id=organisation.centre_id,
    )
    UndoneChange.objects.create(event=event, undo_event=undo)
    return undo


# --- merging a likely duplicate ------------------------------------------------------------


@transaction.atomic
def merge_organisations(
    survivor: Organisation,
    *,
    by: User,
    merged: Organisation,
    take_from_merged: tuple[str, ...] | list[str] = (),
) -> Organisation:
    """Merge `merged` into `survivor`: the survivor keeps its values but for the fields named
    in `take_from_merged`; every reference to the merged one (contacts, agreements, partner
    accounts) moves to the survivor in this transaction; the merged one stays, deactivated and
    pointing to the survivor, so both histories remain in the audit trail. Within one KI."""
    require(by, access.may_manage_network, survivor.centre_id)
    require(by, access.may_manage_network, merged.centre_id)
    first, second = sorted([survivor.pk, merged.pk])  # one lock order, whoever merges
    rows = {first: locked(Organisation, first), second: locked(Organisation, second)}
    survivor, merged = rows[survivor.pk], rows[merged.pk]
    if survivor.pk == merged.pk:
        raise ValidationError(_("Choose two different organisations."), code="same_organisation")
    if survivor.centre_id != merged.centre_id:
        raise ValidationError(
            _("Only organisations of the same KI can be merged."), code="other_centre"
        )
    if not merged.is_active or merged.merged_into_id is not None:
        raise ValidationError(
            _("%(name)s has been merged or deactivated already.") % {"name": merged.name},
            code="not_active",
        )
    unknown = sorted(set(take_from_merged) - set(MERGE_FIELDS))
    if unknown:
        raise ValidationError(
            _("These fields cannot be taken over: %(fields)s") % {"fields": ", ".join(unknown)},
            code="unknown_field",
        )
    data = {name: getattr(merged, name) for name in take_from_merged}
    changes = _apply(survivor, data)
    moved = {
        "contacts": merged.contacts.update(organisation=survivor),
        "agreements": merged.agreements.update(organisation=survivor),
        "partner accounts": merged.memberships.update(organisation=survivor),
    }
    # The other apps' rows that point to it (a measure's partners, member schools …), in this
    # transaction; an app may refuse the merge (ValidationError), which leaves everything as it was.
    for mover in registry.reference_movers.values():
        for what, n in mover.move(merged, survivor).items():
            moved[what] = moved.get(what, 0) + n
    survivor.save(update_fields=[*changes, "updated_at"])
    audit.record(
        survivor,
        "organisation.merged",
        actor=by,
        changes={
            **changes,
            "merged_organisation": {"from": None, "to": f"{merged.name} (#{merged.pk})"},
            **{f"moved {what}": {"from": None, "to": n} for what, n in moved.items() if n},
        },
        centre_id=survivor.centre_id,
    )
    merged_changes = _apply(merged, {"is_active": False, "merged_into": survivor})
    merged.save(update_fields=[*merged_changes, "updated_at"])
    audit.record(
        merged,
        "organisation.merged_away",
        actor=by,
        changes=merged_changes,
        centre_id=merged.centre_id,
    )
    return survivor


# --- import from CSV or XLSX (the shared job: `core.import_jobs`) --------------------------

IMPORT_BATCH = 500
IMPORT_FIELDS = ("type", *PARTNER_FIELDS)


class OrganisationImporter(import_jobs.Importer[ImportJob, imports.CheckedRow]):
    """The network's part of the shared import: the table (`imports`), its rows checked as the
    organisation form would, matched by name and postcode (`models.match_key`) and written in
    batches of `IMPORT_BATCH`. Idempotent, so a stalled job may be started again."""

    model = ImportJob
    actions = import_jobs.ImportActions(
        uploaded="import.uploaded",
        discarded="import.discarded",
        confirmed="import.confirmed",
        started="import.started",
        finished="import.finished",
        failed="import.failed",
        retried="import.retried",
    )
    max_bytes = imports.MAX_BYTES
    batch_size = IMPORT_BATCH
    max_stored_errors = imports.MAX_STORED_ERRORS
    preview_rows = imports.PREVIEW_ROWS

    def may_import(self, user: Any, centre_id: int) -> bool:
        return access.may_manage_network(user, centre_id)

    def enqueue(self, job_id: int) -> None:
        from .tasks import run_import_task

        run_import_task.enqueue(job_id)

    def read(self, content: bytes) -> import_jobs.Reading:
        table = imports.read_table(content)
        mapping = imports.guess_mapping(table.headers)
        return import_jobs.Reading(table.file_format, len(table.rows), {"mapping": mapping})

    def rows(self, job: ImportJob) -> list[imports.CheckedRow]:
        return imports.check_table(read_import(job), job.mapping, job.centre).rows

    def write(
        self, job: ImportJob, rows: Sequence[imports.CheckedRow], *, by: Principal | None
    ) -> import_jobs.Batch:
        valid = [row for row in rows if not row.errors]
        created, updated, unchanged = _import_batch(job, valid, by=cast("User", by))
        return import_jobs.Batch(
            created=created,
            updated=updated,
            unchanged=unchanged,
            failed=len(rows) - len(valid),
            errors=[e.as_dict() for row in rows for e in row.errors],
        )


IMPORTER = OrganisationImporter()


def upload_import(centre: Centre, *, by: User, upload: UploadedFile) -> ImportJob:
    """Keep an uploaded file (checked by content: a readable table within the bounds) until
    its user has mapped the columns and confirmed; nothing of it is written to the network yet.
    The user's earlier unconfirmed upload for the KI is discarded with its file."""
    return import_jobs.upload(IMPORTER, centre.pk, by=by, upload=upload)


def read_import(job: ImportJob) -> imports.Table:
    """The kept file's table (a read for the preview and the run; the caller checked who
    asks). A file gone from the disk reads as an error, never as an empty import."""
    return imports.read_table(import_jobs.read_file(IMPORTER, job))


def confirm_import(job: ImportJob, *, by: User, mapping: dict[str, Any]) -> ImportJob:
    """The user confirms the preview: the job is queued with its mapping (checked again: the
    name mapped, each column once) and the worker runs it after the commit."""

    def check(job: ImportJob) -> dict[str, Any]:
        table = read_import(job)
        clean = imports.clean_mapping(mapping, len(table.headers))
        return {"mapping": clean, "total": len(table.rows)}

    return import_jobs.confirm(IMPORTER, job, by=by, check=check)


def retry_import(job: ImportJob, *, by: User) -> ImportJob:
    """Start an import again whose worker died (`import_jobs.retry`): safe because the run
    matches rows by name and postcode, so rows the first attempt wrote are found, not added
    twice."""
    return import_jobs.retry(IMPORTER, job, by=by)


def _import_events(
    rows: list[tuple[Organisation, str, audit.Changes]], by: User, centre_id: int
) -> list[AuditEvent]:
    """One audit event per organisation the import added or changed, written in one insert
    (the same fields `audit.record` writes)."""
    content_type = ContentType.objects.get_for_model(Organisation)
    actor_label = audit._actor_label(by)
    request_id = current_request_id.get()
    return AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=by,
            actor_label=actor_label,
            action=action,
            content_type=content_type,
            object_id=str(organisation.pk),
            object_label=str(organisation)[:300],
            centre_id=centre_id,
            changes=changes,
            request_id=request_id,
        )
        for organisation, action, changes in rows
    )


def _changes_for(organisation: Organisation, data: dict[str, Any]) -> audit.Changes:
    fields = [name.removesuffix("_id") for name in data]
    before = audit.snapshot(organisation, fields)
    for name, value in data.items():
        setattr(organisation, name, value)
    return audit.diff(before, audit.snapshot(organisation, fields))


@transaction.atomic
def _import_batch(
    job: ImportJob, rows: list[imports.CheckedRow], *, by: User
) -> tuple[int, int, int]:
    """Write one batch: new organisations in one insert, changed ones in one update, an audit
    event for each; the job's counters in the same transaction (a crash repeats the batch at
    most, and a repeat finds the rows it wrote: no duplicates)."""
    existing: dict[str, Organisation] = {}
    keys = [row.key for row in rows]
    for organisation in (
        Organisation.objects.select_for_update()
        .filter(centre_id=job.centre_id, match_key__in=keys, merged_into__isnull=True)
        .order_by("-is_active", "pk")
    ):
        existing.setdefault(organisation.match_key, organisation)
    new: list[Organisation] = []
    changed: list[tuple[Organisation, audit.Changes]] = []
    events: list[tuple[Organisation, str, audit.Changes]] = []
    for row in rows:
        found = existing.get(row.key)
        if found is None:
            organisation = Organisation(centre_id=job.centre_id, type=OrganisationType.OTHER)
            for name, value in row.data.items():
                setattr(organisation, name, value)
            organisation.match_key = match_key(organisation.name, organisation.postcode)
            new.append(organisation)
            existing[row.key] = organisation
            continue
        changes = _changes_for(found, row.data)
        if changes:
            found.match_key = match_key(found.name, found.postcode)
            changed.append((found, changes))
    if new:
        Organisation.objects.bulk_create(new)
        events += [
            (o, "organisation.imported", audit.created(o, ("type", *PARTNER_FIELDS))) for o in new
        ]
    if changed:
        now = timezone.now()
        for organisation, _changes in changed:
            organisation.updated_at = now
        Organisation.objects.bulk_update(
            [o for o, _c in changed], [*IMPORT_FIELDS, "match_key", "updated_at"]
        )
        events += [(o, "organisation.updated_by_import", c) for o, c in changed]
    _import_events(events, by, job.centre_id)
    unchanged = len(rows) - len(new) - len(changed)
    return len(new), len(changed), unchanged


def run_import(job: ImportJob, *, by: User) -> ImportJob:
    """Run a confirmed import as `by` (its uploader, checked again: someone who left the KI
    since imports nothing). Valid rows are written in batches of `IMPORT_BATCH`, each in its own
    transaction with the job's progress, matched by name and postcode (`models.match_key`) to
    the KI's organisations: an existing one gets the cells the file gives, a new one is added.
    Rows with errors are skipped and listed (the first `imports.MAX_STORED_ERRORS`). A repeat
    after a crash picks up without duplicates."""
    return import_jobs.run(IMPORTER, job, by=by)
