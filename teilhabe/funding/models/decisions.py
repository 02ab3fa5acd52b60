"""The funding decision (Zuwendungsbescheid): immutable once issued, with its PDF and checksum.

A change is a new decision (amendment) that references the one it changes; the newest decision
of an application is the one in force.
"""

from __future__ import annotations

from datetime import date
from typing import Any, NoReturn

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teilhabe.funding.models.applications import (
    AmountsPerYear,
    Application,
    Proposal,
    YearAmount,
    amount_total,
    year_amount_constraints,
)


class DecisionKind(models.TextChoices):
    GRANT = "grant", _("funding decision")
    REJECTION = "rejection", _("rejection")
    AMENDMENT = "amendment", _("amending decision")


def decision_upload_to(instance: Decision, filename: str) -> str:
    return f"decisions/{instance.number.replace('/', '-')}.pdf"


class DecisionQuerySet(models.QuerySet["Decision"]):
    def with_total(self) -> DecisionQuerySet:
        """Annotated with the granted total (a subquery): lists show it without the rows."""
        return self.annotate(amount_total=amount_total(DecisionAmount, "decision"))


class Decision(AmountsPerYear, models.Model):
    """One issued decision. Its content and PDF never change after it is issued.

    The amount per funding year are DecisionAmount rows (`amounts`), written by the decision's
    first save from `amounts_by_year` and never changed; `total` is their sum.
    """

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="decisions")
    proposal = models.OneToOneField(
        Proposal, on_delete=models.PROTECT, related_name="decision", verbose_name=_("proposal")
    )
    number = models.CharField(_("file number"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=DecisionKind.choices)
    amends = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amended_by",
        verbose_name=_("amends"),
    )
    guideline = models.ForeignKey(
        "funding.Guideline", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The computation per year as shown in the PDF: {"2013": {"lines": [...], "teachers": ...}}.
    computation = models.JSONField(_("computation"), default=dict)
    reasons = models.TextField(_("reasons"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    pdf = models.FileField(_("decision (PDF)"), upload_to=decision_upload_to, max_length=300)
    pdf_sha256 = models.CharField(_("SHA-256 checksum of the PDF"), max_length=64)
    pdf_size = models.PositiveIntegerField(_("PDF size in bytes"))

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["application", "issued_at"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.CheckConstraint(
                condition=~Q(signed_by=models.F("proposed_by")),
                name="funding_decision_four_eyes",
                violation_error_code="four_eyes",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Issue the decision: its row and its amount rows (`amounts_by_year`), together."""
        if self.pk is not None and Decision.objects.filter(pk=self.pk).exists():
            raise ValidationError(
                _("An issued decision is never changed; issue an amending decision."),
                code="decision_immutable",
            )
        amounts = self.amounts_by_year
        with transaction.atomic(using=kwargs.get("using")):
            super().save(*args, **kwargs)
            DecisionAmount.objects.bulk_create(
                DecisionAmount(decision=self, year=year, amount=amount)
                for year, amount in sorted(amounts.items())
            )

    def get_absolute_url(self) -> str:
        return reverse("funding:decision", args=[self.pk])

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise ValidationError(_("An issued decision is never deleted."), code="decision_immutable")


def _amounts_immutable() -> NoReturn:
    raise ValidationError(
        _("An issued decision is never changed; issue an amending decision."),
        code="decision_immutable",
    )


class DecisionAmountQuerySet(models.QuerySet["DecisionAmount"]):
    """Rows are only ever added (by Decision.save); updating or deleting them is refused."""

    def update(self, **kwargs: Any) -> NoReturn:
        _amounts_immutable()

    def delete(self) -> NoReturn:
        _amounts_immutable()


class DecisionAmount(YearAmount):
    """The amount a decision grants for one funding year; written with the decision, never
    changed (an amendment is a new decision with its own rows)."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="amounts")

    objects = DecisionAmountQuerySet.as_manager()

    class Meta:
        ordering = ["decision_id", "year"]
        verbose_name = _("granted amount")
        verbose_name_plural = _("granted amounts")
        constraints = year_amount_constraints("decision", "funding_decision_amount")

    def save(self, *args: Any, **kwargs: Any) -> NoReturn:
        _amounts_immutable()  # the decision's first save writes its rows (bulk_create)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        _amounts_immutable()


class ConditionStatus(models.TextChoices):
    OPEN = "open", _("open")
    DUE = "due", _("due soon")
    OVERDUE = "overdue", _("overdue")
    FULFILLED = "fulfilled", _("fulfilled")


class ConditionQuerySet(models.QuerySet["Condition"]):
    def unfulfilled(self) -> ConditionQuerySet:
        return self.filter(fulfilled_at__isnull=True)

    def overdue(self, today: date | None = None) -> ConditionQuerySet:
        return self.unfulfilled().filter(due_date__lt=today or timezone.localdate())


class Condition(models.Model):
    """A condition of a decision with its deadline: a task for the KI."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="conditions")
    text = models.TextField(_("condition"))
    due_date = models.DateField(_("deadline"))
    fulfilled_at = models.DateTimeField(_("fulfilled at"), null=True, blank=True)
    fulfilled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    fulfilment_note = models.TextField(_("how it was fulfilled"), blank=True)
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)

    objects = ConditionQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("condition")
        verbose_name_plural = _("conditions")

    def __str__(self) -> str:
        return self.text

    def status(self, today: date | None = None) -> ConditionStatus:
        """Due soon: within `CONDITION_DUE_SOON_DAYS` (setting) of the deadline."""
        if self.fulfilled_at is not None:
            return ConditionStatus.FULFILLED
        today = today or timezone.localdate()
        if self.due_date < today:
            return ConditionStatus.OVERDUE
        if (self.due_date - today).days <= settings.CONDITION_DUE_SOON_DAYS:
            return ConditionStatus.DUE
        return ConditionStatus.OPEN
