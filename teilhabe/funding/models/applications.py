"""The KI's application for one or more funding years, and the grant authority's review of it.

Status flow (services enforce it; see docs/funding.md "The application's way"):

- draft → submitted: the KI lead signs; eligibility checks and mandatory items must pass.
- submitted → in_review: the grant officer opens the review.
- in_review → info_requested: the officer asks for more by a deadline;
  info_requested → submitted: the KI answers (and may edit), the lead resubmits.
- in_review → proposed: the officer proposes approval (full/partial) or rejection;
  proposed → approved | rejected: a different person with the approver role signs;
  proposed → in_review: the approver returns the proposal with a reason.
- draft | submitted | in_review → withdrawn: the KI lead withdraws, before any proposal.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from teilhabe.centres.models import Centre
from teilhabe.concepts.models import IntegrationConcept
from teilhabe.core import money
from teilhabe.core.dates import german_date
from teilhabe.core.money import ZERO
from teilhabe.funding.models.guidelines import Category

NON_NEGATIVE = [MinValueValidator(Decimal("0.00"))]
FUNDING_YEARS = (2012, 2100)  # the range a funding year may take, here and in the constraints


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    IN_REVIEW = "in_review", _("in review")
    INFO_REQUESTED = "info_requested", _("information requested")
    PROPOSED = "proposed", _("proposed for decision")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")


# At most one application per KI and funding year may be in one of these.
OPEN_STATUSES = frozenset(
    {
        ApplicationStatus.DRAFT,
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.IN_REVIEW,
        ApplicationStatus.INFO_REQUESTED,
        ApplicationStatus.PROPOSED,
    }
)
# The KI may change the application only in these.
EDITABLE_STATUSES = frozenset({ApplicationStatus.DRAFT, ApplicationStatus.INFO_REQUESTED})


class ApplicationQuerySet(models.QuerySet["Application"]):
    def open(self) -> ApplicationQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def covering(self, year: int) -> ApplicationQuerySet:
        return self.filter(first_year__lte=year, last_year__gte=year)

    def for_listing(self) -> ApplicationQuerySet:
        return self.select_related("centre", "centre__grantee")

    def signature_pending(self) -> ApplicationQuerySet:
        """Those whose lead was asked to sign since the last submission (`signature_pending`)."""
        return self.filter(signature_requested_at__isnull=False).filter(
            Q(submitted_at__isnull=True) | Q(signature_requested_at__gt=F("submitted_at"))
        )


class Application(models.Model):
    """A KI's application for the funding years first_year..last_year (computed per year)."""

    centre = models.ForeignKey(
        Centre, on_delete=models.PROTECT, related_name="applications", verbose_name=_("KI")
    )
    first_year = models.PositiveSmallIntegerField(
        _("first funding year"), validators=[MinValueValidator(2012), MaxValueValidator(2100)]
    )
    last_year = models.PositiveSmallIntegerField(
        _("last funding year"), validators=[MinValueValidator(2012), MaxValueValidator(2100)]
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
    )
    concept = models.ForeignKey(
        IntegrationConcept,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("integration concept"),
    )
    council_resolution_date = models.DateField(
        _("date of the council resolution to set up the KI"), null=True, blank=True
    )
    teachers_requested = models.PositiveSmallIntegerField(
        _("teachers requested (seconded in kind)"), default=0
    )
    interpreter_pool_cost = models.DecimalField(
        _("interpreter pool: planned cost per year"),
        default=Decimal("0.00"),
        validators=NON_NEGATIVE,
        max_digits=12,
        decimal_places=2,
    )
    # The municipality's own contribution (seed: rooms, administration incl. travel,
    # teaching and learning materials, project funds), per year.
    own_rooms = models.DecimalField(
        _("rooms"),
        default=Decimal("0.00"),
        validators=NON_NEGATIVE,
        max_digits=12,
        decimal_places=2,
    )
    own_administration = models.DecimalField(
        _("administration incl. travel"),
        default=Decimal("0.00"),
        validators=NON_NEGATIVE,
        max_digits=12,
        decimal_places=2,
    )
    own_materials = models.DecimalField(
        _("teaching and learning materials"),
        default=Decimal("0.00"),
        validators=NON_NEGATIVE,
        max_digits=12,
        decimal_places=2,
    )
    own_project_funds = models.DecimalField(
        _("project funds"),
        default=Decimal("0.00"),
        validators=NON_NEGATIVE,
        max_digits=12,
        decimal_places=2,
    )
    own_contribution_notes = models.TextField(_("notes on the own contribution"), blank=True)
    work_plan_education = models.TextField(
        _("work plan: integration through education"), blank=True
    )
    work_plan_cross_cutting = models.TextField(
        _("work plan: integration as a cross-cutting task"), blank=True
    )
    # The KI's application for the year before whose figures the draft started from, if any.
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("figures taken over from"),
    )
    # Optimistic locking: every change increments it; a save with an older number is refused.
    lock_version = models.PositiveIntegerField(_("edit version"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed by (head of the KI)"),
    )
    # The last time a KI staff member asked the lead to sign (services.request_signature).
    signature_requested_at = models.DateTimeField(
        _("signature requested at"), null=True, blank=True
    )
    signature_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signature requested by"),
    )
    # The grant officer's review: checklist {check code: {"done": bool, "note": why it is open}}
    # (funding/checklist.py) and notes.
    review_checklist = models.JSONField(_("review checklist"), default=dict, blank=True)
    review_notes = models.TextField(_("review notes"), blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-first_year", "centre__name"]
        verbose_name = _("funding application")
        verbose_name_plural = _("funding applications")
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__gte=F("first_year")),
                name="funding_application_years",
                violation_error_code="years_reversed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.centre} {self.years_label}"

    def get_absolute_url(self) -> str:
        return reverse("funding:application", args=[self.pk])

    @property
    def years_label(self) -> str:
        """The funding years as people write them: 2026, or 2026 to 2028 with an en dash."""
        if self.first_year == self.last_year:
            return str(self.first_year)
        return f"{self.first_year}–{self.last_year}"

    @property
    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def signature_pending(self) -> bool:
        """A KI staff member has asked the lead to sign since the last submission."""
        asked = self.signature_requested_at
        return asked is not None and (self.submitted_at is None or asked > self.submitted_at)

    @property
    def own_contribution_total(self) -> Decimal:
        return (
            self.own_rooms + self.own_administration + self.own_materials + self.own_project_funds
        )


