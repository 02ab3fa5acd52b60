"""The indicator catalogue with its versions, and the reporting periods (docs/controlling.md).

An `Indicator` is only its stable code; what it means lives in its `IndicatorVersion`s, each
valid from a reporting period on, so a changed definition never rewrites a past report
(`rules.version_for`). Figure codes of computed indicators are stored as text: a data migration
cannot read the registry, so the service checks them (`unknown_figure`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import ExtractYear
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from teilhabe.network.models import Stage

from . import rules


def _english() -> bool:
    return (get_language() or "de").startswith("en")


class PeriodKind(models.TextChoices):
    HALF_YEAR = rules.HALF_YEAR, _("half-year")
    YEAR = rules.YEAR, _("year")


class ReportingPeriodQuerySet(models.QuerySet["ReportingPeriod"]):
    def in_order(self) -> ReportingPeriodQuerySet:
        """By year; in a year its two halves, then the year itself."""
        return self.annotate(calendar_year=ExtractYear("starts_on")).order_by(
            "calendar_year", "kind", "starts_on", "pk"
        )


class ReportingPeriod(models.Model):
    """A half-year or a year the KIs report on, with the report's deadline. `released`: the
    coordination office has released its accepted figures as open data."""

    kind = models.CharField(_("kind"), max_length=20, choices=PeriodKind.choices)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    deadline = models.DateField(_("deadline"))
    released = models.BooleanField(_("released as open data"), default=False)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ReportingPeriodQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "-ends_on", "pk"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "starts_on"],
                name="controlling_period_one_per_kind_and_start",
                violation_error_code="overlapping",
                violation_error_message=_("This period exists already."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="controlling_period_ends_after_start",
                violation_error_code="wrong_bounds",
                violation_error_message=_("The last day must not be before the first day."),
            ),
            models.CheckConstraint(
                condition=Q(deadline__gte=F("ends_on")),
                name="controlling_period_deadline_after_end",
                violation_error_code="deadline_before_end",
                violation_error_message=_("The deadline must not be before the period's end."),
            ),
        ]

    def __str__(self) -> str:
        if self.kind == PeriodKind.YEAR:
            return str(_("Year %(year)d") % {"year": self.starts_on.year})
        half = 1 if self.starts_on.month == 1 else 2
        return str(_("H%(half)d %(year)d") % {"half": half, "year": self.starts_on.year})

    def is_past(self, today: date) -> bool:
        return self.ends_on < today


class Source(models.TextChoices):
    MANUAL = "manual", _("entered by the KI")
    COMPUTED = "computed", _("computed from the platform's records")


class Disaggregation(models.TextChoices):
    """The fixed list an indicator's values may be split by."""

    SEX = "sex", _("sex")
    AGE_GROUP = "age_group", _("age group")
    STAGE = "stage", _("stage of the education chain")
    LANGUAGE = "language", _("language")
    TOPIC = "topic", _("topic")


