"""The funding chain's cards on the start page: what each role has to do next, from live data."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from teilhabe.core.registry import Step, Todo
from teilhabe.core.roles import CENTRE_ROLES, AnyUser, Role, role_of

from .access import applications_visible_to, conditions_visible_to
from .models import ApplicationStatus, Payment, PaymentStatus, Proposal, ProposalStatus


def _condition_counts(user: AnyUser) -> tuple[int, int]:
    today = timezone.localdate()
    counts = conditions_visible_to(user).aggregate(
        open=Count("pk", filter=Q(fulfilled_at__isnull=True)),
        overdue=Count("pk", filter=Q(fulfilled_at__isnull=True, due_date__lt=today)),
    )
    return counts["open"], counts["overdue"]


def _conditions_step(user: AnyUser) -> Step | None:
    open_, overdue = _condition_counts(user)
    if not open_:
        return None
    text = ngettext(
        "%(n)d condition of a funding decision is open.",
        "%(n)d conditions of funding decisions are open.",
        open_,
    ) % {"n": open_}
    if overdue:
        text += " " + ngettext("%(n)d is overdue.", "%(n)d are overdue.", overdue) % {"n": overdue}
    return Step(
        _("Conditions and deadlines"), text, reverse("funding:conditions"), _("Open the tasks")
    )


def funding_steps(user: AnyUser | None) -> list[Step]:
    if user is None:
        return [
            Step(
                _("Grant calculator"),
                _(
                    "What a KI would receive under the funding guideline in force, line by line "
                    "with its legal source: for municipalities that plan."
                ),
                reverse("funding:calculator"),
                _("Compute a grant"),
            )
        ]
    role = role_of(user)
    steps: list[Step] = []
    if role in CENTRE_ROLES:
        latest = applications_visible_to(user).order_by("-first_year", "-pk").first()
        steps.append(
            Step(
                _("Funding"),
                _("Your application for %(years)s: %(status)s.")
                % {
                    "years": latest.years_label,
                    "status": latest.get_status_display(),
                }
                if latest
                else _("No application yet. Prepare the application for the next funding year."),
                latest.get_absolute_url() if latest else reverse("funding:application_new"),
                _("Open the application") if latest else _("Prepare an application"),
            )
        )
    elif role == Role.GRANT_OFFICER:
        waiting = applications_visible_to(user).filter(
            status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.IN_REVIEW]
        )
        count = waiting.count()
        payments = Payment.objects.filter(status=PaymentStatus.REQUESTED).count()
        text = ngettext(
            "%(n)d application waits for review.", "%(n)d applications wait for review.", count
        ) % {"n": count}
        if payments:
            text += " " + ngettext(
                "%(n)d payment request waits for release.",
                "%(n)d payment requests wait for release.",
                payments,
            ) % {"n": payments}
        steps.append(
            Step(
                _("Applications to review"),
                text,
                reverse("funding:applications") + "?status=submitted",
                _("Open the applications"),
            )
        )
    elif role == Role.GRANT_APPROVER:
        pending = Proposal.objects.filter(status=ProposalStatus.PENDING).count()
        steps.append(
            Step(
                _("Second signature"),
                ngettext(
                    "%(n)d proposal waits for your signature.",
                    "%(n)d proposals wait for your signature.",
                    pending,
                )
                % {"n": pending}
                if pending
                else _("No proposal waits for a second signature."),
                reverse("funding:signatures"),
                _("Open the proposals"),
            )
        )
    elif role == Role.MINISTRY:
        steps += [
            Step(
                _("Budget lines"),
                _("Planned, committed, paid and available per fiscal year."),
                reverse("funding:budget"),
                _("Open the budget"),
            ),
            Step(
                _("Planning"),
                _("What full funding of all 54 KIs under a guideline version costs in a year."),
                reverse("funding:planning"),
                _("Open the planning"),
            ),
            Step(
                _("Funding guideline versions"),
                _("Add a new version of the guideline; versions in force never change."),
                reverse("funding:guidelines"),
                _("Open the versions"),
            ),
        ]
    elif role == Role.COORDINATION:
        steps.append(
            Step(
                _("Funding"),
                _("Applications and decisions of all 54 KIs."),
                reverse("funding:applications"),
                _("Open the applications"),
            )
        )
    if role in CENTRE_ROLES | {Role.GRANT_OFFICER}:
        step = _conditions_step(user)
        if step is not None:
            steps.append(step)
    return steps


# How many dated tasks the start page lists; the conditions page has them all.
TODO_LIMIT = 5


def funding_todos(user: AnyUser) -> Iterator[Todo]:
    """The open conditions with the nearest deadlines, for the KI and the grant officer."""
    if role_of(user) not in CENTRE_ROLES | {Role.GRANT_OFFICER}:
        return
    today = timezone.localdate()
    conditions = (
        conditions_visible_to(user)
        .select_related("decision__application__centre__grantee")
        .filter(fulfilled_at__isnull=True)
        .order_by("due_date", "pk")[:TODO_LIMIT]
    )
    for condition in conditions:
        yield Todo(
            _("%(place)s, condition of %(decision)s: %(text)s")
            % {
                "place": condition.decision.application.centre.grantee.name,
                "decision": condition.decision.number,
                "text": Truncator(condition.text).chars(90),
            },
            reverse("funding:conditions"),
            due=condition.due_date,
            overdue=condition.due_date < today,
        )