class ApplicationPosition(models.Model):
    """One municipal position of the staffing plan, in the order it is counted against maxima."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="positions")
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("position"), max_length=200, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    fte = models.DecimalField(
        _("full-time equivalent"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1.00"))],
    )
    start_date = models.DateField(
        _("filled from"), null=True, blank=True, help_text=_("Empty: from the start of the year.")
    )
    end_date = models.DateField(
        _("filled until"), null=True, blank=True, help_text=_("Empty: until the end.")
    )
    annual_cost = models.DecimalField(
        _("personnel cost per year"),
        validators=NON_NEGATIVE,
        help_text=_("The cost of a full year at this full-time equivalent."),
        max_digits=12,
        decimal_places=2,
    )

    class Meta:
        ordering = ["application", "order"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "order"], name="funding_position_order_unique"
            ),
            models.CheckConstraint(
                condition=Q(fte__gt=0) & Q(fte__lte=1),
                name="funding_position_fte",
                violation_error_code="fte_out_of_range",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="funding_position_period",
                violation_error_code="period_reversed",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.get_category_display()

    def months_in(self, year: int) -> int:
        """Whole calendar months the position is filled within `year`."""
        from teilhabe.funding.rules import period_months

        start = max(self.start_date or date(year, 1, 1), date(year, 1, 1))
        end = min(self.end_date or date(year, 12, 31), date(year, 12, 31))
        if end < start:
            return 0
        return period_months(start, end)


def attachment_upload_to(instance: ApplicationAttachment, filename: str) -> str:
    return f"applications/{instance.application_id}/{instance.sha256[:16]}.pdf"


class ApplicationAttachment(models.Model):
    """A PDF attached to an application (checked by content, like the concept)."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="attachments"
    )
    description = models.CharField(_("description"), max_length=200)
    document = models.FileField(_("document (PDF)"), upload_to=attachment_upload_to, max_length=300)
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("file size in bytes"))
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["application", "uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.description


class InformationRequest(models.Model):
    """The grant officer asks the KI for more information by a deadline."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="information_requests"
    )
    message = models.TextField(_("what is needed"))
    due_date = models.DateField(_("answer by"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)

    class Meta:
        ordering = ["application", "requested_at"]
        verbose_name = _("information request")
        verbose_name_plural = _("information requests")

    def __str__(self) -> str:
        return f"{self.application}: {german_date(self.due_date)}"

    @property
    def is_open(self) -> bool:
        return self.answered_at is None


class ProposalKind(models.TextChoices):
    APPROVE_FULL = "approve_full", _("approval in full")
    APPROVE_PARTIAL = "approve_partial", _("partial approval")
    REJECT = "reject", _("rejection")
    AMEND = "amend", _("amendment of the decision")


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("awaiting the second signature")
    SIGNED = "signed", _("signed")
    RETURNED = "returned", _("returned to the grant officer")


class AmountsPerYear:
    """A proposal's or a decision's amount per funding year, kept as rows in `amounts`.

    `amounts_by_year` reads the rows once (prefetched ones too); a new, unsaved object gets it
    assigned. `total` is the sum, or `with_total()`'s annotation when the queryset had it.
    """

    amounts: Any  # the reverse relation of the YearAmount rows
    _state: Any

    @cached_property
    def amounts_by_year(self) -> dict[int, Decimal]:
        if self._state.adding:
            return {}
        return {row.year: row.amount for row in sorted(self.amounts.all(), key=lambda r: r.year)}

    def amount_for(self, year: int) -> Decimal:
        return self.amounts_by_year.get(year, ZERO)

    @property
    def total(self) -> Decimal:
        annotated = self.__dict__.get("amount_total")
        if annotated is not None:
            return annotated
        return sum(self.amounts_by_year.values(), ZERO)

    @property
    def amounts_plain(self) -> dict[str, str]:
        """{"2026": "170000.00"}: how the API and the audit trail write the amounts."""
        return plain_amounts(self.amounts_by_year)


def plain_amounts(amounts: Mapping[int, Decimal]) -> dict[str, str]:
    return {str(year): money.plain(amount) for year, amount in sorted(amounts.items())}


def amount_total(rows: type[models.Model], parent: str) -> Coalesce:
    """The sum of the `rows` of the outer object as a subquery (`with_total()`): no join."""
    sums = (
        rows._default_manager.filter(**{parent: OuterRef("pk")})
        .order_by()
        .values(parent)
        .annotate(sum=Sum("amount"))
        .values("sum")
    )
    money = models.DecimalField(max_digits=14, decimal_places=2)
    return Coalesce(Subquery(sums, output_field=money), Value(ZERO), output_field=money)


class YearAmount(models.Model):
    """An amount in euros for one funding year; concrete: ProposalAmount, DecisionAmount."""

    year = models.PositiveSmallIntegerField(
        _("funding year"),
        validators=[MinValueValidator(FUNDING_YEARS[0]), MaxValueValidator(FUNDING_YEARS[1])],
    )
    amount = models.DecimalField(
        _("amount"), validators=NON_NEGATIVE, max_digits=12, decimal_places=2
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.year}: {self.amount}"


def year_amount_constraints(parent: str, prefix: str) -> list[models.BaseConstraint]:
    """One amount per parent and year, never negative, the year within FUNDING_YEARS."""
    first, last = FUNDING_YEARS
    return [
        models.UniqueConstraint(
            fields=[parent, "year"],
            name=f"{prefix}_one_per_year",
            violation_error_code="duplicate_year",
        ),
        models.CheckConstraint(
            condition=Q(amount__gte=0),
            name=f"{prefix}_not_negative",
            violation_error_code="negative_amount",
        ),
        models.CheckConstraint(
            condition=Q(year__gte=first) & Q(year__lte=last),
            name=f"{prefix}_year_in_range",
            violation_error_code="year_out_of_range",
        ),
    ]


class ProposalQuerySet(models.QuerySet["Proposal"]):
    def with_total(self) -> ProposalQuerySet:
        return self.annotate(amount_total=amount_total(ProposalAmount, "proposal"))


class Proposal(AmountsPerYear, models.Model):
    """The grant officer's proposal; a second person with the approver role signs it."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="proposals")
    kind = models.CharField(_("proposal"), max_length=20, choices=ProposalKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    # The amount per funding year: ProposalAmount rows (`amounts`); a rejection has none.
    reasons = models.TextField(_("reasons"), blank=True)
    amends = models.ForeignKey(
        "funding.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amendment_proposals",
        verbose_name=_("amends the decision"),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("signed or returned at"), null=True, blank=True)
    return_reason = models.TextField(_("why it was returned"), blank=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["application", "proposed_at"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            # Four eyes, also below the services: who proposes never signs.
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=F("proposed_by")),
                name="funding_proposal_four_eyes",
                violation_error_code="four_eyes",
            ),
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(status="pending"),
                name="funding_one_pending_proposal",
                violation_error_code="proposal_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.application}"


class ProposalAmount(YearAmount):
    """The amount a proposal grants for one funding year."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="amounts")

    class Meta:
        ordering = ["proposal_id", "year"]
        verbose_name = _("proposed amount")
        verbose_name_plural = _("proposed amounts")
        constraints = year_amount_constraints("proposal", "funding_proposal_amount")


class ProposedCondition(models.Model):
    """A condition (Auflage) with its deadline, as proposed; it becomes a Condition on signing."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="conditions")
    text = models.TextField(_("condition"))
    due_date = models.DateField(_("deadline"))

    class Meta:
        ordering = ["proposal", "due_date", "pk"]
        verbose_name = _("proposed condition")
        verbose_name_plural = _("proposed conditions")

    def __str__(self) -> str:
        return self.text