class Indicator(models.Model):
    """An indicator of the catalogue: its code never changes once reports use it; everything
    else is in its versions. `lock_version` moves with every new version (two editors)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    lock_version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["order", "code", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("controlling:indicator", args=[self.pk])


class IndicatorVersion(models.Model):
    """What an indicator means from a reporting period on, until a later version."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="versions", verbose_name=_("indicator")
    )
    from_period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("valid from"),
    )
    name = models.CharField(_("name (German)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    definition = models.TextField(_("definition"))
    unit = models.CharField(_("unit (German)"), max_length=60)
    unit_en = models.CharField(_("unit (English)"), max_length=60)
    decimal_places = models.PositiveSmallIntegerField(
        _("decimal places"), default=0, choices=[(0, "0"), (1, "1"), (2, "2")]
    )
    higher_is_better = models.BooleanField(_("higher is better"), default=True)
    # Codes of network.models.Stage the indicator belongs to, in the chain's order.
    stages = models.JSONField(_("stages of the education chain"), default=list, blank=True)
    # Codes of Disaggregation, in the list's order.
    disaggregations = models.JSONField(_("split by"), default=list, blank=True)
    minimum = models.DecimalField(
        _("lowest valid value"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    maximum = models.DecimalField(
        _("highest valid value"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    # [{"operator": "le", "indicator": "<code>"}]: relations to other indicators of the report.
    relations = models.JSONField(_("relations to other indicators"), default=list, blank=True)
    source = models.CharField(_("data source"), max_length=20, choices=Source.choices)
    # A registered figure's code (core.registry.Figure) where the source is `computed`.
    figure = models.CharField(_("figure"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    value_labels: ClassVar[dict[str, Mapping[str, Any]]] = {
        "stages": dict(Stage.choices),
        "disaggregations": dict(Disaggregation.choices),
    }

    class Meta:
        ordering = ["indicator", "from_period__starts_on", "pk"]
        verbose_name = _("indicator version")
        verbose_name_plural = _("indicator versions")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "from_period"], name="controlling_version_one_per_period"
            ),
            models.CheckConstraint(
                condition=Q(minimum__isnull=True)
                | Q(maximum__isnull=True)
                | Q(maximum__gte=F("minimum")),
                name="controlling_version_range_in_order",
                violation_error_code="range_reversed",
                violation_error_message=_("The highest value must not be below the lowest."),
            ),
            models.CheckConstraint(
                condition=Q(source="manual", figure="") | (Q(source="computed") & ~Q(figure="")),
                name="controlling_version_figure_iff_computed",
                violation_error_code="unknown_figure",
                violation_error_message=_("A computed indicator names its figure; no other."),
            ),
        ]

    def __str__(self) -> str:
        return self.name_en if _english() else self.name

    @property
    def valid_from(self) -> date:
        return self.from_period.starts_on

    @property
    def unit_label(self) -> str:
        return self.unit_en if _english() else self.unit

    @property
    def stage_labels(self) -> list[str]:
        labels = dict(Stage.choices)
        return [str(labels[s]) for s in self.stages if s in labels]

    @property
    def disaggregation_labels(self) -> list[str]:
        labels = dict(Disaggregation.choices)
        return [str(labels[d]) for d in self.disaggregations if d in labels]

    @property
    def relation_list(self) -> list[rules.Relation]:
        return rules.relations_of(self.relations)


# --- reports --------------------------------------------------------------------------------


class ReportStatus(models.TextChoices):
    """A report's steps: the KI drafts and its lead submits; the coordination office accepts
    (the report is then locked) or sends it back with a comment (the KI edits it again). A
    correction of an accepted report is a new revision (`Report.revision`), drafted anew."""

    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    RETURNED = "returned", _("sent back")
    ACCEPTED = "accepted", _("accepted")


class ReportQuerySet(models.QuerySet["Report"]):
    def current(self) -> ReportQuerySet:
        """The latest revision of each KI's report per period (`superseded_by` empty)."""
        return self.filter(superseded_by__isnull=True)


class Report(models.Model):
    """A KI's report on one reporting period, in one revision. Revision 1 is the report;
    a correction of an accepted one is revision 2 and so on, with `supersedes` pointing to the
    one it corrects. `lock_version` moves with every write (two editors never silently
    overwrite each other)."""

    centre = models.ForeignKey(
        "centres.Centre",
        on_delete=models.PROTECT,
        related_name="controlling_reports",
        verbose_name=_("KI"),
    )
    period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("reporting period"),
    )
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("corrects"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    correction_reason = models.TextField(_("why it is corrected"), blank=True)
    lock_version = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    decided_at = models.DateTimeField(_("accepted or sent back at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted or sent back by"),
    )
    return_comment = models.TextField(_("why it was sent back"), blank=True)
    # When a deadline reminder went out for this report (none twice for one deadline).
    reminded_before_at = models.DateTimeField(
        _("reminded before the deadline"), null=True, blank=True
    )
    reminded_after_at = models.DateTimeField(
        _("reminded after the deadline"), null=True, blank=True
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["period__starts_on", "centre__name", "revision"]
        verbose_name = _("controlling report")
        verbose_name_plural = _("controlling reports")
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "period", "revision"],
                name="controlling_report_one_per_revision",
                violation_error_code="duplicate_report",
            ),
            models.CheckConstraint(
                condition=Q(revision=1, supersedes__isnull=True)
                | Q(revision__gt=1, supersedes__isnull=False),
                name="controlling_report_revision_chain",
                violation_error_code="revision_chain",
            ),
        ]
        indexes = [models.Index(fields=["period", "status"], name="controlling_report_period")]

    def __str__(self) -> str:
        return f"{self.centre} · {self.period}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("controlling:report", args=[self.pk])

    @property
    def locked(self) -> bool:
        """Submitted or accepted: the KI edits no value (a returned report is open again)."""
        return self.status in (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)


class ReportValue(models.Model):
    """One indicator's value in a report, read by the indicator version valid for the period.
    `value` None: not entered yet (or the figure had nothing). `parts`: the value split by the
    version's disaggregations, {disaggregation code: {category code: value as text}}.
    `computed`: filled from the registered figure (refreshed until submission)."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="values", verbose_name=_("report")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="+", verbose_name=_("indicator")
    )
    version = models.ForeignKey(
        IndicatorVersion,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("indicator version"),
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2, null=True, blank=True)
    parts = models.JSONField(_("split by"), default=dict, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    computed = models.BooleanField(_("computed"), default=False)
    refreshed_at = models.DateTimeField(_("computed at"), null=True, blank=True)

    class Meta:
        ordering = ["report", "indicator__order", "indicator__code"]
        verbose_name = _("reported value")
        verbose_name_plural = _("reported values")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "indicator"], name="controlling_value_one_per_indicator"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} · {self.indicator}"
