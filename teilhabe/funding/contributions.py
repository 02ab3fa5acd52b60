"""What the funding chain adds: its pages and API, navigation, start cards, tasks, demo."""

from __future__ import annotations

from typing import Any

from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy

from teilhabe.core.registry import Registry, in_app, link

BUDGET_PAGES = frozenset({"budget", "planning"})


def _hidden_drafts(user: Any) -> Q | None:
    """The audit trail follows the funding rule (`access.applications_scope`): events of an
    application its reader may not see, such as a draft never submitted, stay hidden. Events
    about no one application (an export of the list) are not hidden by this rule."""
    from django.contrib.contenttypes.models import ContentType

    from . import access
    from .models import Application

    scope = access.applications_scope(user)
    if scope is None:
        return None  # no reader of funding: the trail's own scope decides
    visible = Application.objects.filter(scope).annotate(key=Cast("pk", CharField())).values("key")
    return (
        Q(content_type=ContentType.objects.get_for_model(Application))
        & ~Q(object_id="")
        & ~Q(object_id__in=visible)
    )


def _demo() -> None:
    from .demo import seed_funding_demo

    seed_funding_demo()


def register(registry: Registry) -> None:
    from . import access
    from .start import funding_steps, funding_todos

    registry.mount("foerderung/", "teilhabe.funding.urls", order=30)
    for order, module in enumerate(("api", "api_budget", "api_applications", "api_decisions")):
        registry.api_router("/funding/", f"teilhabe.funding.{module}:router", order=60 + order)
    registry.nav(
        "funding",
        order=30,
        label=gettext_lazy("Funding"),
        url=link("funding:applications"),
        visible=access.may_see_any_funding,
        current=in_app("funding", but=BUDGET_PAGES),
    )
    registry.nav(
        "budget",
        order=40,
        label=gettext_lazy("Budget"),
        url=link("funding:budget"),
        visible=access.may_see_budget,
        current=in_app("funding", only=BUDGET_PAGES),
    )
    registry.start_cards("funding", 40, funding_steps)
    registry.todos("funding-conditions", funding_todos)
    registry.hide_audit_events("funding-drafts", _hidden_drafts)
    # Budget lines are the ministry's, applications are the KIs': after both demos.
    registry.demo("funding", _demo, after=["centres", "accounts", "concepts"])
    registry.audit_actions(
        "funding",
        {
            "application.attachment_added": gettext_lazy("attachment added"),
            "application.created": gettext_lazy("application created"),
            "application.draft_saved": gettext_lazy("draft saved"),
            "application.information_answered": gettext_lazy("information request answered"),
            "application.information_requested": gettext_lazy("information requested"),
            "application.resubmitted": gettext_lazy("application resubmitted"),
            "application.signature_requested": gettext_lazy("head of the KI asked to sign"),
            "application.review_saved": gettext_lazy("review saved"),
            "application.review_started": gettext_lazy("review started"),
            "application.submitted": gettext_lazy("application submitted and signed"),
            "application.withdrawn": gettext_lazy("application withdrawn"),
            "application_window.set": gettext_lazy("application window set"),
            "budget.committed": gettext_lazy("amount committed to the budget line"),
            "budget.line_added": gettext_lazy("budget line added"),
            "budget.paid": gettext_lazy("payment charged to the budget line"),
            "budget.planned_changed": gettext_lazy("planned amount changed"),
            "condition.fulfilled": gettext_lazy("condition fulfilled"),
            "decision.issued": gettext_lazy("decision issued"),
            "guideline.added": gettext_lazy("guideline version added"),
            "guideline.ended": gettext_lazy("guideline version ended"),
            "payment.refused": gettext_lazy("payment refused"),
            "payment.released": gettext_lazy("payment released"),
            "payment.requested": gettext_lazy("payment requested"),
            "proposal.made": gettext_lazy("proposal made"),
            "proposal.returned": gettext_lazy("proposal returned"),
            "receivable.booked": gettext_lazy("receivable booked on the budget line"),
            "receivable.receipt_recorded": gettext_lazy("receipt on a receivable recorded"),
        },
    )
