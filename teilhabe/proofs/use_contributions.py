"""What the proof of use adds to the shared pages: a navigation entry, the start page's tasks
(the KI: proofs due or overdue; the grant officer: proofs waiting for a check; the approver:
revocations to sign), the audit actions' labels and the demo."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from teilhabe.core import roles
from teilhabe.core.registry import Registry, Step, Todo, in_app, link
from teilhabe.core.roles import AnyUser

# The section "Verwendungsnachweise": the proofs of use and the repayments that follow from them.
USE_PAGES = frozenset(
    {"uses", "use", "use_statement", "use_report", "use_submit", "use_check", "use_sign"}
    | {"repayments", "repayment", "repayment_new", "repayment_sign", "repayment_receipt"}
)


def _todos(user: AnyUser) -> list[Todo]:
    """The KI: each funding year ended whose proof is not submitted, with its deadline."""
    from teilhabe.funding.decision_pdf import proof_of_use_due

    from .statement import due_to_start
    from .use_models import ProofOfUse, ProofStatus

    centre_id = roles.centre_id_of(user)
    if centre_id is None:
        return []
    today = timezone.localdate()
    proofs = list(ProofOfUse.objects.filter(centre_id=centre_id))
    todos = [
        Todo(
            _("Proof of use %(year)s: start and submit it") % {"year": row["year"]},
            reverse("proofs:uses"),
            due=row["due"],
            overdue=row["overdue"],
        )
        for row in due_to_start(centre_id, proofs)
    ]
    for proof in proofs:
        if proof.status == ProofStatus.DRAFT and proof.year < today.year:
            due = proof_of_use_due(proof.year)
            todos.append(
                Todo(
                    _("Proof of use %(year)s: sign and submit it") % {"year": proof.year},
                    proof.get_absolute_url(),
                    due=due,
                    overdue=due < today,
                )
            )
    return todos


def _cards(user: AnyUser | None) -> list[Step]:
    from . import use_access
    from .use_models import CheckStatus, ProofCheck, ProofOfUse, ProofStatus

    if user is None:
        return []
    if use_access.may_check(user):
        waiting = ProofOfUse.objects.filter(
            status__in=[ProofStatus.SUBMITTED, ProofStatus.IN_CHECK]
        ).count()
        return [
            Step(
                _("Proofs of use to check"),
                ngettext(
                    "%(n)d proof of use waits for its check.",
                    "%(n)d proofs of use wait for their check.",
                    waiting,
                )
                % {"n": waiting},
                reverse("proofs:uses") + "?state=waiting",
                _("Open the proofs of use"),
            )
        ]
    if use_access.may_sign_revocation(user):
        pending = ProofCheck.objects.filter(status=CheckStatus.PROPOSED).count()
        if pending:
            return [
                Step(
                    _("Partial revocations to sign"),
                    ngettext(
                        "%(n)d partial revocation awaits your second signature.",
                        "%(n)d partial revocations await your second signature.",
                        pending,
                    )
                    % {"n": pending},
                    reverse("proofs:uses") + "?state=waiting",
                    _("Open the proofs of use"),
                )
            ]
    return []


def _demo() -> list[str]:
    from .demo import seed_proofs_demo

    return seed_proofs_demo()


def register(registry: Registry) -> None:
    from . import use_access
    from .quality import PILLAR

    # The pillar "proof of use checked" of a KI's quality status (quality.py).
    registry.quality_pillar(PILLAR)

    registry.nav(
        "proofs",
        order=45,
        label=gettext_lazy("Proofs of use"),
        url=link("proofs:uses"),
        visible=use_access.may_see_proofs,
        current=in_app("proofs", only=USE_PAGES),
    )
    registry.start_cards("proofs-of-use", 42, _cards)
    registry.todos("proofs-of-use", _todos)
    registry.demo("proofs", _demo, after=["funding"])
    registry.audit_actions(
        "proofs-of-use",
        {
            "proof_of_use.started": gettext_lazy("proof of use started"),
            "proof_of_use.statement_saved": gettext_lazy("numerical statement saved"),
            "proof_of_use.report_saved": gettext_lazy("narrative report saved"),
            "proof_of_use.submitted": gettext_lazy("proof of use signed and submitted"),
            "proof_check.started": gettext_lazy("check of the proof of use opened"),
            "proof_check.receipt_added": gettext_lazy("receipt listed for the check"),
            "proof_check.sample_drawn": gettext_lazy("sample of receipts drawn"),
            "proof_check.finding_recorded": gettext_lazy("finding on a receipt recorded"),
            "proof_check.confirmed": gettext_lazy("proper use confirmed"),
            "proof_check.revocation_proposed": gettext_lazy("partial revocation proposed"),
            "proof_check.revocation_signed": gettext_lazy("partial revocation signed"),
            "proof_check.returned": gettext_lazy("partial revocation returned"),
        },
    )
