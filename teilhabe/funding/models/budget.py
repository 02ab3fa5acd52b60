"""Budget lines per fiscal year, the commitments charged to them, and payments (Mittelabruf).

A line's `committed` and `paid` are kept as running sums, changed only under a row lock
(`select_for_update`) by `services.budget`; the check constraints below make an over-committed
or over-paid line impossible even for a write that bypasses the services.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from teilhabe.funding.models.applications import Application
from teilhabe.funding.models.decisions import Decision


class BudgetPurpose(models.TextChoices):
    """What a line pays for (seed "Finanzielles Volumen")."""

    CENTRES = "centres", _("Kommunale Integrationszentren")
    CIVIL_SOCIETY = "civil_society", _("civil-society integration measures")
    LUMP_SUMS = "lump_sums", _("integration lump sums")
    STATE_COUNCIL = "state_council", _("state integration council")
    OTHER = "other", _("other")


class BudgetLine(models.Model):
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    code = models.CharField(_("budget code"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    purpose = models.CharField(_("purpose"), max_length=20, choices=BudgetPurpose.choices)
    planned = models.DecimalField(
        _("planned"),
        validators=[MinValueValidator(Decimal("0.00"))],
        max_digits=12,
        decimal_places=2,
    )
    committed = models.DecimalField(
        _("committed"), default=Decimal("0.00"), max_digits=12, decimal_places=2
    )
    paid = models.DecimalField(_("paid"), default=Decimal("0.00"), max_digits=12, decimal_places=2)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["-fiscal_year", "code"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "code"],
                name="funding_budget_line_unique",
                violation_error_code="duplicate_budget_line",
            ),
            models.CheckConstraint(
                condition=Q(committed__lte=F("planned")) & Q(committed__gte=0),
                name="funding_budget_never_over_committed",
                violation_error_code="over_committed",
            ),
            models.CheckConstraint(
                condition=Q(paid__lte=F("committed")) & Q(paid__gte=0),
                name="funding_budget_never_over_paid",
                violation_error_code="over_paid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year} {self.code} {self.title}"

    @property
    def available(self) -> Decimal:
        return self.planned - self.committed


class Commitment(models.Model):
    """The amount a decision charges to a budget line (negative for a reducing amendment)."""

    budget_line = models.ForeignKey(
        BudgetLine, on_delete=models.PROTECT, related_name="commitments"
    )
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="commitments")
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    created_at = models.DateTimeField(_("committed at"), auto_now_add=True)

    class Meta:
        ordering = ["budget_line", "created_at"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")

    def __str__(self) -> str:
        return f"{self.decision.number}: {self.amount}"


class PaymentStatus(models.TextChoices):
    REQUESTED = "requested", _("requested")
    RELEASED = "released", _("released")
    REFUSED = "refused", _("refused")


class Payment(models.Model):
    """An instalment the KI requests (Mittelabruf) and the grant officer releases or refuses."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="payments")
    decision = models.ForeignKey(
        Decision,
        on_delete=models.PROTECT,
        related_name="payments",
        verbose_name=_("decision in force when requested"),
    )
    fiscal_year = models.PositiveSmallIntegerField(_("funding year"))
    amount = models.DecimalField(
        _("amount"),
        validators=[MinValueValidator(Decimal("0.01"))],
        max_digits=12,
        decimal_places=2,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("released or refused at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    refusal_reason = models.TextField(_("reason for the refusal"), blank=True)
    budget_line = models.ForeignKey(
        BudgetLine, on_delete=models.PROTECT, null=True, blank=True, related_name="payments"
    )

    class Meta:
        ordering = ["application", "requested_at"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="funding_payment_positive",
                violation_error_code="amount_not_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application}: {self.amount} ({self.get_status_display()})"
