"""When applications for a funding year may be made (the application window, Antragsfrist).

A row is the ministry's (or the grant authority's) period for one funding year. Without a row
the default of `funding.windows.default_window` applies (an ASSUMPTION, see docs/funding.md).
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class ApplicationWindow(models.Model):
    year = models.PositiveSmallIntegerField(
        _("funding year"),
        unique=True,
        validators=[MinValueValidator(2012), MaxValueValidator(2100)],
    )
    opens_on = models.DateField(_("applications from"))
    closes_on = models.DateField(_("applications until"))
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["year"]
        verbose_name = _("application window")
        verbose_name_plural = _("application windows")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")),
                name="funding_application_window_period",
                violation_error_code="period_reversed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.opens_on}–{self.closes_on}"
