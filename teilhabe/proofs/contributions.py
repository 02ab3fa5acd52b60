"""What the proofs of use add: the public interest calculator and the base-rate table (pages and
API), a start card for visitors beside the grant calculator's, the audit actions."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teilhabe.core.registry import Registry, Step, Todo
from teilhabe.core.roles import AnyUser


def _cards(user: AnyUser | None) -> list[Step]:
    if user is not None:
        return []
    return [
        Step(
            _("Interest calculator"),
            _(
                "The interest on a repayment of a grant (§ 49a VwVfG NRW: 3 points above the "
                "base rate), day by day for every half-year."
            ),
            reverse("proofs:interest_calculator"),
            _("Compute interest"),
        )
    ]


def _todos(user: AnyUser) -> list[Todo]:
    """For the ministry: a half-year has begun whose base rate is not entered (one query)."""
    from .start import missing_rate_todos

    return missing_rate_todos(user)


def register(registry: Registry) -> None:
    from . import use_contributions

    use_contributions.register(registry)  # the proof of use and its check
    from .repayment_start import register as register_repayments  # issue 18

    register_repayments(registry)
    registry.mount("nachweise/", "teilhabe.proofs.urls", order=35)
    registry.api_router("/proofs/", "teilhabe.proofs.api:router", order=70)
    registry.start_cards("proofs", 41, _cards)
    registry.todos("proofs-base-rate", _todos)
    registry.audit_actions(
        "proofs",
        {"base_rate.added": gettext_lazy("base rate entered")},
    )
