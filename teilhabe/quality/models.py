"""The quality status of each KI per year, and its history.

`QualityStatus` holds the latest values of the pillars the apps register
(`core.registry.quality_pillars()`), by code, and the overall status they add up to
(`rules.overall`). Whenever a recomputation changes a value or the overall status, a
`QualityChange` row says when, what from and to, and who asked for it; those rows are only ever
added, never changed or deleted (docs/quality.md).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from teilhabe.centres.models import Centre

FIRST_YEAR = 2012  # the programme's first KIs (TIntG 2012)


class Overall(models.TextChoices):
    FULFILLED = "fulfilled", _("all pillars fulfilled")
    UNFULFILLED = "unfulfilled", _("not all pillars fulfilled")
    PENDING = "pending", _("pending (not all due yet)")


class QualityStatusQuerySet(models.QuerySet["QualityStatus"]):
    def computed(self) -> QualityStatusQuerySet:
        """Statuses computed at least once (a row is made and computed in one transaction)."""
        return self.filter(computed_at__isnull=False)

    def for_listing(self) -> QualityStatusQuerySet:
        return self.select_related("centre", "centre__grantee__district__regierungsbezirk")


class QualityStatus(models.Model):
    """One KI's quality status for one year: the pillars' values as last computed."""

    centre = models.ForeignKey(
        Centre, on_delete=models.PROTECT, related_name="quality_statuses", verbose_name=_("KI")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    # {pillar code: true (fulfilled) | false (not fulfilled) | null (not due yet, not applicable)}
    values = models.JSONField(_("pillars"), default=dict, blank=True)
    overall = models.CharField(
        _("overall status"), max_length=12, choices=Overall.choices, default=Overall.PENDING
    )
    computed_at = models.DateTimeField(_("last computed"), null=True)
    changed_at = models.DateTimeField(_("last changed"), null=True)

    objects = QualityStatusQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "centre_id"]
        verbose_name = _("quality status")
        verbose_name_plural = _("quality statuses")
        constraints = [
            models.UniqueConstraint(fields=["centre", "year"], name="quality_status_once_a_year"),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR, year__lte=9999), name="quality_status_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.centre_id} · {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("quality:centre", args=[self.centre_id]) + f"#year-{self.year}"


class QualityChangeQuerySet(models.QuerySet["QualityChange"]):
    def for_centre(self, centre_id: int) -> QualityChangeQuerySet:
        return self.filter(status__centre_id=centre_id).select_related("status")


class QualityChange(models.Model):
    """One step of a status's history: a (re)computation that changed something. Only added."""

    status = models.ForeignKey(
        QualityStatus, on_delete=models.PROTECT, related_name="changes", verbose_name=_("status")
    )
    changed_at = models.DateTimeField(_("changed at"))
    # {pillar code: {"from": value, "to": value}}; on the first computation every pillar "from"
    # null (nothing known before).
    changes = models.JSONField(_("changes"), default=dict)
    overall_from = models.CharField(
        _("overall status before"), max_length=12, choices=Overall.choices, blank=True
    )
    overall_to = models.CharField(_("overall status after"), max_length=12, choices=Overall.choices)
    first = models.BooleanField(_("first computation"), default=False)
    # Who asked: the coordination office's button; empty for the scheduled command.
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    by_label = models.CharField(_("computed by"), max_length=200, blank=True)

    objects = QualityChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("change of a quality status")
        verbose_name_plural = _("changes of quality statuses")
        indexes = [models.Index(fields=["status", "changed_at"])]

    def __str__(self) -> str:
        return f"{self.status} · {self.changed_at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The history is a trail: a step once written is never rewritten (docs/quality.md).
        if self.pk is not None and not self._state.adding:
            raise ValueError("A quality status's history is only ever added to.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValueError("A quality status's history is never deleted.")
