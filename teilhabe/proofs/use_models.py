"""The proof of use (Verwendungsnachweis) of one funding year of a decision, and its check.

- `ProofOfUse`: per application and funding year, against the decision in force when it was
  started; the numerical statement (`ProofPosition` rows, the interpreter pool, the seconded
  teachers, the payments received) and the narrative report (the two focus areas, one answer
  per condition of the decision). Status: draft → submitted (the KI lead signs) → in_check
  (the grant officer opened the check) → checked.
- `ProofCheck`: the grant officer's check with its result — confirmed, or a partial revocation
  (a second person with the approver role signs it: four eyes, like the decisions) — and the
  check note (Prüfvermerk) as a PDF, stored once with its SHA-256. The eligible amount, the paid
  amount and what is repayable are kept here for the repayment to start from.
- `Receipt`: a receipt (Beleg) of the in-depth check, sampled from a recorded seed, with the
  finding on it.

The bounds of every number are constants below and database constraints (docs/proof-of-use.md).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from teilhabe.core.money import ZERO

__all__ = [
    "CheckResult",
    "CheckStatus",
    "ProofCheck",
    "ProofOfUse",
    "ProofPosition",
    "ProofStatus",
    "Receipt",
    "Verdict",
]

# Bounds of the statement: a position's FTE as in the staffing plan (at most one full-time
# position), whole months of a year, and a sane maximum of one position's personnel cost a year
# (about seven times a head's employer cost, far above any real salary, far below overflow).
MAX_FTE = Decimal("1.00")
MAX_MONTHS = 12
MAX_POSITION_COST = Decimal("1000000.00")
MAX_POOL_COST = Decimal("1000000.00")
MAX_TEACHERS = 20
MAX_RECEIPT = Decimal("1000000.00")
TEXT_LIMIT = 20000  # characters of one narrative field


class ProofStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    IN_CHECK = "in_check", _("being checked")
    CHECKED = "checked", _("checked")


class ProofOfUseQuerySet(models.QuerySet["ProofOfUse"]):
    def for_listing(self) -> ProofOfUseQuerySet:
        return self.select_related("centre", "centre__grantee", "decision", "proof_check")


class ProofOfUse(models.Model):
    application = models.ForeignKey(
        "funding.Application", on_delete=models.PROTECT, related_name="proofs_of_use"
    )
    decision = models.ForeignKey(
        "funding.Decision",
        on_delete=models.PROTECT,
        related_name="proofs_of_use",
        verbose_name=_("decision in force when started"),
    )
    centre = models.ForeignKey(
        "centres.Centre", on_delete=models.PROTECT, related_name="proofs_of_use"
    )
    year = models.PositiveSmallIntegerField(_("funding year"))
    status = models.CharField(
        _("status"), max_length=12, choices=ProofStatus.choices, default=ProofStatus.DRAFT
    )
    granted = models.DecimalField(_("granted for the year"), max_digits=12, decimal_places=2)
    interpreter_pool_planned = models.DecimalField(
        _("interpreter pool: planned"), max_digits=12, decimal_places=2, default=ZERO
    )
    interpreter_pool_actual = models.DecimalField(
        _("interpreter pool: actual cost"), max_digits=12, decimal_places=2, default=ZERO
    )
    teachers_planned = models.PositiveSmallIntegerField(_("seconded teachers: planned"), default=0)
    teachers_actual = models.PositiveSmallIntegerField(_("seconded teachers: actual"), default=0)
    report_education = models.TextField(_("report: integration through education"), blank=True)
    report_cross_cutting = models.TextField(
        _("report: integration as a cross-cutting task"), blank=True
    )
    # {condition id (as text): the KI's answer}: one answer per condition of the decision.
    condition_answers = models.JSONField(_("answers to the conditions"), default=dict, blank=True)
    lock_version = models.PositiveIntegerField(_("edit version"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed by (head of the KI)"),
    )

    objects = ProofOfUseQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "centre__name"]
        verbose_name = _("proof of use")
        verbose_name_plural = _("proofs of use")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "year"],
                name="proofs_one_proof_per_year",
                violation_error_code="proof_exists",
            ),
            models.CheckConstraint(
                condition=Q(interpreter_pool_actual__gte=0)
                & Q(interpreter_pool_actual__lte=MAX_POOL_COST),
                name="proofs_pool_in_range",
                violation_error_code="out_of_range",
            ),
            models.CheckConstraint(
                condition=Q(teachers_actual__lte=MAX_TEACHERS),
                name="proofs_teachers_in_range",
                violation_error_code="out_of_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.centre} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("proofs:use", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status == ProofStatus.DRAFT


class ProofPosition(models.Model):
    """One position of the approved staffing plan: planned (from the application) and actual."""

    proof = models.ForeignKey(ProofOfUse, on_delete=models.CASCADE, related_name="positions")
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("position"), max_length=200, blank=True)
    category = models.CharField(_("category"), max_length=20)
    planned_fte = models.DecimalField(_("planned FTE"), max_digits=4, decimal_places=2)
    planned_months = models.PositiveSmallIntegerField(_("planned months"))
    planned_annual_cost = models.DecimalField(
        _("planned personnel cost per full year"), max_digits=12, decimal_places=2
    )
    actual_fte = models.DecimalField(_("actual FTE"), max_digits=4, decimal_places=2)
    months_filled = models.PositiveSmallIntegerField(_("months filled"))
    actual_cost = models.DecimalField(
        _("actual personnel cost of the year"), max_digits=12, decimal_places=2
    )

    class Meta:
        ordering = ["proof", "order"]
        verbose_name = _("position in the proof of use")
        verbose_name_plural = _("positions in the proof of use")
        constraints = [
            models.UniqueConstraint(fields=["proof", "order"], name="proofs_position_order"),
            models.CheckConstraint(
                condition=Q(actual_fte__gte=0) & Q(actual_fte__lte=MAX_FTE),
                name="proofs_position_fte",
                violation_error_code="out_of_range",
            ),
            models.CheckConstraint(
                condition=Q(months_filled__lte=MAX_MONTHS),
                name="proofs_position_months",
                violation_error_code="out_of_range",
            ),
            models.CheckConstraint(
                condition=Q(actual_cost__gte=0) & Q(actual_cost__lte=MAX_POSITION_COST),
                name="proofs_position_cost",
                violation_error_code="out_of_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.category

    @property
    def vacancy_months(self) -> int:
        """Months the plan funded that the position stayed empty."""
        return max(self.planned_months - self.months_filled, 0)


class CheckStatus(models.TextChoices):
    OPEN = "open", _("being checked")
    PROPOSED = "proposed", _("awaiting the second signature")
    DONE = "done", _("concluded")


class CheckResult(models.TextChoices):
    CONFIRMED = "confirmed", _("proper use confirmed")
    PARTIAL_REVOCATION = "partial_revocation", _("partial revocation")


def note_upload_to(instance: ProofCheck, filename: str) -> str:
    return f"proofs/pruefvermerk-{instance.proof_id}-{instance.proof.year}.pdf"


class ProofCheck(models.Model):
    """The grant authority's check of one proof of use, and its result.

    For the repayment: `eligible_amount` (recomputed by the grant's rules, never above what was
    granted for the year), `paid_amount` (released payments of the year), `repayable` (paid -
    eligible, at least 0), `decided_at` and `reasons`.
    """

    proof = models.OneToOneField(ProofOfUse, on_delete=models.PROTECT, related_name="proof_check")
    status = models.CharField(
        _("status"), max_length=10, choices=CheckStatus.choices, default=CheckStatus.OPEN
    )
    result = models.CharField(_("result"), max_length=20, choices=CheckResult.choices, blank=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sample_seed = models.BigIntegerField(_("seed of the sample"), null=True, blank=True)
    sample_drawn_at = models.DateTimeField(_("sample drawn at"), null=True, blank=True)
    granted_amount = models.DecimalField(
        _("granted for the year"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    eligible_amount = models.DecimalField(
        _("eligible amount"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    paid_amount = models.DecimalField(
        _("paid for the year"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    # The simple check's findings and the eligible amount's lines, as the note states them.
    computation = models.JSONField(_("computation"), default=dict, blank=True)
    reasons = models.TextField(_("reasons"), blank=True)
    concluded_at = models.DateTimeField(_("proposed or concluded at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note_pdf = models.FileField(
        _("check note (PDF)"), upload_to=note_upload_to, max_length=300, blank=True
    )
    note_sha256 = models.CharField(_("SHA-256 checksum of the PDF"), max_length=64, blank=True)
    note_size = models.PositiveIntegerField(_("PDF size in bytes"), null=True, blank=True)
    lock_version = models.PositiveIntegerField(_("edit version"), default=1)
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("check of a proof of use")
        verbose_name_plural = _("checks of proofs of use")
        constraints = [
            models.CheckConstraint(
                condition=Q(approver__isnull=True) | ~Q(approver=F("officer")),
                name="proofs_check_four_eyes",
                violation_error_code="four_eyes",
            ),
            models.CheckConstraint(
                condition=Q(eligible_amount__isnull=True)
                | (Q(eligible_amount__gte=0) & Q(eligible_amount__lte=F("granted_amount"))),
                name="proofs_check_eligible_within_grant",
                violation_error_code="eligible_out_of_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proof}: {self.get_status_display()}"

    @property
    def repayable(self) -> Decimal | None:
        """Paid - eligible, where that is more than nothing; None until the result is decided."""
        if self.status != CheckStatus.DONE or self.eligible_amount is None:
            return None
        return max((self.paid_amount or ZERO) - self.eligible_amount, ZERO)

    @property
    def has_note(self) -> bool:
        return bool(self.note_sha256)

    @property
    def note_number(self) -> str:
        """ "36.05711-2025/VN-12": Dezernat, grantee key, funding year, the proof's number (the
        check note's file number, which the repayment decision cites)."""
        proof = self.proof
        return f"36.{proof.centre.grantee.key}-{proof.year}/VN-{proof.pk}"


