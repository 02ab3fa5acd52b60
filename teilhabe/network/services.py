"""Writes to the partner network. Each function checks its caller itself (`require` with a rule
of `access`), is atomic, validates, and records its audit event with the changed fields.

A partner account's own changes are recorded as `…changed_by_partner`, so the KI finds them in
the trail and can undo them (`undo_partner_change`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from teilhabe.centres.models import Centre
from teilhabe.core import audit
from teilhabe.core.actions import locked, require
from teilhabe.core.files import save_on_commit
from teilhabe.core.models import AuditEvent
from teilhabe.core.uploads import check_pdf

from . import access
from .models import (
    ContactPerson,
    CooperationAgreement,
    Organisation,
    PartnerMembership,
    UndoneChange,
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
PARTNER_CHANGE_ACTIONS = ("organisation.changed_by_partner", "contact.changed_by_partner")


def _reject_unknown(data: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s") % {"fields": ", ".join(unknown)},
            code="unknown_field",
        )


def _as_partner(by: User, organisation: Organisation) -> bool:
    """Whether `by` acts as the organisation's partner account rather than as its KI."""
    return not access.may_manage_network(by, organisation.centre_id)


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
    _reject_unknown(data, ORGANISATION_FIELDS)
    organisation = Organisation(centre=centre, **data)
    organisation.full_clean()
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
    organisation = locked(Organisation, organisation.pk)
    partner = _as_partner(by, organisation)
    _reject_unknown(data, PARTNER_FIELDS if partner else ORGANISATION_FIELDS)
    changes = _apply(organisation, data)
    if not changes:
        return organisation
    organisation.save(update_fields=[*changes, "updated_at"])
    action = "organisation.changed_by_partner" if partner else "organisation.updated"
    audit.record(organisation, action, actor=by, changes=changes, centre_id=organisation.centre_id)
    return organisation


@transaction.atomic
def add_contact(organisation: Organisation, *, by: User, data: dict[str, Any]) -> ContactPerson:
    """Add a business contact to an organisation."""
    require(by, access.may_edit_organisation, organisation.centre_id, organisation.pk)
    _reject_unknown(data, CONTACT_FIELDS)
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
    _reject_unknown(data, CONTACT_FIELDS)
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
    _reject_unknown(data, AGREEMENT_FIELDS)
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
