"""The repayment decision (Teilwiderrufs- und Rückforderungsbescheid) of a funding year.

A grant officer proposes it from the check of the proof of use (`proof_check`: a signed partial
revocation hands over the decision, the year and the eligible amount) or, for a repayment of another
cause, from a decision and a funding year with the eligible amount typed; with the day the decision
became ineffective. A grant approver who did not propose it signs it (four eyes). Signing stores its
PDF once, with its SHA-256, and books the receivable on the budget ledger (`funding.Receivable`),
where the receipts are recorded. Rules: `proofs/repayment.py`; docs/proof-of-use.md, "Repayment".
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class RepaymentStatus(models.TextChoices):
    PROPOSED = "proposed", _("awaiting the second signature")
    RETURNED = "returned", _("returned")
    SIGNED = "signed", _("signed")


def repayment_upload_to(instance: Repayment, filename: str) -> str:
    return f"repayments/{instance.number.replace('/', '-')}.pdf"


class RepaymentQuerySet(models.QuerySet["Repayment"]):
    def for_listing(self) -> RepaymentQuerySet:
        return self.select_related(
            "decision",
            "centre",
            "proposed_by",
            "signed_by",
            "receivable",
            "proof_check__proof__centre__grantee",
        ).order_by("-proposed_at", "-pk")

    def live(self) -> RepaymentQuerySet:
        """Proposed or signed: a returned one is history and makes room for the next."""
        return self.exclude(status=RepaymentStatus.RETURNED)


class Repayment(models.Model):
    decision = models.ForeignKey(
        "funding.Decision",
        on_delete=models.PROTECT,
        related_name="repayments",
        verbose_name=_("decision partly revoked"),
    )
    centre = models.ForeignKey("centres.Centre", on_delete=models.PROTECT, related_name="+")
    # The check of the proof of use it follows from (a signed partial revocation); None for a
    # repayment of another cause. One live repayment per check (the constraint below): a
    # returned one stays linked as history, so this is not a OneToOneField.
    proof_check = models.ForeignKey(
        "proofs.ProofCheck",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="repayments",
        verbose_name=_("check of the proof of use"),
    )
    fiscal_year = models.PositiveSmallIntegerField(_("funding year"))
    number = models.CharField(_("file number"), max_length=40, unique=True)
    paid = models.DecimalField(_("paid for the year"), max_digits=12, decimal_places=2)
    eligible = models.DecimalField(_("eligible amount"), max_digits=12, decimal_places=2)
    principal = models.DecimalField(_("amount to repay"), max_digits=12, decimal_places=2)
    ineffective_on = models.DateField(_("decision ineffective since"))
    due_days = models.PositiveSmallIntegerField(_("days to pay after signing"), default=30)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    # § 49a (4) VwVfG NRW, optional: funds not used within the permitted time after payment.
    late_amount = models.DecimalField(
        _("amount used late"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    late_paid_on = models.DateField(_("paid on"), null=True, blank=True)
    late_used_on = models.DateField(_("used on"), null=True, blank=True)
    late_permitted_days = models.PositiveSmallIntegerField(
        _("permitted days after payment"), null=True, blank=True
    )
    late_interest = models.DecimalField(
        _("interest for late use"), max_digits=12, decimal_places=2, default=Decimal("0.00")
    )
    reasons = models.TextField(_("reasons"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RepaymentStatus.choices,
        default=RepaymentStatus.PROPOSED,
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    return_reason = models.TextField(_("why it was returned"), blank=True)
    pdf = models.FileField(
        _("decision (PDF)"), upload_to=repayment_upload_to, max_length=300, blank=True
    )
    pdf_sha256 = models.CharField(_("SHA-256 checksum of the PDF"), max_length=64, blank=True)
    pdf_size = models.PositiveIntegerField(_("PDF size in bytes"), default=0)
    receivable = models.OneToOneField(
        "funding.Receivable",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="repayment",
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    lock_version = models.PositiveIntegerField(_("edit version"), default=1)

    objects = RepaymentQuerySet.as_manager()

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        verbose_name = _("repayment decision")
        verbose_name_plural = _("repayment decisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(principal__gt=0) & Q(eligible__gte=0),
                name="proofs_repayment_something_to_repay",
                violation_error_code="nothing_to_repay",
            ),
            models.CheckConstraint(
                condition=Q(principal=F("paid") - F("eligible")),
                name="proofs_repayment_paid_less_eligible",
                violation_error_code="wrong_amount",
            ),
            models.CheckConstraint(
                condition=Q(signed_by__isnull=True) | ~Q(signed_by=F("proposed_by")),
                name="proofs_repayment_four_eyes",
                violation_error_code="four_eyes",
            ),
            models.CheckConstraint(
                condition=~Q(status=RepaymentStatus.SIGNED)
                | (
                    Q(signed_by__isnull=False)
                    & Q(receivable__isnull=False)
                    & Q(due_date__isnull=False)
                    & ~Q(pdf_sha256="")
                ),
                name="proofs_repayment_signed_complete",
                violation_error_code="wrong_status",
            ),
            models.CheckConstraint(
                condition=(
                    Q(late_amount__isnull=True)
                    & Q(late_paid_on__isnull=True)
                    & Q(late_used_on__isnull=True)
                    & Q(late_permitted_days__isnull=True)
                    & Q(late_interest=0)
                )
                | (
                    Q(late_amount__gt=0)
                    & Q(late_paid_on__isnull=False)
                    & Q(late_used_on__isnull=False)
                    & Q(late_permitted_days__isnull=False)
                    & Q(late_interest__gte=0)
                ),
                name="proofs_repayment_late_use_complete",
                violation_error_code="late_use_incomplete",
            ),
            # One live repayment per decision and year; a returned one makes room for the next.
            models.UniqueConstraint(
                fields=["decision", "fiscal_year"],
                condition=~Q(status=RepaymentStatus.RETURNED),
                name="proofs_one_repayment_per_decision_year",
                violation_error_code="repayment_exists",
            ),
            models.UniqueConstraint(
                fields=["proof_check"],
                condition=Q(proof_check__isnull=False) & ~Q(status=RepaymentStatus.RETURNED),
                name="proofs_one_live_repayment_per_check",
                violation_error_code="check_repayment_exists",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.fiscal_year})"

    def get_absolute_url(self) -> str:
        return reverse("proofs:repayment", args=[self.pk])

    @property
    def includes_late_use(self) -> bool:
        return self.late_amount is not None