class Verdict(models.TextChoices):
    OK = "ok", _("eligible")
    PARTLY = "partly", _("partly eligible")
    INELIGIBLE = "ineligible", _("not eligible")


class Receipt(models.Model):
    """A receipt (Beleg) listed for the in-depth check, and the finding on it if sampled."""

    proof_check = models.ForeignKey(ProofCheck, on_delete=models.CASCADE, related_name="receipts")
    number = models.PositiveIntegerField(_("number"))
    date = models.DateField(_("date"))
    payee = models.CharField(_("payee and purpose"), max_length=300)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    category = models.CharField(_("position or category"), max_length=200)
    sampled = models.BooleanField(_("in the sample"), default=False)
    verdict = models.CharField(_("finding"), max_length=12, choices=Verdict.choices, blank=True)
    ineligible_amount = models.DecimalField(
        _("ineligible amount"), max_digits=12, decimal_places=2, default=ZERO
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["proof_check", "number"]
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        constraints = [
            models.UniqueConstraint(fields=["proof_check", "number"], name="proofs_receipt_number"),
            models.CheckConstraint(
                condition=Q(amount__gt=0) & Q(amount__lte=MAX_RECEIPT),
                name="proofs_receipt_amount",
                violation_error_code="out_of_range",
            ),
            models.CheckConstraint(
                condition=Q(ineligible_amount__gte=0) & Q(ineligible_amount__lte=F("amount")),
                name="proofs_receipt_ineligible",
                violation_error_code="ineligible_above_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}: {self.payee}"
