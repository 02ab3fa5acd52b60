"""The funding chain's cards on the start page: what each role has to do next, from live data."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from teilhabe.core import money, roles
from teilhabe.core.registry import Step, Todo
from teilhabe.core.roles import CENTRE_ROLES, AnyUser, Role, role_of

from .access import applications_visible_to, conditions_visible_to, payments_visible_to
from .models import (
    Application,
    ApplicationStatus,
    InformationRequest,
    PaymentStatus,
    Proposal,
    ProposalStatus,
)


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
        payments = payments_visible_to(user).filter(status=PaymentStatus.REQUESTED).count()
        text = ngettext(
            "%(n)d application waits for review.", "%(n)d applications wait for review.", count
        ) % {"n": count}
        steps.append(
            Step(
                _("Applications to review"),
                text,
                reverse("funding:applications") + "?status=submitted",
                _("Open the applications"),
            )
        )
        steps.append(
            Step(
                _("Payment requests"),
                ngettext(
                    "%(n)d payment request waits for release.",
                    "%(n)d payment requests wait for release.",
                    payments,
                )
                % {"n": payments}
                if payments
                else _("No payment request waits for release."),
                reverse("funding:payment_queue"),
                _("Open the payment requests"),
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


# How many tasks of one kind the start page lists; the lists behind the links have them all.
TODO_LIMIT = 5


def _place(application: Application) -> str:
    return application.centre.grantee.name


def _condition_todos(user: AnyUser, today: date) -> Iterator[Todo]:
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
                "place": _place(condition.decision.application),
                "decision": condition.decision.number,
                "text": Truncator(condition.text).chars(90),
            },
            reverse("funding:conditions"),
            due=condition.due_date,
            overdue=condition.due_date < today,
        )


def _ki_todos(user: AnyUser, today: date) -> Iterator[Todo]:
    """The KI's open information requests; for the lead also the drafts waiting to be signed."""
    visible = applications_visible_to(user)
    requests = (
        InformationRequest.objects.filter(
            application__in=visible.filter(status=ApplicationStatus.INFO_REQUESTED),
            answered_at__isnull=True,
        )
        .select_related("application__centre__grantee")
        .order_by("due_date", "pk")[:TODO_LIMIT]
    )
    for request in requests:
        yield Todo(
            _("%(place)s: answer the grant authority's request on the application %(years)s")
            % {"place": _place(request.application), "years": request.application.years_label},
            request.application.get_absolute_url(),
            due=request.due_date,
            overdue=request.due_date < today,
        )
    if roles.role_of(user) == Role.KI_LEAD:
        # The drafts, and an application answered after an information request once her staff
        # ask her to sign it again.
        to_sign = (
            (
                visible.filter(status=ApplicationStatus.DRAFT)
                | visible.filter(status=ApplicationStatus.INFO_REQUESTED).signature_pending()
            )
            .select_related("signature_requested_by")
            .order_by("first_year", "pk")
        )
        for application in to_sign[:TODO_LIMIT]:
            asker = application.signature_requested_by
            values = {"place": _place(application), "years": application.years_label}
            yield Todo(
                _("%(who)s asks for your signature: application %(years)s (%(place)s)")
                % {"who": asker.get_full_name() or asker.get_username(), **values}
                if application.signature_pending and asker is not None
                else _("%(place)s: check, sign and submit the application %(years)s") % values,
                reverse("funding:application_submit", args=[application.pk]),
            )


def _authority_todos(user: AnyUser) -> Iterator[Todo]:
    """The grant officer's payment requests to decide and applications to review."""
    payments = (
        payments_visible_to(user)
        .filter(status=PaymentStatus.REQUESTED)
        .select_related("application__centre__grantee")
        .order_by("requested_at", "pk")[:TODO_LIMIT]
    )
    for payment in payments:
        yield Todo(
            _("%(place)s: release or refuse the payment request of %(amount)s EUR for %(year)s")
            % {
                "place": _place(payment.application),
                "amount": money.german(payment.amount),
                "year": payment.fiscal_year,
            },
            reverse("funding:payment_queue"),
        )
    waiting = (
        applications_visible_to(user)
        .filter(status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.IN_REVIEW])
        .order_by("submitted_at", "pk")[:TODO_LIMIT]
    )
    for application in waiting:
        yield Todo(
            _("%(place)s: review the application %(years)s")
            % {"place": _place(application), "years": application.years_label},
            application.get_absolute_url(),
        )


def _approver_todos(user: AnyUser) -> Iterator[Todo]:
    proposals = (
        Proposal.objects.filter(status=ProposalStatus.PENDING)
        .exclude(proposed_by_id=getattr(user, "pk", None))  # four eyes: never their own
        .select_related("application__centre__grantee")
        .order_by("proposed_at", "pk")[:TODO_LIMIT]
    )
    for proposal in proposals:
        yield Todo(
            _("%(place)s: second signature for the proposal on the application %(years)s")
            % {"place": _place(proposal.application), "years": proposal.application.years_label},
            reverse("funding:sign", args=[proposal.pk]),
        )


def funding_todos(user: AnyUser) -> Iterator[Todo]:
    """Every open task of the funding chain for `user`'s role (at most TODO_LIMIT per kind)."""
    role = roles.role_of(user)
    today = timezone.localdate()
    if role in CENTRE_ROLES:
        yield from _ki_todos(user, today)
    if role == Role.GRANT_OFFICER:
        yield from _authority_todos(user)
    if role == Role.GRANT_APPROVER:
        yield from _approver_todos(user)
    if role in CENTRE_ROLES | {Role.GRANT_OFFICER}:
        yield from _condition_todos(user, today)
