"""Receivables on the budget ledger: money the state claims back, and the receipts against it.

A receivable (Forderung) is booked against the budget line and the decision whose payments it
reclaims, by the app whose decision establishes it (the repayment decision of the proofs of use,
§ 49a (1) VwVfG NRW). It owes its `principal` plus the `interest` booked so far; `received` is
the running sum of its receipts, changed only under the receivable's row lock by
`services.receivables`. The check constraints make an over-settled receivable, or a status that
does not match the sums, impossible even for a write that bypasses the services.

Receipts are credited to the interest first, then to the principal (§ 367 (1) BGB, applied
here by analogy, as repayment decisions state it): so the principal still open is
`principal - max(0, received - interest)` and only that earns further interest — interest never
earns interest (§ 289 Satz 1 BGB).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from teilhabe.funding.models.budget import BudgetLine
from teilhabe.funding.models.decisions import Decision

ZERO = Decimal("0.00")


class ReceivableStatus(models.TextChoices):
    OPEN = "open", _("open")
    PARTLY_SETTLED = "partly_settled", _("partly settled")
    SETTLED = "settled", _("settled")


def status_for(owed: Decimal, received: Decimal) -> ReceivableStatus:
    """open (nothing received), settled (all of `owed`), partly settled in between."""
    if received <= ZERO:
        return ReceivableStatus.OPEN
    return ReceivableStatus.SETTLED if received >= owed else ReceivableStatus.PARTLY_SETTLED


class ReceivableQuerySet(models.QuerySet["Receivable"]):
    def for_listing(self) -> ReceivableQuerySet:
        return self.select_related(
            "budget_line", "decision", "decision__application", "decision__application__centre"
        )

    def still_open(self) -> ReceivableQuerySet:
        return self.exclude(status=ReceivableStatus.SETTLED)


def _line_sum(expression: models.Expression | F) -> Subquery:
    return Subquery(
        Receivable.objects.filter(budget_line=OuterRef("pk"))
        .order_by()
        .values("budget_line")
        .annotate(total=Sum(expression))
        .values("total"),
        output_field=models.DecimalField(max_digits=14, decimal_places=2),
    )


def with_receivables(lines: models.QuerySet[BudgetLine]) -> models.QuerySet[BudgetLine]:
    """Budget lines annotated with `receivables_open` (principal + booked interest - received,
    of every receivable on the line) and `receivables_received` (its receipts): two subqueries
    in the lines' own query, so a list of lines needs no query more."""
    money = models.DecimalField(max_digits=14, decimal_places=2)
    zero = models.Value(ZERO, output_field=money)
    # SQLite computes these sums as floats (267.690000000001): readers show them to the cent
    # (pages: floatformat; the API and the export quantize). PostgreSQL sums exactly.
    return lines.annotate(
        receivables_open=Coalesce(
            _line_sum(F("principal") + F("interest") - F("received")), zero, output_field=money
        ),
        receivables_received=Coalesce(_line_sum(F("received")), zero, output_field=money),
    )


class Receivable(models.Model):
    budget_line = models.ForeignKey(
        BudgetLine, on_delete=models.PROTECT, related_name="receivables"
    )
    decision = models.ForeignKey(
        Decision,
        on_delete=models.PROTECT,
        related_name="receivables",
        verbose_name=_("decision whose payments are reclaimed"),
    )
    fiscal_year = models.PositiveSmallIntegerField(_("funding year"))
    principal = models.DecimalField(_("principal"), max_digits=12, decimal_places=2)
    interest = models.DecimalField(
        _("interest booked"), max_digits=12, decimal_places=2, default=ZERO
    )
    received = models.DecimalField(_("received"), max_digits=12, decimal_places=2, default=ZERO)
    # Whether the open principal earns interest until it is paid (booked with each receipt).
    interest_accrues = models.BooleanField(_("interest accrues until payment"), default=False)
    interest_from = models.DateField(_("interest runs after"), null=True, blank=True)
    reason = models.TextField(_("reason"))
    reference = models.CharField(_("file number of the establishing decision"), max_length=60)
    # The page of the document that established it, set by the app that booked it (a path).
    source_url = models.CharField(_("page of the establishing decision"), max_length=300)
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=20, choices=ReceivableStatus.choices, default=ReceivableStatus.OPEN
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    booked_at = models.DateTimeField(_("booked at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    lock_version = models.PositiveIntegerField(_("edit version"), default=1)

    objects = ReceivableQuerySet.as_manager()

    class Meta:
        ordering = ["budget_line", "booked_at", "pk"]
        verbose_name = _("receivable")
        verbose_name_plural = _("receivables")
        constraints = [
            models.CheckConstraint(
                condition=Q(principal__gt=0),
                name="funding_receivable_principal_positive",
                violation_error_code="amount_not_positive",
            ),
            models.CheckConstraint(
                condition=Q(interest__gte=0),
                name="funding_receivable_interest_not_negative",
                violation_error_code="negative_amount",
            ),
            models.CheckConstraint(
                condition=Q(received__gte=0) & Q(received__lte=F("principal") + F("interest")),
                name="funding_receivable_never_over_settled",
                violation_error_code="over_settled",
            ),
            models.CheckConstraint(
                condition=(Q(status=ReceivableStatus.OPEN) & Q(received=0))
                | (
                    Q(status=ReceivableStatus.PARTLY_SETTLED)
                    & Q(received__gt=0)
                    & Q(received__lt=F("principal") + F("interest"))
                )
                | (Q(status=ReceivableStatus.SETTLED) & Q(received=F("principal") + F("interest"))),
                name="funding_receivable_status_matches_sums",
                violation_error_code="wrong_status",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.principal} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return self.source_url

    @property
    def owed(self) -> Decimal:
        return self.principal + self.interest

    @property
    def open_amount(self) -> Decimal:
        return self.owed - self.received

    @property
    def interest_open(self) -> Decimal:
        """Booked interest not yet paid (receipts go to the interest first)."""
        return max(ZERO, self.interest - self.received)

    @property
    def principal_open(self) -> Decimal:
        """The principal not yet paid: the part that still earns interest."""
        return self.principal - max(ZERO, self.received - self.interest)


class Receipt(models.Model):
    """A payment received against a receivable (Zahlungseingang), with the interest booked on
    the open principal up to its day."""

    receivable = models.ForeignKey(Receivable, on_delete=models.PROTECT, related_name="receipts")
    received_on = models.DateField(_("received on"))
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    interest = models.DecimalField(
        _("interest booked with it"), max_digits=12, decimal_places=2, default=ZERO
    )
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["receivable", "received_on", "pk"]
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="funding_receipt_positive",
                violation_error_code="amount_not_positive",
            ),
            models.CheckConstraint(
                condition=Q(interest__gte=0),
                name="funding_receipt_interest_not_negative",
                violation_error_code="negative_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.receivable.reference}: {self.amount} ({self.received_on:%d.%m.%Y})"
