"""Who may see and keep the partner network. Forbidden answers like missing: 404.

- The KI's own staff and lead keep their KI's organisations, contacts and agreements.
- The coordination office (which runs the state network) reads every KI's network.
- A partner account keeps its own organisation's data and contacts, nothing else.
- Everyone else, the ministry included, sees nothing: the network holds third parties' business
  contacts, which the KIs collect for their own work (data minimisation, Art. 5 (1) c GDPR);
  the ministry and the grant authority get figures through controlling, not the address book.
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from teilhabe.centres.models import Centre
from teilhabe.core import import_jobs, roles
from teilhabe.core.roles import AnyUser

from .models import (
    ContactPerson,
    CooperationAgreement,
    ImportJob,
    Organisation,
    OrganisationQuerySet,
)

NETWORK_READ_ALL_ROLES = frozenset({roles.Role.COORDINATION})


def may_manage_network(user: AnyUser, centre_id: int) -> bool:
    """The KI's own staff and lead: add, change, merge, import, undo."""
    return roles.is_centre_member(user, centre_id)


def may_see_network(user: AnyUser, centre_id: int) -> bool:
    """The KI itself and the coordination office."""
    return roles.role_of(user) in NETWORK_READ_ALL_ROLES or may_manage_network(user, centre_id)


def partner_organisation_id(user: AnyUser) -> int | None:
    """The organisation a partner account belongs to, or None."""
    if roles.role_of(user) != roles.Role.PARTNER:
        return None
    try:
        membership = user.partner_membership  # type: ignore[attr-defined]
    except ObjectDoesNotExist:
        return None
    return int(membership.organisation_id)


def is_partner_of(user: AnyUser, organisation_id: int) -> bool:
    return organisation_id is not None and partner_organisation_id(user) == organisation_id


def may_edit_organisation(user: AnyUser, centre_id: int, organisation_id: int) -> bool:
    """The KI's own people, and the organisation's own partner account."""
    return may_manage_network(user, centre_id) or is_partner_of(user, organisation_id)


def may_see_organisation(user: AnyUser, centre_id: int, organisation_id: int) -> bool:
    return may_see_network(user, centre_id) or is_partner_of(user, organisation_id)


def may_see_any_network(user: AnyUser) -> bool:
    """The navigation entry: the KI's people, the coordination office, a linked partner."""
    return (
        roles.centre_id_of(user) is not None
        or roles.role_of(user) in NETWORK_READ_ALL_ROLES
        or partner_organisation_id(user) is not None
    )


def centre_for_network(user: AnyUser, centre_pk: int, *, manage: bool = False) -> Centre:
    """The KI if `user` may see (or keep) its network; 404 otherwise, never 403."""
    centre = get_object_or_404(Centre.objects.select_related("grantee"), pk=centre_pk)
    allowed = may_manage_network if manage else may_see_network
    if not allowed(user, centre.pk):
        raise Http404
    return centre


def organisations_of(user: AnyUser, centre: Centre) -> OrganisationQuerySet:
    """The KI's organisations for its list (the caller has checked `centre_for_network`)."""
    if not may_see_network(user, centre.pk):
        return Organisation.objects.none()
    return Organisation.objects.for_listing().of_centre(centre.pk)


def organisation_for(
    user: AnyUser, centre_pk: int, pk: int, *, edit: bool = False, manage: bool = False
) -> Organisation:
    """One organisation if `user` may see it (`edit`: change its data, `manage`: act as the
    KI on it); 404 otherwise."""
    organisation = get_object_or_404(
        Organisation.objects.select_related("centre", "centre__grantee", "municipality"),
        centre_id=centre_pk,
        pk=pk,
    )
    if manage:
        allowed = may_manage_network(user, organisation.centre_id)
    elif edit:
        allowed = may_edit_organisation(user, organisation.centre_id, organisation.pk)
    else:
        allowed = may_see_organisation(user, organisation.centre_id, organisation.pk)
    if not allowed:
        raise Http404
    return organisation


def own_organisation(user: AnyUser) -> Organisation:
    """The partner account's organisation ("Meine Organisation"); 404 for everyone else."""
    organisation_id = partner_organisation_id(user)
    if organisation_id is None:
        raise Http404
    return get_object_or_404(
        Organisation.objects.select_related("centre", "municipality"), pk=organisation_id
    )


def contact_for(user: AnyUser, organisation: Organisation, pk: int) -> ContactPerson:
    """A contact of an organisation `user` may edit (the caller fetched it with `edit`)."""
    if not may_edit_organisation(user, organisation.centre_id, organisation.pk):
        raise Http404
    return get_object_or_404(ContactPerson, organisation=organisation, pk=pk)


def agreement_for(user: AnyUser, organisation: Organisation, pk: int) -> CooperationAgreement:
    """An agreement of an organisation `user` may see."""
    if not may_see_organisation(user, organisation.centre_id, organisation.pk):
        raise Http404
    return get_object_or_404(CooperationAgreement, organisation=organisation, pk=pk)


def visible_organisations_scope(user: AnyUser) -> Q | None:
    """A filter on Organisation for everything `user` may see (None: nothing)."""
    if roles.role_of(user) in NETWORK_READ_ALL_ROLES:
        return Q()
    centre_id = roles.centre_id_of(user)
    if centre_id is not None:
        return Q(centre_id=centre_id)
    organisation_id = partner_organisation_id(user)
    return Q(pk=organisation_id) if organisation_id is not None else None


def import_job_for(user: AnyUser, centre_pk: int, pk: int) -> ImportJob:
    """An import of the KI, for its own staff and lead only; 404 otherwise."""
    return import_jobs.job_for(ImportJob, may_manage_network, user, centre_pk, pk)
