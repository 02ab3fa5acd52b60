"""Who may see and do what with the proofs of use. Forbidden answers like missing: 404.

The KI's staff and lead see their own KI's proofs of use, drafts included; the grant officer,
the approver and the ministry see every KI's from its submission on (a draft is the KI's own,
as with the applications). The coordination office, the school authority, the evaluator and
partners see none: the quality status tells the coordination office whether a proof was
checked (`quality.proofs_checked`), the statement itself is between the KI and the grant
authority.
"""

from __future__ import annotations

from django.db.models import Q
from django.shortcuts import get_object_or_404

from teilhabe.core import roles
from teilhabe.core.roles import AnyUser, Role

from .use_models import ProofOfUse, ProofOfUseQuerySet

READ_ALL_ROLES = frozenset({Role.GRANT_OFFICER, Role.GRANT_APPROVER, Role.MINISTRY})


def may_see_proofs(user: AnyUser) -> bool:
    """Whether the proof-of-use pages are for `user` at all."""
    return roles.role_of(user) in READ_ALL_ROLES | roles.CENTRE_ROLES


def may_prepare(user: AnyUser, centre_id: int) -> bool:
    """The KI's staff and lead draft the statement and the report."""
    return roles.is_centre_member(user, centre_id)


def may_sign(user: AnyUser, centre_id: int) -> bool:
    """Only the head of the KI signs and submits."""
    return roles.is_centre_lead(user, centre_id)


def may_check(user: AnyUser) -> bool:
    """The grant officer checks, draws the sample, records findings and concludes."""
    return roles.role_of(user) == Role.GRANT_OFFICER


def may_sign_revocation(user: AnyUser) -> bool:
    """The second signature of a partial revocation (the service refuses the officer who
    proposed it)."""
    return roles.role_of(user) == Role.GRANT_APPROVER


def proofs_scope(user: AnyUser) -> Q | None:
    """Filter on ProofOfUse for what `user` may read; None when nothing at all."""
    if roles.role_of(user) in READ_ALL_ROLES:
        return Q(submitted_at__isnull=False)
    centre_id = roles.centre_id_of(user)
    if centre_id is not None:
        return Q(centre_id=centre_id)
    return None


def proofs_visible_to(user: AnyUser) -> ProofOfUseQuerySet:
    scope = proofs_scope(user)
    if scope is None:
        return ProofOfUse.objects.none()
    return ProofOfUse.objects.for_listing().filter(scope)


def proof_for(user: AnyUser, pk: int) -> ProofOfUse:
    """The proof of use if `user` may see it; 404 otherwise."""
    return get_object_or_404(proofs_visible_to(user), pk=pk)
