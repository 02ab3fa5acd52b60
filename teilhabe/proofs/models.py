"""The base-rate table (Basiszinssatz, § 247 BGB): maintained data, seeded from 2012 on.

A rate is valid from its day (a 1 January or 1 July) until the day before the next entry; the
last one for its own half-year only (`interest.covered_until`), so days after it are not
covered until the ministry enters the next rate. Rows are never edited or deleted: interest
computed once must stay reproducible.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import interest

MIN_RATE = Decimal("-10.00")
MAX_RATE = Decimal("20.00")


class BaseRateQuerySet(models.QuerySet["BaseRate"]):
    def as_rates(self) -> list[interest.Rate]:
        """The table as the pure interest function takes it."""
        return [
            interest.Rate(valid_from, rate)
            for valid_from, rate in self.order_by("valid_from").values_list("valid_from", "rate")
        ]


class BaseRate(models.Model):
    valid_from = models.DateField(_("valid from"), unique=True)
    rate = models.DecimalField(_("base rate in percent"), max_digits=4, decimal_places=2)
    source = models.TextField(_("source"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BaseRateQuerySet.as_manager()

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("base rate")
        verbose_name_plural = _("base rates")
        constraints = [
            models.CheckConstraint(
                condition=Q(rate__gte=MIN_RATE) & Q(rate__lte=MAX_RATE),
                name="proofs_base_rate_in_range",
                violation_error_code="out_of_range",
            ),
            models.CheckConstraint(
                condition=Q(valid_from__day=1) & Q(valid_from__month__in=[1, 7]),
                name="proofs_base_rate_half_year_start",
                violation_error_code="not_half_year_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.valid_from:%d.%m.%Y}: {self.rate} %"


from .repayment_models import Repayment, RepaymentStatus  # noqa: E402, F401 (issue 18)
from .use_models import *  # noqa: E402, F403  (the proof of use and its check)
